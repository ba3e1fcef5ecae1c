"""Persistence of the contradiction map: claims, their vectors, a term index, and conflicts.

The map lives in its own SQLite file next to the document table (``conflicts.sqlite3`` in
the data directory), or in the PostgreSQL database of ``CROSSCHECK_DATABASE_URL``
(``index.database``), so a restart, the CLI and a second API process all read the
same map. Each document's claims, index entries and conflicts are written in one
transaction; readers see a document either fully mapped or not at all.

The term index (``claim_terms``) is what keeps pair generation from being
all-pairs: a new claim is compared only with earlier claims that share one of
its rarer content words (see ``pairs``). ``term_counts`` keeps each term's
document frequency so rarity is one lookup, not a count over a long list.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.database import Database, Migration, Session, SQLiteDatabase
from rag.conflicts.claims import Claim

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mapped_documents (
    collection TEXT NOT NULL, doc_id TEXT NOT NULL, source TEXT NOT NULL, claims {int} NOT NULL,
    updated_at {float} NOT NULL, PRIMARY KEY (collection, doc_id)
);
CREATE TABLE IF NOT EXISTS claims (
    rowid {serial},
    collection TEXT NOT NULL, id TEXT NOT NULL, doc_id TEXT NOT NULL, source TEXT NOT NULL, title TEXT,
    chunk_id TEXT NOT NULL, start {int} NOT NULL, "end" {int} NOT NULL, text TEXT NOT NULL,
    speaker TEXT NOT NULL, speaker_key TEXT NOT NULL, attributed {int} NOT NULL,
    vector {bytes} NOT NULL, context {bytes} NOT NULL,
    UNIQUE (collection, id)
);
CREATE INDEX IF NOT EXISTS claims_by_doc ON claims (collection, doc_id);
CREATE TABLE IF NOT EXISTS claim_terms (collection TEXT NOT NULL, term TEXT NOT NULL, claim {int} NOT NULL);
CREATE INDEX IF NOT EXISTS claim_terms_by_term ON claim_terms (collection, term, claim);
CREATE INDEX IF NOT EXISTS claim_terms_by_claim ON claim_terms (claim);
CREATE TABLE IF NOT EXISTS term_counts (
    collection TEXT NOT NULL, term TEXT NOT NULL, n {int} NOT NULL, PRIMARY KEY (collection, term)
);
CREATE TABLE IF NOT EXISTS claim_totals (collection TEXT PRIMARY KEY, n {int} NOT NULL);
CREATE TABLE IF NOT EXISTS conflicts (
    collection TEXT NOT NULL, a {int} NOT NULL, b {int} NOT NULL, a_doc TEXT NOT NULL, b_doc TEXT NOT NULL,
    topic TEXT NOT NULL, explanation TEXT NOT NULL, judge TEXT NOT NULL, confidence {float} NOT NULL,
    similarity {float} NOT NULL, created_at {float} NOT NULL, PRIMARY KEY (collection, a, b)
);
CREATE INDEX IF NOT EXISTS conflicts_by_a ON conflicts (collection, a_doc);
CREATE INDEX IF NOT EXISTS conflicts_by_b ON conflicts (collection, b_doc);
CREATE INDEX IF NOT EXISTS conflicts_by_b_claim ON conflicts (collection, b);
CREATE TABLE IF NOT EXISTS frames (
    rowid {serial}, collection TEXT NOT NULL, claim {int} NOT NULL, doc_id TEXT NOT NULL,
    actor TEXT NOT NULL, body TEXT NOT NULL, vector {bytes} NOT NULL
);
CREATE INDEX IF NOT EXISTS frames_by_actor ON frames (collection, actor, rowid);
CREATE INDEX IF NOT EXISTS frames_by_doc ON frames (collection, doc_id);
"""

# Columns added to ``conflicts`` for disputes (empty for older rows). A map file written before
# schemas were versioned may already have some of them, so each is added only where missing.
_DISPUTE_COLUMNS = {"actor": "TEXT NOT NULL DEFAULT ''", "proposition": "TEXT NOT NULL DEFAULT ''",
                    "a_stance": "TEXT NOT NULL DEFAULT ''", "b_stance": "TEXT NOT NULL DEFAULT ''",
                    "a_hedged": "INTEGER NOT NULL DEFAULT 0", "b_hedged": "INTEGER NOT NULL DEFAULT 0",
                    "kind": "TEXT NOT NULL DEFAULT ''"}


def _add_dispute_columns(database: Database, session: Session) -> None:
    present = database.columns(session, "conflicts")
    for column, kind in _DISPUTE_COLUMNS.items():
        if column not in present:
            session.execute(f"ALTER TABLE conflicts ADD COLUMN {column} {kind}")  # noqa: S608 - constants


MIGRATIONS = (Migration(1, _SCHEMA), Migration(2, "", then=_add_dispute_columns))
# The tables of the map, in the order a copy must fill them (``rag.conflicts.store`` and ``crosscheck db``).
TABLES = ("meta", "mapped_documents", "claims", "claim_terms", "term_counts", "claim_totals", "conflicts", "frames")

_CLAIM_COLUMNS = ('rowid, collection, id, doc_id, source, title, chunk_id, start, "end", text, speaker, '
                  "speaker_key, attributed, vector, context")


@dataclass(frozen=True)
class MappedClaim:
    """A claim as the map keeps it: with its own vector and its sentence's vector."""

    rowid: int
    claim: Claim
    vector: np.ndarray
    context: np.ndarray


@dataclass(frozen=True)
class NewConflict:
    a: int              # claim rowids
    b: int
    topic: str
    explanation: str
    judge: str
    confidence: float
    similarity: float
    actor: str = ""             # the shared actor key of the two claims' events
    proposition: str = ""       # the affirmed event, as written
    a_stance: str = ""          # "affirms" | "denies" | "no_evidence"
    b_stance: str = ""
    a_hedged: bool = False
    b_hedged: bool = False
    kind: str = ""              # "polarity" | "numbers"


@dataclass(frozen=True)
class StoredFrame:
    rowid: int
    claim: int                  # claim rowid
    doc_id: str
    actor: str
    body: str                   # the frame as JSON (``frames.Frame`` fields)
    vector: np.ndarray          # reserved for a stored predicate embedding; empty (predicates embed on demand)


@dataclass(frozen=True)
class StoredConflict:
    a: Claim
    b: Claim
    topic: str
    explanation: str
    judge: str
    confidence: float
    similarity: float
    actor: str = ""
    proposition: str = ""
    a_stance: str = ""
    b_stance: str = ""
    a_hedged: bool = False
    b_hedged: bool = False
    kind: str = ""


_CONFLICT_COLUMNS = ("a, b, topic, explanation, judge, confidence, similarity, actor, proposition, a_stance, "
                     "b_stance, a_hedged, b_hedged, kind")


_CONFLICT_FIELDS = ("a_doc, b_doc, topic, explanation, judge, confidence, similarity, created_at, actor, proposition, "
                   "a_stance, b_stance, a_hedged, b_hedged, kind").split(", ")
_CONFLICT_UPSERT = (
    f"INSERT INTO conflicts (collection, a, b, {', '.join(_CONFLICT_FIELDS)}) "  # noqa: S608 - constants
    f"VALUES ({', '.join('?' * (3 + len(_CONFLICT_FIELDS)))}) ON CONFLICT (collection, a, b) DO UPDATE SET "
    + ", ".join(f"{field} = excluded.{field}" for field in _CONFLICT_FIELDS)
)


def _conflict_row(collection: str, c: NewConflict, docs: dict[int, str], now: float) -> tuple[Any, ...]:
    """A conflict row with its claims in rowid order; the per-claim fields follow their claim."""
    first, second = (c.a, c.b) if c.a <= c.b else (c.b, c.a)
    stances = (c.a_stance, c.b_stance) if c.a <= c.b else (c.b_stance, c.a_stance)
    hedged = (c.a_hedged, c.b_hedged) if c.a <= c.b else (c.b_hedged, c.a_hedged)
    return (collection, first, second, docs[first], docs[second], c.topic, c.explanation, c.judge, c.confidence,
            c.similarity, now, c.actor, c.proposition, stances[0], stances[1], int(hedged[0]), int(hedged[1]),
            c.kind)


# Values per IN (...) clause: SQLite builds may limit a statement to 999 bound parameters.
_IN_BATCH = 500


def _in_batches(values: Iterable[Any]) -> Iterator[tuple[list[Any], str]]:
    """The distinct ``values`` in order, in slices for one IN clause each, with their placeholders."""
    distinct = list(dict.fromkeys(values))
    for first in range(0, len(distinct), _IN_BATCH):
        batch = distinct[first : first + _IN_BATCH]
        yield batch, ",".join("?" * len(batch))


def _blob(vector: np.ndarray) -> bytes:
    # float16 halves the file; cosine similarities move by < 0.001.
    return np.asarray(vector, dtype=np.float16).tobytes()


def _vector(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32)


def _claim(row: tuple) -> MappedClaim:
    (rowid, collection, claim_id, doc_id, source, title, chunk_id, start, end, text, speaker, speaker_key,
     attributed, vector, context) = row
    claim = Claim(
        id=claim_id, collection=collection, doc_id=doc_id, source=source, title=title, chunk_id=chunk_id,
        start=start, end=end, text=text, speaker=speaker, speaker_key=speaker_key, attributed=bool(attributed),
    )
    return MappedClaim(rowid, claim, _vector(vector), _vector(context))


class MapStore:
    """The map on ``database``; a path opens (or creates) a SQLite file there."""

    def __init__(self, database: Database | Path) -> None:
        self.database = SQLiteDatabase(database) if isinstance(database, Path) else database
        self.database.migrate("contradiction_map", MIGRATIONS)

    def close(self) -> None:
        self.database.close()

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self.database.read() as db:
            return db.execute(sql, params).fetchall()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self.database.read() as db:
            return db.execute(sql, params).fetchone()

    # -- bookkeeping -----------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key = ?", (key,))
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.database.transaction() as db:
            db.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                       (key, value))

    def mapped_documents(self, collection: str) -> dict[str, str]:
        rows = self._all(
            "SELECT doc_id, source FROM mapped_documents WHERE collection = ?", (collection,)
        )
        return {doc_id: source for doc_id, source in rows}

    def is_mapped(self, collection: str, doc_id: str) -> bool:
        return self._one(
            "SELECT 1 FROM mapped_documents WHERE collection = ? AND doc_id = ?", (collection, doc_id)
        ) is not None

    def clear(self) -> None:
        with self.database.transaction() as db:
            for table in TABLES[1:]:   # all but meta
                db.execute(f"DELETE FROM {table}")  # noqa: S608 - table names are constants

    def claim_rowids(self, collection: str) -> list[int]:
        rows = self._all("SELECT rowid FROM claims WHERE collection = ?", (collection,))
        return [row[0] for row in rows]

    def claim_count(self, collection: str) -> int:
        """Kept as a running total: counting rows would make every update cost O(corpus)."""
        row = self._one("SELECT n FROM claim_totals WHERE collection = ?", (collection,))
        return int(row[0]) if row else 0

    # -- the term index --------------------------------------------------------
    def term_counts(self, collection: str, terms: Iterable[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk, marks in _in_batches(terms):
            found.update(self._all(
                f"SELECT term, n FROM term_counts WHERE collection = ? AND term IN ({marks})",  # noqa: S608
                (collection, *chunk),
            ))
        return found

    def postings(self, collection: str, term: str, limit: int) -> list[int]:
        """The most recent claims using ``term``: a capped list, so common words cost no more than rare ones."""
        rows = self._all(
            "SELECT claim FROM claim_terms WHERE collection = ? AND term = ? ORDER BY claim DESC LIMIT ?",
            (collection, term, limit),
        )
        return [row[0] for row in rows]

    # -- claims ----------------------------------------------------------------
    def claims(self, rowids: Sequence[int]) -> list[MappedClaim]:
        found: list[MappedClaim] = []
        for chunk, marks in _in_batches(rowids):
            rows = self._all(
                f"SELECT {_CLAIM_COLUMNS} FROM claims WHERE rowid IN ({marks}) ORDER BY rowid", chunk  # noqa: S608
            )
            found.extend(_claim(row) for row in rows)
        return found

    def rowids_of(self, collection: str, claim_ids: Iterable[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk, marks in _in_batches(claim_ids):
            found.update(self._all(
                f"SELECT id, rowid FROM claims WHERE collection = ? AND id IN ({marks})",  # noqa: S608
                (collection, *chunk),
            ))
        return found

    def claims_of(self, collection: str, doc_ids: Iterable[str]) -> list[MappedClaim]:
        ids = list(dict.fromkeys(doc_ids))
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self._all(
            f"SELECT {_CLAIM_COLUMNS} FROM claims WHERE collection = ? AND doc_id IN ({marks}) "  # noqa: S608
            "ORDER BY doc_id, start",
            (collection, *ids),
        )
        return [_claim(row) for row in rows]

    # -- writes ----------------------------------------------------------------
    def add_document(
        self,
        collection: str,
        doc_id: str,
        source: str,
        claims: Sequence[tuple[Claim, np.ndarray, np.ndarray, Sequence[str]]],
    ) -> list[int]:
        """Store a document's claims (with vectors and index terms); returns their rowids."""
        rowids: list[int] = []
        with self.database.transaction() as db:
            self._delete(db, collection, doc_id)
            for claim, vector, context, terms in claims:
                rowid = int(db.execute(
                    "INSERT INTO claims (collection, id, doc_id, source, title, chunk_id, start, \"end\", text, "
                    "speaker, speaker_key, attributed, vector, context) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING rowid",
                    (collection, claim.id, claim.doc_id, claim.source, claim.title, claim.chunk_id, claim.start,
                     claim.end, claim.text, claim.speaker, claim.speaker_key, int(claim.attributed),
                     _blob(vector), _blob(context)),
                ).fetchone()[0])
                rowids.append(rowid)
                unique = sorted(set(terms))
                db.executemany("INSERT INTO claim_terms VALUES (?, ?, ?)", [(collection, t, rowid) for t in unique])
                db.executemany(
                    "INSERT INTO term_counts VALUES (?, ?, 1) "
                    "ON CONFLICT (collection, term) DO UPDATE SET n = term_counts.n + 1",
                    [(collection, t) for t in unique],
                )
            db.execute("INSERT INTO claim_totals VALUES (?, ?) "
                       "ON CONFLICT (collection) DO UPDATE SET n = claim_totals.n + excluded.n",
                       (collection, len(rowids)))
        return rowids

    def add_conflicts(self, collection: str, conflicts: Sequence[NewConflict], doc_id: str, source: str,
                      claim_total: int) -> None:
        """Record a document's conflicts and mark it mapped, in one transaction."""
        docs = self._docs_of(collection, {c.a for c in conflicts} | {c.b for c in conflicts})
        now = time.time()
        with self.database.transaction() as db:
            db.executemany(_CONFLICT_UPSERT, [_conflict_row(collection, c, docs, now) for c in conflicts])
            db.execute("INSERT INTO mapped_documents VALUES (?, ?, ?, ?, ?) ON CONFLICT (collection, doc_id) "
                       "DO UPDATE SET source = excluded.source, claims = excluded.claims, "
                       "updated_at = excluded.updated_at",
                       (collection, doc_id, source, claim_total, now))

    def unembedded(self, collection: str, rowids: Sequence[int]) -> set[int]:
        """Those of ``rowids`` whose vectors are still zeros (claims are embedded when they first conflict)."""
        found: set[int] = set()
        for chunk, marks in _in_batches(rowids):
            rows = self._all(
                f"SELECT rowid, vector FROM claims WHERE collection = ? AND rowid IN ({marks})",  # noqa: S608
                (collection, *chunk),
            )
            found.update(rowid for rowid, blob in rows if not np.frombuffer(blob, dtype=np.float16).any())
        return found

    def set_vectors(self, vectors: Sequence[tuple[int, np.ndarray, np.ndarray]]) -> None:
        with self.database.transaction() as db:
            db.executemany("UPDATE claims SET vector = ?, context = ? WHERE rowid = ?",
                           [(_blob(vector), _blob(context), rowid) for rowid, vector, context in vectors])

    # -- frames ----------------------------------------------------------------
    def add_frames(self, collection: str, frames: Sequence[tuple[int, str, str, str, np.ndarray]]) -> None:
        """Store events: (claim rowid, doc_id, actor key, JSON body, predicate vector)."""
        with self.database.transaction() as db:
            db.executemany(
                "INSERT INTO frames (collection, claim, doc_id, actor, body, vector) VALUES (?, ?, ?, ?, ?, ?)",
                [(collection, claim, doc_id, actor, body, _blob(vector)) for claim, doc_id, actor, body, vector
                 in frames],
            )

    def frames_of_actor(self, collection: str, actor: str, limit: int) -> list[StoredFrame]:
        """The most recent ``limit`` events of one actor: the candidates a new event is compared with."""
        rows = self._all(
            "SELECT rowid, claim, doc_id, actor, body, vector FROM frames WHERE collection = ? AND actor = ? "
            "ORDER BY rowid DESC LIMIT ?", (collection, actor, limit),
        )
        return [StoredFrame(r[0], r[1], r[2], r[3], r[4], _vector(r[5])) for r in rows]

    def frames_with_action(self, collection: str, action: str, limit: int) -> list[StoredFrame]:
        """The most recent ``limit`` events of any actor with this action ("be responsible"): a party held
        responsible is compared with claims that hold another party responsible (``align``)."""
        pattern = json.dumps({"action": action}, ensure_ascii=False)[1:-1]   # '"action": "be responsible"'
        rows = self._all(
            "SELECT rowid, claim, doc_id, actor, body, vector FROM frames WHERE collection = ? AND body LIKE ? "
            "ORDER BY rowid DESC LIMIT ?", (collection, f"%{pattern}%", limit),
        )
        return [StoredFrame(r[0], r[1], r[2], r[3], r[4], _vector(r[5])) for r in rows]

    def _docs_of(self, collection: str, rowids: set[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        for chunk, marks in _in_batches(sorted(rowids)):
            found.update(self._all(
                f"SELECT rowid, doc_id FROM claims WHERE rowid IN ({marks})", chunk  # noqa: S608
            ))
        return found

    def remove_document(self, collection: str, doc_id: str) -> bool:
        with self.database.transaction() as db:
            return self._delete(db, collection, doc_id)

    @staticmethod
    def _delete(db: Session, collection: str, doc_id: str) -> bool:
        rowids = [row[0] for row in db.execute(
            "SELECT rowid FROM claims WHERE collection = ? AND doc_id = ?", (collection, doc_id)
        ).fetchall()]
        for chunk, marks in _in_batches(rowids):
            terms = db.execute(
                f"SELECT term, COUNT(*) FROM claim_terms WHERE claim IN ({marks}) GROUP BY term", chunk  # noqa: S608
            ).fetchall()
            db.executemany("UPDATE term_counts SET n = n - ? WHERE collection = ? AND term = ?",
                           [(n, collection, term) for term, n in terms])
            db.executemany("DELETE FROM term_counts WHERE collection = ? AND term = ? AND n <= 0",
                           [(collection, term) for term, _ in terms])
            db.execute(f"DELETE FROM claim_terms WHERE claim IN ({marks})", chunk)  # noqa: S608
        if rowids:
            db.execute("UPDATE claim_totals SET n = n - ? WHERE collection = ?", (len(rowids), collection))
        # Two statements, so each uses its index (an OR of the two columns would scan the table).
        db.execute("DELETE FROM conflicts WHERE collection = ? AND a_doc = ?", (collection, doc_id))
        db.execute("DELETE FROM conflicts WHERE collection = ? AND b_doc = ?", (collection, doc_id))
        db.execute("DELETE FROM claims WHERE collection = ? AND doc_id = ?", (collection, doc_id))
        db.execute("DELETE FROM frames WHERE collection = ? AND doc_id = ?", (collection, doc_id))
        found = db.execute("DELETE FROM mapped_documents WHERE collection = ? AND doc_id = ?",
                           (collection, doc_id)).rowcount
        return bool(found or rowids)

    # -- conflicts -------------------------------------------------------------
    def conflicts(
        self, collection: str, doc_ids: Sequence[str] | None = None
    ) -> list[StoredConflict]:
        """Every conflict of a collection, or those with both claims in ``doc_ids``."""
        query = f"SELECT {_CONFLICT_COLUMNS} FROM conflicts WHERE collection = ?"  # noqa: S608
        params: list[object] = [collection]
        if doc_ids is not None:
            if not doc_ids:
                return []
            marks = ",".join("?" * len(doc_ids))
            query += f" AND a_doc IN ({marks}) AND b_doc IN ({marks})"
            params += [*doc_ids, *doc_ids]
        rows = self._all(query + " ORDER BY confidence DESC, a, b", params)
        return self._stored(rows)

    def conflicts_of_claims(self, collection: str, rowids: Sequence[int]) -> list[StoredConflict]:
        """The conflicts any of the claims ``rowids`` takes part in."""
        rows = self._rows_of_claims(collection, rowids, _CONFLICT_COLUMNS)
        return self._stored(sorted(rows, key=lambda row: (-row[5], row[0], row[1])))

    def opponents(self, collection: str, rowids: Sequence[int]) -> dict[int, set[int]]:
        """For each of the claims ``rowids`` and each claim it conflicts with: the claims on the other side."""
        opposed: dict[int, set[int]] = {}
        for a, b in self._rows_of_claims(collection, rowids, "a, b"):
            opposed.setdefault(a, set()).add(b)
            opposed.setdefault(b, set()).add(a)
        return opposed

    def _rows_of_claims(self, collection: str, rowids: Sequence[int], columns: str) -> list[tuple[Any, ...]]:
        """``columns`` of the conflicts with a claim in ``rowids`` on either side, each once (the primary
        key indexes side a, ``conflicts_by_b_claim`` side b)."""
        rows: dict[tuple[int, int], tuple[Any, ...]] = {}
        for chunk, marks in _in_batches(rowids):
            for side in ("a", "b"):
                found = self._all(
                    f"SELECT {columns} FROM conflicts WHERE collection = ? AND {side} IN ({marks})",  # noqa: S608
                    (collection, *chunk),
                )
                rows.update(((row[0], row[1]), row) for row in found)
        return list(rows.values())

    def _stored(self, rows: Sequence[tuple[Any, ...]]) -> list[StoredConflict]:
        claims = {m.rowid: m.claim for m in self.claims([r[0] for r in rows] + [r[1] for r in rows])}
        return [
            StoredConflict(claims[a], claims[b], topic, explanation, judge, confidence, similarity, actor,
                           proposition, a_stance, b_stance, bool(a_hedged), bool(b_hedged), kind)
            for (a, b, topic, explanation, judge, confidence, similarity, actor, proposition, a_stance, b_stance,
                 a_hedged, b_hedged, kind) in rows
            if a in claims and b in claims
        ]
