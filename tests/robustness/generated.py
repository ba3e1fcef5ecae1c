"""Generated text for scale and crash tests.

How it is generated: a seeded ``random.Random`` fills sentence templates
("The {adjective} {noun} in {place} {verb} {number} {unit} in {month} {year}.")
from small fixed word lists. Every file names its own number, so no two files
have the same content (and so the same document id).
"""

from __future__ import annotations

import random
from pathlib import Path

ADJECTIVES = ["northern", "old", "municipal", "coastal", "private", "regional", "new", "small", "busy", "quiet"]
NOUNS = ["harbour", "library", "bakery", "observatory", "railway depot", "brewery", "school", "clinic",
         "lighthouse", "sawmill", "market", "museum"]
PLACES = ["Tarvik", "Oskarby", "Brannock", "Quillon", "Varnholm", "Kestrel Point", "Ellesmere", "Dunmore",
          "Halvard", "Pinecrest", "Marlow", "Sundby"]
VERBS = ["recorded", "sold", "repaired", "received", "shipped", "counted", "produced", "lost", "stored"]
UNITS = ["crates", "visitors", "tonnes of grain", "letters", "barrels", "bicycles", "books", "lamps"]
MONTHS = ["January", "March", "May", "July", "September", "November"]
OPENERS = ["According to the ledger,", "Local officials said", "The annual report notes that",
           "Records show that", "A spokesperson confirmed that"]


def sentence(rng: random.Random) -> str:
    return (f"{rng.choice(OPENERS)} the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} in {rng.choice(PLACES)} "
            f"{rng.choice(VERBS)} {rng.randint(2, 9999)} {rng.choice(UNITS)} in {rng.choice(MONTHS)} "
            f"{rng.randint(1950, 2024)}.")


def write_corpus(folder: Path, files: int, sentences: int = 6, seed: int = 7) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(files):
        body = " ".join(sentence(rng) for _ in range(sentences))
        path = folder / f"record_{i:04d}.txt"
        path.write_text(f"Record {i}\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths
