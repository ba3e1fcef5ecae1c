"""Imports point down only: a lower layer never imports a higher one.

core <- index <- rag <- api, eval <- crosscheck (the command line). Read from the source with
``ast``, imports inside functions included, so a lazy import cannot hide an upward one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LAYERS = ("core", "index", "rag", "api", "eval", "benchmarks", "crosscheck")
# What each layer may import, besides itself and third-party packages.
ALLOWED: dict[str, frozenset[str]] = {
    "core": frozenset(),
    "index": frozenset({"core"}),
    "rag": frozenset({"core", "index"}),
    "api": frozenset({"core", "index", "rag"}),
    "eval": frozenset({"core", "index", "rag"}),
    "benchmarks": frozenset({"core", "index", "rag", "api", "eval"}),
    "crosscheck": frozenset({"core", "index", "rag", "api", "eval", "benchmarks"}),
}


def imported_layers(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {name.split(".")[0] for name in names} & set(LAYERS)


@pytest.mark.parametrize("layer", [name for name in LAYERS if name != "crosscheck"])
def test_a_layer_imports_only_the_layers_below_it(layer: str) -> None:
    offences = []
    for path in sorted((REPO / layer).rglob("*.py")):
        upward = imported_layers(path) - ALLOWED[layer] - {layer}
        if upward:
            offences.append(f"{path.relative_to(REPO)} imports {', '.join(sorted(upward))}")
    assert not offences, "\n".join(offences)


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from api.app import create_app\n    import rag.engine\n", encoding="utf-8")
    assert imported_layers(module) == {"api", "rag"}


def test_one_sentence_splitter_in_product_code() -> None:
    """index.sentences splits documents; nothing else in the product defines its own splitter."""
    definers = []
    for layer in ("core", "index", "rag", "api"):
        for path in sorted((REPO / layer).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            if any(isinstance(n, ast.FunctionDef) and n.name == "split_sentences" for n in ast.walk(tree)):
                definers.append(str(path.relative_to(REPO)))
    assert definers == ["index/sentences.py"]
