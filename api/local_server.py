"""Helpers for running a Crosscheck server (or any HTTP service) as a child process on 127.0.0.1.

The benchmarks, the end-to-end tests and the scale-out tests all start real servers:
they need a free port, a wait for readiness that fails fast (with the server's log)
when the process dies, and a clean stop.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import httpx


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def log_tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def wait_until(check: Callable[[], bool], process: subprocess.Popen[bytes], log_path: Path, what: str,
               timeout: float, interval: float = 0.3) -> None:
    """Poll ``check()`` until it is true; raise early, with the log, if the process exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{log_tail(log_path)}")
        try:
            if check():
                return
        except httpx.TransportError:  # not listening yet, or too busy loading to answer
            pass
        time.sleep(interval)
    raise RuntimeError(f"{what} not ready after {timeout:.0f}s:\n{log_tail(log_path)}")


def wait_ready(base_url: str, process: subprocess.Popen[bytes], log_path: Path, timeout: float,
               headers: Mapping[str, str] | None = None) -> None:
    """Wait until ``GET /ready`` answers 200: models loaded and the index open."""
    wait_until(lambda: httpx.get(f"{base_url}/ready", headers=headers, timeout=2).status_code == 200,
               process, log_path, f"the server at {base_url}", timeout)


def stop(process: subprocess.Popen[bytes], grace: float = 30) -> None:
    """Terminate, then kill if it has not exited within ``grace`` seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
