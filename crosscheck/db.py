"""``crosscheck db``: copy an embedded data directory's SQLite state into PostgreSQL, and check a store.

``migrate`` copies a data directory into PostgreSQL.

Everything the two SQLite files hold moves: documents, chunk spans, metadata, the write journal,
the generation counters, and the contradiction map with its claims. The copy is one PostgreSQL
transaction, so a failure leaves the target as it was. It refuses a source whose write journal
holds unfinished writes (start-up recovery finishes them) and a target that already holds data,
so stop the workers first. Afterwards each table's row count must match its source's, and the
identity counters of the map's tables continue after the copied row ids. The vectors stay
where they are (Chroma): point every worker at the same Chroma server.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

import psycopg

from core.settings import Settings
from index.consistency import configured_store_problems
from index.database import (
    Database,
    DatabaseUnavailable,
    PostgresDatabase,
    Session,
    SQLiteDatabase,
    is_postgres_url,
)
from index.doctable import DocTable
from rag.conflicts.store import TABLES as MAP_TABLES
from rag.conflicts.store import MapStore

log = logging.getLogger(__name__)

DOCUMENT_TABLES = ("documents", "chunks", "journal", "generations")
_BATCH = 1000
_IDENTITY_TABLES = ("claims", "frames")   # their rowid is generated: continue after the copied ids


class MigrationRefused(ValueError):
    """The source is missing or the target already holds data."""


@dataclass(frozen=True)
class TableCopy:
    table: str
    source_rows: int
    target_rows: int

    @property
    def matches(self) -> bool:
        return self.source_rows == self.target_rows


def sqlite_data_dir(source: str) -> Path:
    """``sqlite:///srv/crosscheck/data``, a data directory, or its ``documents.sqlite3``."""
    path = Path(source.removeprefix("sqlite://")) if source.startswith("sqlite://") else Path(source)
    folder = path.parent if path.suffix == ".sqlite3" else path
    if not (folder / "documents.sqlite3").is_file():
        raise MigrationRefused(f"no documents.sqlite3 in {folder}: --from must name a Crosscheck data directory")
    return folder


def copy_to_postgres(data_dir: Path, url: str) -> list[TableCopy]:
    """Copy the data directory's tables into the PostgreSQL database at ``url``; returns the counts."""
    documents_db = SQLiteDatabase(data_dir / "documents.sqlite3")
    map_db = SQLiteDatabase(data_dir / "conflicts.sqlite3")
    pending = DocTable(documents_db).journal()   # also brings both sources to the current schema
    MapStore(map_db)
    if pending:
        raise MigrationRefused(f"the data directory has {len(pending)} unfinished writes in its journal: open it "
                               "once with Crosscheck (crosscheck serve --data-dir …, or crosscheck ask … --data-dir …) "
                               "so that start-up recovery finishes them, then migrate")
    target = PostgresDatabase(url)
    try:
        DocTable(target)
        MapStore(target)
        _refuse_if_occupied(target)
        sources = [(documents_db, table) for table in DOCUMENT_TABLES] + [(map_db, table) for table in MAP_TABLES]
        with target.transaction() as session:
            for database, table in sources:
                _copy_table(database, session, table)
            for table in _IDENTITY_TABLES:
                session.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'rowid'), "  # noqa: S608
                                f"COALESCE(MAX(rowid), 0) + 1, false) FROM {table}")
        return [TableCopy(table, _count(database, table), _count(target, table)) for database, table in sources]
    finally:
        target.close()
        documents_db.close()
        map_db.close()


def _refuse_if_occupied(target: Database) -> None:
    # The map's "meta" may already hold a version: a worker that started on the empty database wrote it.
    for table in (*DOCUMENT_TABLES, *(t for t in MAP_TABLES if t != "meta")):
        if _count(target, table):
            raise MigrationRefused(f"the target database already has rows in {table!r}; migrate into an empty "
                                   "one, with the workers stopped")


def _copy_table(source: Database, session: Session, table: str) -> None:
    with source.snapshot() as reader:
        columns = sorted(source.columns(reader, table))
        quoted = ", ".join(f'"{c}"' for c in columns)
        rows = reader.execute(f"SELECT {quoted} FROM {table}").fetchall()  # noqa: S608 - constant names
    statement = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * len(columns))})"  # noqa: S608
    if table == "meta":
        statement += " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    for first in range(0, len(rows), _BATCH):
        session.executemany(statement, rows[first : first + _BATCH])
    log.info("copied table=%s rows=%d", table, len(rows))


def _count(database: Database, table: str) -> int:
    with database.read() as session:
        return int(session.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608


def run_migrate(source: str, url: str, settings: Settings) -> int:
    """``crosscheck db migrate``: copy, compare counts, then check the copy against the vectors."""
    if not is_postgres_url(url):
        print(f"--to must be a postgresql:// URL, got {PostgresDatabase.redacted(url)!r}", file=sys.stderr)
        return 2
    try:
        data_dir = sqlite_data_dir(source)
        copies = copy_to_postgres(data_dir, url)
    except (MigrationRefused, DatabaseUnavailable) as error:
        print(f"not migrated: {error}", file=sys.stderr)
        return 1
    except psycopg.Error as error:
        print(f"not migrated, nothing was written: PostgreSQL refused the copy: {error}", file=sys.stderr)
        return 1
    for copy in copies:
        mark = "ok" if copy.matches else "MISMATCH"
        print(f"{copy.table:<18} {copy.source_rows:>9} -> {copy.target_rows:<9} {mark}")
    if not all(copy.matches for copy in copies):
        print("row counts differ: the copy is incomplete", file=sys.stderr)
        return 1
    problems = configured_store_problems(settings.model_copy(update={"data_dir": data_dir, "database_url": url}))
    for problem in problems:
        print(f"inconsistent: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"migrated {data_dir} to {PostgresDatabase.redacted(url)}; every collection consistent with its vectors")
    return 0


def run_check(settings: Settings) -> int:
    """``crosscheck db check``: the configured store against its vectors."""
    problems = configured_store_problems(settings)
    for problem in problems:
        print(problem)
    if not problems:
        print("consistent")
    return 1 if problems else 0
