"""Should the site answer at all? A question its sources do not answer is refused.

Hard rules first: an empty index, an instruction aimed at the system, a question with no word to
look for ("2 + 2"), a question asking for a number, a date or a postal code whose best sentences
hold none. Then a logistic model over what retrieval and the reader found, calibrated on
a development set of questions the demo corpus answers and questions it does not
(`bench/train_refusal.py`; `bench/data/scope_dev.tsv`, reported on `scope_heldout.tsv`): whether a
sentence holds the question's focus and a new item of the expected type, whether the sources name
the question's proper names ("Bordeaux", "Australie"), how much of the focus the index has never
seen, and how close the best passage is in meaning.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from calanque.answer.entities import PATTERN_TYPES
from calanque.answer.periods import months
from calanque.answer.question import (
    COMPOUND_WORDS,
    POSTAL_FORMS,
    SIGHTS,
    AnswerType,
    QuestionAnalysis,
    name_words,
)
from calanque.answer.reading import FEATURES as SENTENCE_FEATURES
from calanque.answer.reading import (
    SERVED,
    Sentence,
    about_place,
    months_said,
    sentence_terms,
    titled_context,
)
from calanque.answer.types import Source
from calanque.index.analysis import fold, folded_words, tokens, words
from calanque.index.search import TermStats

FEATURES = (
    "reader",  # the best sentence's score, as a logit (the probability saturates near 1)
    "focus_sentence",  # the largest share of the focus in one sentence (with its context)
    "focus_passage",  # … in one passage
    "names",  # share of the question's proper names in the best-named passage
    "unknown",  # share of the focus (idf-weighted) that no chunk of the index contains
    "dense",  # best cosine of a passage with the question, minus the embedder's floor
    "type_match",  # a sentence with the focus holds a new item of the expected type
    "place",  # the question names one of the pack's places
    "focus_words",  # log(1 + number of focus words)
    "names_title",  # share of the question's proper names in a top passage's title or headings
    "only_names",  # the focus is nothing but proper names ("Que visiter à Bordeaux ?")
    "missing_sentence",  # the rarest focus word the best sentence (with its context) lacks
    "missing_passage",  # … that the best sentence's passage lacks
    "cross_lingual",  # the best sentence is in another language: its words cannot match
    "dense_cross",  # closeness in meaning when they cannot
)
_F = {name: i for i, name in enumerate(SENTENCE_FEATURES)}
# A question about a time of year is answered when one of this many best sentences says it.
_DATED_AMONG = 5
# … and a yes or no for a time of year is said of that time by one of this many: "Du 1er juin au
# 30 septembre, l'accès aux massifs… y compris les Calanques…" was the sixth for "Est-ce qu'on
# peut randonner dans les calanques en été ?", after the trails' stones and the buses to them
_SAID_AMONG = 8
# A sentence saying how far (folded): a distance, a time, or near
_NEAR_OR_MEASURED = re.compile(
    r"\b\d+(?:[.,]\d+)? ?(?:km|kilometres?|kilometers?|minutes?|min|heures?|hours?)\b"
    r"|\b(?:quelques|few) minutes\b|\b(?:pres|proche|proches|bord|near|close|loin|far)\b"
)
# A way between places is answered when one of this many best sentences links them all.
_JOURNEY_AMONG = 3


@dataclass(frozen=True)
class RefusalModel:
    weights: tuple[float, ...]
    bias: float
    threshold: float = 0.5

    def probability(self, x: np.ndarray) -> float:
        return float(1.0 / (1.0 + math.exp(-(float(x @ np.asarray(self.weights)) + self.bias))))

    @classmethod
    def from_dict(cls, data: dict) -> RefusalModel:
        if tuple(data["features"]) != FEATURES:
            raise ValueError("the refusal weights were fitted on other features: refit")
        return cls(tuple(data["weights"]), float(data["bias"]), float(data["threshold"]))


@cache
def bundled_refusal() -> RefusalModel:
    text = resources.files("calanque.answer").joinpath("models/refusal.json").read_text("utf-8")
    return RefusalModel.from_dict(json.loads(text))


@dataclass(frozen=True)
class Verdict:
    """`reason` is empty when the question is answered."""

    reason: str = ""
    probability: float = 1.0

    @property
    def answered(self) -> bool:
        return not self.reason


def _known(term: str, stats: TermStats) -> bool:
    """Some chunk holds the term, or its parts: the index never holds a compound's word
    ("datacentre" for "centres de données")."""
    return stats.known(term) or term in COMPOUND_WORDS


def features(
    analysis: QuestionAnalysis,
    sources: list[Source],
    sentences: list[Sentence],
    stats: TermStats | None,
    dense_floor: float,
) -> np.ndarray:
    """The decision's features, in `FEATURES` order."""
    best = sentences[0] if sentences else None
    on_focus = [s for s in sentences if s.features[_F["focus"]] > 0]
    weights = [min(stats.idf(t) for t in forms) if stats else 1.0 for forms in analysis.focus_forms]
    total = sum(weights) or 1.0
    unknown = (
        sum(
            w
            for forms, w in zip(analysis.focus_forms, weights, strict=True)
            if not any(_known(t, stats) for t in forms)
        )
        / total
        if stats
        else 0.0
    )
    dense = max((s.dense_score or 0.0) for s in sources) if sources else 0.0
    names = [name_words(n) for n in analysis.names]
    titles = [
        {fold(w) for w in tokens(" ".join((s.chunk.title, *s.chunk.heading)))} for s in sources[:5]
    ]
    in_titles = sum(any(n <= t for t in titles) for n in names) / len(names) if names else 1.0
    said = set().union(*names) if names else set()
    only_names = bool(analysis.focus) and all(fold(w) in said for w in analysis.focus)
    ceiling = math.log(2 + stats.total) if stats else 1.0

    def missing(terms: frozenset[str]) -> float:
        """idf of the rarest focus word not in `terms`, over the largest idf there can be."""
        lacking = [
            w for forms, w in zip(analysis.focus_forms, weights, strict=True) if not forms & terms
        ]
        return max(lacking, default=0.0) / ceiling

    same = float(best is not None and best.lang == analysis.lang)
    context: frozenset[str] = frozenset()
    passage: frozenset[str] = frozenset()
    if best is not None:
        context = best.context
        passage = context | sentence_terms(best.source.chunk.text, best.lang)
    return np.array(
        [
            _logit(best.score) if best else -10.0,
            max((s.features[_F["focus_context"]] for s in sentences), default=0.0),
            max((s.features[_F["focus_passage"]] for s in sentences), default=0.0),
            max((s.features[_F["names"]] for s in sentences), default=0.0),
            unknown,
            dense - dense_floor if dense_floor and dense else 0.0,
            float(any(s.features[_F["type_match"]] > 0 for s in on_focus)),
            float(analysis.scope.kind == "place"),
            math.log1p(len(analysis.focus)),
            in_titles,
            float(only_names),
            missing(context) * same,
            missing(passage) * same,
            1.0 - same,
            (dense - dense_floor) * (1.0 - same) if dense_floor and dense else 0.0,
        ]
    )


# A word said as a name: in brackets, or after a verb of naming.
_NAMED = re.compile(
    r"\((?:l['’]|le |la |les )?([^\W_]+)|\b(?:appelée?s?|nommée?s?|surnommée?s?|dite?s?"
    r"|s['’]appell?e(?:nt)?|called|named|known as) (?:l['’]|le |la |les |the )?([^\W_]+)"
)


def _names_new(text: str, analysis: QuestionAnalysis) -> bool:
    """The sentence holds a word the question does not say, capitalised past its first ("le
    tokamak WEST", "les Gardannais") or said as a name: in brackets, or after "appelé",
    "called"… ("le couvercle (propitiatoire)")."""
    said = words(text)
    named = {m[1] or m[2] for m in _NAMED.finditer(text)}
    return any(
        (w[:1].isupper() and i) or w in named
        for i, w in enumerate(said)
        if fold(w) not in analysis.question_terms
    )


def _names_two_places(text: str, places: tuple[str, ...]) -> bool:
    """The sentence names two of the places: a way between them (a third may be one a
    follow-up carries: "Et Saint-Zacharie, c'est loin de Marseille ?" after Aubagne)."""
    said = f" {folded_words(text)} "
    return sum(f" {folded_words(p)} " in said for p in places) > 1


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


class Refusal:
    """The decision, with the model and the embedder's similarity floor it was fitted with."""

    def __init__(self, model: RefusalModel | None = None, *, dense_floor: float = 0.0) -> None:
        self._model = model
        self.dense_floor = dense_floor

    @property
    def model(self) -> RefusalModel:
        return self._model or bundled_refusal()

    @staticmethod
    def rule(
        analysis: QuestionAnalysis,
        sources: list[Source],
        sentences: list[Sentence],
        stats: TermStats | None = None,
        *,
        index_empty: bool = False,
        grounded: bool = True,
    ) -> Verdict | None:
        """The refusals no model needs to weigh, or None. `grounded`: some sentence speaks of
        the places and names the question asks about (`grounding.py`)."""
        if index_empty:
            return Verdict("empty_index", 0.0)
        if analysis.injection:
            return Verdict("injection", 0.0)
        if analysis.small_talk:
            return Verdict("small_talk", 0.0)
        if analysis.unspoken:
            return Verdict("question_language", 0.0)
        if analysis.live and not analysis.visit and analysis.answer_type is not AnswerType.HOWTO:
            # "Quel film passe ce soir à l'Eden ?", "Quels événements ce week-end ?": pages
            # written before tonight cannot say (what there is to do can, "Que faire ce
            # week-end avec les enfants ?", and how to find out: "Comment savoir si un massif
            # est ouvert demain ?")
            return Verdict("out_of_scope", 0.0)
        if (
            not sources
            or not sentences
            or not any(any(c.isalpha() for c in w) and len(w) > 1 for w in analysis.focus)
        ):
            return Verdict("out_of_scope", 0.0)
        if analysis.answer_type is AnswerType.POSTAL_CODE and not analysis.scope.communes:
            # "code postal montpellier": a postal code is a commune's, and no commune of the
            # territory is asked ("Code postal : 13370" is Mallemort's)
            return Verdict("out_of_scope", 0.0)
        if analysis.answer_type in PATTERN_TYPES and not any(s.items for s in sentences[:3]):
            # "Quelle est l'altitude du Garlaban ?" and no number where it speaks
            return Verdict("out_of_scope", 0.0)
        if analysis.naming and not _names_new(sentences[0].text, analysis):
            # "Comment s'appelle le service de vélos… ?" and "Marseille dispose d'un service de
            # vélos en libre-service": no name in the lead
            return Verdict("out_of_scope", 0.0)
        if (
            analysis.answer_type is AnswerType.ORGANISATION
            and analysis.factoid
            and not any(s.items for s in sentences[:3])
        ):
            # "Quelle compagnie de ferry dessert la Corse ?" and "des ferries relient la Corse":
            # no company named where it speaks
            return Verdict("out_of_scope", 0.0)
        if analysis.asks_how_far and not any(
            s.items and _names_two_places(s.text, analysis.places) for s in sentences
        ):
            # "Combien de kilomètres entre Aubagne et Cassis ?" and "Aubagne est à 12 km de
            # Marseille", "Cassis est à 13 km de Marseille": no sentence measures the way
            return Verdict("out_of_scope", 0.0)
        if analysis.far_from and not any(
            _NEAR_OR_MEASURED.search(folded_words(s.text))
            and all(forms & s.context for forms in analysis.far_from)
            and about_place(s, analysis)
            for s in sentences[:_SAID_AMONG]
        ):
            # "Is Aix-en-Provence far from the sea?" and hiking areas "within sight of the sea":
            # no sentence of the place measures the way to it, or says it is near
            return Verdict("out_of_scope", 0.0)
        action = _action(analysis) if analysis.answer_type is AnswerType.PERSON else None
        if (
            action is not None
            and analysis.factoid
            and not any(_someone_did(s, *action) for s in sentences[:3])
        ):
            # "Qui a construit la basilique Notre-Dame-de-la-Garde ?" and "L'édifice actuel… a
            # été construit au XIXe siècle": no one did it where it is said
            return Verdict("out_of_scope", 0.0)
        if not grounded:
            return Verdict("out_of_scope", 0.0)  # "Combien d'habitants à Toulon ?"
        dated = (
            [months(s.text) for s in sentences[:_DATED_AMONG]]
            if analysis.period and analysis.answer_type is not AnswerType.LIST
            else []
        )
        if any(dated) and not any(d & analysis.period for d in dated):
            # "Can I swim in the sea in October?" and "Jellyfish can appear in some summers",
            # "Beaches with lifeguards in summer…": the best sentences speak of other times of
            # year, none of the asked one
            return Verdict("out_of_scope", 0.0)
        if (
            analysis.period
            and analysis.answer_type is AnswerType.YESNO
            and not any(
                months_said(s) & analysis.period
                # what is asked, without when ("hiver" in "Peut-on se baigner en hiver ?")
                and any(
                    forms & s.context
                    for word, forms in zip(analysis.focus, analysis.focus_forms, strict=False)
                    if not months(word)
                )
                for s in sentences[:_SAID_AMONG]
            )
        ):
            # a yes or no for a time of year is said of that time and of what is asked: "Can
            # you swim in Marseille in October?" is not answered by the rules on smoking on the
            # beaches (a passage headed "summer fire rules" says when its rules hold), "Peut-on
            # se baigner en hiver ?" by the santons fair of December
            return Verdict("out_of_scope", 0.0)
        if analysis.added and not any(
            any(forms & s.context for forms in analysis.added) for s in sentences
        ):
            # "Et s'il pleut ?" after "Que faire à Marseille avec des enfants ?": no sentence
            # says rain, and the one on children by the sea was the answer before
            return Verdict("out_of_scope", 0.0)
        if analysis.required and not any(
            all(forms & s.context for forms in analysis.required) for s in sentences[:_SAID_AMONG]
        ):
            # what the asker needs is said, or nothing answers them: "Je suis végétarien, où
            # manger à Marseille ?" is not answered by the bouillabaisse
            return Verdict("out_of_scope", 0.0)
        carried = (
            [f for f in analysis.focus_forms if not any(f & a for a in analysis.added)]
            if analysis.added
            else []
        )
        if carried and not any(
            any(forms & titled_context(s) for forms in carried) for s in sentences[:_SAID_AMONG]
        ):
            # … nor what it narrows: "Et pour les débutants ?" after climbing near Marseille
            # is not answered by the sailing schools' "stages d'initiation" (its passage's
            # title may say it: "Il faut réserver ?" after a boat tour of the calanques is
            # answered by "le parc" in "Le Parc national des Calanques")
            return Verdict("out_of_scope", 0.0)
        how_to = analysis.answer_type is AnswerType.HOWTO and not analysis.journey
        # (and whether a place has a thing: "Est-ce qu'il y a une plage à Aix-en-Provence ?" was
        # answered by the water quality "affichés sur les plages", at no place)
        yes_no = analysis.answer_type is AnswerType.YESNO and not analysis.period
        if (
            (
                (analysis.answer_type is AnswerType.LIST and not analysis.bare_visit)
                or how_to
                or yes_no
            )
            and analysis.scope.kind == "place"
            and not analysis.scope.groups
            and not any(
                s.features[_F["focus_context"]] > 0
                and (about_place(s, analysis) or (how_to and s.wide))
                for s in sentences
            )
        ):
            # "Où manger à Martigues ?": "Martigues est accessible par l'autoroute" speaks of
            # the place and not of what is asked, "Chaque commune a ses spécialités" of every
            # place, which names none to go to; nor is "Comment se garer à Marseille ?"
            # answered by "le stationnement y est difficile" at Cassis (how to do a thing may
            # be said of the whole territory)
            return Verdict("out_of_scope", 0.0)
        if (
            analysis.world
            and analysis.factoid
            and not any(all(f & s.context for f in analysis.focus_forms) for s in sentences[:3])
        ):
            # "Quel est le plus long fleuve du monde ?" and "l'un des premiers barrages-voûtes
            # au monde": a world record is answered by a sentence that says all of it
            return Verdict("out_of_scope", 0.0)
        worded = [
            forms
            for word, forms in zip(analysis.focus, analysis.focus_forms, strict=False)
            if any(c.isalpha() for c in word)
        ]
        if (
            stats is not None
            and len(worded) >= 2
            and not analysis.bare_visit  # its words are the site's, not the asker's
            and not any(_known(t, stats) for forms in worded for t in forms)
        ):
            # "asdkj qwpoe zmxn": no source has a word of it (one word may be a rare compound,
            # "birdwatching")
            return Verdict("out_of_scope", 0.0)
        named = {fold(w) for n in analysis.names for w in tokens(n) if len(w) >= 5}
        unknown = [
            forms
            for forms in analysis.focus_forms
            if stats is not None
            and not any(stats.known(t) for t in forms)
            and not forms & POSTAL_FORMS  # "postcode": how it is asked, not what
        ]
        if analysis.factoid and any(
            forms & named or analysis.answer_type is AnswerType.POSTAL_CODE for forms in unknown
        ):
            # "code postal saint-tropez", "Qui a fondé la société Zorglub ?": a name no source
            # has ever held is what is asked about
            return Verdict("out_of_scope", 0.0)
        return None

    def judge(
        self,
        analysis: QuestionAnalysis,
        sources: list[Source],
        sentences: list[Sentence],
        stats: TermStats | None,
        *,
        index_empty: bool = False,
        grounded: bool = True,
    ) -> Verdict:
        ruled = self.rule(
            analysis, sources, sentences, stats, index_empty=index_empty, grounded=grounded
        )
        if ruled is not None:
            return ruled
        if (
            analysis.bare_visit
            and grounded
            and any(
                s.terms & SIGHTS and (analysis.scope.kind != "place" or about_place(s, analysis))
                for s in sentences
            )
        ):
            # "Que voir à L'Estaque ?", "Que faire dans la région ?": no focus of the asker's
            # for the model to weigh, and something to see there is the answer
            return Verdict("", 1.0)
        if (
            analysis.journey
            and len(analysis.places) > 1
            and grounded
            and any(
                SERVED.search(s.text)
                and all(name_words(p) <= {fold(w) for w in tokens(s.text)} for p in analysis.places)
                for s in sentences[:_JOURNEY_AMONG]
            )
        ):
            # a way between the places asked, and a line or a vehicle that links them all: "La
            # Ciotat et Cassis sont desservies par la ligne TER…" answers "Comment aller de
            # l'une à l'autre ?" after both (the model, weighing how the follow-up was said,
            # refused it)
            return Verdict("", 1.0)
        x = features(analysis, sources, sentences, stats, self.dense_floor)
        p = self.model.probability(x)
        return Verdict("" if p >= self.model.threshold else "out_of_scope", p)


# A capitalised word that names no one: a century ("XIXe").
_ROMAN = re.compile(r"^[IVXLC]+(?:e|er|ème|th|st|nd|rd)?$")
_WORD = re.compile(r"[^\W\d_]+")
_PASSIVE = re.compile(r"\b(?:été|fut|furent|was|were|been)\b", re.IGNORECASE)
_AGENT = re.compile(r"\b(?:par|by)\b", re.IGNORECASE)


def _action(analysis: QuestionAnalysis) -> tuple[set[str], list[frozenset[str]]]:
    """The words naming what a "who did it" question is about (its names, places, and the
    common noun it names it by: "la basilique Notre-Dame-de-la-Garde"), and the forms of the
    rest of its focus: what was done."""
    named = {fold(w) for n in (*analysis.names, *analysis.places) for w in tokens(n)}
    named |= {
        fold(before[-1])
        for n in analysis.names
        if (at := analysis.text.find(n)) > 0
        and (before := tokens(analysis.text[:at]))
        # (not the act itself: "Qui a construit Notre-Dame-de-la-Garde ?")
        and fold(before[-1]) not in analysis.agent
    }
    done = [
        forms
        for word, forms in zip(analysis.focus, analysis.focus_forms, strict=False)
        if fold(word) not in named
    ]
    return named, done


def _someone_did(s: Sentence, named: set[str], done: list[frozenset[str]]) -> bool:
    """The sentence says what was done, and names someone who is not the thing asked about: a
    recognised person, or a capitalised name ("les Grecs ont fondé la ville", "conçu par
    l'architecte Rudy Ricciotti"); "Les Marseillais la surnomment « la Bonne Mère »" says
    nothing of who built the basilica."""
    if done and not any(forms & s.context for forms in done):
        return False
    if s.items:
        return True
    later = _WORD.findall(s.text)[1:]  # (the first is capitalised as the sentence's)
    if any(w[:1].isupper() and not _ROMAN.match(w) and fold(w) not in named for w in later):
        return True
    # (someone unnamed does it in the active voice: "Les bergers du plateau y livrent le lait";
    # in the passive, no one does it but by someone: "a été construit au XIXe siècle")
    return not (_PASSIVE.search(s.text) and not _AGENT.search(s.text))
