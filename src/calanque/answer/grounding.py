"""Is a sentence about what the question names? A fact about another place is a false answer.

"Combien d'habitants à Luynes ?" must not be answered with Port-Saint-Louis's population, nor
"Which painter is buried at Vauvenargues?" with a museum in Martigues, though both sentences
hold an item of the asked type and the asked word. A sentence *speaks of* the question's place
when its context — the sentence, the one before it, its passage's title and headings — names
that place (by the gazetteer, so "Aix" counts for Aix-en-Provence), and of one of the
question's other names ("Toulon", "MuCEM") when it holds that name's words; and it speaks of
the question's subject when the same context holds some of the focus (across languages the
words cannot match: there the name alone counts).

For a factoid, the sentences that speak of everything the question names come first, best
score first; when none does, the sources do not answer it (`refusal.py` refuses). A list may
rightly cite several places, so only its proper names outside the pack ("socca à Nice") must
be found somewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from calanque.answer.entities import PATTERN_TYPES, YEAR
from calanque.answer.question import (
    MOVING,
    PARTICLES,
    AnswerType,
    QuestionAnalysis,
    name_words,
    said_there,
    translated,
)
from calanque.answer.reading import (
    FEATURES,
    IN_CASE,
    MEANS,
    OF,
    SUBJECT_WORDS,
    Sentence,
    figures_of_another,
    opening,
    ranks_places,
    section,
    sentence_terms,
    statements,
    titled_context,
)
from calanque.index.analysis import fold, fold_text, tokens
from calanque.index.search import TermStats
from calanque.index.store import StoredChunk
from calanque.territory.gazetteer import Gazetteer

_FOCUS_CONTEXT = FEATURES.index("focus_context")
# Share of what is asked (the focus without the names, weighted by rarity) a sentence's context
# must hold.
_TOPIC_SHARE = 0.25
# A reader's score this high vouches for a sentence's topic (see `on_topic`).
_CONFIDENT = 0.9
# A name's word that one source in twenty holds ("France" on a French territory's site, "Edward")
# locates nothing; one that two sources hold always does (a small index has few sources).
_COMMON_SHARE = 0.05
# a sentence that says which is the latest: "la dernière édition", "most recently", "new"
_RECENT = re.compile(
    r"\b(?:derni(?:er|ere|ers|eres)|recent|recente|recents|recentes|recemment|nouveau|nouvelle"
    r"|latest|last|lately|recently|newest|new)\b"
)
_YEAR = frozenset("year years annee annees".split())
# … and the season or month asked: "What season is best?" after birdwatching asks the birds'
# season, not any season (the hiking seasons answered it)
_SEASON = frozenset(
    "season seasons saison saisons month months mois period periods periode periodes".split()
)
_NO_PREDICATE = (
    r"(?:still|really|very|always|now|open|closed|toujours|encore|vraiment|tres|bien|un|une|des"
    r"|le|la|les|en|ouverte?s?|fermee?s?)"
)
# How much of a thing is asked about, before it: "Is there enough sun?" asks of the sun.
_SOME = (
    r"(?:a |an |any |enough |much |many |some |plenty of |lots of )?"
    r"(?!(?:a|an|any|enough|much|many|some|plenty|lots)\b)"
)
# what a yes-or-no question says its subject is: "Is Marseille safe for tourists?", "Les
# calanques sont-elles gratuites ?" (not "a good option", a noun, nor an adverb; nor whether it
# is open, which a source says as often by when it closes: "Many shops close on Sundays")
_PREDICATE = re.compile(
    # (said by what: "Is the MuCEM accessible by wheelchair?" asks the wheelchair)
    r"^(?:is|are) (?!there\b|it\b)[^?]*? by (?:a |an |the )?(\w+)"
    r"|^(?:is|are|was|were) (?!there\b|it\b)(?:the )?[\w'’-]+(?: [\w'’-]+)?? (?!a |an |the )"
    rf"(?!{_NO_PREDICATE}\b)(\w+)(?: (?:for|in|at|on|to|during|with)\b[^?]*)? ?\?$"
    # (or, said by what, that: "La ville est-elle desservie par le train ?" asks the train)
    rf"|\b(?:est|sont)-(?:il|elle|ils|elles) (?!{_NO_PREDICATE}\b)\w+ (?:par|en|avec) "
    r"(?:le |la |les |l'|un |une |des )?(\w+)"
    rf"|\b(?:est|sont)-(?:il|elle|ils|elles) (?!{_NO_PREDICATE}\b)(\w+)\b"
    # … or asked with "est-ce que": "Est-ce que le parc national des Calanques est payant ?" is
    # not answered by when the park was created
    rf"|^est-ce qu(?:e |')[^?]+ (?:est|sont) (?!{_NO_PREDICATE}\b)(\w+) ?\?$"
    # … or the kind of the thing whose being there is asked: "Is there a night bus in
    # Marseille?" is not answered by an airport shuttle bus, nor "Y a-t-il un bus de nuit ?"
    rf"|^(?:is|are) there {_SOME}(\w+) \w+"
    r"(?: (?:in|at|on|near|around|along|between|from)\b[^?]*)? ?\?$"
    # (or that thing, of one word: "Is there a metro in Marseille?")
    rf"|^(?:is|are) there {_SOME}(\w+)"
    r"(?: (?:in|at|on|near|around|along|between|from)\b[^?]*)? ?\?$"
    r"|^(?:y a-t-il|est-ce qu'il y a|il y a) (?:un|une|des|du) \w+ (?:de|d') ?(\w+)"
    r" ?(?:\?|a |au |en |dans )"
    # … or that thing itself, or what it is said to be: "Y a-t-il un lac pour se baigner près
    # d'Aix ?" is not answered by where the bathing water's quality is published, "Y a-t-il
    # des écoles internationales… ?" is by "Des sections internationales… existent"
    r"|^(?:et )?(?:y a-t-il|est-ce qu'il y a|il y a) (?:un|une|des|du|de la) (?P<thing>\w+)"
    r"(?: (?P<quality>\w+))?"
    # … or the time of day or week asked about: "Is the metro open at night?"
    r"|\b(?:at|by|la|le|de|on) (night|nuit|soir|evening|weekend|week-end|lundi|mardi|mercredi"
    r"|jeudi|vendredi|samedi|dimanche|mondays?|tuesdays?|wednesdays?|thursdays?|fridays?"
    r"|saturdays?|sundays?)\b"
    # … or what one may do: "Peut-on y camper ?" is not answered by when the park was created
    # (not a verb that says nothing of it: "Can I take a regional train…?")
    # (said as a statement too, of the thing before: "On peut le visiter ?" after the largest
    # port is not answered by its tonnage)
    r"|^(?:peut-on|peut on|puis-je|pouvons-nous|can (?:i|we|you|one)|(?:est-ce qu')?on peut"
    r"|(?:est-ce que )?je peux|(?:est-ce que )?nous pouvons) (?:y |en |s'|se |le |la |les |l')?"
    r"(?!(?:take|get|go|have|do|make|find|be|see|bring|prendre|aller|avoir|faire|trouver|voir"
    r"|etre|emmener|amener|apporter)\b)"
    r"(\w+)"
    # … or what one must do: "Do I need to book…?", "Faut-il réserver… ?"
    r"|^(?:do|does) (?:i|we|you|one) (?:need|have) to (\w+)"
    # … or have: "Do I need a car to live in Aix?" is not answered by the insurances one needs
    r"|^(?:do|does) (?:i|we|you|one) need (?:a|an|any) (\w+)"
    r"|^(?:faut[- ]il|ai[- ]je besoin d'|a[- ]t[- ]on besoin d') ?(?:un|une|des) (\w+)"
    # (… or said as a statement: "Il faut réserver ?" after a boat tour)
    r"|^(?:(?:faut|dois|doit)[- ](?:il|je|on)|il faut) (?!(?:un|une|des|le|la|les|du|de|d|se|s"
    r"|y|en|me|nous|vous|l)\b)(\w+)"
)
_TIME = frozenset("horaire horaires heure heures hour hours time times".split())
# how long, asked by a number: the duration is the item, what lasts is the topic ("long"
# alone asks a length: "How long is the Rove tunnel?")
_DURATION = frozenset("temps time duree duration".split())
# how often: "toutes les 20 minutes", "every hour", "three times a day", "frequent"
_OFTEN = re.compile(
    r"\b(?:toutes les|tous les|chaque (?:jour|heure|semaine|matin|soir)|every|each (?:day|hour"
    r"|week)|per (?:day|hour|week)|par (?:jour|heure|semaine)|daily|hourly|weekly|quotidien"
    r"|hebdomadaire|fr[eé]quen\w*|times a|fois par)",
    re.IGNORECASE,
)
# a time of day: "9 h", "9h30", "18 heures", "09:00", "10 am", "noon", "midi"
_CLOCK = re.compile(
    r"\b\d{1,2}\s?(?:h(?:eures?)?\b|h\d\d|:\d\d|[ap]\.?m\.?)|\b(?:midi|minuit|noon|midnight)\b",
    re.IGNORECASE,
)


# a way is said by one of the best few sentences
_WAY_AMONG = 5


# A degree asked ("les moins fréquentées", "the least crowded") and its opposites: a sentence
# saying the opposite of that word says the contrary of what is asked (folded)
_DEGREE = re.compile(r"\b(plus|moins|most|least|more|less) (\w{4,})")
_OPPOSITE = {
    "plus": "moins|peu",
    "moins": "plus|tres",
    "most": "least|less",
    "more": "less|least",
    "least": "most|more|very",
    "less": "more|most|very",
}


def _contrary(query: str) -> Callable[[str], bool] | None:
    """Whether a folded text says the opposite degree of the word the query asks a degree of
    (and not that degree too: "de la plus peuplée à la moins peuplée" ranks them all), if it
    asks one."""
    asked = _DEGREE.search(fold_text(query))
    if asked is None:
        return None
    stem = asked.group(2)[: max(4, len(asked.group(2)) - 3)]
    opposite = re.compile(rf"\b(?:{_OPPOSITE[asked.group(1)]}) {stem}")
    same = re.compile(rf"\b{asked.group(1)} {stem}")
    return lambda text: bool(opposite.search(text)) and not same.search(text)


# The words asking which towns (stems and forms, as `QuestionAnalysis.listed` holds them), how
# many a sentence names to say them, and how near the best it scores
_TOWN_WORDS = frozenset(
    "commune communes commun town towns city cities ville villes municipality municipalities"
    " village villages".split()
)
_TOWNS_NAMED = 4
_TOWNS_RATIO = 0.9


@dataclass(frozen=True)
class Grounding:
    """The sentences in answer order, and whether any speaks of what the question names."""

    sentences: list[Sentence]
    grounded: bool


# A title that lists what its document covers: "Marseille : Vieux-Port, Notre-Dame-de-la-Garde,
# MuCEM et Le Panier"
_CONTENTS = re.compile(r",| et | and ")


def _headers(chunk: StoredChunk) -> str:
    """What names a passage's subject above its sentences. A title listing several subjects
    after its colon gives the document's contents: under the section "Notre-Dame-de-la-Garde",
    "L'édifice actuel… a été construit au XIXe siècle" is not said of the MuCEM the title also
    lists (what comes before the colon, "Marseille", "La montagne Sainte-Victoire", is what
    every section speaks of)."""
    subject, _, contents = chunk.title.partition(":")
    if len(chunk.heading) > 1 and _CONTENTS.search(contents):
        return f"{subject} {section(chunk)}"
    return " ".join((chunk.title, *chunk.heading))


def _name_words(names: Sequence[str]) -> list[frozenset[str]]:
    """The words of each name to look for. Acronyms ("TER", "AOC") are left out: sources
    spell them out ("regional trains") as often as not; a road's number ("L2", "A52") is not."""
    return [
        name_words(n)
        for n in names
        if tokens(n) and not (n.isupper() and len(n) <= 5 and not any(c.isdigit() for c in n))
    ]


def _distinctive(word: str, stats: TermStats) -> bool:
    return stats.df.get(word, 0) <= max(2, _COMMON_SHARE * stats.total)


def _as_common_word(word: str, text: str) -> bool:
    """The text writes the name's word in lower case only ("festivals de musique")."""
    return bool(re.search(rf"\b{re.escape(word.lower())}s?\b", text)) and not re.search(
        rf"\b{re.escape(word)}s?\b", text
    )


def _name_index(text: str) -> frozenset[str]:
    """A passage's folded words and their six-letter prefixes: a name's word is found as
    itself or by its prefix, the same name in the other language ("Olympic", "olympique")."""
    words = {fold(w) for w in tokens(text)}
    return frozenset(words | {"~" + w[:6] for w in words if len(w) >= 6})


def _name_tokens(name: str) -> list[str]:
    """A name's folded words in order, without its particles."""
    return [w for w in (fold(t) for t in tokens(name)) if w not in PARTICLES]


def _completed(name: str, question: str) -> tuple[frozenset[str], str]:
    """A name's words and how it is said, with the noun it completes when the question says
    one ("l'étang de Berre": the name is "Berre", what is asked about the lagoon)."""
    said = fold_text(name)
    found = re.search(rf"\b(\w+) (?:de|du|des|d'|of) {re.escape(said)}\b", fold_text(question))
    if found is None or found[1] in PARTICLES:
        return frozenset(_name_tokens(name)), said
    return frozenset((fold(found[1]), *_name_tokens(name))), found[0]


def _head_words(name: str) -> list[str]:
    """A name's folded words up to its first particle ("Ombrière du Vieux-Port": Ombrière)."""
    words = [fold(t) for t in tokens(name)]
    return words[: next((i for i, w in enumerate(words) if w in PARTICLES), len(words))]


def _has(index: frozenset[str], word: str) -> bool:
    """The word, its plural or singular ("Fête", "fêtes"), or its six-letter prefix."""
    return (
        word in index
        or word + "s" in index
        or (word.endswith("s") and word[:-1] in index)
        or (len(word) >= 6 and "~" + word[:6] in index)
    )


# What names the doer of an act said in the passive ("fondée en 1957 par des rapatriés"), and
# the auxiliaries that make its participle active ("Marc Lassus a fondé Gemplus").
_BY = frozenset({"par", "by"})
_HAVE = frozenset({"a", "ont", "avait", "avaient", "aura", "has", "have", "had"})
_CLAUSES = re.compile(r"[,;:.!?()«»\u2013\u2014]")


def _doer(text: str, act: frozenset[str]) -> bool | None:
    """Whether the sentence says who did the act it says: a doer after it in its clause
    ("par …", "by …") or an auxiliary of the active before it; None when it does not say it."""
    said = None
    for clause in _CLAUSES.split(text):
        words = [fold(w) for w in tokens(clause)]
        for i, word in enumerate(words):
            if word in act:
                if _BY & set(words[i + 1 :]) or (i and words[i - 1] in _HAVE):
                    return True
                said = False
    return said


def _doerless(sentences: list[Sentence], act: frozenset[str], lang: str) -> bool:
    """No sentence says who did the act, and the best three name no one, whether they say the
    act or not ("Who won the sailing gold medals…?" and "Marseille a accueilli les épreuves de
    voile"). The act is said in the question's language; in another, any doer may be it ("Who
    founded…?" and "fondée en 1720 par des pêcheurs")."""
    said = [
        _doer(s.text, act)
        if s.lang == lang
        else (True if _BY & {fold(w) for w in tokens(s.text)} else None)
        for s in sentences
    ]
    return True not in said and not any(s.items for s in sentences[:3])


_COMPASS = frozenset("nord sud est ouest north south east west".split())
_THE = frozenset({"la", "le", "l", "les", "the"})


def _counts_another(s: Sentence, analysis: QuestionAnalysis) -> bool:
    """Every time the sentence says the counted head, it says it of another kind ("lignes de
    métro" for "lignes de bus"); a head said alone may be of the kind asked."""
    words = tokens(s.text)
    another = False
    for i, word in enumerate(words):
        if not analysis.head & sentence_terms(word, s.lang):
            continue
        j = i + 1
        if j < len(words) and fold(words[j]) in OF:
            j += 1
            while j < len(words) and fold(words[j]) in _THE:
                j += 1
            if j < len(words) and not analysis.qualifier & sentence_terms(words[j], s.lang):
                another = True
                continue
        return False
    return another


# "propre" after a possessive is one's own, not clean: "Marseille est-elle propre ?" is not
# answered by the agency's ambassadors "dans leurs propres réseaux"
_OWN = re.compile(
    r"\b(?:mon|ma|mes|ton|ta|tes|son|sa|ses|notre|nos|votre|vos|leur|leurs)\s+propres?\b",
    re.IGNORECASE,
)


def _meant(text: str, terms: frozenset[str], lang: str) -> frozenset[str]:
    """The sentence's terms, without the words a possessive gives another sense."""
    return sentence_terms(_OWN.sub(" ", text), lang) if _OWN.search(text) else terms


# Whether there is a thing ("Y a-t-il un aéroport près de Marseille ?"), not whether it is so.
# A thing that goes to or from a place is not at it: "Y a-t-il des bus vers Aubagne ?"
_WAY_TO = re.compile(r"\b(?:vers|jusqu a|depuis|to|from|towards)\b")
# How many first words say a sentence's own subject, short of a verb's object: "Marseille has
# two metro lines", not "Smoking is prohibited on many beaches".
_ITS_WORDS = 4
# Whether there is a thing (folded text)
THERE_IS = re.compile(r"^(?:et )?(?:y a-t-il|est-ce qu'il y a|il y a|is there|are there)\b")


def _opens_with(s: Sentence, forms: frozenset[str], words: int = SUBJECT_WORDS) -> bool:
    """The sentence's first words, where it names its subject, say one of `forms` ("L'aéroport
    Marseille Provence est situé…"; "For families linked to ITER, an international school…")."""
    return bool(forms & sentence_terms(opening(s.text, words), s.lang))


def _subject_heard(s: Sentence) -> frozenset[str]:
    """Where a sentence names what it says is so: itself, its passage's title and headings, or
    the sentence before when it leans on it (a pronoun's antecedent: "[le Mistral] souffle
    souvent fort"); not a sentence before that names its own ("Les transports en commun
    sont-ils gratuits à Marseille ?" is not answered by the museums' "tarifs" after "accessible
    en bus")."""
    chunk = s.source.chunk
    heard = s.terms | sentence_terms(" ".join((chunk.title, *chunk.heading)), s.lang)
    # (any opening pronoun may stand for it: "[The Prado park] is easy to reach by bus… and has
    # lifeguards in summer" reads as an impersonal "it is easy to")
    return heard | s.context if s.orphan or _PRONOUN_FIRST.match(s.text) else heard


_PRONOUN_FIRST = re.compile(
    r"^(?:It|They|This|These|Its|Their|Il|Elle|Ils|Elles|Ce|Cet|Cette|Ces|Son|Sa|Ses|Leurs?)\b"
)


# What a thing whose being there is asked is said to be, besides being a kind of it (folded):
# "transports gratuits", not "pistes cyclables".
_PREDICATIVE = frozenset(
    "gratuit gratuite gratuits gratuites payant payante payants payantes accessible accessibles"
    " ouvert ouverte ouverts ouvertes propre propres surveille surveillee surveilles surveillees"
    " free open clean accessible".split()
)


def _subject_of(
    predicate: frozenset[str] | None, asked: re.Match[str] | None, analysis: QuestionAnalysis
) -> list[frozenset[str]]:
    """The focus forms of what a yes or no says is so, when it asks whether a thing is of a
    kind ("Les plages de Marseille sont-elles propres ?", "Are the beaches clean?"): the words
    before the adjective, without the places, in the words the focus was read from (the
    query: "Les transports en commun" are the "bus" there). `asked`: `_PREDICATE` read in the
    question as asked."""
    if predicate is None:
        return []
    query = fold_text(analysis.query)
    words = [fold(w) for w in tokens(query)]
    quality = asked["quality"] if asked else None
    if quality in _PREDICATIVE and quality in words[1:]:
        # "Y a-t-il des transports gratuits ?": the transports are free (the word before in
        # the query: "bus"), not the museums whose "tarifs" follow a sentence on the bus
        said = words[words.index(quality) - 1]
        return [
            forms
            for word, forms in zip(analysis.focus, analysis.focus_forms, strict=False)
            if fold(word) == said
        ]
    predicated = _PREDICATE.search(query)
    group = next((g for g in (2, 4) if predicated and predicated.group(g)), 0)
    if not group or predicated is None:
        return []
    before = {fold(w) for w in tokens(query[: predicated.start(group)])}
    before -= {fold(w) for p in analysis.places for w in tokens(p)}
    return [
        forms
        for word, forms in zip(analysis.focus, analysis.focus_forms, strict=False)
        if fold(word) in before and forms != predicate
    ]


def ground(
    analysis: QuestionAnalysis,
    sentences: list[Sentence],
    gazetteer: Gazetteer | None,
    stats: TermStats | None = None,
) -> Grounding:
    """Put the sentences that speak of the question's places and names first (factoids).
    `stats` weighs the focus words by rarity: "compte" says little, "marches" a lot."""
    # a part of a commune named is what is asked about, not its commune: "la population du 13e
    # arrondissement de Marseille" is not Marseille's
    places = (
        set(analysis.parts or analysis.places)
        if analysis.scope.kind == "place" and gazetteer
        else set()
    )
    # each name by its distinctive words: "Edward Dickinson Baker" is "Baker" further on
    names = [
        frozenset(w for w in n if not stats or _distinctive(w, stats))
        for n in _name_words(analysis.names)
    ]
    # … and a name set apart by a common word as it is written: "the Hôpital Nord" is not
    # "l'Hôpital européen" of a passage on the northern districts (what follows a particle
    # says where: "l'Ombrière du Vieux-Port" is the Ombrière)
    heads = [_head_words(n) for n in analysis.names]
    common = [" ".join(h) for h in heads if stats and len(h) > 1 and not _distinctive(h[-1], stats)]
    # … or by a quarter of the compass, which says which one: "les Alpes du Nord" are not the
    # Alpes-de-Haute-Provence "dans le nord du Pays d'Aix"
    common += [
        " ".join(words)
        for words in map(_name_tokens, analysis.names)
        if len(words) > 1 and words[-1] in _COMPASS
    ]
    # … and the capitalised word after a name's particle, where a text writes it as a common
    # word, or writes the name's head as one and not that word: "la Fête de la Musique" is not
    # "les grands festivals de musique", nor "les fêtes votives" (a proper head names it alone:
    # "l'Ombrière" is the Ombrière du Vieux-Port; a name without a particle is often said in
    # another language, or with a lower-case adjective: "UNESCO World Heritage", "l'Union
    # soviétique")
    capitals = [
        (words[0], words[-1])
        for words in (
            re.findall(r"\w+", n)
            for n in analysis.names
            if 1 < len(_name_tokens(n)) and 0 < len(_head_words(n)) < len(tokens(n))
        )
        if words[-1][:1].isupper() and not words[-1].isupper()
    ]
    names = [n for n in names if n]
    # a year the question gives is as much a name: "the population of Marseille in 1900" is not
    # today's
    names += [frozenset({w}) for w in analysis.focus if YEAR.fullmatch(w)]

    name_words = {w for n in names for w in n}
    # what is asked about the places and names: "habitants" in "Combien d'habitants à Toulon ?"
    asks_year = analysis.answer_type is AnswerType.DATE and bool(_YEAR & analysis.focus_terms)
    # "year" in "In which year was…" says how it is asked: the year is the item, not the topic
    asking = _YEAR if asks_year else frozenset()
    asks_season = analysis.answer_type is AnswerType.DATE and bool(_SEASON & analysis.focus_terms)
    if asks_season:
        asking |= _SEASON
    if analysis.duration:
        # … and so are "temps", "durée" when how long is asked: "Combien de temps ?" after the
        # way from Aix to the airport is not answered by "à environ vingt minutes de Rousset"
        asking |= _DURATION
    if analysis.journey:
        # … nor is "get" in "How do I get to Marseille from Paris?": Paris is what is asked
        asking |= MOVING
    topic = [
        (forms, translated(word), min(stats.idf(t) for t in forms) if stats else 1.0)
        for word, forms in zip(analysis.focus, analysis.focus_forms, strict=False)
        if fold(word) not in name_words and fold(word) not in asking
    ]
    weight = sum(w for *_, w in topic) or 1.0

    asks_time = analysis.answer_type is AnswerType.DATE and bool(_TIME & analysis.focus_terms)
    # a text's places, found once: sentences are each other's previous, and a passage's
    # sentences share its title and headings
    located: dict[str, frozenset[str]] = {}

    def place_labels(text: str) -> frozenset[str]:
        assert gazetteer is not None
        if text not in located:
            located[text] = frozenset(m.place.label for m in gazetteer.find(text))
        return located[text]

    # a name asked about whose words make a pack place's name, in another order: "l'Étang de
    # Berre" is not the commune of Berre-l'Étang (its words are too common to count as a name)
    spelt = [_completed(n, analysis.text) for n in analysis.names]

    # a name made of a place and a common word or two, capitalised, names an organisation
    # ("Marseille Innovation"): said by its name, or by those words capitalised, never by
    # the common words alone ("les acteurs de l'innovation")
    def brand(name: str) -> tuple[str, list[str]] | None:
        """The name and its common words, when a place opens it."""
        words = name.split()
        for cut in (1, 2):
            place, rest = " ".join(words[:-cut]), words[-cut:]
            if (
                place
                and all(w[:1].isupper() and w[1:].islower() for w in rest)
                and any(fold_text(label) == fold_text(place) for label in place_labels(place))
            ):
                return fold_text(name), rest
        return None

    branded = [b for n in analysis.names if gazetteer is not None and (b := brand(n))]

    def brand_said(s: Sentence) -> bool:
        text = spoken(s)
        return all(
            phrase in fold_text(text) or all(re.search(rf"\b{re.escape(w)}\b", text) for w in rest)
            for phrase, rest in branded
        )

    def mistook(text: str, said: str) -> bool:
        """The text names such a place, and what is said does not name the name itself."""
        if gazetteer is None or not spelt:
            return False
        said = fold_text(said)
        return any(
            words <= {fold(w) for w in tokens(label)} and phrase not in said
            for label in place_labels(text)
            for words, phrase in spelt
        )

    def mistaken(s: Sentence) -> bool:
        """The sentence speaks of such a place, and not of the name itself."""
        return mistook(s.text, f"{s.previous} {s.text}")

    if not analysis.factoid:
        # "Quelles communes bordent l'étang de Berre ?" lists nothing of the commune of
        # Berre-l'Étang's fact sheet: its passages are about the place, not the name
        sentences = [
            s for s in sentences if not mistook(s.source.chunk.title, s.source.chunk.title)
        ] or sentences
    if gazetteer is not None and not analysis.factoid and _TOWN_WORDS & analysis.listed:
        # asked which towns, a sentence naming many, nearly as good, says them: "Quelles
        # communes… au bord de l'étang de Berre ?" by the one naming the ten, not by the
        # beaches "plusieurs communes riveraines" open
        # (towns of what is asked: "Quelles villes… ont un tramway ?" is not answered by the
        # five towns with bus networks; an orphan says it by the sentence before, "Ses rives…")
        best = max((s.score for s in sentences), default=0.0)
        said_places = {
            fold(w)
            for p in (*analysis.places, *analysis.scope.groups, *analysis.names)
            for w in tokens(p)
        }
        rest = [
            forms
            for word, forms in zip(analysis.focus, analysis.focus_forms, strict=False)
            if not forms & analysis.listed and fold(word) not in said_places
        ]

        def names_towns(s: Sentence) -> bool:
            said = s.terms | (sentence_terms(s.previous, s.lang) if s.orphan else frozenset())
            return (
                s.score >= _TOWNS_RATIO * best
                and (not rest or any(forms & said for forms in rest))
                and len(place_labels(s.text)) >= _TOWNS_NAMED
            )

        sentences = sorted(sentences, key=lambda s: not names_towns(s))
    contrary = _contrary(analysis.query)
    if contrary is not None:
        # the least so is not said by the most so: "Et les moins fréquentées ?" after the
        # finest beaches is not answered by "l'une des plus fréquentées de Martigues"
        sentences = sorted(sentences, key=lambda s: contrary(fold_text(s.text)))
    if analysis.upon:
        # what to do in a case is said by a sentence on that case: "Que faire en cas
        # d'incendie de forêt ?" by "Si un incendie approche, il faut s'éloigner…", not by how
        # one starts ("Jeter un mégot… peut déclencher un incendie")
        sentences = sorted(
            sentences,
            key=lambda s: not (IN_CASE.match(s.text) and s.features[_FOCUS_CONTEXT] > 0),
        )
    # a yes or no is said of what the subject is: "Is Marseille safe for tourists?" is not
    # answered by where the tourist offices are
    predicated = (
        _PREDICATE.search(fold_text(analysis.asked or analysis.text))
        if analysis.answer_type is AnswerType.YESNO
        else None
    )
    predicated_forms = [
        forms
        for word, forms in zip(analysis.focus, analysis.focus_forms, strict=False)
        if predicated and fold(word) in predicated.groups()
    ]
    predicate = frozenset().union(*predicated_forms) if predicated_forms else None
    # … and of what it is said: "Les plages de Marseille sont-elles propres ?" is not answered
    # by the agency's ambassadors "dans leurs propres réseaux" (the words before an adjective
    # the question ends on, not a place)
    subject = _subject_of(predicate, predicated, analysis)
    if not sentences or not (
        places
        or names
        or analysis.head
        or asks_time
        or analysis.frequency
        or analysis.latest
        or predicate
        or asks_season
    ):
        return Grounding(sentences, True)

    asked_places = {fold(w) for p in analysis.places for w in tokens(p)} - analysis.little

    def on_topic(s: Sentence) -> bool:
        if analysis.answer_type in PATTERN_TYPES and not s.items:
            return False  # "How many passengers…?" and a sentence with no number
        if analysis.counts_one and ranks_places(s.text):
            # a ranking of places by their figures says which comes first, not how many live
            # in one: "Combien d'habitants à Luynes ?" and "Marseille (886 040 habitants),
            # Aix-en-Provence (149 695 habitants)…"
            return False
        if (
            analysis.counts_people
            and asked_places
            and figures_of_another(s, asked_places, analysis.little)
        ):
            # … nor is a figure said of another place: "La commune la moins peuplée est
            # Saint-Antonin-sur-Bayon (126 habitants)" after a sentence naming Aix
            return False
        if asks_year and not any(c.isdigit() for item in s.items for c in item):
            return False  # "In which year…?" and "in the sixteenth century"
        if analysis.frequency and not _OFTEN.search(s.text):
            return False  # "How often does the shuttle run?" and "A shuttle runs…"
        if analysis.latest and not _RECENT.search(fold_text(f"{s.previous} {s.text}")):
            return False  # "Qui a gagné le dernier festival ?" and what the festival is about
        if asks_time and not _CLOCK.search(s.text):
            # "Quels sont les horaires du MuCEM ?" and "a ouvert en 2013", "What are the opening
            # hours…?" and "In July, the festival…": hours are said by a time of day
            return False
        if analysis.head:
            # what is counted, or the role, is the subject: "Combien d'étudiants à AMU ?" is not
            # answered by when it was founded, "How big is Rognes in square kilometres?" is by
            # "58.3 km²", "Qui est le maire de Marseille ?" not by the islands off Marseille
            # ("Jarre, Maïre et Plane": a role is held by someone the sentence names)
            if analysis.answer_type is AnswerType.PERSON and not s.items:
                return False
            if not analysis.head & s.terms:
                return False
            if analysis.qualifier and (
                not analysis.qualifier & s.context or _counts_another(s, analysis)
            ):
                # what is counted is of the kind asked: "Combien de kilomètres de pistes
                # cyclables ?" is not answered by the airport's 25 kilometres from the city,
                # "Combien de lignes de bus ?" by "deux lignes de métro, trois de tramway"
                return False
            # … of what the rest of the question says, when no place or name says it: "la
            # vitesse de la lumière" is not "la vitesse des embarcations"
            rest = [(forms, w) for forms, _, w in topic if not forms & analysis.head]
            if places or names or not rest or s.lang != analysis.lang:
                return True
            return sum(w for forms, w in rest if forms & s.context) >= _TOPIC_SHARE * sum(
                w for _, w in rest
            )
        if predicate is not None and not (
            predicate & _meant(s.text, s.terms, s.lang)
            or (s.orphan and predicate & sentence_terms(_OWN.sub(" ", s.previous), s.lang))
        ):
            # said by the sentence, not its headings: "Peut-on se baigner dans l'étang de
            # Berre ?" is not answered by the sailing on it under "Voile, glisse et baignade"
            return False
        if subject and not any(forms & _subject_heard(s) for forms in subject):
            return False
        if not topic:
            return s.features[_FOCUS_CONTEXT] > 0
        if (
            analysis.factoid
            and names
            and s.score >= _CONFIDENT
            and (holds(indexes(s)[2]) if places else near(s))
        ):
            # the sentence names what is asked about, and the reader is sure it answers: its
            # words may say it otherwise ("a quitté l'Organisation" for "s'éloigner de
            # l'Unesco"). With a pack place asked about, the sentence names it itself: the
            # place's sentences abound, on every topic, under headings naming anything ("Le
            # MuCEM… a ouvert en 2013" answers "Quand a été construit le MuCEM ?" asked after
            # Marseille).
            return True
        terms = s.context
        if s.lang != analysis.lang:
            # across languages only the words with known equivalents can match: one must
            known = [forms for forms, both, _ in topic if both]
            return not known or any(forms & terms for forms in known)
        return sum(w for forms, _, w in topic if forms & terms) >= _TOPIC_SHARE * weight

    headed: dict[int, frozenset[str]] = {}  # a passage's title and headings
    opened: dict[int, frozenset[str]] = {}  # … and its first sentence
    own: dict[int, frozenset[str]] = {}  # a sentence with the one before it

    def indexes(s: Sentence) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        chunk, n = s.source.chunk, s.source.number
        if n not in headed:
            headed[n] = _name_index(_headers(chunk))
            opened[n] = _name_index(next(iter(statements(chunk.text)), ""))
        if id(s) not in own:
            own[id(s)] = _name_index(" ".join((s.previous, s.text)))
        return headed[n], opened[n], own[id(s)]

    def spoken(s: Sentence) -> str:
        """The sentence, the one before and its passage's title and headings."""
        chunk = s.source.chunk
        return " ".join((chunk.title, *chunk.heading, s.previous, s.text))

    def phrased(s: Sentence) -> str:
        """… word by word."""
        words = (fold(t) for t in tokens(spoken(s)))
        return f" {' '.join(w for w in words if w not in PARTICLES)} "

    def holds(index: frozenset[str]) -> bool:
        return all(any(_has(index, w) for w in n) for n in names)

    def named(s: Sentence) -> bool:
        """Each name has a word where the sentence's subject is named: the sentence, the one
        before, the passage's title, headings and first sentence ("UNESCO World Heritage",
        "patrimoine mondial de l'UNESCO"; the passage's subject named once, then "il"). A
        name met in passing further on ("… relie Marseille à Lyon, Lille et Nice") is not
        what the passage speaks of."""
        return holds(frozenset().union(*indexes(s)))

    def titled(s: Sentence) -> bool:
        return holds(indexes(s)[0])

    def near(s: Sentence) -> bool:
        """The sentence, the one before it or its headings name them: "Centrale Méditerranée
        … est installée à Château-Gombert" before a sentence of a passage that names it
        further on."""
        title, _, sentence = indexes(s)
        return holds(title | sentence)

    # a group of communes asked about ("the Pays d'Aix territory council"): a sentence whose
    # context names groups, none of them it, is about another ("It groups 3 municipalities"
    # under "Pays de Martigues")
    groups = set(analysis.scope.groups) if gazetteer is not None and not places else set()

    def grouped_elsewhere(s: Sentence) -> bool:
        assert gazetteer is not None
        chunk = s.source.chunk
        said = gazetteer.groups(" ".join((chunk.title, *chunk.heading, s.previous, s.text)))
        return bool(said) and not groups & set(said)

    def speaks(s: Sentence, places: set[str]) -> bool:
        # what the whole territory is like, each of its places is ("Quel est le climat à
        # Aix ?", the best season for hiking), but not by its figures: the metropolis'
        # population is not Aix's, nor its founding date
        if places and not (
            s.wide and (analysis.answer_type not in PATTERN_TYPES or analysis.recurring)
        ):
            chunk = s.source.chunk
            if not any(
                places & place_labels(t)
                for t in (s.text, s.previous, " ".join((chunk.title, *chunk.heading)))
            ):
                return False
        if names and not named(s):
            return False
        if groups and (
            grouped_elsewhere(s)
            # a group's figure is not one commune's: "Salon-de-Provence ranks number 1 by
            # population" is no total population of the Pays Salonais
            or (analysis.answer_type in PATTERN_TYPES and len(s.source.chunk.communes) == 1)
        ):
            return False
        if common and not all(f" {p} " in phrased(s) for p in common):
            return False
        if capitals and any(
            _as_common_word(last, spoken(s))
            or (
                _as_common_word(head, spoken(s))
                and not _has(frozenset().union(*indexes(s)), fold(last))
            )
            for head, last in capitals
        ):
            return False
        if mistaken(s):
            return False
        if branded and not brand_said(s):
            return False
        return on_topic(s)

    if names:
        # which sentences name what is asked about (`_as_good` weighs it), by the word that
        # sets a name apart, its last: "Château-Gombert" is not the Château d'If, "Museveni"
        # is Yoweri Museveni
        lasts = [w[-1] for w in (_name_tokens(n) for n in analysis.names) if w]
        for s in sentences:
            title, _, said = indexes(s)
            s.named = holds(title | said) and all(_has(title | said, w) for w in lasts)
    if not analysis.factoid:
        # a list may rightly cite other places; its names outside the pack must be spoken of,
        # and when they are all it asks about ("Que visiter à Bordeaux ?"), by a passage about
        # them: its title or headings name them (not a campus "issu de BEM Bordeaux")
        if names and not topic and analysis.names_located:
            return Grounding(sentences, any(titled(s) for s in sentences))
        grounded = not names or any(speaks(s, set()) for s in sentences)
        if grounded and topic and analysis.whereabouts and not analysis.journey:
            # "Best beaches in Saint-Cyr-sur-Mer": a passage about it, or a sentence set there,
            # not La Ciotat's beaches "en direction de Saint-Cyr-sur-Mer" (its words may be
            # too common to count as a name: "saint", "mer"); a way there is said from
            # elsewhere ("les bus de la RTM desservent Luminy")
            def there(name: str, s: Sentence) -> bool:
                chunk = s.source.chunk
                return (
                    fold_text(name) in fold_text(" ".join((chunk.title, *chunk.heading)))
                    or said_there(name, s.text)
                    or said_there(name, s.previous)
                )

            grounded = any(
                speaks(s, set()) and all(there(n, s) for n in analysis.whereabouts)
                for s in sentences
            )
        if grounded and analysis.journey and analysis.answer_type is AnswerType.HOWTO:
            # a way is said by how one goes, or nothing says it: "Comment y aller depuis Aix ?"
            # after ITER is not answered by where its staff live, "Pour une personne qui
            # rejoint Cadarache ou ITER, Pertuis, Venelles et Aix… sont des lieux de vie"
            grounded = any(MEANS.search(s.text) for s in sentences[:_WAY_AMONG])
        if names and analysis.answer_type is AnswerType.HOWTO:
            # the way to what is named ("How do I get to the Château d'If?"), not to another
            sentences = [s for s in sentences if s.named] + [s for s in sentences if not s.named]
        return Grounding(sentences, grounded)
    # (whether there is a thing near a place is said by a sentence around it whose subject is
    # that thing, before those of the place that name it in passing: "Y a-t-il un aéroport près
    # de Marseille ?" by "L'aéroport Marseille Provence est situé sur la commune de
    # Marignane", not by the coaches from the TGV station "à Marseille et à l'aéroport"; not by
    # every sentence of the communes around, which put Saint-Charles before Simiane-Collongue's
    # own station)
    first = [s for s in sentences if speaks(s, places)]
    if (
        places
        and predicate is not None
        and gazetteer is not None
        and THERE_IS.match(fold_text(analysis.asked or analysis.text))
    ):
        if analysis.nearby:
            pack = gazetteer.pack
            nearby = {pack.communes[c].name for c in analysis.around if c in pack.communes}
            chosen = {id(s) for s in first}
            first += [
                s
                for s in sentences
                if id(s) not in chosen and _opens_with(s, predicate) and speaks(s, places | nearby)
            ]
            first.sort(key=lambda s: not _opens_with(s, predicate))
        elif not _WAY_TO.search(fold_text(analysis.asked or analysis.text)):
            # (at the place, by a sentence naming it that opens on the thing: "Le musée
            # Granet…", "Marseille has two metro lines", "L'aéroport Marseille Provence…",
            # named after it wherever it lies; not by a rule on all such things, "Smoking is
            # prohibited on many beaches in Marseille", nor by the coaches "à Marseille et à
            # l'aéroport", nor by one leaning on the sentence before: "These beaches… are
            # rarely as crowded as the beaches of Marseille" is at Fos)
            its = [
                s
                for s in sentences
                if s.here and not s.orphan and _opens_with(s, predicate, _ITS_WORDS)
            ]
            chosen = {id(s) for s in its}
            first = its + [s for s in first if id(s) not in chosen]
    if not first:
        return Grounding(sentences, False)
    if predicate is not None:
        # what a yes or no asks about is said, or nothing is: "Do I need a car to live in
        # Aix?" is not answered by the visa newcomers need
        # (and the sentence before one that does, which its pronoun may need)
        # (… of what it asks it of: "Les transports en commun sont-ils gratuits à Marseille ?"
        # is not answered by the museums' "tarifs")
        saying = [
            s
            for s in sentences
            if predicate & s.context
            and not (subject and not any(forms & _subject_heard(s) for forms in subject))
        ]
        said_ids = {id(s) for s in saying}
        before = {(s.source.number, s.previous) for s in saying}
        sentences = [
            s for s in sentences if id(s) in said_ids or (s.source.number, s.text) in before
        ]
    if analysis.agent and _doerless(first, analysis.agent, analysis.lang):
        # "Qui a fondé Innate Pharma ?" and "Innate Pharma, … fondée en 1999": the sources say
        # the act, and never who did it
        return Grounding(sentences, False)
    first = [s for s in first if s.named or not names] + [s for s in first if names and not s.named]
    if predicate is not None:
        # … and of what a yes or no is asked, the sentence that says most of it: "Do I need to
        # book to visit the calanques?" by the park's bookings, not by a festival's
        # (its passage's title says what its "parc" is)
        def coverage(s: Sentence) -> int:
            heard = titled_context(s)
            return sum(bool(forms & heard) for forms, *_ in topic)

        first.sort(key=lambda s: -coverage(s))
    chosen = {id(s) for s in first}
    return Grounding(first + [s for s in sentences if id(s) not in chosen], True)
