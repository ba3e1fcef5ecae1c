"""What a question asks for: its form, and the parts (a name, a number, a date) the answer must give.

The form decides the answer's shape: a yes/no question is answered with what the
sources say about its proposition; a "who/what/which/when/how many" question with
the name, number or date it asks for; a multi-part question part by part. Each
asked-for part knows which entity types can fill it, so the answerability check can
say "the documents give the number but not the date".

Entity types are spaCy's OntoNotes 5 labels (PERSON, ORG, GPE, DATE, CARDINAL, ...;
see the OntoNotes 5.0 named-entity guidelines, LDC2013T19). The type nouns below map
a "which <noun>" question to those labels, following the labels' own definitions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span

from core.lexicon import (
    ACTING_BODIES,
    COUNTRIES,
    COUNTRY_OF,
    DENIAL_VERBS,
    GIVING_VERBS,
    INSTITUTION_NOUNS,
    KINDS_OF,
    MEASURING_VERBS,
    MULTIPLIERS,
    PERSON_NOUNS,
    REPORTING_VERBS,
    SHELL_NOUNS,
    TITLE_ABBREVIATIONS,
)
from rag.figures import CLOCK
from rag.nlp import parse, phrase_of
from rag.roles import (
    acts_in_the_asked,
    amounts_to_the_asked,
    asks_for_a_destination,
    asks_for_both_ends,
    blamed_by,
    blames,
    is_a_destination,
    is_an_end,
    locates_the_asked,
    names_a_facility,
    speaks_of_it,
)
from rag.text import content_terms, mentions_name, stem, without_accents
from rag.voices import demands, speaker_tokens

NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
COUNT_LABELS = frozenset({"CARDINAL", "QUANTITY"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PERSON_LABELS = frozenset({"PERSON"})
ORG_LABELS = frozenset({"ORG"})
AGENT_LABELS = PERSON_LABELS | ORG_LABELS | frozenset({"GPE", "NORP"})
DATE_LABELS = frozenset({"DATE", "TIME"})
TIME_LABELS = frozenset({"TIME"})
# "How big …?", "how long …?", "how far …?": a measure, which a number, a quantity or a span of time gives.
MEASURE_LABELS = NUMBER_LABELS | DATE_LABELS
# "How far …?", "how heavy …?": a measurement, with its unit ("1,500 km").
SIZE_LABELS = frozenset({"QUANTITY"})
# Not an entity type of the recogniser: a version number ("1.0.0", "3.11", "v2"), read by pattern.
VERSION_LABELS = frozenset({"VERSION"})
# "What was the tail number of the jet?": a code of letters and digits ("RA-02795"), not a count.
IDENTIFIER_LABELS = frozenset({"IDENTIFIER"})
NAME_LABELS = AGENT_LABELS | PLACE_LABELS | frozenset({"PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"})

WH_WORDS = frozenset({"who", "whom", "whose", "what", "which", "how", "when", "where", "why"})

# Nouns for a figure that do not say what it counts ("the death toll", "the number of casualties") or
# measure ("the magnitude").
FIGURE_NOUNS = frozenset("number percentage share proportion total count rate figure toll tally magnitude".split())
# Figure nouns that name a measure, asked for when they qualify another noun ("What magnitude earthquake …?").
_MEASURES = frozenset({"magnitude"})

# "which <noun>" -> the entity labels that can answer it, after the OntoNotes label definitions:
# PERSON people; ORG companies, agencies, institutions; GPE countries, cities, states; LOC other
# locations; FAC buildings, airports, bridges; DATE/TIME; MONEY; QUANTITY measurements; PRODUCT objects.
_TYPE_NOUNS: dict[frozenset[str], frozenset[str]] = {
    PERSON_LABELS | frozenset({"NORP"}): PERSON_NOUNS,
    ORG_LABELS: frozenset(
        "company companies firm firms organisation organization organisations organizations agency agencies "
        "institute institution newspaper newspapers paper outlet outlets publication publications ministry "
        "department group groups think-tank tank party parties manufacturer manufacturers maker makers "
        "bank banks university court government governments body bodies network broadcaster airline airlines "
        "carrier carriers operator operators channel channels website websites contractor contractors union "
        "unions militia militias charity charities brand brands brigade brigades battalion battalions regiment "
        "regiments squadron squadrons unit units insurer insurers".split()),
    PLACE_LABELS: frozenset(
        "city cities town towns country countries region regions province state states place places location "
        "locations village capital area site factory plant base airport airports airbase river rivers lake "
        "lakes sea seas creek creeks stream streams island islands mountain mountains bay coast dam dams valley "
        "valleys street streets road roads avenue avenues square district districts suburb suburbs county "
        "counties municipality municipalities".split()),
    frozenset({"LAW"}): frozenset("law laws treaty treaties statute statutes regulation regulations".split()),
    frozenset({"LANGUAGE"}): frozenset("language languages".split()),
    DATE_LABELS: frozenset("year years date dates month months day days time period century decade".split()),
    frozenset({"MONEY"}): frozenset("price cost costs value worth amount sum budget fee fine revenue".split()),
    frozenset({"QUANTITY"}): frozenset(
        "range payload weight speed distance altitude capacity length height size area volume depth width "
        "thickness diameter elevation temperature".split()),
    frozenset({"PERCENT"}): frozenset("percentage percentages percent".split()),
    NUMBER_LABELS: FIGURE_NOUNS,
    VERSION_LABELS: frozenset("version versions".split()),
    frozenset({"NORP"}): frozenset("nationality nationalities citizenship ethnicity religion".split()),
}
_TYPED_NOUNS = frozenset().union(*_TYPE_NOUNS.values())
# "In which Python release …": a release of a named product is a version, given by its number; a bare
# "which release" may be answered by a code name ("woody").
_RELEASE_NOUNS = frozenset("release releases".split())

# "How far …?", "How wide …?": the adjective of a size question and the dimension it asks for.
SIZES = {"far": "the distance", "high": "the height", "tall": "the height", "deep": "the depth",
          "wide": "the width", "heavy": "the weight", "fast": "the speed", "quickly": "the speed",
          "thick": "the thickness"}
_CLOCK_NOUNS = frozenset({"time", "hour"})
_TIME_AFTER_FAR = frozenset({"ahead", "back", "advance", "in", "before", "after", "beforehand", "earlier", "later"})

_AUXILIARIES = frozenset("is are was were do does did has have had can could will would should may might must".split())
_YES_NO_OPENERS = ("is it true", "is there", "are there", "was there", "were there")
_LIST_NOUN_TAGS = frozenset({"NNS", "NNPS"})


@dataclass(frozen=True)
class AskedPart:
    """One thing the answer must give: what fills it (entity labels) and how to say it is missing."""

    labels: frozenset[str]
    missing: str            # what is not given, as the object of "The documents do not give …"
    noun: str | None = None  # the asked-about noun, when the question names one ("which company")
    verb: str = "give"      # "name" for names: "The documents do not name the company."
    named: str | None = None  # "the name of the factory": the lemma of what is named ("factory")


@dataclass(frozen=True)
class QuestionAnalysis:
    text: str
    form: str                                    # "yes_no" | "wh" | "list" | "open"
    parts: tuple[AskedPart, ...] = ()
    names: frozenset[str] = field(default_factory=frozenset)   # proper names the question is about (lower case)
    # People, organisations, products, works, events, laws, facilities: names with no common alias,
    # unlike countries and nationalities ("American" / "US").
    specific_names: frozenset[str] = field(default_factory=frozenset)
    asks_for_source: bool = False                # "Who said …", "Which newspaper reported …"
    proposition: str | None = None               # a yes/no question stated as a claim
    # A clause that asks for an account, not a typed part: "What does splitext return, and how many
    # dots …?" Its answer cannot be checked for, so a missing typed part does not refuse the question.
    open_clause: bool = False
    # "Who rejects the claim that the Chinese state is arming Russia?": the claim whose deniers are
    # asked for ("the Chinese state is arming Russia").
    denied_claim: str | None = None
    # "Which officials put the blame on Ukraine?": the party whose accusers are asked for ("Ukraine").
    blamed: str | None = None
    # "What toll did Human Rights Watch arrive at?": the person or organisation that the question
    # names as its subject, who gives what is asked ("human rights watch").
    giver: frozenset[str] = field(default_factory=frozenset)
    # "What death count did the health authorities put on the explosion?": the question asks for the
    # figure some party gave, named or described; other parties' figures are no rival answer to it.
    asks_for_a_partys_figure: bool = False
    # "Who does Russia say fired the missile?", "When did Kyiv say the dam was breached?": what is asked
    # is inside what a named party says, so only that party's words answer it, and its speakers are
    # no answer (it asks who fired, not who said so).
    asks_within_a_partys_words: bool = False

    def unanswered_by(self, missing: tuple[AskedPart, ...]) -> bool:
        """Does evidence that leaves ``missing`` out give none of what was asked? Not when a clause
        asks for an account, which no missing typed part can rule out."""
        return bool(self.parts) and len(missing) == len(self.parts) and not self.open_clause

    @property
    def is_yes_no(self) -> bool:
        return self.form == "yes_no"


def analyse(question: str) -> QuestionAnalysis:
    # "According to the documents, which organisations called for …?" is read without the words about the
    # collection: they carry nothing, and an opening phrase misleads the parser about the rest.
    across_the_collection = _ACROSS_THE_COLLECTION.search(question) is not None
    question = search_text(question)
    doc = parse(question.strip())
    tokens = [t for t in doc if not t.is_space]
    if not tokens:
        return QuestionAnalysis(question, "open")
    names = frozenset(_name_text(ent.text) for ent in doc.ents if ent.label_ not in _NOT_NAMES)
    names |= _unrecognised_names(tokens)
    # A name proper, not a description the recogniser tagged ("the health ministry" is any ministry of health).
    specific = frozenset(_name_text(ent.text) for ent in doc.ents if ent.label_ in _SPECIFIC_NAMES
                         and any(t.pos_ == "PROPN" or t.like_num for t in ent))
    specific |= frozenset(t.lower_ for t in tokens if not t.ent_type_ and _DESIGNATOR.match(t.text))
    specific |= _numbered_releases(tokens)
    lowered = question.lower().strip()
    first = tokens[0].lower_
    if first in _AUXILIARIES or lowered.startswith(_YES_NO_OPENERS):
        return QuestionAnalysis(question, "yes_no", (), names, specific, proposition=_proposition(question))
    parts = _asked_parts(doc)
    root = next((t for t in doc if t.dep_ == "ROOT"), tokens[0])
    within_words = _asks_within_a_partys_words(root)
    # "Which organisations called for an inquiry?" asks who demanded it, not who reported something.
    reports = (root.lemma_.lower() in REPORTING_VERBS | MEASURING_VERBS or _gives_a_figure(root)) and not demands(root)
    asks_for_source = (reports and not within_words) or (_asks_for_sources(parts) and not demands(root))
    # "How did China respond …", "Why …": asks for an account, not a name or a number.
    form = "list" if across_the_collection or _asks_for_a_list(doc) else ("wh" if parts else "open")
    return QuestionAnalysis(question, form, tuple(parts), names, specific, asks_for_source=asks_for_source,
                            open_clause=bool(parts) and _has_open_clause(doc), denied_claim=_denied_claim(doc),
                            blamed=_blamed(doc),
                            giver=frozenset() if _holds(root) else _named_giver(doc, names),
                            asks_for_a_partys_figure=_asks_for_a_partys_figure(root),
                            asks_within_a_partys_words=within_words)


def _gives_a_figure(root) -> bool:  # type: ignore[no-untyped-def]
    """"Who gave the AP the figure of 10,100 missing?", "Who put the toll at 50?", "Which agency released
    the figures?": a verb of giving whose object is a figure asks who reported it, as "Who said …?" does."""
    return root.lemma_.lower() in GIVING_VERBS | _PUBLISHING_VERBS and any(
        c.dep_ in {"dobj", "dative"} and c.lemma_.lower() in FIGURE_NOUNS | {"estimate"} for c in root.children)


_PUBLISHING_VERBS = frozenset({"provide", "release", "publish", "issue", "post"})


# Verbs of holding: "How many packages did Sarge contain?" names what holds the figure, not a party who
# gives or does it, so "There were 15,000 packages" in the part about Sarge answers it.
_HOLDING_VERBS = frozenset({"contain", "include", "comprise", "hold", "have", "number", "total", "feature"})


def _holds(root) -> bool:  # type: ignore[no-untyped-def]
    """Is the question's main verb one of holding? Not when the parse hangs the real verb under it: "How
    much money have Ukrainian volunteers spent …" is read with "have" as its root."""
    return root.lemma_.lower() in _HOLDING_VERBS and not any(
        c.dep_ in {"ccomp", "xcomp"} and c.pos_ == "VERB" for c in root.children)


_NOT_NAMES = NUMBER_LABELS | DATE_LABELS | frozenset({"ORDINAL"})


def _unrecognised_names(tokens) -> frozenset[str]:  # type: ignore[no-untyped-def]
    """Capitalised nouns inside the question that the small recogniser left untagged ("Is Zelenskyy
    blaming …?", where the tagger even reads "Zelenskyy" as a common noun): a run of them names one party.
    The question's first word is capitalised anyway, so it does not count."""
    runs: list[list[str]] = []
    last = -2   # the index of the run's last word
    for token in tokens:
        if (token.i == 0 or token.ent_type_ or token.pos_ not in {"PROPN", "NOUN"} or not token.text[:1].isupper()
                or token.doc[token.i - 1].is_punct or token.lower_ in PERSON_NOUNS):
            continue   # "President Zelenskyy": a title is no name of its own
        if token.i == last + 1:
            runs[-1].append(token.lower_)
        else:
            runs.append([token.lower_])
        last = token.i
    return frozenset(_name_text(" ".join(run)) for run in runs)
# A model or release designator the entity recogniser often misses ("Garpiya-3", "G3", "MQ-9",
# "0.93R6"): capitals and digits in one word name one product, as a person's name names one person.
_DESIGNATOR = re.compile(r"^(?=.*[A-Z])(?=.*\d)[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*$")
_SPECIFIC_NAMES = frozenset({"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "FAC"})


def _numbered_releases(tokens) -> frozenset[str]:  # type: ignore[no-untyped-def]
    """"Debian 3.0", "Python 3.11": a name and the version number right after it name one release,
    which a sentence about another release ("Debian 1.1 Buzz") does not speak of."""
    pairs = zip(tokens, tokens[1:], strict=False)
    return frozenset(f"{before.lower_} {token.text}" for before, token in pairs
                     if _VERSION.match(token.text) and "." in token.text and before.text[:1].isupper())


def _name_text(text: str) -> str:
    return text.lower().removesuffix("'s").removesuffix("’s")


# "Across the reports, who …", "in all five articles": the question gathers from every document.
_ACROSS_THE_COLLECTION = re.compile(
    r"\b(?:across|throughout|in all)\s+(?:of\s+)?(?:the|these|those|all|\w+)?\s*(?:\w+\s+)?"
    r"(?:documents|articles|reports|sources|texts|pages|stories|outlets|corpus|collection)\b", re.IGNORECASE)


def _asks_for_a_list(doc) -> bool:  # type: ignore[no-untyped-def]
    """'What kinds of goods …', 'Which outlets …' (a plural noun after which/what), 'List …', 'Name the …'.
    (Any question asked 'across the reports' gathers too; ``analyse`` reads that before the words go.)"""
    lowered = doc.text.lower()
    if lowered.startswith(("list ", "name the ", "name all ", "what kinds", "what types", "what sorts")):
        return True
    if _changing_figure(doc) is not None:
        return True   # "How did the death toll change?": each figure it went through
    for token in doc:
        if token.lower_ in {"which", "what"} and token.dep_ == "det" and token.head.tag_ in _LIST_NOUN_TAGS:
            return True
        # "According to the documents, which organisations …": an opening phrase can make the parser
        # hang "which" elsewhere; read by word order, a plural noun right after it is still asked for.
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if following is not None and _misread_as_a_verb(following):
            following = doc[following.i + 1]   # "which think tanks …"
        if (token.lower_ in {"which", "what"} and _asks(token) and following is not None
                and following.tag_ in _LIST_NOUN_TAGS and following.dep_ in {"nsubj", "nsubjpass", "dobj"}):
            return True
    return False


def _asked_parts(doc) -> list[AskedPart]:  # type: ignore[no-untyped-def]
    parts: list[AskedPart] = []
    tokens = list(doc)
    for i, token in enumerate(tokens):
        word = token.lower_
        if word in {"where", "when", "which", "who", "whom", "what", "how"} and not _asks(token):
            continue
        following = tokens[i + 1].lower_ if i + 1 < len(tokens) else ""
        if word == "how" and following in {"many", "much"}:
            noun = _noun_after(tokens, i + 2)
            lemma = noun.lemma_.lower() if noun is not None else None
            money = (lemma is not None and (lemma in _TYPE_NOUNS[frozenset({"MONEY"})] or lemma == "money")) or (
                following == "much" and any(t.lemma_.lower() in _MONEY_VERBS for t in tokens[i + 2:]))
            measure = "number" if following == "many" else "amount"   # "how much trade": an amount
            phrase = f"the {measure} of {_as_written(noun)}" if noun is not None else "the figure"
            phrase = "the amount" if money else phrase
            # "How many drones" counts things: a sum of money or a share does not answer it.
            counted = COUNT_LABELS if following == "many" else NUMBER_LABELS
            parts.append(AskedPart(frozenset({"MONEY"}) if money else counted, phrase, lemma))
        elif word == "how" and i + 1 < len(tokens) and tokens[i + 1].pos_ in {"ADJ", "ADV"}:
            # "how heavy", "how long", "how far", "how often": a measure. A distance, height, weight or
            # speed is a quantity with its unit: "How far can the drone fly?" is not answered by "this
            # year" or "one of the documents".
            after = tokens[i + 2].lower_ if i + 2 < len(tokens) else ""
            size = following in SIZES and after not in _TIME_AFTER_FAR   # "how far ahead" asks how long
            parts.append(AskedPart(SIZE_LABELS, SIZES[following]) if size else AskedPart(MEASURE_LABELS, "the figure"))
        elif word == "when" and token.tag_ == "WRB":
            parts.append(AskedPart(DATE_LABELS, "a date"))
        elif word == "where" and token.tag_ == "WRB":
            parts.append(AskedPart(PLACE_LABELS | ORG_LABELS, "the place"))
        elif word in {"who", "whom"}:
            if not _asks_who_a_name_is(token):
                parts.append(_who_part(token))
        elif word in {"which", "what"}:
            part = _which_part(token)
            if part is not None:
                parts.append(part)
    listed = _listed_part(doc) or _changing_figure_part(doc)
    return _unique(parts + [listed] if listed is not None else parts)


def _changing_figure_part(doc) -> AskedPart | None:  # type: ignore[no-untyped-def]
    """"How did the death toll develop?", "How did the number of dead rise over the week?": the figure at
    each stage is asked for, as "List the death tolls …" asks for them."""
    subject = _changing_figure(doc)
    part = _noun_part(subject, True) if subject is not None else None
    # "the number of dead rise": a misparse that counts the change itself counts nothing.
    return None if part is None or part.noun in _CHANGE_VERBS else part


def _changing_figure(doc):  # type: ignore[no-untyped-def]
    """The figure whose course a "How did … change?" question asks, or None. Read by word order: the small
    parser often takes "toll change" for one noun."""
    if len(doc) < 3 or doc[0].lower_ != "how" or doc[1].lemma_.lower() not in {"do", "have"}:
        return None
    figure = next((t for t in doc[2:] if t.lemma_.lower() in FIGURE_NOUNS), None)
    if figure is None or not any(t.lemma_.lower() in _CHANGE_VERBS or t.lower_ in _CHANGE_VERBS
                                 for t in doc[figure.i + 1:]):
        return None
    return figure


_CHANGE_VERBS = frozenset("change develop evolve rise grow climb increase fall drop shift move vary".split())


# "How much will it cost …?", "How much did Russia spend …?": a sum of money, whatever noun follows.
_MONEY_VERBS = frozenset("cost spend pay charge earn fund invest raise".split())


def _who_part(who) -> AskedPart:  # type: ignore[no-untyped-def]
    """"Who did it?" is answered by a person, an organisation or a country; "Who is the spokesperson
    for …?" only by a person's name."""
    head = who.head
    if head.lemma_.lower() == "be":
        # The parser splits a hyphenated role ("Who was the co-pilot?") and may hang its last word as
        # an adjectival complement: the role is still the word after the hyphen.
        person = next((c for c in head.children if c.i != who.i and c.dep_ in {"nsubj", "attr", "acomp"}
                       and c.lemma_.lower() in PERSON_NOUNS), None)
        if person is not None:
            return AskedPart(PERSON_LABELS, f"the {_hyphenated(person)}", person.lemma_.lower(), verb="name")
    return AskedPart(AGENT_LABELS, "who it was", verb="say")


def _hyphenated(token) -> str:  # type: ignore[no-untyped-def]
    """The word as written with the words the tokenizer split off before it at hyphens: "co-pilot"."""
    doc, start = token.doc, token.i
    while start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_:
        start -= 2
    return doc[start:token.i + 1].text.lower()


def _asks_who_a_name_is(who) -> bool:  # type: ignore[no-untyped-def]
    """"Who is Lin Jian?" asks what the documents say about a name already given, not for a name: any
    person, organisation or country a sentence names is no answer to it."""
    head = who.head
    if head.lemma_.lower() != "be" or who.dep_ not in {"attr", "nsubj"}:
        return False
    return any(c is not who and c.dep_ in {"nsubj", "attr"} and _is_a_name(c) for c in head.children)


def _is_a_name(token) -> bool:  # type: ignore[no-untyped-def]
    """A person or organisation named, not a title ("the President of Ukraine", "the CEO"): a title takes
    a determiner, a name does not."""
    if any(c.dep_ == "det" for c in token.children):
        return False
    return token.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} or token.pos_ == "PROPN"


def _denied_claim(doc) -> str | None:  # type: ignore[no-untyped-def]
    """The claim of "Who denies that X?", "Which officials reject the claim that X?": X, as written."""
    for verb in doc:
        if verb.lemma_.lower() not in DENIAL_VERBS:
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or not (subject.lower_ in {"who", "whom"}
                                   or any(c.lower_ in {"which", "what"} for c in subject.children)):
            continue
        holders = [verb, *(c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in SHELL_NOUNS)]
        # "the claim that X" parses as a clause of the noun, sometimes as a relative clause.
        clause = next((c for h in holders for c in h.children if c.dep_ in {"ccomp", "acl", "relcl"}
                       and c.pos_ in {"VERB", "AUX"} and any(g.dep_ == "nsubj" for g in c.children)), None)
        if clause is not None:
            words = list(clause.subtree)
            if words and words[0].lower_ == "that":
                words = words[1:]
            return doc[words[0].i : words[-1].i + 1].text if words else None
    return None


def _blamed(doc) -> str | None:  # type: ignore[no-untyped-def]
    """The party of "Who blamed X?", "Which officials put the blame on X?", "Who accused X of …?": X, where
    the one who blames is what is asked."""
    for verb in doc:
        if not blames(verb):
            continue
        target, blamer = blamed_by(verb)
        if not target or not blamer:
            continue
        # The parser sometimes hangs an opening "Which" elsewhere ("Which officials put the blame on …"):
        # a question that opens with it asks for the subject right after it.
        opens_with_it = doc[0].lower_ in {"which", "what"} and len(doc) > 1 and blamer.startswith(doc[1].text)
        if opens_with_it or any(word in WH_WORDS for word in blamer.lower().split()):
            return target
    return None


def _named_giver(doc, names: frozenset[str]) -> frozenset[str]:  # type: ignore[no-untyped-def]
    """The person, organisation, country or people named as the question's subject, read from where
    English puts the subject of a question: right after the inverted auxiliary ("What toll did Human
    Rights Watch arrive at?", "How much did Ukraine spend …?", "… have Ukrainian volunteers spent …?").
    Not a name further on ("did the release named after Hamm …")."""
    auxiliary = next((t for t in doc if t.lower_ in QUESTION_AUXILIARIES and t.i > 0), None)
    if auxiliary is None:
        return frozenset()
    if auxiliary.lemma_ == "be" and (auxiliary.dep_ == "ROOT" or _asks_a_size(doc)):
        # "How far downstream is Oleshki?", "How fast was the Dali going?": the subject is what is measured.
        return frozenset()
    run: list[str] = []
    for token in doc[auxiliary.i + 1 :]:
        if token.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} or (not run and token.lower_ == "the"):
            run.append(token.lower_)
        else:
            break
    subject = " ".join(run)
    if subject in {"", "the"}:
        return frozenset()
    head = doc[auxiliary.i + 1 + len(run)] if auxiliary.i + 1 + len(run) < len(doc) else None
    if head is not None and head.pos_ == "NOUN" and not _names_a_party_of(head):
        return frozenset()   # "did the Olenivka blast happen": the name only says which blast
    named = frozenset(name for name in names if name in subject or subject in name)
    described = _described_giver(auxiliary, run)
    return described or named


def _asks_a_size(doc) -> bool:  # type: ignore[no-untyped-def]
    return any(t.lower_ == "how" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ in SIZES for t in doc)


def _names_a_party_of(noun) -> bool:  # type: ignore[no-untyped-def]
    """"military", "ministry", "spokesman": a noun for a body or a person who speaks or acts for the name
    before it ("the Israeli military"); not "blast" or "dam"."""
    lemma = noun.lemma_.lower()
    return lemma in ACTING_BODIES or lemma in PERSON_NOUNS or lemma in _INSTITUTION_NOUNS


def _described_giver(auxiliary, run: list[str]) -> frozenset[str]:  # type: ignore[no-untyped-def]
    """"What toll did the Moroccan human rights association AMDH put out?": the subject is a description
    whose name ("AMDH") the recogniser does not tag; a nationality before it ("Moroccan") only says which
    association. The proper nouns at the end of the subject phrase name the giver."""
    subject = next((t for t in auxiliary.doc[auxiliary.i + 1 :] if t.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None:
        return frozenset()
    proper = [t for t in subject.subtree if t.pos_ == "PROPN" and t.ent_type_ not in {"NORP", "GPE"}]
    if not proper or all(t.lower_ in run for t in proper):
        return frozenset()
    return frozenset(t.lower_ for t in proper)


def _asks_for_a_partys_figure(root) -> bool:  # type: ignore[no-untyped-def]
    """Is the question's verb one by which someone gives a figure, with that someone as its subject
    ("What toll did the ministry put on …", "How many did officials say died")? Or does it ask what one
    party's account says ("According to the Spanish ombudsman's report, how many …?", "… per the
    interior ministry's statement")? Not "according to the documents": that is every account."""
    if _accounts_asked_for(root.doc):
        return True
    if root.lemma_.lower() not in GIVING_VERBS:
        return False
    return any(c.dep_ == "nsubj" and c.pos_ in {"NOUN", "PROPN"} and not any(t.lower_ in WH_WORDS for t in c.subtree)
               for c in root.children)


def _asks_within_a_partys_words(root) -> bool:  # type: ignore[no-untyped-def]
    """Is the question's verb one of saying, with a party (not a wh-word) as its subject and a clause of
    what was said ("Who does Russia say fired …?")? The parser hangs the wh-word on "say" either way, so
    the filled subject is what tells "Who said the missile was Ukrainian?" apart. Only a name: whose
    words "the Russian drone developer" are is read from context elsewhere, and "What are Chinese
    suppliers said to be sending?" is hearsay about them, not their words."""
    if inverted_reporter(root.doc):
        return True
    if root.lemma_.lower() not in REPORTING_VERBS or not any(c.dep_ in {"ccomp", "xcomp"} for c in root.children):
        return False
    return any(c.dep_ == "nsubj" and _names_a_party(c) for c in root.children)


def _names_a_party(token) -> bool:  # type: ignore[no-untyped-def]
    return token.pos_ == "PROPN" or token.ent_type_ in {"PERSON", "ORG", "GPE"}


def inverted_reporter(doc) -> list:  # type: ignore[no-untyped-def,type-arg]
    """The named party of "Which missile does Ukraine say hit …?", "How many people does Hamas say
    died?", read from the word order (a question auxiliary, a name, a verb of saying, then the clause
    said), because the parser often takes "say" for an auxiliary of the verb after it. Empty when the
    words are not in that order."""
    words = list(doc)
    for i, auxiliary in enumerate(words):
        if auxiliary.lower_ not in {"do", "does", "did"} or i == 0:
            continue
        run: list = []  # type: ignore[type-arg]
        for token in words[i + 1 :]:
            if _names_a_party(token) or (not run and token.lower_ == "the"):
                run.append(token)
                continue
            named = [t for t in run if _names_a_party(t)]
            following = words[token.i + 1 : token.i + 2]
            # A clause follows the verb of saying, not "about …" (what was said is asked, not a part of it).
            if named and token.lemma_.lower() in REPORTING_VERBS and following \
                    and following[0].pos_ not in {"ADP", "PUNCT"}:
                return named
            break
    return []


# The collection itself, or reports in general: "according to the documents", "according to reports".
_EVERY_ACCOUNT = frozenset("documents document reports report articles article sources source texts text accounts "
                           "corpus collection outlets papers files media coverage set".split())


def _accounts_asked_for(doc) -> list:  # type: ignore[type-arg,no-untyped-def]
    """The nouns of "according to X" and "per X" that name one party's account, not every account."""
    found = []
    for token in doc:
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            objects = [c for c in doc[token.i + 1].children if c.dep_ == "pobj"]
        elif token.lower_ == "per" and token.dep_ == "prep":
            objects = [c for c in token.children if c.dep_ == "pobj"]
        else:
            continue
        found += [obj for obj in objects if obj.lemma_.lower() not in _EVERY_ACCOUNT or _owned(obj)]
    return found


def whose_account(question: str) -> list[str]:
    """Who, named, the question asks to be quoted: "According to TASS, who …?" -> ["tass"], "… per the
    Jerusalem Post?" -> ["the jerusalem post"], "In the AP piece, what …?" -> ["ap"]; not "according to
    officials", whom no name picks out."""
    doc = parse(question)
    # The noun phrase up to its head: the parser may hang the rest of the question on it. Of "the TASS
    # report", the outlet that owns the piece.
    phrases = [_owner_of(obj) or obj.doc[obj.left_edge.i : obj.i + 1] for obj in _accounts_asked_for(doc)]
    named = [phrase for phrase in phrases if any(t.pos_ == "PROPN" for t in phrase)]
    # "in the fr24news report": an outlet written in lower case is read as a common noun; one that is no
    # word ("fr24news", "dw.com") is a name all the same. "In the police report" names no outlet.
    named += [phrase for phrase in _pieces_named(doc) if any(
        t.pos_ == "PROPN" or (t.pos_ == "NOUN" and not t.text.isalpha()) for t in phrase)]
    return [phrase.text.lower() for phrase in named]


# What a question calls one outlet's document: "in the AP piece", "in the BBC's report".
_PIECE_NOUNS = frozenset("piece article report story dispatch writeup write-up item feature".split())


def _pieces_named(doc) -> list:  # type: ignore[type-arg,no-untyped-def]
    """The outlets named by the piece a question reads within, or that it says speaks: "in the AP piece",
    "the AP report says" -> "AP"."""
    found = []
    for noun in doc:
        if noun.lemma_.lower() not in _PIECE_NOUNS:
            continue
        within = noun.dep_ == "pobj" and noun.head.lower_ in {"in", "from"}
        telling = noun.dep_ == "nsubj" and noun.head.lemma_.lower() in REPORTING_VERBS   # "the BNN piece says"
        if not (within or telling):
            continue
        for owner in (c for c in noun.children if c.dep_ in {"compound", "poss", "nmod"}):
            found.append(doc[owner.left_edge.i : owner.i + 1])
    return found


def _owned(noun) -> bool:  # type: ignore[no-untyped-def]
    """"the ombudsman's report" and "the TASS report" are one party's report, though "report" alone
    would be any."""
    return _owner_of(noun) is not None


def _owner_of(noun):  # type: ignore[no-untyped-def]
    """Whose piece a piece noun names: "the ombudsman's report" -> "the ombudsman", "the TASS report" ->
    "TASS"; None for any other noun, or a piece of nobody named ("the latest report")."""
    if noun.lemma_.lower() not in _PIECE_NOUNS | _EVERY_ACCOUNT:
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"
                  or (c.dep_ in {"compound", "nmod"} and c.pos_ == "PROPN")), None)
    return noun.doc[owner.left_edge.i : owner.i + 1] if owner is not None else None


QUESTION_AUXILIARIES = frozenset("do does did has have had is are was were".split())


def _has_open_clause(doc) -> bool:  # type: ignore[no-untyped-def]
    """Does a wh-word ask for an account rather than a name, number or date: "why …", "how does …",
    "what does X return"?"""
    tokens = list(doc)
    for i, token in enumerate(tokens):
        word = token.lower_
        if word not in {"what", "how", "why"} or not _asks(token):
            continue
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if word == "why":
            return True
        if word == "how" and (following is None or (following.lower_ not in {"many", "much"}
                                                    and following.pos_ not in {"ADJ", "ADV"})):
            return True
        if word == "what" and _which_part(token) is None:
            return True
    return False


# Adjectives of standing: "a senior figure", "a leading figure" is a person.
_RANKS = frozenset("senior junior key top leading prominent public political opposition military religious "
                   "notable influential".split())


def _which_part(token) -> AskedPart | None:  # type: ignore[no-untyped-def]
    """'which company', 'what year', 'what is the range of X': typed when the noun has a known type."""
    noun = _noun_of_determiner(token)
    determiner = noun is not None
    if noun is None:
        # "what is the range of …": the wh-word is the subject/attribute of "be"; the noun is its partner.
        head = token.head
        if head.lemma_ != "be":
            return None
        partners = [c for c in head.children if c.dep_ in {"nsubj", "attr", "nsubjpass"} and c.i != token.i]
        noun = partners[0] if partners and partners[0].pos_ in {"NOUN", "PROPN"} else None
    if noun is None:
        return None
    # "What magnitude earthquake …?" asks for a magnitude, not which earthquake. Only a measure: "which
    # figure skater", "which toll booth" and "which number plate" ask for no figure.
    figure = next((c for c in noun.children if c.dep_ == "compound" and c.lemma_.lower() in _MEASURES), None)
    if figure is not None and noun.lemma_.lower() not in _TYPED_NOUNS:
        noun = figure
    return _noun_part(noun, determiner)


def _listed_part(doc) -> AskedPart | None:  # type: ignore[no-untyped-def]
    """"List the different death tolls …", "Name the companies …": the object of the imperative is asked
    for as "which death tolls" would be."""
    verb = doc[0] if len(doc) else None
    if verb is None or verb.lower_ not in {"list", "name"}:
        return None
    # Read by word order, as after "which": the parser may make the noun the subject of what follows.
    for follower in doc[1:6]:
        if follower.pos_ == "NOUN":
            while follower.dep_ == "compound" and follower.head.pos_ == "NOUN":
                follower = follower.head   # "the different death tolls" lists tolls
            return _noun_part(follower, True)
        if follower.pos_ not in {"DET", "ADJ", "NUM", "ADV"}:
            return None
    return None


def _noun_part(noun, determiner: bool) -> AskedPart | None:  # type: ignore[no-untyped-def]
    """The part a question asks for by naming its kind: typed when the noun has a known type."""
    lemma = noun.lemma_.lower()
    of_a_period = any(g.lemma_.lower() in {"year", "month", "week", "season"} for c in noun.children
                      if c.dep_ == "prep" and c.lower_ == "of" for g in c.children)
    if lemma == "figure" and determiner and any(c.dep_ in {"amod", "compound"} and (
            c.lemma_.lower() in _RANKS or c.pos_ == "PROPN") for c in noun.children):
        # "Which senior Wagner figure …?": a person of standing, not a number.
        return AskedPart(PERSON_LABELS, f"the {noun.lower_}", lemma, verb="name")
    if lemma in _CLOCK_NOUNS and determiner and noun.tag_ == "NN" and not of_a_period:
        # "What time did the attempt begin?", "At what exact hour …?": a time of day ("8.30am", "at
        # dawn"), not a day or a year.
        return AskedPart(TIME_LABELS, "the hour" if lemma == "hour" else "the time of day", lemma)
    if lemma in _COUNT_NOUNS and any(c.dep_ == "compound" and c.lemma_.lower() in _NUMBERED for c in noun.children):
        # "the tail number", "the flight number", "the case number": an identifier, whatever it is of;
        # "the casualty number" is a count.
        return AskedPart(IDENTIFIER_LABELS, f"the {_compound_phrase(noun)}", lemma)
    counted = _counted_by(noun)
    if counted is not None:
        # "the number of binary packages" asks what "how many binary packages" asks.
        return AskedPart(COUNT_LABELS, f"the number of {_as_written(counted)}", counted.lemma_.lower())
    type_nouns = list(_TYPE_NOUNS.items())
    # "Which hospital …?": a building or site, which the recogniser may also call an organisation.
    type_nouns.append((PLACE_LABELS | ORG_LABELS, _SITE_NOUNS))
    for labels, nouns in type_nouns:
        if lemma in nouns or noun.lower_ in nouns:
            compounds = " ".join(c.lower_ for c in noun.children if c.dep_ == "compound" and c.i < noun.i)
            if noun.i > 0 and _misread_as_a_verb(noun.doc[noun.i - 1]):
                compounds = noun.doc[noun.i - 1].lower_   # "think tanks"
            phrase = " or ".join(c.lower_ for c in [noun, *noun.conjuncts])
            phrase = f"{compounds} {phrase}" if compounds else phrase   # "the death toll"
            named = labels & NAME_LABELS and determiner
            return AskedPart(labels, f"the {phrase}", lemma, verb="name" if named else "give")
    if lemma in {"name", "title"}:
        return _name_part(noun)
    artefact = _kind_of_artefact(noun) if determiner else None
    if artefact is not None:
        # "Karvian missiles", "Russia's drones" say whose they are, not which.
        return AskedPart(NAME_LABELS - _WHOSE_LABELS, f"the {artefact.lower_}", lemma, verb="name",
                         named=artefact.lemma_.lower())
    if lemma in _RELEASE_NOUNS and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in noun.children):
        return AskedPart(VERSION_LABELS, f"the {noun.lower_}", lemma)
    return None


_WHOSE_LABELS = frozenset({"NORP", "GPE", "LOC"})
# Words that ask for a kind of a thing: "What kind of missile …?", "Which model of drone …?".
_KIND_NOUNS = frozenset("kind type sort model make variant class brand".split())
# Made things whose kind a name gives (a building's kind is no model: "What kind of building …?" stays open).
_ARTEFACTS = frozenset(general for general in KINDS_OF if general != "building") | frozenset(
    kind for general, kinds in KINDS_OF.items() if general != "building" for kind in kinds)


# Not "What (kind of) weapon …?": a general noun's answer may be named as anything ("an Olkha MLRS", "tear
# gas and batons"); on dev, asking it as a named part refused a question the documents answer.
_SPECIFIC_ARTEFACTS = _ARTEFACTS - frozenset(KINDS_OF)


def _kind_of_artefact(noun):  # type: ignore[no-untyped-def]
    """The artefact whose kind or model is asked: "missile" in "What kind of missile hit the station?",
    "Which missile …?", "jet" in "What type of jet …?". Its answer is a model's name ("a
    Tochka-U", "an Embraer Legacy 600") or a class ("military drones", ``_kinds_of``); a kind of anything
    else ("What kind of support …?") is a description, asked as an open question."""
    if noun.lemma_.lower() in _SPECIFIC_ARTEFACTS:
        return noun
    if noun.lemma_.lower() not in _KIND_NOUNS:
        return None
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    thing = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return thing if thing is not None and thing.lemma_.lower() in _SPECIFIC_ARTEFACTS else None


def _as_written(noun) -> str:  # type: ignore[no-untyped-def]
    """A noun for "The documents do not give the number of …": a name keeps its capitals and its words
    ("Chinese", "Civil Guards")."""
    if noun.pos_ != "PROPN" and not noun.ent_type_:
        return noun.lower_
    return " ".join([c.text for c in noun.children if c.dep_ == "compound" and c.i < noun.i] + [noun.text])


def _compound_phrase(noun) -> str:  # type: ignore[no-untyped-def]
    """The noun with the nouns compounded before it: "tail number"."""
    return " ".join([c.lower_ for c in noun.children if c.dep_ == "compound" and c.i < noun.i] + [noun.lower_])


def _counted_by(noun):  # type: ignore[no-untyped-def]
    """What a count noun counts: "packages" in "the number of packages", "the total of votes"; and a
    range of countable things ("the range of fatalities"), unlike the range of one thing (of a drone)."""
    lemma = noun.lemma_.lower()
    if lemma not in _COUNT_NOUNS and lemma != "range":
        return None
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    counted = next((c for c in of.children if c.dep_ == "pobj" and c.pos_ == "NOUN"), None) if of is not None else None
    if counted is not None and lemma == "range" and counted.tag_ != "NNS":
        return None
    return counted


_COUNT_NOUNS = frozenset({"number", "total", "count", "tally"})
# Things known by a number: "the tail number", "the case number".
_NUMBERED = frozenset("tail flight phone telephone serial registration case model part licence license plate "
                      "account reference order tracking issue bug ticket seat room house street bus route train "
                      "platform gate hull call".split())


def _name_part(noun) -> AskedPart:  # type: ignore[no-untyped-def]
    """'the name of the factory', 'the names of the two nationals': typed by what is named."""
    owner = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    named = next((c for c in owner.children if c.dep_ == "pobj"), None) if owner is not None else None
    if named is None:
        return AskedPart(NAME_LABELS, "the name", noun.lemma_.lower(), verb="give")
    named = _after_its_hyphens(named)   # "the jet's co-pilot": the tokenizer split "co", "-", "pilot"
    labels = next((labels for labels, nouns in _TYPE_NOUNS.items() if named.lemma_.lower() in nouns), None)
    if labels is None or not labels & NAME_LABELS:
        wanted = NAME_LABELS
    elif labels & PERSON_LABELS:
        wanted = PERSON_LABELS
    elif labels & PLACE_LABELS:
        # A named place is often an organisation or a facility ("the Kupol plant").
        wanted = (labels | ORG_LABELS | frozenset({"FAC"})) & NAME_LABELS - frozenset({"NORP"})
    else:
        wanted = labels & NAME_LABELS   # "the name of the company" is an organisation's, read for its role
    return AskedPart(wanted, f"the {_hyphenated(named)}", noun.lemma_.lower(), verb="name",
                     named=named.lemma_.lower())


def _after_its_hyphens(token):  # type: ignore[no-untyped-def]
    """The last word of a hyphenated word the tokenizer split ("co", "-", "pilot" -> "pilot")."""
    doc = token.doc
    while (token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_
           and not doc[token.i + 1].whitespace_):
        token = doc[token.i + 2]
    return token


def _noun_of_determiner(token):  # type: ignore[no-untyped-def]
    """The noun a 'which'/'what' determines ("which Chinese city"), read from the words that follow,
    because the parser sometimes attaches the wh-word elsewhere ("In which city …")."""
    doc = token.doc
    for follower in doc[token.i + 1 : token.i + 4]:
        if follower.pos_ == "NOUN":
            while follower.dep_ == "compound" and follower.head.pos_ in {"NOUN", "PROPN"}:
                follower = follower.head   # "which news outlets" asks for outlets
            return follower
        if _misread_as_a_verb(follower):
            return follower.doc[follower.i + 1]   # "which think tanks are named": "think" is no verb
        if follower.pos_ not in {"ADJ", "PROPN", "NUM"}:
            return None
    return None


def _misread_as_a_verb(token) -> bool:  # type: ignore[no-untyped-def]
    """Is a word the tagger calls a verb the first half of a compound noun ("which think tanks are
    named")? The noun after it is then the subject of another verb, not the object of this one."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return (token.pos_ == "VERB" and following is not None and following.pos_ == "NOUN"
            and following.dep_ in {"nsubj", "nsubjpass"} and following.head.i != token.i)


_CONJUNCTIONS = frozenset({",", "and", "or", ";", "but"})


def _asks(token) -> bool:  # type: ignore[no-untyped-def]
    """Does this wh-word open a question, not a subordinate or relative clause?

    It asks when it opens the question ("When did …", "In which city …", "According to X, what …")
    or a further part of it (", and when?"); "… the factory where X planned …" and "… newline=''
    when opening …" relate clauses and ask nothing. "Where does the name come from" asks for an
    origin, not a place.
    """
    doc = token.doc
    if token.lower_ == "where" and _asks_for_an_origin_of_words(doc[token.i + 1 :]):
        return False
    before = list(doc[: token.i])
    # Skip a leading preposition ("In which …") or hedge ("Roughly how many …", "And exactly when …"), or
    # an opening phrase ending in a comma.
    while before and before[-1].pos_ in {"ADP", "ADV"}:
        before.pop()
    if not before:
        return True
    return before[-1].lower_ in _CONJUNCTIONS and not _opens_a_clause(token)


def _opens_a_clause(token) -> bool:  # type: ignore[no-untyped-def]
    """"… travelling from and to when it came off the tracks?": after a conjunction, a wh-adverb followed
    by its own subject ("it came") opens a clause that says when, unlike "…, and when did it ship?"."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return (token.lower_ in {"when", "where", "why"} and following is not None
            and following.dep_ in {"nsubj", "nsubjpass"})


def _asks_for_an_origin_of_words(rest) -> bool:  # type: ignore[no-untyped-def]
    """"Where does the project's name come from?" asks where a word comes from, which no place answers;
    "Where was the train travelling from and to?" asks for places."""
    return any(t.lower_ == "from" for t in rest) and any(
        t.dep_ in {"nsubj", "nsubjpass"} and t.lemma_.lower() in _WORDING_NOUNS for t in rest)


# Nouns for words and names, whose origin is a story, not a place.
_WORDING_NOUNS = frozenset("name names word words term terms title phrase expression nickname idea".split())


def _noun_after(tokens, start: int):  # type: ignore[no-untyped-def]
    """The counted noun of "how many …": "how many titanium alloy shipments" counts shipments."""
    quantifier = tokens[start - 1]   # "many": the parse attaches it to the noun it counts
    head = quantifier.head
    between = tokens[quantifier.i + 1 : head.i]
    if head.pos_ == "NOUN" and head.i > quantifier.i and not any(t.pos_ in {"VERB", "AUX"} for t in between):
        return head
    if tokens[start : start + 2] and tokens[start].lower_ == "of" and tokens[start + 1].pos_ == "PRON":
        # "how many of them were migrants": the noun the copula gives them.
        verb = tokens[start + 2] if start + 2 < len(tokens) else None
        if verb is not None and verb.lemma_ == "be":
            attribute = next((c for c in verb.children if c.dep_ == "attr" and c.pos_ == "NOUN"), None)
            if attribute is not None:
                return attribute
    name = None   # "how many Garpiya-3 drones" counts drones; a name alone is the fallback
    for token in tokens[start : start + 4]:
        if token.pos_ == "NOUN":
            while token.dep_ in {"compound", "nmod"} and token.head.pos_ in {"NOUN", "PROPN"}:
                token = token.head
            return token
        if token.pos_ == "PROPN":
            while token.dep_ == "compound" and token.head.pos_ == "PROPN":
                token = token.head   # "how many Civil Guards" counts guards, not "Civil"
            name = name or token
        elif token.pos_ in {"VERB", "AUX"}:
            break
    return name


# Nouns for those who publish or report: "which newspaper", "which news organisations", "which outlet".
_SOURCE_NOUNS = frozenset(
    "newspaper paper outlet agency organisation organization publication media broadcaster channel site "
    "website magazine journal wire".split()
)


# Words that only say "the sources of these documents": with nothing else, a question asks about the
# whole collection ("Which news organisations' reporting do the documents rely on?").
_ABOUT_SOURCES = frozenset(stem(word) for word in (
    "news organisation organisations organization organizations outlet outlets agency agencies newspaper "
    "newspapers paper papers publication publications media broadcaster broadcasters reporting report reports "
    "reported rely relies draw draws cite cites cited quote quotes quoted base based depend depends use uses "
    "source sources document documents article articles corpus text texts collection mainly mostly most".split()))


def asks_about_the_sources(analysis: QuestionAnalysis) -> bool:
    """A list question about who the documents' sources are ("Which news organisations …?", "Which
    outlets reported on the supplies?"): its answer is gathered one source at a time, from the passages
    about its topic, if it has one, or from the whole collection."""
    if not analysis.asks_for_source or analysis.form != "list":
        return False
    return _asks_for_sources(list(analysis.parts)) or not has_a_topic(analysis)


def has_a_topic(analysis: QuestionAnalysis) -> bool:
    """Does the question say what it is about, beyond the documents and their sources ("… reported on
    Chinese supplies to Russia")?"""
    return bool(set(content_terms(analysis.text)) - _ABOUT_SOURCES)


def reporters(sentence: str, analysis: QuestionAnalysis) -> list[str]:
    """The names of the asked kind (an organisation, for "which news organisations") that report the
    sentence: "…, Politico reported", "according to the Times", lower-cased."""
    doc = parse(sentence)
    speaking = speaker_tokens(sentence)
    labels = frozenset().union(*(part.labels for part in analysis.parts))
    return [ent.text.lower().removeprefix("the ") for ent in doc.ents
            if ent.label_ in labels and ent.root.i in speaking]


def kind_nouns(part: AskedPart) -> frozenset[str]:
    """The nouns that name the kind of thing a part asks for ("month", "year", "city"), and its own noun."""
    kinds = frozenset().union(*(nouns for labels, nouns in _TYPE_NOUNS.items() if labels & part.labels))
    return kinds | {part.noun} if part.noun else kinds


def _asks_for_sources(parts: list[AskedPart]) -> bool:
    """Does the question ask which outlets or agencies reported something? Then who reports a sentence
    is the answer, not something to set aside."""
    return any(part.noun in _SOURCE_NOUNS for part in parts)


def _unique(parts: list[AskedPart]) -> list[AskedPart]:
    seen: set[str] = set()
    kept = []
    for part in parts:
        if part.missing not in seen:
            seen.add(part.missing)
            kept.append(part)
    return kept


_OR_NOT = re.compile(r",?\s+or\s+not$", re.IGNORECASE)


def _proposition(question: str) -> str | None:
    """A yes/no question as the claim it asks about: 'Has China sent drones to Russia?' -> 'China has
    sent drones to Russia'; 'Did China give Russia weapons?' -> 'China did give Russia weapons'.
    None when the parse gives no subject to move: a claim still worded as a question cannot be
    stated, so no disagreement can be reported about it."""
    # "Did Beijing know? What do the reports say?": the first question is the yes/no one.
    text = re.split(r"\?\s+(?=\S)", question.strip(), maxsplit=1)[0].rstrip("?").strip()
    # "Is X true, or is that disinformation?", "Has China denied it, and what do others say?":
    # the proposition is the first, yes/no part.
    # After a comma, "or" always opens the alternative ("Have whole weapons reached Russia, or only
    # parts?"): the proposition is the first one, which the second denies.
    text = re.split(r",\s+or\s+|,?\s+(?:and|or|but)\s+(?=(?:what|who|which|how|when|where|why|is|are|was|"
                    r"were|do|does|did|has|have)\b)", text, maxsplit=1)[0]
    text = _OR_NOT.sub("", text)   # "Is Zelenskyy blaming Beijing itself, or not?" asks whether he is
    lowered = text.lower()
    for opener in ("is it true that ", "is it the case that ", "is it correct that "):
        if lowered.startswith(opener):
            return text[len(opener):]
    doc = parse(text)
    if len(doc) < 2 or doc[0].lower_ not in _AUXILIARIES:
        return text
    # The first subject: the one right after the auxiliary. The small parser sometimes hangs a second
    # subject on the auxiliary ("Did China *ship* military drones" read with "ship" as a noun).
    subjects = [t for t in doc if t.dep_ in {"nsubj", "nsubjpass", "expl"} and t.i > 0]
    subject = subjects[0] if subjects else None
    if subject is None:
        return doc[1:].text
    left, right = subject.left_edge.i, _subject_end(subject)
    if left != 1:
        return None
    rest = doc[right:].text
    return f"{doc[left:right].text} {doc[0].lower_} {rest}".strip()


def _subject_end(subject) -> int:  # type: ignore[no-untyped-def]
    """Where the subject of a yes/no question ends. The small parser sometimes hangs the predicate
    on the subject: an adjective after its noun ("Was the government *aware* of …") or a clause with
    a subject of its own ("Was the flash … *a rocket* going wrong"), or the progressive verb itself
    ("Are Chinese companies *selling* drones …"); the subject ends before any of them. A passive
    question with nothing else after its auxiliary has its participle hung there too ("Was the blast
    *caused* by a rocket", "Were the drones made in China *sent* to Russia"): the last one is the verb."""
    passive = _passive_participle(subject)
    if passive is not None:
        return passive.i
    for token in subject.subtree:
        if token.i <= subject.i:
            continue
        if token.head == subject and (token.dep_ == "amod" or (token.dep_ == "acl" and token.tag_ == "VBG")):
            return token.i
        if token.dep_ in {"nsubj", "nsubjpass"}:
            return token.left_edge.i
    return subject.right_edge.i + 1


def _passive_participle(subject):  # type: ignore[no-untyped-def]
    """The past participle that the parser made a modifier of the subject when it is the question's
    real verb: the subject hangs on the auxiliary, which says nothing else."""
    auxiliary = subject.head
    if auxiliary.dep_ != "ROOT" or auxiliary.lemma_ != "be":
        return None
    if any(c.dep_ not in {"nsubj", "nsubjpass", "punct"} for c in auxiliary.children):
        return None
    if any(t.dep_ in {"nsubj", "nsubjpass"} for t in subject.subtree if t.i != subject.i):
        return None   # a clause with a subject of its own ("… *a rocket* going wrong") says what it is
    participles = [c for c in subject.children if c.dep_ == "acl" and c.tag_ == "VBN"]
    return participles[-1] if participles else None


def given_names(part: AskedPart, sentence: str, analysis: QuestionAnalysis) -> set[str]:
    """The entities of the asked kind that ``sentence`` names beyond the question, lower-cased, leaving
    out whoever reports it (see ``gives``)."""
    question = analysis.text.lower()
    doc = parse(sentence)
    attribution = set() if analysis.asks_for_source else speaker_tokens(sentence)
    question_doc = parse(analysis.text)
    role = _role_asked(part)
    person_role = (part.named or part.noun) if part.labels & PERSON_LABELS else None
    # "Which aircraft …?" speaks of it as "the jet" too: a kind of the asked thing is the thing.
    # Or by its general name: "the Russian vessel, named MV Rhosus" for "the name of the ship".
    named = [t for t in doc if role and t.lemma_.lower() in {role, *KINDS_OF.get(role, ()), *_kinds_above(role)}]
    found = {ent.text.lower() for ent in _entities(doc)
             if ent.label_ in part.labels and not named_in(ent.text, ent.label_, question)
             and not _spelt_out_acronym_of_the_question(ent, question)
             and not _referred_to(ent, part, question)
             and (ent.root.i not in attribution or any(_names(ent, thing) for thing in named)
                  or _titled_as_asked(ent, person_role))
             and not _misread_person(ent) and not _photo_credit(ent) and not _misread_division(ent)
             and not (part.labels & PERSON_LABELS and ent.label_ == "PERSON"
                      and _titled_otherwise(ent, part.named or part.noun))
             and not (_titled_as_asked(ent, person_role) and _of_another(ent, person_role, question_doc))
             and not (part.labels & PERSON_LABELS and _a_people_as_adjective(ent)
                      and not (part.labels == AGENT_LABELS and _names_a_states_body(ent)))
             and not (part.noun in _SETTLEMENT_NOUNS and _names_a_country(ent))
             and not (ent.label_ == "DATE" and _vague_span(ent))
             and not (ent.label_ in NUMBER_LABELS and _numbers_a_name(ent[0]))
             and not (ent.label_ == "CARDINAL" and not _bare_number_answers(part, doc))
             and not (part.noun in _FACILITY_NOUNS and not names_a_facility(ent, part.noun, _PLACE_NOUNS))
             and (not _must_be_named(part, named) or any(_names(ent, thing) for thing in named))
             and not (_asks_for_a_place(part) and ent.label_ in PLACE_LABELS
                      and (not locates_the_asked(ent, part, analysis) or _before_a_hyphen(ent)))
             # "Where was the jet headed?" is not answered by "the jet went down in the Tver region".
             and not (_asks_for_a_place(part) and asks_for_a_destination(analysis) and not is_a_destination(ent))
             # "Where was the train travelling from and to?" is not answered by "derailed near East Palestine".
             and not (_asks_for_a_place(part) and asks_for_both_ends(analysis) and not is_an_end(ent))
             and not (part.labels == ORG_LABELS and not analysis.asks_for_source
                      and not acts_in_the_asked(ent, part, analysis))
             and not (ent.label_ == "MONEY" and not amounts_to_the_asked(ent, part, analysis))
             and (analysis.asks_for_source or _titled_as_asked(ent, person_role)
                  or not speaks_of_it(ent, question_doc))}
    # "a new drone model called Garpiya-3", "the Tochka-U tactical missiles": a name the recogniser does
    # not know is a name all the same.
    unknown = [name for thing in named for name in _called(thing)]
    if part.named in _ARTEFACTS:
        unknown += [name for thing in named for name in _kinds_of(thing)] + (_said_to_be(doc) if named else [])
    unknown_names = {name.lower() for name in unknown if name.lower() not in question}
    # "Aerion Swift" (the recogniser's) within "Aerion Swift 300" (the model before "jet") is one name.
    return {name for name in found | unknown_names
            if not any(name != longer and name in longer for longer in unknown_names)}


def _kinds_above(kind: str) -> set[str]:
    """The general nouns a kind of thing is one of: "ship" -> {"vessel"}."""
    return {general for general, kinds in KINDS_OF.items() if kind in kinds}


def _titled_otherwise(ent, role: str | None) -> bool:  # type: ignore[no-untyped-def]
    """Does the sentence give the person a title other than the asked role? "Who is the spokesperson
    …?" is not answered by "Prime Minister Pedro Sánchez", "Pedro Sánchez, the prime minister" or "the
    prime minister, Pedro Sánchez"; a name with no title beside it ("Lior Haiat said …") may be anyone's."""
    if role is None or role in _ANY_PERSON:
        return False
    titles = _titles_beside(ent)
    return bool(titles) and not any(_same_role(title, role) for title in titles)


def _titled_as_asked(ent, role: str | None) -> bool:  # type: ignore[no-untyped-def]
    """Does the sentence give the person the asked role ("Mayor Ilvo Merrow said …" for "Who is the
    mayor?")? Then the speaker is the answer, not merely who reports it."""
    return role is not None and role not in _ANY_PERSON and any(_same_role(t, role) for t in _titles_beside(ent))


def _of_another(ent, role: str | None, question) -> bool:  # type: ignore[no-untyped-def]
    """Does the sentence title the person as the holder of the asked role for someone else? "Who is the
    health minister of the Tripoli-based government?" is not answered by "X, the health minister in
    Libya's eastern administration": the sentence says whose minister, and it is none of the words by
    which the question says whose. A title that says of no one ("Mayor X said …") may be the asked one."""
    noun = next((t for t in question if t.lemma_.lower() == role), None) if role else None
    if noun is None:
        return False
    asked = _whose_words(noun, {"NOUN", "PROPN", "ADJ"})
    # Only a name says whose in the sentence: "the town's mayor" may be the asked town's.
    said = set().union(*(_whose_words(title, {"PROPN"}) for title in _title_tokens(ent)))
    return bool(asked) and bool(said) and not asked & said


def _whose_words(noun, kinds: set[str]) -> set[str]:  # type: ignore[no-untyped-def]
    """The words of the ``kinds`` that say whose a role is: "of/for/in the X", "X's". Not a description
    ("the elderly villager") nor a nationality ("Which Karvian general …?"), which a report may leave out."""
    return {stem(t.lemma_.lower()) for c in noun.children if c.dep_ in {"prep", "poss"}
            for t in c.subtree if t.pos_ in kinds}


def _titles_beside(ent) -> set[str]:  # type: ignore[no-untyped-def]
    """The person nouns written beside a name: "Prime Minister Pedro Sánchez", "Pedro Sánchez, the prime
    minister", "his foreign minister, Sergei Lavrov"."""
    return {t.lemma_.lower() for t in _title_tokens(ent)}


def _title_tokens(ent) -> list:  # type: ignore[no-untyped-def, type-arg]
    """The title words themselves: compounds before the name, its appositions, or the noun it is in
    apposition to ("his foreign minister, Sergei Lavrov")."""
    beside = [t for t in ent.root.children if (t.dep_ == "compound" and t.i < ent.start) or t.dep_ == "appos"]
    if ent.root.dep_ == "appos":
        beside.append(ent.root.head)
    return [t for t in beside if t.lemma_.lower() in PERSON_NOUNS]


def titles_the_asked_role(part: AskedPart, sentence: str, exactly: bool = False) -> bool:
    """Does the sentence give the asked role its word ("Osama Aly, a spokeswoman for …" for "Which
    spokeswoman …?"), ``exactly`` or as one of its forms ("spokesperson")? Only for a role a person is
    named by, not any person ("Which official …?")."""
    role = part.named or part.noun
    if not part.labels & PERSON_LABELS or role is None or role in _ANY_PERSON or role not in PERSON_NOUNS:
        return False
    words = {t.lemma_.lower() for t in parse(sentence)}
    return role in words if exactly else any(_same_role(word, role) for word in words)


def _same_role(title: str, role: str) -> bool:
    # "spokesman", "spokeswoman" and "spokesperson" are one role.
    return title == role or (title.startswith("spokes") and role.startswith("spokes"))


# Nouns for any person at all, or for a kind that many titles fall under: a minister or an ambassador
# answers "Which diplomat …?", any titled name "Which official …?".
_ANY_PERSON = frozenset("person people man woman official officials name diplomat leader politician "
                        "representative member figure".split())


def _a_people_as_adjective(ent) -> bool:  # type: ignore[no-untyped-def]
    """"the Moroccan security forces", "French daily Le Monde": a people's adjective names nobody; "155
    Chinese", "the Moroccans" name people (an answer to "Which nationals …?")."""
    return ent.label_ == "NORP" and ent.root.dep_ in {"amod", "compound"}


def _names_a_states_body(ent) -> bool:  # type: ignore[no-untyped-def]
    """"the Ukrainian military", "Moroccan security forces": to "Who did it?" a people's adjective on a
    body that acts for a state names that state's side, though it names no person."""
    return ent.root.head.lemma_.lower() in ACTING_BODIES


def _entities(doc):  # type: ignore[no-untyped-def]
    """The recogniser's entities, and the person it folded into an organisation's name: "the National
    Police Serhiy Shaikhet" is read as one organisation, though it is an officer of it, named."""
    found = [_as_a_place(_as_a_facility(ent)) for ent in doc.ents]
    for ent in doc.ents:
        person = _person_after_institution(ent)
        if person is not None:
            found.append(person)
    return found


def _as_a_facility(ent):  # type: ignore[no-untyped-def]
    """"the Sgt. Willie Deleon Civic Center": the recogniser reads a building named after someone as that
    person. A name after "the" (titles aside) that ends in a capitalised word for a building is the
    building; "Commander Nathan Hall" is still a person."""
    last = ent[-1]
    if ent.label_ != "PERSON" or len(ent) < 2 or not last.text.istitle() or last.lower_ not in _BUILDING_ENDINGS:
        return ent
    before = ent.start - 1
    while before >= 0 and ent.doc[before].lower_.rstrip(".") in TITLE_ABBREVIATIONS:
        before -= 1
    if before >= 0 and ent.doc[before].lower_ == "the":
        return Span(ent.doc, ent.start, ent.end, label="FAC")
    return ent


def _as_a_place(ent):  # type: ignore[no-untyped-def]
    """"the news conference in Wailuku", "in Kahului on Monday": the small recogniser reads a town it does not
    know as a people or a person, or as an organisation after "near" ("near Balasore in Odisha"; "in" an
    organisation may be a paper one reads something in). A proper name that a preposition of place governs,
    and that is no one's ("in Andaya's words") nor a country's people ("in Chinese"), is a place."""
    head = ent.root.head
    if ent.root.dep_ != "pobj" or not (
            (ent.label_ in {"NORP", "PERSON"} and head.lower_ in _PLACE_PREPOSITIONS)
            or (ent.label_ == "ORG" and head.lower_ in _PLACE_PREPOSITIONS - {"in"})):
        return ent
    if not all(t.pos_ == "PROPN" for t in ent) or ent.text.lower() in COUNTRY_OF:
        return ent
    following = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if following is not None and following.tag_ == "POS":
        return ent
    return Span(ent.doc, ent.start, ent.end, label="GPE")


_PLACE_PREPOSITIONS = frozenset({"in", "near", "outside"})


# The last word of a building's name, as in "the Willie Deleon Civic Center", "the Royal Albert Hall".
_BUILDING_ENDINGS = frozenset(
    "center centre hall arena museum library stadium hospital school church mosque airport bridge hotel".split())


def _person_after_institution(ent):  # type: ignore[no-untyped-def]
    if ent.label_ != "ORG" or len(ent) < 3:
        return None
    for i in range(ent.start + 1, ent.end - 1):
        name = ent.doc[i + 1 : ent.end]
        # "… Police Serhiy Shaikhet": a name after an institution's last word is an officer's.
        if (ent.doc[i].lower_ in INSTITUTION_NOUNS and 2 <= len(name) <= 3
                and all(t.pos_ == "PROPN" and t.text.istitle() for t in name)):
            return Span(ent.doc, name.start, name.end, label="PERSON")
    return None


def _photo_credit(ent) -> bool:  # type: ignore[no-untyped-def]
    """"REUTERS/Alexander Ermochenko", "AAP, AP / Abed Khaled", "Maxar Technologies/Handout": the
    agency and photographer of a picture, whose credit the page glued to the next sentence, are nobody
    the report speaks of."""
    doc = ent.doc
    return "/" in ent.text or (ent.start > 0 and doc[ent.start - 1].text == "/") or (
        ent.end < len(doc) and doc[ent.end].text == "/")


def _asks_for_a_place(part: AskedPart) -> bool:
    """"Where …?", "which city …?"; not "who …?", which a country may answer as a party."""
    return bool(part.labels & PLACE_LABELS) and not part.labels & PERSON_LABELS


def _must_be_named(part: AskedPart, named: list) -> bool:  # type: ignore[type-arg]
    """Must an entity name the asked-about thing itself? When the sentence mentions the thing ("in a
    Chinese factory"), always; a place or building ("the name of the factory") also when it does not,
    since its name is given beside it ("the Sunrise Works factory"). A person or a company is often
    named without the noun asked for ("Lior Haiat said …" for "the Israeli spokesman"), but not when the
    question asks for "the name of" one ("the name of Prigozhin's pilot"): a sentence that never says
    "pilot" names somebody else."""
    if named:
        return True
    if part.named is not None and part.named in _PLACE_NOUNS | _ARTEFACTS:
        return True   # "Which missile …?" is not answered by a sentence that never speaks of a missile
    return bool(part.labels & PERSON_LABELS) and (
        (part.noun == "name" and part.labels == PERSON_LABELS) or part.noun in _SPECIFIC_ROLES)


def _role_asked(part: AskedPart) -> str | None:
    """The noun whose bearer's name is asked: "the name of the pilot", "Which judge …?"."""
    if part.named:
        return part.named
    return part.noun if part.labels & PERSON_LABELS and part.noun in _SPECIFIC_ROLES else None


# Roles a report names beside their bearer ("Judge Ana Ruiz", "the pilot, Lars Berg", "its owner, …"): "Which
# judge …?" is not answered by a name in a sentence that never says judge. Not a kind of person a name
# stands for alone ("Which Ukrainian diplomat …?" by "Deputy Foreign Minister Yevhen Perebyinis", "Which
# spokesman …?" by "Lior Haiat said …"), nor an office often left out ("Zelenskyy said …").
_SPECIFIC_ROLES = frozenset(
    "judge pilot driver captain ombudsman prosecutor owner founder editor ceo chairman chairwoman general "
    "colonel admiral commander engineer".split())


# "In recent days", "for weeks": a span of time the recogniser tags DATE, which dates nothing.
_VAGUE_SPAN_WORDS = frozenset(
    "recent days weeks months years decades hours few several some many the just coming time".split())


def _vague_span(ent) -> bool:  # type: ignore[no-untyped-def]
    return all(t.lower_ in _VAGUE_SPAN_WORDS for t in ent)


# "Which city …?" is not answered by a country ("China"), though both are places (GPE).
_SETTLEMENT_NOUNS = frozenset({"city", "cities", "town", "towns", "village", "capital"})


def _before_a_hyphen(ent) -> bool:  # type: ignore[no-untyped-def]
    """"the US-led effort", "a Karvia-based firm": the place is part of a word that describes something
    else, and locates nothing."""
    doc = ent.doc
    return ent.end < len(doc) and doc[ent.end].text == "-" and not ent[-1].whitespace_


def _names_a_country(ent) -> bool:  # type: ignore[no-untyped-def]
    return re.sub(r"^the\s+", "", ent.text.lower()) in COUNTRIES


def _names(ent, thing) -> bool:  # type: ignore[no-untyped-def]
    """Does the entity name ``thing``, the noun whose name was asked for: "the Kupol plant", "the
    factory, Sunrise Works", "a factory called Sunrise Works"? "In a Chinese factory" names none, though
    the sentence names a company elsewhere."""
    inside = range(ent.start, ent.end)
    if ent.root.head.i == thing.i or thing.head.i in inside:
        return True
    copula = thing.head
    if copula.i == ent.root.head.i and copula.lemma_ == "be" and {thing.dep_, ent.root.dep_} <= {"nsubj", "attr"}:
        return True   # "The clinic's director is Dr. Ahmed Mokhallalati"
    return any(t.i in inside for child in _naming_clauses(thing) for t in child.subtree)


def _naming_clauses(thing):  # type: ignore[no-untyped-def]
    return [c for c in thing.children if c.dep_ == "acl" and c.lemma_.lower() in {"call", "name", "know", "dub"}]


def _called(thing) -> list[str]:  # type: ignore[no-untyped-def]
    """What a "called …"/"named …" clause names the thing: "Garpiya-3" in "a drone model called Garpiya-3"."""
    return [" ".join(t.text for t in name.subtree if t.pos_ != "PUNCT" and t.dep_ not in {"appos"})
            for clause in _naming_clauses(thing) for name in clause.children if name.dep_ in {"oprd", "attr", "dobj"}]


_QUOTE_MARKS = frozenset("\"“”'‘’")


def _model_name(thing) -> list[str]:  # type: ignore[no-untyped-def]
    """The model written before an artefact's noun: "Tochka-U" in "the Tochka-U tactical missiles" and
    "by “Tocka-U” missile", "Embraer Legacy 600" in "the crashed Embraer Legacy 600 jet". A country or
    people ("Russian missiles") is whose it is, not its model."""
    doc = thing.doc
    i = thing.i - 1
    # The sentence's first word is capitalised anyway, so it is never read as a model's name.
    while i > 0 and doc[i].pos_ == "ADJ" and doc[i].text.islower() and thing.i - i <= 2:
        i -= 1   # "tactical": a word of description between the model and the noun
    end = i + 1
    while i > 0 and (doc[i].text[:1].isupper() or doc[i].text[:1].isdigit() or doc[i].text in _QUOTE_MARKS
                     or (doc[i].text == "-" and i + 1 < end)):
        i -= 1
    words = [t for t in doc[i + 1 : end] if t.text not in _QUOTE_MARKS]
    while words and words[0].text == "-":
        words = words[1:]
    if not any(t.text[:1].isupper() and t.lower_ not in COUNTRY_OF and t.ent_type_ not in _WHOSE_LABELS
               for t in words):
        return []
    return [doc[words[0].i : words[-1].i + 1].text] if words else []


def _kinds_of(thing) -> list[str]:  # type: ignore[no-untyped-def]
    """What kind the sentence says the artefact is: its model ("Tochka-U", by ``_model_name``; "a drone
    model called Garpiya-3"), or its class in words that classify it ("military drones", "a ballistic
    missile", "long-range attack drones", "a surface-to-air missile")."""
    kinds = _model_name(thing)
    if thing.dep_ == "compound" and thing.head.lemma_.lower() in _KIND_NOUNS:
        kinds += _called(thing.head)
    if kinds:
        return kinds   # the model says more than its class
    classifying = [c for c in thing.children if c.dep_ in {"amod", "compound", "nmod"} and c.i < thing.i
                   and c.text.islower() and c.lemma_.lower() not in _NOT_KINDS and c.tag_ not in {"VBN", "VBD"}]
    if classifying:
        first = min(t.i for c in classifying for t in c.subtree)
        kinds.append(thing.doc[first : thing.i + 1].text)
    return kinds


# Modifiers that describe an artefact without classifying it: "a new drone", "two large missiles".
_NOT_KINDS = frozenset(
    "new old large small big huge little many few other same several more most first last certain such various "
    "unknown own entire whole main major minor recent further additional possible latest similar single".split())


def _said_to_be(doc) -> list[str]:  # type: ignore[no-untyped-def]
    """Names a sentence says a thing it speaks of was: "stated that it was an Iskander or a Tochka"."""
    names: list[str] = []
    for token in doc:
        if token.dep_ != "attr" or token.head.lemma_ != "be" or not token.text[:1].isupper():
            continue
        if any(c.dep_ == "nsubj" and c.lower_ in {"it", "this", "that"} for c in token.head.children):
            names += [t.text for t in (token, *token.conjuncts) if t.text[:1].isupper()]
    return names


def _referred_to(ent, part: AskedPart, question: str) -> bool:  # type: ignore[no-untyped-def]
    """Does the question already refer to this entity by its head noun: "al-Ahli Arab Hospital" for
    "the hospital grounds", "the Nova Kakhovka Hydroelectric Power Station's dam" for "Which company
    built the dam?"? Not when that noun is what is asked for ("which hospital")."""
    head = ent.root.lower_
    if ent.root.pos_ not in {"PROPN", "NOUN"} or head == (part.noun or ""):
        return False
    return re.search(rf"\bthe {re.escape(head)}\b", question) is not None


def gives(part: AskedPart, sentence: str, analysis: QuestionAnalysis) -> bool:
    """Does ``sentence`` hold something of the kind ``part`` asks for, beyond what the question says?

    Who reports a sentence is not what it reports: "Human Rights Watch said a rocket hit the
    hospital" does not name the company that made the rocket. Unless the question asks who
    reported or said something, the speaker's name does not count. A count is a number that is
    not a sum of money, a share or a date.
    """
    question = analysis.text.lower()
    if part.noun == "hour":
        # "At what hour …?" is answered by a clock time only: "on the night of June 6" is a TIME too.
        return any(m.group(0).lower() not in question for m in CLOCK.finditer(sentence))
    doc = parse(sentence)
    if given_names(part, sentence, analysis):
        return True
    if part.labels == AGENT_LABELS and _fills_the_asked_role(parse(analysis.text), doc):
        return True
    if part.labels == TIME_LABELS:
        # The small recogniser often misses a clock time ("8.30am" tagged ORG) or a part of the day ("at
        # dawn"): read them by pattern.
        found = [m.group(0) for m in CLOCK.finditer(sentence)] + [m.group(0) for m in _PART_OF_DAY.finditer(sentence)]
        return any(text.lower() not in question for text in found)
    if part.labels & DATE_LABELS and _asks_when(analysis.text) and any(_event_time(t) for t in doc):
        return True
    if part.labels & IDENTIFIER_LABELS:
        return any(_IDENTIFIER.match(t.text) and t.text.lower() not in question for t in doc)
    if part.labels & VERSION_LABELS:
        return any(_VERSION.match(t.text) and t.text.lower() not in question for t in doc)
    if "CARDINAL" in part.labels:
        bare_numbers = _bare_number_answers(part, doc)
        return any(
            (t.like_num or t.lemma_.lower() in MULTIPLIERS) and t.text.lower() not in question
            and (t.ent_type_ in part.labels or t.ent_type_ not in _OTHER_VALUES)
            and (bare_numbers or t.ent_type_ in NUMBER_LABELS - {"CARDINAL"})
            and not _numbers_a_name(t)   # "the Embraer Legacy 600 jet" gives no figure
            for t in doc
        )
    return False


def _bare_number_answers(part: AskedPart, doc) -> bool:  # type: ignore[no-untyped-def]
    """May a number without a unit answer ``part``? "How much fuel was on board?" is not answered by
    "ten people on board": only where the sentence speaks of fuel; a measure with its unit ("two
    tonnes") may answer it all the same."""
    asks_an_amount_of = part.noun is not None and part.missing.startswith("the amount of ")   # "how much X"
    return not asks_an_amount_of or any(t.lemma_.lower() == part.noun for t in doc)


def _numbers_a_name(token) -> bool:  # type: ignore[no-untyped-def]
    """Is the number part of a name, right after the capitalised word it numbers ("Legacy 600", "Debian
    2.1")?"""
    before = token.doc[token.i - 1] if token.i > 0 else None
    # Not when it counts the plural noun after it: "Legacy 600 jet" is a name, "Airbus 300 jets" would be a count.
    return before is not None and before.text[:1].isupper() and before.pos_ == "PROPN" \
        and token.head.tag_ not in {"NNS", "NNPS"}


def _fills_the_asked_role(question, sentence) -> bool:  # type: ignore[no-untyped-def]
    """For "who …?": does the sentence use the question's verb with the asked role filled by a noun
    phrase, named or not? "Who does Sánchez blame for the violence?" is answered by "… which he blamed on
    'mafias who traffic in human beings'", though mafias are no named entity. The role is the
    wh-word's: its subject, or its object (or the object of "on"/"to": "blamed on X")."""
    wh = next((t for t in question if t.lower_ in {"who", "whom"}), None)
    if wh is None or wh.dep_ not in {"nsubj", "dobj"} or wh.head.pos_ != "VERB":
        return False
    verb = wh.head.lemma_.lower()
    for token in sentence:
        if token.pos_ != "VERB" or token.lemma_.lower() != verb:
            continue
        fillers = [c for c in token.children if c.dep_ == wh.dep_]
        if wh.dep_ == "dobj":
            fillers += [g for c in token.children if c.dep_ == "prep" and c.lower_ in {"on", "to"}
                        for g in c.children if g.dep_ == "pobj"]
        if any(f.pos_ in {"NOUN", "PROPN"} for f in fillers):
            return True
    return False


_PART_OF_DAY = re.compile(
    r"\b(?:at|before|after|around|by|in the|late at|early in the)\s+"
    r"(?:dawn|dusk|daybreak|sunrise|sunset|midnight|noon|midday|night|morning|afternoon|evening)\b",
    re.IGNORECASE)
_OTHER_VALUES = frozenset({"MONEY", "PERCENT", "DATE", "TIME", "ORDINAL"})
# Capital letters and digits, at least one of each ("RA-02795", "MH17", "N-123AB"); digits alone are too
# often a year or a count to be read as a code.
_IDENTIFIER = re.compile(r"^(?=[^\s]*\d)(?=[^\s]*[A-Z])[A-Z0-9][A-Za-z0-9\-/.]{2,}$")
_VERSION = re.compile(r"^[vV]?\d+(?:\.\d+)+[a-z0-9]*$|^[vV]\d+$")
# Buildings and sites (the OntoNotes FAC class): "al-Ahli Arab Hospital" is no person's name.
_FACILITY_NOUNS = frozenset(
    "hospital clinic school church mosque airport bridge street road square hotel building station port camp "
    "prison stadium checkpoint crossing gate fence shipyard factory warehouse terminal club nightclub bar "
    "restaurant theatre theater university dock harbour harbor refinery".split())
# The facilities a "which …?" question asks for by name. Not "port", "station", "gate" or "crossing",
# which as often name no building ("Which port was the first to run on a kernel other than Linux?").
_SITE_NOUNS = frozenset(
    "hospital clinic school church mosque synagogue cathedral temple airport bridge hotel prison stadium "
    "checkpoint museum shipyard factory warehouse nightclub restaurant theatre theater refinery".split())
_PLACE_NOUNS = _TYPE_NOUNS[PLACE_LABELS] | _FACILITY_NOUNS   # not "government": "the Netanyahu government"
_INSTITUTION_NOUNS = _TYPE_NOUNS[ORG_LABELS] | _PLACE_NOUNS


_PARENTHESISED_ACRONYM = re.compile(r"\s*\(([A-Za-z]{2,10})\)")


def _spelt_out_acronym_of_the_question(ent, question: str) -> bool:  # type: ignore[no-untyped-def]
    """"High Mobility Artillery Rocket Systems (HIMARS)" is the HIMARS the question names, not an
    organisation that made it: a name followed by an acronym in brackets that the question uses."""
    after = _PARENTHESISED_ACRONYM.match(ent.doc.text, ent.end_char)
    return after is not None and after.group(1).lower() in _WORD.findall(question)


def _misread_division(ent) -> bool:  # type: ignore[no-untyped-def]
    """An ORG the recogniser made of a region: "the Donetsk Oblast", "Kherson Region" are places, no body
    that acts."""
    return ent.label_ == "ORG" and ent.root.lemma_.lower() in _DIVISION_NOUNS


# Words for a country's administrative divisions, which end a region's name.
_DIVISION_NOUNS = frozenset("oblast oblasts region province district county raion krai governorate prefecture "
                            "municipality canton".split())


def _compound_head(token):  # type: ignore[no-untyped-def]
    """The noun a chain of compounds and modifiers ends in: "Zaporizhzhia nuclear power plant" -> plant."""
    while token.dep_ in {"compound", "amod"} and token.head.i != token.i and token.head.pos_ in {"NOUN", "PROPN"}:
        token = token.head
    return token


def _misread_person(ent) -> bool:  # type: ignore[no-untyped-def]
    """A PERSON the small recogniser got wrong: a plural common noun ("Bloodstains and torched cars
    …"), a name ending in a kind of institution or building ("al-Ahli Arab Hospital"), or one that
    names such a place ("Al-Ahli" in "Al-Ahli hospital", "Kennedy" in "Kennedy airport")."""
    if ent.label_ != "PERSON":
        return False
    names_a_place = ent.root.dep_ == "compound" and _compound_head(ent.root).lemma_.lower() in _PLACE_NOUNS
    return ent.root.tag_ == "NNS" or ent.root.lemma_.lower() in _INSTITUTION_NOUNS or names_a_place \
        or _before_its_country(ent) or _described_as_an_institution(ent)


def _described_as_an_institution(ent) -> bool:  # type: ignore[no-untyped-def]
    """"French daily Le Monde", "weekly magazine Der Spiegel": a name its own description calls a
    newspaper, a company or a place."""
    # A named institution before a name ("the City Police Anna Berglund") is the person's, not a description.
    describing = {c.lemma_.lower() for c in ent.root.children if c.dep_ in {"amod", "nmod", "compound", "appos"}
                  and c.i < ent.start and c.pos_ != "PROPN"}
    return bool(describing & (_INSTITUTION_NOUNS | _PUBLICATION_NOUNS))


# Nouns by which a report describes a publication ("the daily", "the weekly magazine").
_PUBLICATION_NOUNS = frozenset({"daily", "weekly", "magazine", "tabloid", "broadsheet", "journal", "newspaper",
                                "broadcaster", "channel", "outlet"})


def _before_its_country(ent) -> bool:  # type: ignore[no-untyped-def]
    """"Kramatorsk, Ukraine: …": a name followed by a comma and a country is a town, as in a dateline."""
    after = ent.doc[ent.end : ent.end + 3]
    return len(after) >= 2 and after[0].text == "," and (
        after[1].lower_ in COUNTRIES or f"{after[1].lower_} {after[2].lower_ if len(after) > 2 else ''}" in COUNTRIES)


_WHEN = re.compile(r"\bwhen\b", re.IGNORECASE)
_CALENDAR = re.compile(r"\b(?:date|year|month|day)s?\b", re.IGNORECASE)
_TIME_PREPOSITIONS = frozenset({"before", "after", "during", "since", "until", "following", "amid"})


def _asks_when(question: str) -> bool:
    """'When …?' may be answered by an event ("before the invasion"); 'On what date …?' may not."""
    return bool(_WHEN.search(question)) and not _CALENDAR.search(question)


def _event_time(token) -> bool:  # type: ignore[no-untyped-def]
    """A time given by an event rather than a date: "before Vladimir Putin's invasion of Ukraine",
    "during the war". It answers "when?" as a reader would accept it."""
    return token.lower_ in _TIME_PREPOSITIONS and token.dep_ == "prep" and any(
        child.dep_ == "pobj" and child.pos_ == "NOUN" for child in token.children)


_PLACES_AND_PEOPLES = frozenset({"GPE", "NORP", "LOC"})
_WORD = re.compile(r"[^\W\d_]+")


def named_in(name: str, label: str, question: str) -> bool:
    """Does the (lower-cased) question already name this entity? A place also counts as named by its
    people's adjective, and the other way round: "which Chinese city" names China, so "China" does
    not answer it. Demonyms mostly share their stem with the place (China/Chinese, Russia/Russian,
    Israel/Israeli, Britain/British): a shared first four letters, and at least half the shorter word."""
    lowered = without_accents(name.lower())
    if lowered in without_accents(question):
        return True
    if label == "ORG" and _without_legal_form(lowered) in without_accents(question):
        return True   # "Norfolk Southern Corp." is the question's "Norfolk Southern"
    if label == "PERSON" and " " in lowered:
        # "Which Wagner figure besides Prigozhin was on board?" is not answered by "Yevgeny Prigozhin".
        surname = lowered.split()[-1]
        return len(surname) > 2 and surname in _WORD.findall(without_accents(question))
    if label not in _PLACES_AND_PEOPLES or " " in lowered:
        return False
    return any(_shared_stem(lowered, word) for word in _WORD.findall(question))


def _without_legal_form(name: str) -> str:
    """A company's name without the legal form after it: "norfolk southern corp." -> "norfolk southern"."""
    words = name.split()
    while len(words) > 1 and words[-1].strip(".,") in _LEGAL_FORMS:
        words.pop()
    return " ".join(words)


_LEGAL_FORMS = frozenset("corp corporation inc incorporated co company ltd limited llc plc ag sa gmbh group".split())


def _shared_stem(first: str, second: str) -> bool:
    shared = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        shared += 1
    return shared >= 4 and shared * 2 >= min(len(first), len(second))


# Words that point at the collection rather than at the subject: "according to the documents",
# "in the corpus", "across these sources". They carry nothing to match, so they are left out of
# what is embedded and searched; "which sources say …" keeps its words, since it asks for sources.
_COLLECTION = r"(?:documents?|corpus|sources?|articles?|texts?|files?|collection|reports?|reporting|material)"
_ABOUT_THE_COLLECTION = re.compile(
    rf"\b(?:according\s+to|in|across|from|within|based\s+on|throughout|among)\s+"
    # One word may come between ("the available documents"), but not a name: "the TASS report" is TASS's.
    rf"(?:the|these|those|this|your|my|our|all(?:\s+the)?)\s+(?:(?-i:[a-z]\w*)\s+)?{_COLLECTION}\b,?"
    rf"|\b(?:do|does|did)\s+(?:the|these|those)\s+{_COLLECTION}\s+(?:say|report|mention|state|show)\b",
    re.IGNORECASE,
)


def search_text(question: str) -> str:
    """The question as it is embedded and searched: without the words that refer to the collection itself."""
    stripped = _ABOUT_THE_COLLECTION.sub(" ", question)
    stripped = re.sub(r"\s+([,?.!])", r"\1", re.sub(r"\s{2,}", " ", stripped)).strip(" ,")
    return stripped if len(stripped) >= 8 else question


def places_of_the_act(analysis: QuestionAnalysis) -> frozenset[str]:
    """The towns, regions and sites where the question places what it asks about ("How many people were
    evacuated *from Oleshky*?", "… *in the Mykolaiv region*"), lower case. Countries are left out: a
    report on a war in Ukraine seldom repeats "in Ukraine" beside each figure."""
    # Read from the parse, not the recogniser, which tags many a town as a person or a product
    # ("from Oleshky", "in Kramatorsk"): a capitalised name after "in", "from", "at" …, or the name
    # that qualifies the noun there ("in the Mykolaiv region").
    places = set()
    for token in parse(analysis.text):
        if token.dep_ != "pobj" or token.head.lower_ not in _PLACING_PREPOSITIONS:
            continue
        named = [token] if token.pos_ == "PROPN" else [c for c in token.children if c.dep_ == "compound"]
        for name in named:
            if name.pos_ == "PROPN" and name.text[:1].isupper() and name.ent_type_ not in _NOT_PLACES \
                    and name.lower_ not in COUNTRY_OF:
                places.add(name.lower_)
    return frozenset(places)


_PLACING_PREPOSITIONS = frozenset({"in", "from", "at", "near", "inside", "outside"})
_NOT_PLACES = frozenset({"DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY", "NORP"})


def subject_names(analysis: QuestionAnalysis) -> frozenset[str]:
    """The question's names that stand in the subject of its proposition ("China" in "Did China …")."""
    if not analysis.proposition:
        return frozenset()
    doc = parse(analysis.proposition)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subject = next((t for t in root.children if t.dep_ in {"nsubj", "nsubjpass"}), None) if root else None
    if subject is None:
        return frozenset()
    subject_text = phrase_of(subject).lower()
    return frozenset(name for name in analysis.names if name in subject_text)


def acts(names: frozenset[str], sentence: str) -> bool:
    """Does one of ``names`` (or its demonym) stand in a subject, or the agent of a passive, in the sentence?"""
    doc = parse(sentence)
    for token in doc:
        is_subject = token.dep_ in {"nsubj", "nsubjpass"} or (token.dep_ == "pobj" and token.head.dep_ == "agent")
        if is_subject and mentions_name(names, phrase_of(token)):
            return True
    return False
