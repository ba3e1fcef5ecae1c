"""A throwaway PostgreSQL server for the suite: a real one, started by the suite.

``initdb`` makes a cluster in a temporary folder and ``pg_ctl`` starts it on 127.0.0.1 and a
free port, with trust authentication for the one local user and ``fsync`` off (the data is
thrown away). The server refuses to run as root, so under root it runs as ``nobody``. Each
test that writes gets a database of its own (``create_database``). The binaries are looked
for on PATH and in Debian's ``/usr/lib/postgresql/<version>/bin``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from api.local_server import free_port

USER = "crosscheck"


def binaries() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, or None when PostgreSQL is not installed."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)
    return versions[0].parent if versions else None


def _run_as() -> dict[str, object]:
    """subprocess arguments that drop root for the server (it refuses to run as root)."""
    if os.geteuid() != 0:
        return {}
    nobody = pwd.getpwnam("nobody")
    return {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}


@contextmanager
def postgres_server(log_dir: Path) -> Iterator[str]:
    """A running server; yields its base URL (``postgresql://crosscheck@127.0.0.1:PORT``)."""
    bin_dir = binaries()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (initdb and pg_ctl not found)")
    as_user = _run_as()
    folder = Path(tempfile.mkdtemp(prefix="crosscheck-pg-"))
    if as_user:
        os.chown(folder, int(str(as_user["user"])), int(str(as_user["group"])))
    data, port = folder / "data", free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"postgres-{port}.log"
    subprocess.run([str(bin_dir / "initdb"), "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8",
                    "--no-sync"], check=True, capture_output=True, cwd=folder, **as_user)  # type: ignore[call-overload]
    options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
               "-c full_page_writes=off -c max_connections=200")
    subprocess.run([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "server.log"),
                    "-w", "-t", "60", "start"], check=True, capture_output=True, cwd=folder,
                   **as_user)  # type: ignore[call-overload]
    try:
        yield f"postgresql://{USER}@127.0.0.1:{port}"
    finally:
        subprocess.run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True, cwd=folder, **as_user)  # type: ignore[call-overload]
        server_log = folder / "server.log"
        if server_log.exists():
            shutil.copyfile(server_log, log_path)
        shutil.rmtree(folder, ignore_errors=True)


def create_database(base_url: str) -> str:
    """A new, empty database on the server; returns its URL."""
    import psycopg

    name = f"t{uuid.uuid4().hex[:16]}"
    with psycopg.connect(f"{base_url}/postgres", autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return f"{base_url}/{name}"
