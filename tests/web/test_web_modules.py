"""The web chat's pure helpers, tested with Node's built-in test runner (``node --test``).

Node 20 is on every machine of this project's kind; a missing ``node`` fails here rather than
skipping, so a broken setup cannot pass unnoticed.
"""

from __future__ import annotations

import shutil
import subprocess

from tests.conftest import REPO


def test_the_web_helpers_pass_their_node_tests() -> None:
    node = shutil.which("node")
    assert node is not None, "node is needed for the web chat's module tests"
    result = subprocess.run([node, "--test", str(REPO / "tests" / "web")], cwd=REPO, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout and "# pass 0" not in result.stdout
