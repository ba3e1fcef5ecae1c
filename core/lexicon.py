"""Closed classes of English words that the parse-based readers need, each with its source.

Kept in one module so that every stage agrees on what a reporting verb or a negator is, and so
that a reader can check each list against the grammar it comes from. Nothing here comes from
one corpus: a phrase that is listed because one article used it is a defect.

Source for all lists: Quirk, Greenbaum, Leech and Svartvik, *A Comprehensive Grammar of the
English Language* (Longman, 1985): reporting verbs §16.33 and §14.41; negative words §10.54;
modal auxiliaries §4.49; hedging (downtoner and content-disjunct) adverbs §8.99 and §8.127;
multiplicative numerals §6.67. Abbreviations: the titles, ranks, months, company forms and Latin
abbreviations that English style guides write with a full stop (e.g. *New Hart's Rules*, ch. 10),
so that a stop after them does not end a sentence. Shell nouns: Schmid, *English Abstract Nouns as Conceptual Shells*
(Mouton de Gruyter, 2000), the frequent members of his factual, linguistic, mental-state, modal,
eventive and circumstantial classes.
"""

from __future__ import annotations

REPORTING_VERBS = frozenset(
    "say tell state claim assert insist report announce confirm declare note write argue add warn "
    "acknowledge admit allege accuse suggest explain stress emphasise emphasize maintain show reveal "
    "indicate conclude believe think find testify describe call quote cite".split()
)
DENIAL_VERBS = frozenset("deny reject refute dismiss disprove rebut repudiate contest dispute".split())
# Verbs by which a figure is established (WordNet measure.v.01, calculate.v.01, estimate.v.01, record.v.01):
# "Which body measured the jump in exports?" is answered by whom the figure is attributed to ("…, according
# to the Observatory of Economic Complexity").
MEASURING_VERBS = frozenset("measure calculate compute record estimate assess gauge tally count".split())
# Verbs by which someone gives a figure: says it, or puts, estimates or counts it ("officials put the toll at 50").
GIVING_VERBS = REPORTING_VERBS | frozenset({"put", "place", "estimate", "set", "count", "give", "tally"})
# What a party says, denies, asks, judges or makes of itself in public (after Levin's 1993 verbs of
# communication and of judgement): "the Kremlin launched its invasion" is no word of Russia's; "China has
# long portrayed itself as neutral" and "Nahshon criticised the report" are.
TELLING_VERBS = GIVING_VERBS | DENIAL_VERBS | frozenset(
    "inform notify brief tell disclose urge ask demand request propose pledge promise vow threaten "
    "portray present position style characterise characterize "
    "condemn denounce decry deplore criticise criticize praise welcome blame slam hail applaud complain protest "
    "question".split())
EVIDENCE_NOUNS = frozenset("evidence proof sign indication confirmation trace".split())
HEDGE_ADVERBS = frozenset(
    "reportedly allegedly possibly apparently perhaps maybe probably likely purportedly supposedly seemingly".split()
)
# Verbs that report a belief or a guess rather than a statement of fact: "officials believed a missile shot
# it down" (Hyland, 1998, "Hedging in Scientific Research Articles", lists them among the hedging devices).
HEDGE_VERBS = frozenset("believe suspect think suggest speculate guess assume presume suppose".split())
HEDGE_MODALS = frozenset("may might could would".split())
# Verbs of checking a report: "the figure could not be independently verified" is the reporter's caveat on
# what a source said (the wire-agency formula, e.g. the AP Stylebook's "could not be independently
# confirmed"), not a second party denying it.
VERIFYING_VERBS = frozenset("confirm verify corroborate substantiate authenticate".split())
NEGATORS = frozenset("not never no n't nobody nothing none neither nor".split())
# Negative implicative verbs: "avoided accusing", "refrained from sending" entail that the
# complement did not happen (Karttunen 1971, "Implicative verbs", Language 47(2)).
NEGATIVE_IMPLICATIVES = frozenset("avoid refrain decline fail neglect omit".split())
# Verbs that ask for, or wish, what their complement says rather than state it: "called on China to
# ensure its companies do not provide such assistance" asserts nothing about what the companies did.
DIRECTIVE_VERBS = frozenset("ensure urge ask demand request want wish hope need require order instruct encourage "
                            "press call".split())
# Adverbs and adjectives by which a speaker marks a report as false ("has falsely claimed that …"):
# the factive negation of reported content in Nairn, Condoravdi & Karttunen (2006), "Computing
# relative polarity for textual inference", ICoS-5.
FALSITY_WORDS = frozenset("falsely wrongly erroneously false untrue baseless groundless unfounded fabricated".split())
# Concessive prepositions (Quirk et al. §15.40) and the nouns of a stated position: "despite its
# official claim of neutrality", "for all its claims that it is neutral" concede a position only to
# assert against it.
# Words that ask who is to answer for an event: "Who was to blame for …?", "Who was responsible …?".
RESPONSIBILITY_WORDS = frozenset("blame responsible responsibility fault culprit".split())
# Phrases that attribute an event to a cause: "the explosion resulted from a misfired rocket".
CAUSAL_ATTRIBUTIONS = ("resulted from", "was caused by", "were caused by", "the result of", "blamed on",
                       "attributed to")
CONCESSIVE_PREPOSITIONS = frozenset("despite notwithstanding".split())
POSITION_NOUNS = frozenset("claim assertion insistence statement pledge promise stance position posture".split())

# Verbs by which someone speaks of, judges or perceives an event rather than takes part in it, after
# Levin (1993), *English Verb Classes and Alternations*: communication (§37: "assured", "told"), judgement
# (§33: "condemned"), assessment (§34: "investigated") and perception (§30: "identified", "saw"). "A munition
# that Human Rights Watch has not been able to identify" names no maker of it.
STANCE_VERBS = REPORTING_VERBS | DENIAL_VERBS | frozenset(
    "assure affirm reiterate repeat inform notify brief ask answer reply respond comment remark speak talk "
    "tweet post announce "
    "condemn criticise criticize denounce praise applaud commend hail welcome thank blame fault slam "
    "censure deplore decry "
    "assess evaluate examine investigate review study analyse analyze probe audit "
    "see hear notice observe watch witness identify recognise recognize know learn discover verify".split())

# Verbs of destroying and attacking, after Levin (1993): destroy verbs (§44: "destroy", "wreck",
# "demolish"), break verbs (§45.1) and the verbs of attack the news uses for one deed ("blew up",
# "sabotaged", "bombed"). "Who blew up the dam?" is answered by "the Kremlin accuses Kyiv of sabotaging
# the dam" as much as by "Russia blew up the dam".
DESTRUCTION_VERBS = frozenset(
    "destroy wreck demolish ruin raze devastate obliterate annihilate breach break smash shatter blow "
    "sabotage bomb attack strike hit shell detonate explode mine sink scuttle torpedo".split())
# Nouns for people ("how many nationals", "which official"): counted or named by who they are.
PERSON_NOUNS = frozenset(
    "person people man woman official officials spokesman spokeswoman spokesperson minister ambassador "
    "president leader expert analyst author journalist reporter politician diplomat general commander "
    "researcher scientist founder chief head director secretary envoy national nationals citizen citizens "
    "soldier soldiers fighter fighters victim victims suspect suspects ombudsman judge prosecutor mayor "
    "governor chairman chairwoman ceo officer officers witness witnesses doctor doctors activist activists "
    "lawyer lawyers investigator investigators editor correspondent worker workers rescuer rescuers survivor "
    "survivors resident residents eyewitness driver pilot nurse medic paramedic surgeon firefighter volunteer "
    "engineer employee manager owner guard policeman policewoman teacher student farmer priest imam rabbi "
    "chef coach player athlete singer actor artist writer novelist poet historian professor lecturer "
    "economist lawmaker senator deputy mp negotiator mediator agent operative representative delegate "
    "photographer cameraman spokesmen spokeswomen captain villager villagers passenger passengers warden "
    "conductor foreigner foreigners tourist tourists".split())
# Bodies that act for a state or an organisation, and end its name ("the Interior Ministry", "the
# Kherson Regional Police").
INSTITUTION_NOUNS = frozenset(
    "police ministry department service office agency council army force forces guard committee "
    "administration government court navy command directorate inspectorate".split())
# Who acts for a state besides its institutions: "Russia's military", "the Ukrainian troops".
ACTING_BODIES = INSTITUTION_NOUNS | frozenset({"military", "troops", "authorities", "leadership", "regime"})
# The same deeds as nouns: "accused the UK of directing the explosions".
DESTRUCTION_NOUNS = frozenset("explosion blast sabotage attack destruction bombing detonation".split())

# General nouns and the everyday kinds they cover, after the hypernym trees of Princeton WordNet 3.1 (Miller,
# 1995, "WordNet: a lexical database for English", CACM 38(11)): "How many vehicles were destroyed?" is
# answered by "four cars". Only concrete kinds a news or technical report counts are listed.
KINDS_OF: dict[str, frozenset[str]] = {
    "vehicle": frozenset("car truck lorry bus van jeep tank ambulance minibus motorcycle tractor train".split()),
    "aircraft": frozenset("plane airplane aeroplane jet helicopter drone airliner bomber fighter".split()),
    "weapon": frozenset("missile rocket bomb drone gun rifle shell grenade mine munition".split()),
    "vessel": frozenset("ship boat ferry tanker submarine frigate destroyer".split()),
    "building": frozenset("house home school hospital church mosque apartment office warehouse factory".split()),
    "kid": frozenset("child children son daughter".split()),
    "child": frozenset("kid kids son daughter".split()),
    # "11 Marines", "12 servicemen" are troops.
    "troop": frozenset("soldier marine serviceman servicemen servicemember sailor airman paratrooper".split()),
    "soldier": frozenset("troop marine serviceman servicemen servicemember paratrooper".split()),
}

# Kinds of harm a casualty figure counts. "How many were wounded?" is not answered by "471 were
# killed": a figure under a verb of one kind does not answer a question that names another.
HARM_KINDS: tuple[frozenset[str], ...] = (
    frozenset("kill die perish death dead fatality toll slay murder drown".split()),
    frozenset("wound injure hurt injury injured wounded maim".split()),
    # Taken to hospital: of the injured, but counted apart ("98 hospitalized" against "109 injured" is no dispute).
    frozenset("hospitalize hospitalise hospitalization".split()),
    # Bodies found: of the dead, but counted apart ("four bodies found" is no rival to "ten killed").
    frozenset("body corpse".split()),
    frozenset("arrest detain detention imprison capture".split()),
    frozenset("displace evacuate flee".split()),
)

# Words for one kind of event, after the synsets of Princeton WordNet 3.1 (explosion.n.01, blast.n.02,
# detonation.n.01; attack.n.01, assault.n.01, strike.n.05): "When did the blast happen?" is answered by
# "an explosion occurred on July 29".
EVENT_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset("explosion blast detonation blowup".split()),
    frozenset("attack assault strike raid".split()),
)
# Verbs that say only that something took place (WordNet happen.v.01: happen, occur, take place, come
# about): they name no act of their own for a sentence to share.
HAPPENING_VERBS = frozenset("happen occur take unfold transpire".split())

# Multiplicative numerals answer "how much did it grow": "tripled", "doubled".
MULTIPLIERS = frozenset("double triple quadruple halve twofold threefold fourfold tenfold".split())

# Abstract nouns that take their content from another sentence: "That allegation …", "This move …".
# A demonstrative before one of them points back; before a concrete noun ("These drones …") it does not.
SHELL_NOUNS = frozenset(
    "fact reason result thing point problem issue question matter idea notion belief view opinion "
    "position assumption hope fear suspicion conclusion claim allegation accusation assertion statement "
    "report remark comment argument suggestion explanation message news story account rumour rumor "
    "admission denial decision move step plan attempt effort approach policy strategy change development "
    "situation case event incident process trend possibility chance need ability failure finding evidence "
    "discovery revelation assessment estimate analysis".split()
)

# Titles written before a name with a full stop ("Sgt. Willie Deleon", "Col. Steve McCraw"), lower-cased.
TITLE_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st gen maj col lt sgt capt cpl pvt adm cmdr brig rep sen gov pres supt insp".split()
)
# Lower-cased, without their final full stop; a stop after one of these does not end a sentence.
ABBREVIATIONS = TITLE_ABBREVIATIONS | frozenset(
    "no vs etc e.g i.e u.s u.k u.n jan feb mar apr jun jul aug sep sept oct nov dec inc ltd corp co fig approx".split()
)

# The same reporting verbs as inflected forms, for the patterns that find who says a sentence in raw
# text, before (or without) a parse: alternatives of one regular expression.
SPEECH_VERB_FORMS = (
    r"said|says|say|stated|told|tells|added|adds|asserted|asserts|claimed|insisted|insists|"
    r"warned|warns|stressed|stresses|declared|declares|noted|explained|argued|argues|reported|"
    r"wrote|writes|announced|announces|acknowledged|acknowledges|admitted|admits|denied|denies|deny|confirmed|"
    r"confirms|suggested|suggests|showed|found|disclosed|accused|alleged|alleges|believes|maintained|"
    r"maintains|urged|urges|called on|concluded|estimated|revealed|reveals|blamed|blames"
)
# Forms that are just as often nouns ("false claims", "its claim of", "What it shows is") count as
# speech only when a reported clause follows.
NOUN_LIKE_SPEECH_FORMS = r"claims|claim|reports|notes|shows|finds|states|estimates"
# The commonest of them, with "quoted" and "according to": the cue the evidence ranker's features were
# fitted with (``rag.ranking``), so it stays as it is unless the ranker is fitted again.
SPEECH_CUE_FORMS = (
    r"said|says|told|stated|claimed|claims|warned|added|denied|quoted|according to|"
    r"reported|asserted|stressed|declared|insisted"
)


# Country names, demonyms and capitals used as metonyms for the state, after ISO 3166-1 short
# names and the CIA World Factbook's "Nationality" and "Capital" fields.
COUNTRIES: dict[str, tuple[str, ...]] = {
    "china": ("china", "chinese", "beijing", "prc", "people's republic of china"),
    "russia": ("russia", "russian", "moscow", "kremlin", "russian federation"),
    "ukraine": ("ukraine", "ukrainian", "kyiv", "kiev"),
    "united states": ("us", "u.s.", "usa", "u.s.a.", "united states", "america", "american", "washington"),
    "united kingdom": ("uk", "u.k.", "britain", "great britain", "united kingdom", "british", "london"),
    "iran": ("iran", "iranian", "tehran"),
    "north korea": ("north korea", "north korean", "pyongyang", "dprk"),
    "south korea": ("south korea", "south korean", "seoul"),
    "india": ("india", "indian", "new delhi", "delhi"),
    "israel": ("israel", "israeli", "jerusalem"),
    "germany": ("germany", "german", "berlin"),
    "france": ("france", "french", "paris"),
    "turkey": ("turkey", "turkish", "ankara", "türkiye"),
    "belarus": ("belarus", "belarusian", "minsk"),
    "japan": ("japan", "japanese", "tokyo"),
    "poland": ("poland", "polish", "warsaw"),
    "taiwan": ("taiwan", "taiwanese", "taipei"),
    "syria": ("syria", "syrian", "damascus"),
    "pakistan": ("pakistan", "pakistani", "islamabad"),
    "saudi arabia": ("saudi arabia", "saudi", "riyadh"),
}
COUNTRY_OF = {alias: country for country, aliases in COUNTRIES.items() for alias in aliases}

# The units a measure is given in, by what they measure: "about eight knots" is a speed, "40 feet" a length.
UNITS_OF = {
    "length": frozenset("m metre metres meter meters km kilometre kilometres kilometer kilometers mile miles "
                        "foot feet ft inch inches cm centimetre centimetres centimeter centimeters yard yards "
                        "mm millimetre millimetres nautical".split()),
    "mass": frozenset("kg kilogram kilograms kilogramme tonne tonnes ton tons pound pounds lb lbs gram grams g"
                      .split()),
    "speed": frozenset("mph knot knots km/h kph kmph".split()),
}
UNIT_WORDS = frozenset().union(*UNITS_OF.values())
