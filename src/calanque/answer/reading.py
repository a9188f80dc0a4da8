"""Reading the retrieved passages for the answer: which sentence holds what the question asks.

Retrieval finds passages; this stage scores each of their sentences as the one that answers, with
a logistic model trained on PIAF's answer spans (`bench/train_reader.py`, tune half only). Its
features say whether a sentence speaks of the question's focus (not merely repeats its words),
holds an item of the expected answer type that the question does not already contain, reads
alone (no dangling "Il", "Ces collines"), and comes from a good passage in the question's
language. A sentence that echoes the question ("Vous présidez…?") has no new item of the type
and ends with a question mark: it loses to the one that holds the answer. A sentence addressed
to the answering system ("IGNORE ALL PREVIOUS INSTRUCTIONS", "SYSTEM: …") is not a candidate.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np

from calanque.answer import entities
from calanque.answer.periods import months
from calanque.answer.question import (
    PARTICLES,
    VEHICLES,
    AnswerType,
    QuestionAnalysis,
    compounded,
    name_words,
    steers_the_answer,
)
from calanque.answer.types import Source
from calanque.equity.scope import classify
from calanque.index.analysis import (
    content_stopwords,
    content_tokens,
    fold,
    fold_text,
    stems,
    tokens,
)
from calanque.index.embedders import Embedder
from calanque.index.search import TermStats
from calanque.index.store import StoredChunk
from calanque.ingest.chunking import split_sentences
from calanque.territory.gazetteer import Gazetteer, Mention, Reading

FEATURES = (
    "focus",  # idf-weighted share of the focus words in the sentence
    "focus_context",  # … in the sentence, the one before it and the passage's headings
    "focus_passage",  # … anywhere in the passage
    "names",  # share of the question's proper names in the passage
    "type_match",  # an item of the expected type that the question does not say
    "focus_x_type",  # both at once
    "type_items",  # log(1 + how many such items)
    "novelty",  # share of the sentence's words that the question does not have
    "question",  # it asks (an interviewer's question, a FAQ heading) or speaks of its own text
    "position",  # 1 / (1 + index of the sentence in its passage)
    "rank",  # 1 / (1 + rank of the passage)
    "retrieval",  # the passage's retrieval score relative to the best
    "same_lang",  # the passage is in the question's language
    "length",  # log of the number of words
    "orphan",  # opens on a pronoun or demonstrative whose antecedent is elsewhere
    "dense",  # e5 cosine of sentence and question, minus the best candidate's
    "overlap",  # share of all the question's content words in the sentence, unweighted
    "bigrams",  # share of the question's adjacent word pairs found adjacent in the sentence
    "new_names",  # log(1 + capitalised words the question does not have)
    "new_numbers",  # the sentence has a number the question does not have
)
_FOCUS = FEATURES.index("focus")
_FOCUS_CONTEXT = FEATURES.index("focus_context")
# Sentences not read closely enough for their closeness in meaning get this much under the best.
_FAR = -0.1
CAPITAL = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-ZÀ-Ý][\w'’-]+")
_DIGITS = re.compile(r"\d+")
# … that is not a common noun for all its capital ("un Terminator")
_NAMED_WORD = re.compile(
    r"(?<!^)(?<![.!?]\s)(?<!\bun )(?<!\bune )(?<!\ba )(?<!\ban )\b[A-ZÀ-Ý][\w'’-]+"
)

# Words that open a sentence leaning on the one before: "Il réunit…", "Ces collines…", "This…".
# (Not possessives: "Son point culminant, le pic des Mouches…" reads well after the question.)
# Also after a short opening phrase: "Dans la métropole, elles concernent…".
# An impersonal English "it" points at nothing: "On summer days, it is wise to visit early".
_IMPERSONAL = (
    r"(?:(?i:it)\s+(?:(?:is|was)\s+(?:(?:often|also|usually|generally|not)\s+)?(?:wise|best|better"
    r"|advisable|possible|recommended|necessary|important|easy|easier|difficult|hard|forbidden"
    r"|prohibited|worth|essential|useful|common|usual)\s+(?:to|for)|takes|rains)\b"
    # … and the French "il est conseillé de", "il est rare que", "il est à noter que", "il faut",
    # "il y a"
    r"|(?i:il)\s+(?:(?:est|était|reste)\s+(?:(?:souvent|aussi|généralement|parfois|donc|très)\s+)?"
    r"(?:(?:conseillé|recommandé|possible|nécessaire|important|interdit|préférable|utile|facile"
    r"|difficile|obligatoire|indispensable|prudent|essentiel|courant)\s+(?:de|d['’])"
    r"|(?:rare|fréquent|probable|possible|certain|évident|clair|vrai|à\s+noter)\s+qu)|faut\b"
    r"|y\s+a\b|n['’]y\s+a\b|existe\b|s['’]agit\b|pleut\b))"
)
# The town a text is about, unnamed, as the subject of a verb: "La ville a ensuite été la
# capitale des comtes de Provence", "The town is known for its santon makers" (not "La ville
# de…", "The town hall", nor "La ville la plus peuplée est…"; "La commune accueille le parc
# OK Corral" is told its commune by its section's heading)
_THE_TOWN = (
    r"(?:La\s+ville|Le\s+village|The\s+(?:town|village|city)"
    # … or the museum, the park, the festival it is about ("Le musée présente des expositions sur
    # les cultures… de la Méditerranée" led a list of museums, the MuCEM unnamed)
    r"|Le\s+(?:musée|parc|festival)|The\s+(?:museum|park|festival))"
    r"(?!\s+(?:de|d['’]|du|des|of|hall|centre|center)\b)"
    # (a phrase between commas may come first: "La ville, au centre ancien animé, est un point
    # de départ…" after "Pertuis est la seule commune… du Vaucluse")
    r"(?=(?:\s*,[^,;:.]{1,50},)?\s+(?:a|est|était|fut|reste|compte|abrite|accueille|possède"
    r"|offre|attire|conserve"
    r"|présente|propose|mène|occupe|shows|runs"
    r"|garde|devient|dispose|se|s['’]|y|is|was|has|had|hosts|offers|lies|stands|became|remains"
    r"|attracts|keeps|grew|also|aussi|ensuite|then)\b)"
)
ORPHAN = re.compile(
    rf"^(?!(?:[^,;:.]{{1,40}},\s*)?{_IMPERSONAL})"
    r"(?:[^,;:.]{1,40},\s*)?(?i:Il|Elle|Ils|Elles"
    # (not a cleft: "Ce sont des sédiments terrigènes qui ont constitué…", "Ce n'est que depuis
    # 1981 qu'existe un traitement…" say what they stress)
    r"|Ce(?!\s+(?:sont|fut|furent|étaient|n['’](?:est|était))\b[^.]*\bqu(?:i|e|['’]))"
    r"|Cet|Cette|Ces|Celui|Celle|Ceux|Celles"
    r"|Cela|Ça|Là|Y|On y|It|He|She|They|This|These|That|Those|There|Such(?!\s+as\b))\b"
    # … or on the town it is about, unnamed
    rf"|^(?:[^,;:.]{{1,40}},\s*)?{_THE_TOWN}"
    # … or on a short phrase of a demonstrative after a preposition: "De cette histoire, Aix a
    # hérité…", "From this point, the trail climbs…" (not "Dans ce quartier du Panier, …", nor
    # a connective: "De ce fait, …", "À ce jour, …")
    r"|^(?!(?i:de ce fait|à ce jour|à cet égard|à ce titre|dans ce cadre|en ce sens|pour ce faire"
    r"|à cet effet|in this way|to this end|in that case)\b)"
    r"(?i:de|à|dans|par|pour|avec|sur|sous|depuis|après|avant|pendant|durant|dès|vers"
    r"|from|in|at|on|with|after|before|since|during|for|by)\s+"
    r"(?i:ce|cet|cette|ces|this|these|that|those)\s+[\w'’-]+(?:\s+[\w'’-]+)?,"
    # … or on a subject that is part of what a demonstrative points at: "Le cœur de cette
    # filière se trouve à Rousset" opened "Où se trouve la Sainte-Victoire ?" unexplained
    r"|^(?i:(?:le|la|les|l['’]|the|un|une|one|chacun|chacune|each|most|many|some)\s*"
    r"(?:[\w’-]+\s+)?(?:de|d['’]|du|des|of)\s*(?:ce|cet|cette|ces|this|these|that|those)\s)"
    # … or says what "it" is: "C'est l'une des plus grandes universités francophones" (not a
    # cleft, "C'est en 1948 que…", "C'est Cézanne qui…")
    r"|^C['’](?:est|était)\s+(?:un|une|le|la|les|l['’])(?![^.]*\bqu(?:i|e|['’]))"
    # … or names it after its first verb: "Regular coaches connect it with the centre…"
    r"|^(?:[A-Za-z]+\s+){1,3}(?:it|them)\b(?!\s+(?:is|was|has|to|will|can|may)\b)"
    # … or after a longer fronted phrase: "For visitors heading to Aix, the villages or the
    # Luberon, it is often more convenient…" (not an impersonal "il faut", "il y a", "it is
    # wise to")
    # (nor a subject said first, then taken up: "La musique terguie…, elle est représentée",
    # "Quant à l'énergie nécessaire, elle dépend…")
    r"|^(?!(?i:le|la|les|un|une|des|du|the|a|an|quant\s+(?:à|a|aux)|as\s+for)\s|(?i:l)['’])"
    rf"(?![^;:.]{{1,140}},\s*{_IMPERSONAL})"
    r"[^;:.]{1,140},\s*(?:it|they|(?i:il|elle|ils|elles)"
    r"(?!\s+(?:y\s|n['’]y\s|ne\s+faut|faut|fait|existe|s['’]agit"
    r"|est\s+(?:possible|conseillé|interdit))))\s"
)
# … unless the demonstrative names what it points to: "Cette Commission internationale de
# coopération intellectuelle (CICI) est créée…", "Cette saison 2006/2007 voit…" read alone.
NAMED = re.compile(
    r"^(?:[^,;:.]{1,40},\s*)?(?i:Ce|Cet|Cette|Ces|This|These|That|Those)\s+(?:[\w'’-]+\s+)?"
    r"(?:[A-ZÀ-Ý]|(?:1\d|20)\d\d\b)"
)
# The word a demonstrative opens on: "Dans un premier temps, cette armée…" points at an army.
DEMONSTRATIVE = re.compile(
    r"^(?:[^,;:.]{1,40},\s*)?(?i:Ce|Cet|Cette|Ces|This|These|That|Those)\s+([\w'’-]+)"
)
# A sentence that announces questions asks them: "Families… usually face the same questions:
# where to live, which school to choose…" answers none.
_ASKS = re.compile(r"\bquestions?\s*:", re.IGNORECASE)
# "Ce document décrit une agence type…", "This page lists…": the text speaking of itself says
# what it holds, not what is so
_OF_ITSELF = re.compile(
    r"^(?:(?:Ce|Cet|Cette)\s+(?:document|page|article|guide|texte|fiche|section|chapitre)"
    r"|This\s+(?:document|page|article|guide|text|sheet|section|chapter))\b"
    r"|\b(?:ce|this)\s+(?:document|texte|text)\b",
    re.IGNORECASE,
)
MIN_WORDS = 3  # "Postal code: 13420." is a whole answer
MAX_CHARS = 600


@dataclass
class Sentence:
    """A candidate sentence of a retrieved passage, with what the reader found in it."""

    source: Source
    rank: int
    position: int
    text: str
    previous: str
    terms: frozenset[str]
    # the sentence before `previous`: what its pronoun stands for when `previous` leans too
    earlier: str = ""
    # the terms of the sentence, the one before it and its passage's title and headings:
    # what "focus_context" reads, and what grounding and the refusal read again
    context: frozenset[str] = frozenset()
    items: list[str] = field(default_factory=list)
    features: np.ndarray = field(default_factory=lambda: np.zeros(len(FEATURES)))
    score: float = 0.0
    # grounding found the question's names in the sentence, the one before or its headings
    named: bool = False
    # for a place question, or a list across the territory: the commune its section is about,
    # when the sentence names no place ("La commune accueille le parc OK Corral" under the
    # heading "Cuges-les-Pins")
    passage_place: str = ""
    # for a place question: the sentence speaks of the whole territory, which holds the place
    # ("Le territoire bénéficie d'un climat méditerranéen… des hivers doux")
    wide: bool = False
    # for a place question: the sentence names communes, none of the asked ones ("Cuges-les-Pins
    # est aussi un point de départ…" in a passage about Aubagne)
    elsewhere: bool = False
    # for a place question: the first commune the sentence names (or the one before it, when
    # it names none) is not an asked one: "À Éguilles, le village perché offre une vue sur la
    # plaine d'Aix" is about Éguilles, though it names Aix
    led_elsewhere: bool = False
    # … yet it names an asked commune in the same coordination as that first one: "Port-de-Bouc
    # et Martigues disposent de ports de plaisance" is about both, less about Martigues than
    # a sentence that opens on it alone
    shared: bool = False
    # for a place question read with the gazetteer: the sentence names an asked commune (None
    # when not read: then its words are compared with the place's)
    here: bool | None = None
    # … among more than CROWDED communes: a list of places ("Ses rives sont partagées entre dix
    # communes… Rognac, Vitrolles…"), not a sentence about one of them
    crowded: bool = False
    # … and the communes it names near the asked one are none of the asked ones: it answers
    # with the focus in its own words, not under a heading ("the workshops of santon makers" in
    # Aubagne under "Markets, wine and olive oil" is no wine to taste near Cassis)
    around: bool = False
    # for a list across the territory: the sentence names a commune, or its passage is about
    # one (None when not read)
    placed: bool | None = None
    # its embedding, when a list may hold it beside its translation (`extractive._restates`)
    vector: np.ndarray | None = field(default=None, compare=False, repr=False)

    @property
    def lang(self) -> str:
        return self.source.chunk.lang

    @property
    def orphan(self) -> bool:
        return leans_back(self.text)


# … or names it by an object pronoun between its subject and verb: "Les Marseillais la
# surnomment « la Bonne Mère »" (the basilica is in the sentence before). The subject is a
# determiner and one word, not a preposition or a verb that takes an article ("Le parc de la
# mer", "La ville est la plus…"; "Le site occupe le domaine" has a verb first), then names ("Le
# scénariste Mathieu Oullion le remplace"); the word after the pronoun reads as a verb, not a
# time or a superlative ("Les marchés le dimanche", "les plus belles").
_OBJECT_PRONOUN = re.compile(
    r"^(?:(?:Les|Le|La|Ces|Ses|Leurs|Nos|Vos)\s+|L['’])"
    r"(?:(?!(?:de|du|des|d|à|au|aux|en|dans|sur|par|pour|avec|sous|entre|vers|chez|sans|est"
    r"|sont|était|étaient|a|ont|et|ou|se|ne|qui|que|reste|restent|devient|deviennent)\b)"
    r"[\w’'-]+\s+)(?:[A-ZÀ-Ý][\w’'-]+\s+){0,2}"
    r"(?:(?:la|le|les|lui|leur)\s+|l['’](?!emport))"  # "l'emporter" wins, points at nothing
    r"(?!(?:plus|moins|mieux|même|long|premier|première|dernier|dernière|seul|seule|lundi|mardi"
    r"|mercredi|jeudi|vendredi|samedi|dimanche|matin|soir|journée|semaine|nuit|veille"
    r"|week)\b)"
    r"[a-zà-ÿ]+(?:ent|e|es|ait|aient|a|ont|it|ut|èrent)\b"
)
# … or by how many it names: "All three are…", "Both are…", "Tous deux…" say not which
_HOW_MANY = re.compile(
    r"^(?:All\s+(?:two|three|four|five|of\s+them)|Both\s+(?:[a-z]+\s+)?(?:are|were|have|had"
    r"|offer|lie|run|serve)|The\s+(?:latter|former)|Tous\s+(?:les\s+)?(?:deux|trois)|Toutes\s+"
    r"(?:les\s+)?(?:deux|trois))\b"
)


# A means of going somewhere, or how far it is.
MEANS = re.compile(
    rf"\b(?:{VEHICLES}|ferr(?:y|ies)|bateaux?|boats?|autoroutes?|motorways?|A\d{{1,2}}"
    r"|routes?|roads?|v[ée]los?|bikes?|bicycles?|à pied|on foot|walk\w*|km|kilom\w+)\b",
    re.IGNORECASE,
)
# A sentence on how a place is served: a line or a vehicle, and the verb that links.
LINKING = (
    r"reli\w*|desser\w*|connect\w*|links?|linked|serve[sd]?|serving|rejoindre|reach(?:es)?|runs?"
)
SERVED = re.compile(rf"(?=.*\b(?:{LINKING})\b)(?=.*\b(?:{VEHICLES})\b)", re.IGNORECASE)


# A sentence opening on whom something is for says its subject after it ("For families linked
# to the ITER project…, an international school was created" is about the school).
_FOR_WHOM = re.compile(r"^(?:For|Pour)\b[^,]{1,80},\s*")
# How many words open a sentence on its subject: "The Aix-Marseille-Provence metropolis was…".
SUBJECT_WORDS = 6


def opening(text: str, words: int = SUBJECT_WORDS) -> str:
    """The first words of a sentence, where it names its subject (in the usual order)."""
    return " ".join(tokens(_FOR_WHOM.sub("", text, count=1))[:words])


def leans_back(text: str) -> bool:
    """The sentence opens on a pronoun or a demonstrative whose antecedent is elsewhere."""
    leans = ORPHAN.match(text) or _OBJECT_PRONOUN.match(text) or _HOW_MANY.match(text)
    return bool(leans) and not NAMED.match(text)


_FIGURE = re.compile(r"\d[\d\s,.\u202f\u00a0]*")


def figures_of_another(s: Sentence, place: set[str], little: frozenset[str]) -> bool:
    """Each figure of the sentence follows the name of another place than the asked one (the
    last name before it, not the sentence's first word): "Aix-Marseille-Provence" is not
    Marseille."""
    figures = list(_FIGURE.finditer(s.text))
    if not figures:
        return False
    names = list(CAPITAL.finditer(s.text))
    for figure in figures:
        before = [m for m in names if m.end() <= figure.start()]
        if not before or {fold(w) for w in tokens(before[-1].group())} - little <= place:
            return False
    return True


# a place and its figure in brackets, "Aix-en-Provence (149 695 habitants)"
_PLACE_FIGURE = re.compile(r"[A-ZÀ-Ý][\w'’-]+ \(\d")
# … three of them make a ranking, and so does one said with a superlative
_RANKED_PLACES = 3
_SUPERLATIVE = re.compile(
    r"\b(?:plus (?:grande?s?|petite?s?|peuplee?s?)|moins peuplee?s?|largest|smallest"
    r"|most populous|least populous)\b"
)


def ranks_places(text: str) -> bool:
    """The sentence ranks places by their figures ("Marseille (886 040 habitants),
    Aix-en-Provence (149 695 habitants)…", "La plus petite commune est Saint-Antonin-sur-Bayon
    (126 habitants)"): it says which comes first, not what one has."""
    said = len(_PLACE_FIGURE.findall(text))
    return said >= _RANKED_PLACES or (said > 0 and bool(_SUPERLATIVE.search(fold_text(text))))


def months_said(s: Sentence) -> frozenset[int]:
    """The months the sentence, its passage's title or headings speak of (a passage headed
    "summer fire rules" says when its rules hold)."""
    chunk = s.source.chunk
    return months(" ".join((chunk.title, *chunk.heading, s.text)))


def counts_back(text: str) -> bool:
    """The sentence opens on how many things the one before named ("All three are…"): no
    question says which."""
    return bool(_HOW_MANY.match(text))


def leans_by_its_object(text: str) -> bool:
    """The sentence says its subject, and leans back only by an object pronoun ("Les
    Marseillais la surnomment…")."""
    return bool(_OBJECT_PRONOUN.match(text)) and not ORPHAN.match(text)


@dataclass(frozen=True)
class ReaderModel:
    """Weights of the logistic sentence scorer, in `FEATURES` order."""

    weights: tuple[float, ...]
    bias: float
    features: tuple[str, ...] = FEATURES

    def score(self, x: np.ndarray) -> np.ndarray:
        z = x @ np.asarray(self.weights) + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    @classmethod
    def from_dict(cls, data: dict) -> ReaderModel:
        if tuple(data["features"]) != FEATURES:
            raise ValueError("the reader's weights were trained on other features: retrain")
        return cls(tuple(data["weights"]), float(data["bias"]), tuple(data["features"]))


@cache
def bundled_model() -> ReaderModel:
    text = resources.files("calanque.answer").joinpath("models/reader.json").read_text("utf-8")
    return ReaderModel.from_dict(json.loads(text))


_LOOSE_END = re.compile(r"(?<=[.!?…])\s+")


def statements(text: str) -> list[str]:
    """The sentences of a passage that say something about the territory. One addressed to the
    answering system (an injected page's "SYSTEM: …", see `steers_the_answer`) is data, never
    an answer: it is cut at every sentence end (an injection need not open on a capital, as
    `split_sentences` expects) and only its parts that do not steer are kept."""
    out = []
    for sentence in split_sentences(text):
        if not steers_the_answer(sentence):
            out.append(sentence)
        else:
            out.extend(p for p in _LOOSE_END.split(sentence) if p and not steers_the_answer(p))
    return out


# Communes a sentence may name and still be about each of them ("Le vignoble de Cassis… entre
# les falaises de Cassis et de La Ciotat", "de Marseille à Cassis, puis La Ciotat").
CROWDED = 3


def section(chunk: StoredChunk) -> str:
    """What a passage's sentences are about: its section's headings, the document's title only
    when there are no sections ("…villes, quartiers, climat et logement" is the document's table
    of contents, not what "Aix-en-Provence attire les familles" says)."""
    return " ".join(chunk.heading[1:] or (chunk.title, *chunk.heading))


# A sentence opening on the case it is said of ("Si un incendie approche, …", "In case of…"):
# what to do then (`QuestionAnalysis.upon`)
IN_CASE = re.compile(
    r"^\W*(?:si|s['’]|en cas d|lorsqu|quand|face à|if|in case|when|should)\b", re.IGNORECASE
)


def about_place(s: Sentence, analysis: QuestionAnalysis) -> bool:
    """The sentence names one of the question's places ("Salon-de-Provence" is not
    Aix-en-Provence, though both say Provence), or its passage is about one and the sentence
    names no other commune instead."""
    if s.around and s.features[_FOCUS] <= 0:
        return False
    named = s.here if s.here is not None else bool(s.terms & analysis.place_terms)
    return named or bool(not s.elsewhere and set(s.source.chunk.communes) & analysis.place_communes)


def sentence_terms(text: str, lang: str) -> frozenset[str]:
    words = content_tokens(compounded(text), lang)
    return frozenset(stems(words, lang)) | {fold(w) for w in words} | _accented(text, lang)


def titled_context(s: Sentence) -> frozenset[str]:
    """The sentence's context and its passage's title: a section's sentences are headed by the
    section, and the title says what a "parc" of theirs is ("Le Parc national des Calanques")."""
    return s.context | sentence_terms(s.source.chunk.title, s.lang)


def _accented(text: str, lang: str) -> set[str]:
    """Accented words that only their folded form makes stopwords: "né" is not "ne", and the
    glossary's "born" finds it ("Paul Cézanne est né à Aix-en-Provence en 1839")."""
    stop = content_stopwords(lang)
    return {
        folded
        for w in tokens(text)
        if (folded := fold(w)) != w.lower() and folded in stop and w.lower() not in stop
    }


# what multiplies a number before the thing it counts: "1,5 million de visiteurs"
_MULTIPLIERS = frozenset(
    "mille million millions milliard milliards thousand thousands hundred hundreds billion"
    " billions dozen dozens douzaine douzaines dizaine dizaines centaine centaines".split()
)
# what joins a thing to what it is of: "1,5 million de visiteurs", "lignes de bus" (folded)
OF = frozenset({"de", "d", "du", "des", "of"})
_RANKED = frozenset({"number", "n", "no", "numero", "rang", "rank"})
# what a number measures in rather than counts (folded)
_UNITS = frozenset(
    "km m cm mm kg g t ha hectare hectares tonne tonnes tons euro euros eur dollars pourcent"
    " percent metre metres meter meters kilometre kilometres kilometer kilometers mile"
    " miles minute minutes min heure heures h hour hours jour jours day days an ans annee annees"
    " year years mois month months semaine semaines week weeks siecle siecles".split()
)


def _counting(text: str, items: list[str], head: frozenset[str], lang: str) -> list[str]:
    """The numbers that may count the asked things: those said before them ("870 000
    habitants", "trois nouvelles stations") or alone, not those of another thing ("trois
    pôles" for "Combien d'hélicoptères…", "two metro stops" for "How many arrondissements…"),
    nor a rank ("ranks number 3 by population")."""
    words = tokens(text)
    folded = [fold(w) for w in words]
    numbers = {w for item in items for w in fold(item).split()}
    # a measure counts what is asked when a measure is asked ("Combien de kilomètres…"), not
    # communes ("Éguilles (6,8 km)")
    alone = content_stopwords(lang) | (_UNITS if head & _UNITS else frozenset())
    counts: set[str] = set()  # the first word of each number that may count them
    i = 0
    while i < len(folded):
        if folded[i] not in numbers:
            i += 1
            continue
        j = i + 1
        while j < len(folded) and (
            folded[j] in numbers or folded[j] in _MULTIPLIERS or folded[j] in OF
        ):
            j += 1
        after = words[j : j + 2]
        ranked = i > 0 and folded[i - 1] in _RANKED  # "ranks number 3", "la commune n° 3"
        if not ranked and (
            not after
            or not after[0].isalpha()
            or folded[j] in alone
            or any(head & sentence_terms(w, lang) for w in after)
        ):
            counts.add(folded[i])
        i = j
    return [item for item in items if next(iter(fold(item).split()), "") in counts]


class Reader:
    """Scores the sentences of the retrieved passages for one question."""

    def __init__(
        self,
        model: ReaderModel | None = None,
        *,
        gazetteer: Gazetteer | None = None,
        embedder: Embedder | None = None,
        entity_candidates: int = 12,
        dense_candidates: int = 2,
        list_dense_candidates: int = 2,
    ) -> None:
        self.model = model
        self.gazetteer = gazetteer
        self.embedder = embedder
        # Named entities cost ~4 ms a sentence and an embedding 12-90 ms (by its length and
        # the machine): only the best candidates by focus are read that closely; the rest
        # cannot win anyway. Comparing 8, 4 or 2 in meaning left the share of first sentences
        # holding the answer as it was (demo facts 227/247 at 4 and 2, PIAF 295 and 296 of
        # 600); 2 halves the reader's embeddings, most of an answer's time (BENCHMARKS.md,
        # answer latency). None (0) costs 18 PIAF answers.
        self.entity_candidates = entity_candidates
        self.dense_candidates = dense_candidates
        self.list_dense_candidates = list_dense_candidates

    @property
    def scorer(self) -> ReaderModel:
        return self.model or bundled_model()

    def candidates(self, sources: list[Source]) -> list[Sentence]:
        out = []
        for rank, source in enumerate(sources):
            earlier = previous = ""
            for position, text in enumerate(statements(source.chunk.text)):
                if len(text.split()) >= MIN_WORDS and len(text) <= MAX_CHARS:
                    terms = sentence_terms(text, source.chunk.lang)
                    out.append(Sentence(source, rank, position, text, previous, terms, earlier))
                earlier, previous = previous, text
        return out

    def read(
        self,
        analysis: QuestionAnalysis,
        sources: list[Source],
        stats: TermStats | None = None,
    ) -> list[Sentence]:
        """Every candidate sentence of `sources`, scored, best first."""
        sentences = self.candidates(sources)
        if not sentences:
            return []
        self.featurise(analysis, sentences, sources, stats)
        scores = self.scorer.score(np.stack([s.features for s in sentences]))
        for s, p in zip(sentences, scores, strict=True):
            s.score = float(p)
        sentences.sort(key=lambda s: -s.score)
        self._locate(analysis, sentences)
        return sentences

    def _locate(self, analysis: QuestionAnalysis, sentences: list[Sentence]) -> None:
        """For a place question, which sentences speak of other communes only, and which of
        those holding the focus speak of the whole territory: they name it ("Le territoire…",
        "The metropolis…"), or name no place in a passage titled on it ("Summers are hot and
        dry, winters are mild" in "Moving to Aix-Marseille-Provence for work"). What they say
        holds for the place too."""
        if self.gazetteer is None:
            return
        if not analysis.scope.communes:
            if analysis.answer_type is AnswerType.LIST:
                _section_places(sentences, self.gazetteer)
            return
        gazetteer = self.gazetteer
        name = gazetteer.pack.name
        asked = set(analysis.place_communes)
        own, near = set(analysis.scope.communes), set(analysis.around)
        titles: dict[int, bool] = {}
        readings: dict[str, Reading] = {}  # each text read once: a sentence, then as "previous"

        # a place named after an asked commune is that commune's, wherever it lies: "l'aéroport
        # Marseille Provence", at Marignane, is Marseille's airport
        named_after = {
            code: re.compile(rf"\b{re.escape(fold_text(gazetteer.pack.communes[code].name))}\b")
            for code in own
            if code in gazetteer.pack.communes
        }

        def placed(reading: Reading) -> tuple[str, ...]:
            return tuple(
                dict.fromkeys(
                    next(
                        (
                            code
                            for code, name_of in named_after.items()
                            if m.place.kind != "commune" and name_of.search(fold_text(m.surface))
                        ),
                        m.place.insee,
                    )
                    for m in reading.mentions
                )
            )

        def read(text: str) -> Reading:
            if text not in readings:
                readings[text] = gazetteer.read(text)
            return readings[text]

        def communes(text: str) -> tuple[str, ...]:
            return placed(read(text)) if text else ()

        if analysis.reach and not any(
            s.features[_FOCUS] > 0 and asked & set(communes(s.text) or communes(s.previous))
            for s in sentences
        ):
            # asked near a place, and said of nothing around it: it may be a little further
            # ("Where can I go kitesurfing near Marseille?" on the Étang de Berre, from Istres)
            asked |= set(analysis.reach)
            near |= set(analysis.reach)
        for s in sentences:
            reading = read(s.text)
            found = placed(reading)
            s.here = bool(asked & set(found))
            s.crowded = len(found) > CROWDED
            # a sentence naming no commune speaks of the one before's: "His house is now a
            # museum" after "Salon-de-Provence is where Nostradamus lived"
            # (but one saying it of every commune, or most, speaks of the asked one too: "Dans
            # de nombreuses communes, les fêtes de la Saint-Jean, autour du 24 juin…" after a
            # sentence on Salon-de-Provence and Istres)
            every = not found and bool(EVERY_COMMUNE.match(s.text))
            named = found or (() if every else communes(s.previous))
            s.elsewhere = bool(named) and not asked & set(named)
            # (a sentence naming the asked place beside one other, in one coordination, is led
            # by both: "Le CROUS… gère des résidences… sur les campus d'Aix-en-Provence et de
            # Marseille"; not a list of more, which leads nowhere: "Les zones logistiques de
            # Fos-sur-Mer, Grans et Miramas relèvent du conseil de territoire" is no company
            # of Miramas)
            led_elsewhere = bool(named) and named[0] not in asked
            s.shared = (
                led_elsewhere and len(found) == 2 and _coordinated(s.text, reading.mentions, asked)
            )
            s.led_elsewhere = led_elsewhere and not s.shared
            s.around = bool(set(named) & near) and not set(named) & own
            # (the focus may be its section's: "Les mairies… sont le premier point de contact"
            # under "Les démarches à l'arrivée")
            s.wide = every
            if s.features[_FOCUS_CONTEXT] <= 0 or about_place(s, analysis) or every:
                continue
            kind = classify(s.text, reading, name).kind
            if kind == "none" and s.source.number not in titles:
                heading = " ".join((s.source.chunk.title, *s.source.chunk.heading))
                titles[s.source.number] = (
                    classify(heading, self.gazetteer.read(heading), name).kind == "territory"
                )
            # (not what a sentence leaning on other places says of them: "Ces villages ont en
            # partie vécu… comme le reste du bassin minier de Provence" after La Bouilladisse
            # and Peypin is theirs, not the territory's)
            # (nor what it says of "the town" after a sentence on another: "Le marché du Prado
            # et celui de la Plaine… de la ville" after Marseille's Noailles is no market of
            # Vitrolles)
            s.wide = (kind == "territory" or (kind == "none" and titles[s.source.number])) and not (
                s.elsewhere
                and not found
                and (leans_back(s.text) or bool(_OF_THE_TOWN.search(s.text)))
            )

    def featurise(
        self,
        analysis: QuestionAnalysis,
        sentences: list[Sentence],
        sources: list[Source],
        stats: TermStats | None,
    ) -> None:
        idf = _idf(analysis, sentences, stats)
        total = sum(idf) or 1.0
        passage_terms = {
            s.number: _common_terms(f"{s.chunk.title} {s.chunk.text}", s.chunk.lang, analysis)
            for s in sources
        }
        heading_terms = {
            s.number: _common_terms(section(s.chunk), s.chunk.lang, analysis) for s in sources
        }
        # every word, stopwords too: a name may be made of them ("Château d'If")
        passage_words = {
            s.number: {fold(w) for w in tokens(f"{s.chunk.title} {s.chunk.text}")} for s in sources
        }
        names = [name_words(n) for n in analysis.names]
        best = max((s.score for s in sources), default=1.0) or 1.0
        asked = [fold(w) for w in content_tokens(analysis.query, analysis.lang)]
        # (with the places and names it asks about, as the pack spells them: "Carnoux" is
        # Carnoux-en-Provence)
        asked_words = {
            fold(w)
            for text in (analysis.query, *analysis.places, *analysis.names)
            for w in tokens(text)
        }
        asked_set = set(asked)
        pairs = set(zip(asked, asked[1:], strict=False))
        asked_numbers = set(_DIGITS.findall(analysis.query))

        def share(terms: frozenset[str]) -> float:
            return (
                sum(w for forms, w in zip(analysis.focus_forms, idf, strict=True) if forms & terms)
                / total
            )

        for s in sentences:
            if analysis.common:
                s.terms = _without_proper(s.text, s.lang, s.terms, analysis)
            s.terms = _without_compounds(s.text, s.lang, s.terms, analysis, asked_words)
            context = s.terms | heading_terms[s.source.number]
            if s.previous:
                context = context | _common_terms(s.previous, s.lang, analysis)
            s.context = context
            passage = passage_terms[s.source.number]
            named = passage_words[s.source.number]
            folded = [fold(w) for w in content_tokens(s.text, s.lang)]
            words = set(folded)
            names_new = {fold(m.group()) for m in CAPITAL.finditer(s.text)} - asked_set
            s.features[:] = (
                share(s.terms),
                share(context),
                share(passage),
                sum(1 for n in names if n <= named) / len(names) if names else 1.0,
                0.0,
                0.0,
                0.0,
                len(words - analysis.question_terms) / len(words) if words else 0.0,
                float(
                    s.text.rstrip().endswith("?")
                    or bool(_ASKS.search(s.text) or _OF_ITSELF.search(s.text))
                    # "It is modelled on…" after "This document describes…"
                    or (leans_back(s.text) and bool(_OF_ITSELF.search(s.previous)))
                ),
                1.0 / (1 + s.position),
                1.0 / (1 + s.rank),
                s.source.score / best,
                float(s.lang == analysis.lang),
                math.log(len(s.text.split())),
                float(s.orphan),
                _FAR,
                len(asked_set & words) / len(asked_set) if asked_set else 0.0,
                len(pairs & set(zip(folded, folded[1:], strict=False))) / len(pairs)
                if pairs
                else 0.0,
                math.log1p(len(names_new)),
                float(bool(set(_DIGITS.findall(s.text)) - asked_numbers)),
            )
        order = sorted(
            range(len(sentences)), key=lambda i: (-sentences[i].features[1], sentences[i].rank)
        )
        ranked = [sentences[i] for i in order]
        self._type_features(analysis, ranked)
        dense = self.dense_candidates if analysis.factoid else self.list_dense_candidates
        # … and the best by focus holding an item of the asked type, when they hold none:
        # "since when is Cassis wine an AOC" and the French sentence with 1936 in it
        typed = next((i for i in range(dense, len(ranked)) if ranked[i].items), None)
        if typed is not None and not any(s.items for s in ranked[:dense]):
            ranked.insert(dense, ranked.pop(typed))
            dense += 1
        self._dense_features(analysis, ranked[:dense])

    def _dense_features(self, analysis: QuestionAnalysis, best: list[Sentence]) -> None:
        """Closeness in meaning: "randonnée palmée" (snorkelling) shares a word with hiking."""
        if self.embedder is None or not best:
            return
        q = self.embedder.embed_query(analysis.searched)  # cached: retrieval embedded it
        cos = [float(self.embedder.embed_query(s.text) @ q) for s in best]
        top = max(cos)
        for s, c in zip(best, cos, strict=True):
            s.features[FEATURES.index("dense")] = c - top

    def _type_features(self, analysis: QuestionAnalysis, sentences: list[Sentence]) -> None:
        kind = analysis.item_type
        if kind in (AnswerType.LIST, AnswerType.YESNO, AnswerType.OTHER):
            return
        typed = sentences
        ents: list[list[tuple[str, str]]] = [[] for _ in sentences]
        if entities.uses_entities(kind):
            # the best candidates by focus, then by rank (`sentences` is in that order): the
            # rest cannot win anyway; but a list's items say no word of what it is of ("À
            # Rousset, STMicroelectronics exploite une usine…" for "Quelles entreprises…?")
            typed = sentences if analysis.listed_type else sentences[: self.entity_candidates]
            ents = entities.named_entities([s.text for s in typed])
        forms = analysis.question_terms | entities.date_words(analysis.query)
        if kind is not AnswerType.PLACE:
            # a place the question only implies is what a place question asks: "Where is the
            # Camp des Milles memorial?" finds Aix-en-Provence by "Milles", and is answered by it
            forms |= analysis.place_terms
        for s, found in zip(typed, ents, strict=True):
            places = (
                [m.place.label for m in self.gazetteer.find(s.text)]
                if self.gazetteer is not None and (kind is AnswerType.PLACE or bool(found))
                else None
            )
            if analysis.duration:  # "Combien de temps en train ?" is no count of metro lines
                s.items = entities.durations(s.text)
            else:
                s.items = entities.typed_items(s.text, kind, forms, found, places)
            if analysis.recurring:  # "Quand visiter Marseille ?" is no fortress' century
                s.items = [i for i in s.items if not entities.once(i)]
            if analysis.counted:
                s.items = _counting(s.text, s.items, analysis.head, s.lang)
            if kind is AnswerType.PLACE:
                s.passage_place = self._passage_place(s, analysis)
            has = float(bool(s.items))
            s.features[4] = has
            s.features[5] = has * s.features[1]
            s.features[6] = math.log1p(len(s.items))

    def _passage_place(self, s: Sentence, analysis: QuestionAnalysis) -> str:
        """The one commune the sentence's section heading names (its title when it has none),
        when the sentence names no place itself and the question does not name it: "La commune
        accueille le parc OK Corral" under "Cuges-les-Pins"."""
        if self.gazetteer is None or self.gazetteer.find(s.text):
            return ""
        chunk = s.source.chunk
        heading = chunk.heading[-1] if chunk.heading else chunk.title
        communes = {m.place.insee for m in self.gazetteer.find(heading)}
        if len(communes) != 1:
            return ""
        commune = self.gazetteer.pack.communes.get(communes.pop())
        if commune is None or commune.name in analysis.places:
            return ""
        return commune.name


def _section_places(sentences: list[Sentence], gazetteer: Gazetteer) -> None:
    """For a list across the territory, the commune a sentence's passage is about when the
    sentence does not say it: "Des marchés se tiennent presque chaque matin sur les places
    du centre" is Aix-en-Provence's, in a page titled on Aix. The passage must name that
    commune alone, in its title or headings and in all it says: a page on the whole
    territory that mentions Marseille once is not about Marseille."""
    about: dict[int, str] = {}
    for s in sentences:
        chunk = s.source.chunk
        if s.source.number not in about:
            titled = {
                m.place.insee for m in gazetteer.find(" ".join((chunk.title, *chunk.heading)))
            }
            commune = (
                gazetteer.pack.communes.get(chunk.communes[0])
                if len(chunk.communes) == 1 and set(chunk.communes) == titled
                else None
            )
            about[s.source.number] = commune.name if commune is not None else ""
        place = about[s.source.number]
        named = any(m.place.insee for m in gazetteer.find(s.text))
        if place and not named:
            s.passage_place = place
        s.placed = named or bool(place)


def _common_terms(text: str, lang: str, analysis: QuestionAnalysis) -> frozenset[str]:
    terms = sentence_terms(text, lang)
    return _without_proper(text, lang, terms, analysis) if analysis.common else terms


def unnamed_terms(text: str, lang: str) -> frozenset[str]:
    """The terms of a text's words that name nothing: not those capitalised within a sentence
    ("la procédure Études en France" says no study)."""
    return sentence_terms(_NAMED_WORD.sub(" ", text), lang)


def _without_proper(
    text: str, lang: str, terms: frozenset[str], analysis: QuestionAnalysis
) -> frozenset[str]:
    """A text's terms without a common noun the question asks about when the text has it only
    as part of a name, capitalised within a sentence ("le moteur Calanque", "Frédéric
    Mistral")."""
    if not CAPITAL.search(text):
        return terms
    lower = unnamed_terms(text, lang)
    for word, forms in zip(analysis.focus, analysis.focus_forms, strict=False):
        if fold(word) in analysis.common and forms & terms and not forms & lower:
            terms = terms - forms
    return terms


# A name of hyphenated words, capitalised: "Moyen-Orient", "Saint-Victor", "Fos-sur-Mer".
_HYPHENATED_NAME = re.compile(r"\b[A-ZÀ-Ý][\w'’]*(?:-[\w'’]+)+")


def _without_compounds(
    text: str, lang: str, terms: frozenset[str], analysis: QuestionAnalysis, said: set[str]
) -> frozenset[str]:
    """A text's terms without a word the question asks about when the text has it only inside
    a hyphenated name, beside none of the name's words the question says: "salaire moyen" is
    not the "Moyen-Orient", "vins de Provence" not "Aix-en-Provence"; "randonnee sainte
    victoire" is said by the prieuré de "Notre-Dame-de-Sainte-Victoire", "Carnoux" by
    "Carnoux-en-Provence", the place asked about."""
    found = list(_HYPHENATED_NAME.finditer(text))
    if not found:
        return terms
    apart: list[str] = []  # the words the question says, alone in their name
    for m in found:
        words = [w for w in (fold(t) for t in tokens(m.group())) if w not in PARTICLES]
        apart += [
            w
            for i, w in enumerate(words)
            if w in said and not said & {*words[max(0, i - 1) : i], *words[i + 1 : i + 2]}
        ]
    if not apart:
        return terms
    inside = sentence_terms(" ".join(apart), lang)
    hit = [forms for forms in analysis.focus_forms if forms & terms & inside]
    if not hit:
        return terms
    rest = sentence_terms(
        _HYPHENATED_NAME.sub(
            lambda m: " ".join(w for w in tokens(m.group()) if fold(w) not in apart), text
        ),
        lang,
    )
    for forms in hit:
        if not forms & rest:
            terms = terms - forms
    return terms


def _idf(
    analysis: QuestionAnalysis, sentences: list[Sentence], stats: TermStats | None
) -> list[float]:
    """Weight of each focus word: its rarity in the index, or among the candidates."""
    n = len(sentences)
    out = []
    for forms in analysis.focus_forms:
        if stats is not None:
            out.append(_rarity(forms, stats))
            continue
        df = sum(1 for s in sentences if forms & s.terms)
        out.append(math.log(1 + (n + 1) / (df + 1)))
    return out


def _rarity(forms: frozenset[str], stats: TermStats) -> float:
    """A focus word's weight: the rarity of its commonest form. A form the index splits is
    unknown there as a whole, and as rare as its rarest known part: "start-up" weighed as a
    word no source holds put "Le territoire est labellisé French Tech… les start-up" before
    "Des entreprises de biotechnologie…" for a biotech start-up's ecosystem."""
    split = [
        max(stats.idf(p) for p in parts)
        for t in forms
        if "-" in t and not stats.known(t)
        if (parts := [p for p in t.split("-") if stats.known(p)])
    ]
    whole = [stats.idf(t) for t in forms if "-" not in t or stats.known(t)]
    return min(whole + split, default=min(stats.idf(t) for t in forms))


# A town said with its article inside a sentence, which is one town: "…parmi les grands
# marchés de la ville", "…in the heart of the city"
_OF_THE_TOWN = re.compile(
    r"\b(?:de la|à la|dans la|of the|in the) (?:ville|town|city)\b"
    r"(?!\s+(?:de|d['’]|du|des|of|hall|centre|center)\b)",
    re.IGNORECASE,
)
# What a sentence opens on when it speaks of all the communes, or most of them.
# A sentence said of every commune, or most ("Dans de nombreuses communes, les fêtes de la
# Saint-Jean…")
EVERY_COMMUNE = re.compile(
    r"^(?:dans|en|pour|in|for|across) (?:de nombreuses|la plupart des|toutes les|chaque|beaucoup"
    r" de|many|most|all|every|each)(?: (?:des|the|of the))? (?:communes?|villes?|villages?"
    r"|towns?|municipalit(?:y|ies))\b",
    re.IGNORECASE,
)


# What joins places named in one coordination: "d'Aix-en-Provence et de Marseille", "Aix,
# Aubagne and Marseille".
_JOINING = re.compile(
    r"^(?:\s|,|et|and|ou|or|de|d['’]|du|des|à|au|aux|in|at|l['’])*$", re.IGNORECASE
)


def _coordinated(text: str, mentions: list[Mention], asked: set[str]) -> bool:
    """The asked commune is named in the same coordination as the sentence's first place."""
    for before, mention in zip(mentions, mentions[1:], strict=False):
        if not _JOINING.match(text[before.end : mention.start]):
            return False
        if mention.place.insee in asked:
            return True
    return False
