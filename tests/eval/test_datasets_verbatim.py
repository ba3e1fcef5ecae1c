"""Sanity checks for the hand-labelled demo dev datasets.

Every quote must occur verbatim in its source file, so that citation checks
and contradiction-detector evaluations measure the system, not typos in the
labels.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from eval.corpora import corpus_files

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus" / "demo"
DATASETS = ROOT / "eval" / "datasets"
QA_PATH = DATASETS / "demo.jsonl"
PAIRS_PATH = DATASETS / "demo_pairs.jsonl"
SECOND_CONFLICTS_PATH = DATASETS / "demo_conflicts_second.jsonl"

QA_TYPES = {"factoid", "numeric", "attribution", "multi_document", "contradiction", "unanswerable"}
PAIR_LABELS = {"contradiction", "consistent"}


def _load(path: Path) -> list[dict]:
    assert path.is_file(), f"missing dataset {path}"
    records = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:  # pragma: no cover - failure path
            pytest.fail(f"{path.name}:{lineno}: invalid JSON: {exc}")
        assert isinstance(obj, dict), f"{path.name}:{lineno}: not a JSON object"
        records.append(obj)
    return records


_TEXT_CACHE: dict[str, str] = {}


def _source_text(source: str) -> str:
    if source not in _TEXT_CACHE:
        path = CORPUS / source
        assert path.is_file(), f"unknown source file {source!r}"
        _TEXT_CACHE[source] = path.read_text(encoding="utf-8")
    return _TEXT_CACHE[source]


def _check_quote(ref: object, where: str) -> None:
    assert isinstance(ref, dict), f"{where}: expected object, got {ref!r}"
    assert isinstance(ref.get("source"), str) and ref["source"], f"{where}: bad source"
    assert isinstance(ref.get("quote"), str) and ref["quote"].strip(), f"{where}: bad quote"
    assert ref["quote"] in _source_text(ref["source"]), (
        f"{where}: quote not verbatim in {ref['source']}: {ref['quote']!r}"
    )


@pytest.fixture(scope="module")
def qa() -> list[dict]:
    return _load(QA_PATH)


@pytest.fixture(scope="module")
def pairs() -> list[dict]:
    return _load(PAIRS_PATH)


def test_corpus_present() -> None:
    assert CORPUS.is_dir()
    assert len(list(CORPUS.glob("*.txt"))) >= 1


def test_qa_schema(qa: list[dict]) -> None:
    for rec in qa:
        rid = rec.get("id")
        assert isinstance(rid, str) and rid, f"bad id in {rec!r}"
        assert isinstance(rec.get("question"), str) and rec["question"].strip(), rid
        assert isinstance(rec.get("answerable"), bool), rid
        assert rec.get("type") in QA_TYPES, f"{rid}: bad type {rec.get('type')!r}"
        assert "reference_answer" in rec, rid
        assert rec["reference_answer"] is None or isinstance(rec["reference_answer"], str), rid

        mm = rec.get("must_mention")
        assert isinstance(mm, list), rid
        for group in mm:
            assert isinstance(group, list) and group, f"{rid}: empty must_mention group"
            assert all(isinstance(s, str) and s.strip() for s in group), rid

        gold = rec.get("gold")
        assert isinstance(gold, list), rid

        assert "expected_contradiction" in rec, rid
        ec = rec["expected_contradiction"]
        if ec is not None:
            assert isinstance(ec, dict), rid
            assert isinstance(ec.get("sources"), list) and ec["sources"], rid
            assert all(isinstance(s, str) for s in ec["sources"]), rid
            for s in ec["sources"]:
                _source_text(s)  # must be a real corpus file
            assert isinstance(ec.get("about"), str) and ec["about"].strip(), rid

        if rec["answerable"]:
            assert rec["type"] != "unanswerable", rid
            assert isinstance(rec["reference_answer"], str) and rec["reference_answer"].strip(), rid
            assert gold, f"{rid}: answerable record without gold quotes"
            assert mm, f"{rid}: answerable record without must_mention"
        else:
            assert rec["type"] == "unanswerable", rid
            assert rec["reference_answer"] is None, rid
            assert mm == [] and gold == [], rid
            assert ec is None, rid

        if rec["type"] == "contradiction":
            assert ec is not None, f"{rid}: contradiction question without expected_contradiction"
            gold_sources = {g["source"] for g in gold}
            assert set(ec["sources"]) <= gold_sources, f"{rid}: contradiction sources lack gold quotes"
            assert len(gold) >= 2, f"{rid}: contradiction needs quotes of both sides"
        if rec["type"] == "multi_document":
            assert len({g["source"] for g in gold}) >= 2, f"{rid}: multi_document needs 2+ sources"


def test_qa_quotes_verbatim(qa: list[dict]) -> None:
    for rec in qa:
        for i, ref in enumerate(rec["gold"]):
            _check_quote(ref, f"{rec['id']} gold[{i}]")
        expected = rec["expected_contradiction"] or {}
        for i, (a, b) in enumerate(expected.get("sides", [])):
            _check_quote(a, f"{rec['id']} sides[{i}][0]")
            _check_quote(b, f"{rec['id']} sides[{i}][1]")
            assert {a["source"], b["source"]} <= set(expected["sources"]), f"{rec['id']} sides[{i}]: unlisted source"


def test_qa_ids_unique_and_coverage(qa: list[dict]) -> None:
    ids = [r["id"] for r in qa]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"
    assert len(qa) >= 30
    types = Counter(r["type"] for r in qa)
    assert set(types) == QA_TYPES, f"missing types: {QA_TYPES - set(types)}"
    assert types["unanswerable"] >= 4


def test_second_conflict_questions_load_and_quote_verbatim() -> None:
    from eval.dataset import load_questions

    questions = load_questions(SECOND_CONFLICTS_PATH)  # validates the schema, names bad lines
    assert len(questions) >= 8 and all(q.type == "contradiction" for q in questions)
    for question in questions:
        expected = question.expected_contradiction
        assert expected is not None and expected.sides, question.id
        for i, (a, b) in enumerate(expected.sides):
            _check_quote({"source": a.source, "quote": a.quote}, f"{question.id} sides[{i}][0]")
            _check_quote({"source": b.source, "quote": b.quote}, f"{question.id} sides[{i}][1]")


def test_pairs_schema_and_quotes(pairs: list[dict]) -> None:
    for rec in pairs:
        rid = rec.get("id")
        assert isinstance(rid, str) and rid, f"bad id in {rec!r}"
        assert rec.get("label") in PAIR_LABELS, f"{rid}: bad label"
        assert isinstance(rec.get("note"), str), rid
        _check_quote(rec.get("a"), f"{rid}.a")
        _check_quote(rec.get("b"), f"{rid}.b")
        assert rec["a"] != rec["b"], f"{rid}: a and b identical"


def test_pairs_ids_unique_and_coverage(pairs: list[dict]) -> None:
    ids = [r["id"] for r in pairs]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"
    labels = Counter(r["label"] for r in pairs)
    assert labels["contradiction"] >= 15
    assert labels["consistent"] >= 15
    same_doc = [r for r in pairs if r["label"] == "contradiction" and r["a"]["source"] == r["b"]["source"]]
    assert len(same_doc) >= 5, f"only {len(same_doc)} within-document contradiction pairs"


# --- Every question and pair file, the held-out corpora included (issue 15) ---------------------------------

# Each dataset file and the corpus folder its quotes come from.
DATASET_CORPORA = {
    "demo.jsonl": "demo",
    "demo_conflicts_second.jsonl": "demo",
    "demo_heldout.jsonl": "demo",
    "demo_pairs.jsonl": "demo",
    "al_ahli_hospital_blast.jsonl": "al_ahli_hospital_blast",
    "al_ahli_hospital_blast_pairs.jsonl": "al_ahli_hospital_blast",
    "melilla_border_deaths.jsonl": "melilla_border_deaths",
    "melilla_border_deaths_pairs.jsonl": "melilla_border_deaths",
    "pydocs.jsonl": "pydocs",
    "debian_history.jsonl": "debian_history",
    "debian_history_pairs.jsonl": "debian_history",
    "demo_fresh.jsonl": "demo",
    "kramatorsk_station_strike.jsonl": "kramatorsk_station_strike",
    "prigozhin_plane_crash.jsonl": "prigozhin_plane_crash",
    "nord_stream_pipeline_blasts.jsonl": "nord_stream_pipeline_blasts",
    "kakhovka_dam_breach.jsonl": "kakhovka_dam_breach",
    "demo_fresh2.jsonl": "demo",
    "olenivka_prison_explosion.jsonl": "olenivka_prison_explosion",
    "olenivka_prison_explosion_pairs.jsonl": "olenivka_prison_explosion",
    "melilla_fresh.jsonl": "melilla_border_deaths",
    "kramatorsk_fresh.jsonl": "kramatorsk_station_strike",
    "east_palestine_derailment.jsonl": "east_palestine_derailment",
    "east_palestine_derailment_pairs.jsonl": "east_palestine_derailment",
    "demo_fresh3.jsonl": "demo",
    "derna_dam_flood.jsonl": "derna_dam_flood",
    "derna_dam_flood_pairs.jsonl": "derna_dam_flood",
    "beirut_port_explosion.jsonl": "beirut_port_explosion",
    "beirut_port_explosion_pairs.jsonl": "beirut_port_explosion",
    "crocus_city_hall_attack.jsonl": "crocus_city_hall_attack",
    "crocus_city_hall_attack_pairs.jsonl": "crocus_city_hall_attack",
    "balasore_train_collision.jsonl": "balasore_train_collision",
    "balasore_train_collision_pairs.jsonl": "balasore_train_collision",
    "pylos_shipwreck.jsonl": "pylos_shipwreck",
    "pylos_shipwreck_pairs.jsonl": "pylos_shipwreck",
    "kanjuruhan_stadium_crush.jsonl": "kanjuruhan_stadium_crush",
    "kanjuruhan_stadium_crush_pairs.jsonl": "kanjuruhan_stadium_crush",
    "itaewon_crowd_crush.jsonl": "itaewon_crowd_crush",
    "itaewon_crowd_crush_pairs.jsonl": "itaewon_crowd_crush",
    "key_bridge_collapse.jsonl": "key_bridge_collapse",
    "key_bridge_collapse_pairs.jsonl": "key_bridge_collapse",
    "lahaina_wildfire.jsonl": "lahaina_wildfire",
    "lahaina_wildfire_pairs.jsonl": "lahaina_wildfire",
    "hajj_heat_deaths.jsonl": "hajj_heat_deaths",
    "hajj_heat_deaths_pairs.jsonl": "hajj_heat_deaths",
    "uvalde_school_shooting.jsonl": "uvalde_school_shooting",
    "uvalde_school_shooting_pairs.jsonl": "uvalde_school_shooting",
    "kabul_airport_bombing.jsonl": "kabul_airport_bombing",
    "kabul_airport_bombing_pairs.jsonl": "kabul_airport_bombing",
}
HELDOUT_QA = ["demo_heldout.jsonl", "al_ahli_hospital_blast.jsonl", "melilla_border_deaths.jsonl", "pydocs.jsonl",
              "debian_history.jsonl"]
PAIR_FILES = [name for name in DATASET_CORPORA if name.endswith("_pairs.jsonl")]


def test_every_dataset_file_is_mapped_to_a_corpus() -> None:
    assert sorted(p.name for p in DATASETS.glob("*.jsonl")) == sorted(DATASET_CORPORA)
    for folder in set(DATASET_CORPORA.values()):
        assert (ROOT / "corpus" / folder).is_dir(), folder
        if folder != "demo":
            assert (ROOT / "corpus" / folder / "ORIGIN.md").is_file(), f"{folder}: no ORIGIN.md"


def _corpus_text(folder: str, source: str) -> str:
    key = f"{folder}/{source}"
    if key not in _TEXT_CACHE:
        files = {path.name: path for path in corpus_files(ROOT / "corpus" / folder)}
        assert source in files, f"unknown source file {key!r}"
        _TEXT_CACHE[key] = files[source].read_text(encoding="utf-8")
    return _TEXT_CACHE[key]


def _verbatim(folder: str, ref: object, where: str) -> None:
    assert isinstance(ref, dict) and isinstance(ref.get("quote"), str) and ref["quote"].strip(), where
    assert ref["quote"] in _corpus_text(folder, ref["source"]), (
        f"{where}: not verbatim in {ref['source']}: {ref['quote']!r}"
    )


@pytest.mark.parametrize("name", sorted(DATASET_CORPORA))
def test_all_quotes_verbatim_and_every_record_split(name: str) -> None:
    folder = DATASET_CORPORA[name]
    records = _load(DATASETS / name)
    splits = Counter(r.get("split") for r in records)
    assert set(splits) == {"dev", "test"}, f"{name}: every record needs split dev|test, got {dict(splits)}"
    assert abs(splits["dev"] - splits["test"]) <= max(2, len(records) // 10), f"{name}: unbalanced {dict(splits)}"
    for rec in records:
        if "label" in rec:
            _verbatim(folder, rec["a"], f"{name} {rec['id']}.a")
            _verbatim(folder, rec["b"], f"{name} {rec['id']}.b")
            continue
        for i, ref in enumerate(rec.get("gold", [])):
            _verbatim(folder, ref, f"{name} {rec['id']} gold[{i}]")
        for i, pair in enumerate((rec.get("expected_contradiction") or {}).get("sides", [])):
            for j, ref in enumerate(pair):
                _verbatim(folder, ref, f"{name} {rec['id']} sides[{i}][{j}]")


@pytest.mark.parametrize("name", HELDOUT_QA)
def test_heldout_question_sets_schema_and_coverage(name: str) -> None:
    folder = DATASET_CORPORA[name]
    records = _load(DATASETS / name)
    assert len(records) >= 30, name
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), f"{name}: duplicate ids"
    types = Counter(r["type"] for r in records)
    assert set(types) <= QA_TYPES, f"{name}: unknown types {set(types) - QA_TYPES}"
    assert types["unanswerable"] >= 5, name
    for rec in records:
        rid = rec["id"]
        ec = rec.get("expected_contradiction")
        if rec["answerable"]:
            assert rec["type"] != "unanswerable" and rec["reference_answer"], rid
            assert rec["gold"] and rec["must_mention"], f"{rid}: answerable needs gold and must_mention"
            assert all(
                isinstance(g, list) and g and all(isinstance(a, str) and a.strip() for a in g)
                for g in rec["must_mention"]
            ), rid
        else:
            assert rec["type"] == "unanswerable" and rec["reference_answer"] is None, rid
            assert rec["must_mention"] == [] and rec["gold"] == [] and ec is None, rid
        if rec["type"] == "contradiction":
            assert ec and ec["sides"], f"{rid}: conflict question needs labelled sides"
            assert set(ec["sources"]) <= {g["source"] for g in rec["gold"]}, f"{rid}: sides' sources lack gold quotes"
            for pair in ec["sides"]:
                assert {a["source"] for a in pair} <= set(ec["sources"]), f"{rid}: side from an unlisted source"
        if rec["type"] == "multi_document":
            assert len({g["source"] for g in rec["gold"]}) >= 2, f"{rid}: multi_document needs 2+ sources"
        for g in rec["gold"]:
            _corpus_text(folder, g["source"])
    if name in ("demo_heldout.jsonl", "al_ahli_hospital_blast.jsonl"):
        assert types["contradiction"] >= 6, name


@pytest.mark.parametrize("name", [n for n in PAIR_FILES if n != "demo_pairs.jsonl"])
def test_new_pair_files_cover_both_labels(name: str) -> None:
    records = _load(DATASETS / name)
    labels = Counter(r["label"] for r in records)
    assert labels["contradiction"] >= 6 and labels["consistent"] >= 6, f"{name}: {dict(labels)}"
    for rec in records:
        assert rec["label"] in PAIR_LABELS and isinstance(rec.get("note"), str) and rec["a"] != rec["b"], rec["id"]
