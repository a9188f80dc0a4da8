"""The default backend, with no model: an answer composed of the sources' own sentences.

Every sentence is quoted from a source and cited, so it cannot invent anything; what it can get
wrong is the choice, which the reader (`reading.py`) makes and this module shapes by the expected
answer type:

- a factoid (who, when, how many, which postal code, what is…) opens on the one sentence that
  holds the answer, then at most `max_support` supporting sentences, as prose;
- a list or a how-to gives several items, one per passage and, where they differ, per place,
  each on the question's focus; a territory-wide list cites across the territory's groups
  (`Equity.cite`).

Coherence: a sentence that leans on the one before ("Il réunit…") brings it along or is left
out; a fact is not given twice (fact sheets exist in French and English); the question's
language is kept whenever a source in it answers, and when none does the answer says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from calanque.answer.backend import AnswerBackend
from calanque.answer.coreference import resolved, resolved_en
from calanque.answer.entities import PATTERN_TYPES
from calanque.answer.grounding import THERE_IS
from calanque.answer.messages import language_name, message
from calanque.answer.periods import months
from calanque.answer.question import MOVING, SIGHTS, AnswerType, QuestionAnalysis, translated
from calanque.answer.reading import (
    CAPITAL,
    DEMONSTRATIVE,
    EVERY_COMMUNE,
    FEATURES,
    IN_CASE,
    LINKING,
    MEANS,
    OF,
    SERVED,
    SUBJECT_WORDS,
    VEHICLES,
    Sentence,
    about_place,
    counts_back,
    figures_of_another,
    leans_back,
    leans_by_its_object,
    months_said,
    opening,
    ranks_places,
    section,
    sentence_terms,
    unnamed_terms,
)
from calanque.answer.types import AnswerRequest
from calanque.index.analysis import content_tokens, fold, fold_text, folded_words, tokens
from calanque.ingest.language import CAPITALISED

_FOCUS = FEATURES.index("focus")
_FOCUS_CONTEXT = FEATURES.index("focus_context")
_ASKS = FEATURES.index("question")
_NAMES = FEATURES.index("names")


@dataclass(frozen=True)
class Shaping:
    """How an extractive answer is shaped: every weight in one place.

    language_ratio: a sentence in the question's language is preferred while it scores at least
        this share of the best sentence in any language.
    language_tries: how many of the best sentences in the question's language are tried.
    support_ratio: a supporting sentence scores at least this share of the lead's.
    max_support: supporting sentences after a factoid's lead.
    item_ratio: a list item scores at least this share of the best item.
    item_focus: … and holds at least this share of the best item's focus.
    spread_focus: … under an equity policy, where the order mixes relevance and fairness and
        any sentence on a good part of the focus may stand (the score's rank prior says less).
    max_items: items of a list answer.
    few_items: with fewer items, one per passage, a list takes more sentences from the same
        passages.
    alone_ratio: a factoid's lead that leans on the sentence before it gives way to one that
        reads alone and scores at least this share of it.
    tie_ratio: of two leads this close, the one whose subject is the asked place wins.
    focus_margin: a how-to's lead gives way to a sentence scoring `alone_ratio` of it that holds
        this much more of the focus.
    subject_focus: a lead about the asked place holds at least this share of the focus of the
        lead it replaces (but where a thing is, which is said with little of it).
    """

    language_ratio: float = 0.5
    language_tries: int = 3
    tie_ratio: float = 0.98
    alone_ratio: float = 0.9
    support_ratio: float = 0.6
    focus_margin: float = 0.2
    subject_focus: float = 0.5
    max_support: int = 2
    item_ratio: float = 0.3
    item_focus: float = 0.5
    spread_focus: float = 0.4
    max_items: int = 5
    few_items: int = 3


@dataclass(frozen=True)
class Quote:
    """A sentence of the answer, with the source it cites."""

    text: str
    source: int
    # the sentence before it is its antecedent, quoted for it: one item of a list with it
    follows: bool = False
    # the source's own words, when the quote names in brackets what its pronoun stands for
    said: str = ""
    # a list item's commune, said before it when the item does not say it
    where: str = ""


@dataclass(frozen=True)
class Composition:
    quotes: list[Quote]
    as_list: bool = False
    other_language: str = ""  # the sources' language when none is in the question's
    disputed: Quote | None = None  # another document's different figure, said as such
    where: str = ""  # the commune a place question's lead speaks of without naming it
    some_other_language: str = ""  # the language of some items of a list, not the question's


class ExtractiveBackend(AnswerBackend):
    backend_id = "extractive"
    uses_model = False

    def __init__(self, shaping: Shaping | None = None) -> None:
        self.shaping = shaping or Shaping()

    def compose(self, request: AnswerRequest) -> Composition:
        """The quotes of the answer, in order (none when no sentence answers)."""
        pool = _in_place(request, request.sentences)
        if not pool or _nothing_here(request) or _nothing_said(request, pool):
            return Composition([])
        # a sentence that asks (an interviewer's question, "the same questions: where to live,
        # which school…") answers nothing while another sentence says something
        pool = [s for s in pool if not s.features[_ASKS]] + [s for s in pool if s.features[_ASKS]]
        typed = request.analysis.answer_type
        if request.analysis.duration:
            # how long is said by a length of time: "Combien de temps pour aller à Cassis depuis
            # Marseille ?" is not answered by "Cassis est à 13 km de Marseille à vol d'oiseau"
            pool = [s for s in pool if s.items]
            if not pool:
                return Composition([])
        if request.analysis.factoid:
            pool = _alone_first(
                pool, self.shaping.alone_ratio, self.shaping.support_ratio, request.analysis
            )
            # a name's little words are not its subject: "Dans l'ouest de la métropole" does not
            # open on Plan-de-Campagne
            little = request.analysis.little
            if typed is AnswerType.NUMBER:
                area = _asked_words(request.analysis.scope.area_words) - little
                pool = _subject_first(pool, area, typed, self.shaping.alone_ratio)
            places = _asked_words(request.analysis.places) - little
            pool = _subject_first(
                pool,
                # (what is near a place is not the place: "Are there international schools near
                # Aix?" is not answered by Sciences Po Aix)
                set() if request.analysis.nearby else places,
                typed,
                self.shaping.tie_ratio,
                elsewhere=self.shaping.alone_ratio,
                focus=request.analysis.focus_terms,
                held=self.shaping.subject_focus,
            )
            if (
                typed is AnswerType.YESNO
                and len(request.analysis.places) > 1
                and not _names_all(pool[0], request.analysis)
            ):
                # of leads alike, one naming every place asked: "Is there a train from
                # Marseille to Cassis?" by "Travellers staying in central Marseille, Cassis or
                # La Ciotat… direct regional trains", not by day trips from Marseille (a number
                # is each place's: `_each_place`)
                pool = _gives_way(
                    pool, self.shaping.tie_ratio, lambda s: _names_all(s, request.analysis)
                )
            kind = request.analysis.kind
            if kind and request.analysis.scope.kind != "none" and not kind & pool[0].terms:
                # one thing of a kind is asked of the territory: "Which airport serves
                # Marseille?" by "Marseille Provence airport… lies in the commune of Marignane",
                # not by the TGV stations "desservies" a French page names, nor by the coaches
                # from the TGV station "à l'aéroport": the kind is what the sentence opens on,
                # or else in it. (Not of the world, whose answers name the thing and seldom its
                # kind: "Quel pays se trouve au sud de la Lituanie ?" is not answered by "la
                # Pologne est le trente-quatrième pays le plus peuplé".)
                lead = pool[0]
                pool = _gives_way(
                    pool,
                    self.shaping.alone_ratio,
                    lambda s: (
                        _opens_on(s, set(kind))
                        or (s.orphan and bool(set(kind) & _subject_words(s.previous)))
                    ),
                )
                if pool[0] is lead:
                    pool = _gives_way(
                        pool, self.shaping.alone_ratio, lambda s: bool(kind & s.terms)
                    )
            if request.analysis.asks_rank and (after := _after_place(request.analysis)):
                # "la plus peuplée après Marseille" is said after Marseille: "Après Marseille, les
                # communes les plus peuplées sont Aix-en-Provence (149 695 habitants)…", not by
                # Marseille's own rank, which opens on the place
                pool = _gives_way(
                    pool,
                    self.shaping.alone_ratio,
                    lambda s: after in f" {folded_words(s.text)[:60]}",
                )
            if request.analysis.counts_people and places:
                # "How many people live in Marseille?": "…the metropolis also includes
                # Aix-en-Provence, a city of around 150,000 people" gives Aix's figure
                pool.sort(key=lambda s: figures_of_another(s, places, little))
            if typed is AnswerType.PLACE and not places and request.analysis.names:
                # "Où se trouve le Vieux-Port ?": "Le Vieux-Port de Marseille occupe la calanque
                # du Lacydon", not the ferry crossing it
                things = _asked_words(request.analysis.names) - little
                pool = _subject_first(pool, things, typed, self.shaping.tie_ratio)
            if typed is AnswerType.PLACE and not places and not request.analysis.names:
                # "Where is the microelectronics industry located?": where, not what it offers
                # ("Aeronautics, microelectronics… offer many jobs" names no place)
                pool = _typed_first(pool, self.shaping.alone_ratio)
            if typed is AnswerType.PLACE:
                # ("La présence d'ITER a fait venir dans le nord du Pays d'Aix des chercheurs" is
                # about the presence, and a sentence opening on a place says where ITER is; "Le
                # Vieux-Port de Marseille occupe la calanque du Lacydon" is about the port, and
                # says where before the ferry crossing it "À Marseille")
                opens = {fold(w) for w in content_tokens(pool[0].text, pool[0].lang)[:1]} & {
                    fold(w) for n in request.analysis.names for w in tokens(n)
                }
                opener = None if opens else _OPENS_ON_PLACE

                def says_where(s: Sentence) -> bool:
                    return bool(_WHERE_SAID.search(s.text) or (opener and opener.match(s.text)))

                if not says_where(pool[0]):
                    # of leads alike, one saying where the thing is: "Où se trouve l'aéroport ?"
                    # by "L'aéroport Marseille Provence est situé sur la commune de Marignane", not
                    # by "[L'aéroport…] est relié à Marseille Saint-Charles par une navette"
                    lead = pool[0]
                    pool = _gives_way(
                        pool,
                        self.shaping.tie_ratio,
                        lambda s: (
                            says_where(s)
                            and s.features[_FOCUS] >= lead.features[_FOCUS]
                            and not _leans(s, request.analysis)
                        ),
                    )
            if typed is AnswerType.PLACE and _WHERE_POINTED.match(pool[0].text):
                # "Le musée de la Légion étrangère, situé sur ce site, …" says where only after
                # the sentence naming the site: "Aubagne accueille… la maison mère" says it
                pool = _gives_way(
                    pool, self.shaping.alone_ratio, lambda s: not _WHERE_POINTED.match(s.text)
                )
        if (
            typed is AnswerType.YESNO or (typed is AnswerType.PLACE and request.analysis.places)
        ) and pool[0].features[_FOCUS] <= 0:
            # a yes or no, or where something of a place is, opens on the sentence nearly as
            # good that says most of what is asked (not one word of a council's name, "Nearest
            # municipalities to Aubagne"; "Où se trouve le port de Fos-sur-Mer ?" not by its
            # beach, "La plage du Cavaou, à Fos-sur-Mer…"): "Is there
            # a beach?" at Istres by "Les plages de l'Étang de Berre, sur la commune d'Istres…",
            # not by the lagoon's windsurfing; "Is there an international school… near
            # Jouques?" by the one in Manosque, not by international sections in Marseille
            # (and about the asked place when the lead is: "Is Aubagne a good place to live?"
            # is not answered by "Families moving to the metropolis… where to live")
            lead = pool[0]
            said = [
                s
                for s in pool[1:]
                if s.score >= self.shaping.alone_ratio * lead.score
                and s.features[_FOCUS] >= _MOST
                and (s.here or not lead.here or request.analysis.nearby)
            ]
            if said:
                best = max(said, key=lambda s: s.features[_FOCUS])
                pool = [best, *(s for s in pool if s is not best)]
        if request.analysis.answer_type in PATTERN_TYPES or request.analysis.journey:
            pool = _typed_first(pool, self.shaping.alone_ratio)
        if request.analysis.journey and typed is AnswerType.HOWTO:
            # a way says how or how far: "The answers depend a lot on where the parents work…"
            # names Istres and Marseille and no way between them; nor is a distance a way to one
            # place ("Comment y aller ?" after Gémenos: "Depuis Aubagne, des bus desservent
            # Gémenos…", not "Gémenos is 18 km from Marseille as the crow flies")
            to_one = request.analysis.asks_way_to
            pool.sort(
                key=lambda s: (
                    not _goes(s.text)
                    if to_one
                    else s.features[_FOCUS] <= 0 and not MEANS.search(s.text)
                )
            )
        if (
            request.analysis.journey
            and not request.analysis.factoid
            and leans_back(pool[0].previous)
        ):
            # a way that reads alone before one leaning on a station named two sentences back:
            # "How do I get from Marseille airport to Aix?" by "Direct coaches connect the
            # airport with Aix-en-Provence", not "Regular coaches connect it with…" after "It
            # serves only high-speed trains" (one leaning on the sentence just before reads
            # with it: "La liaison en car entre Aix-en-Provence et Marseille… Elle relie…")
            pool = _alone_first(
                pool, self.shaping.alone_ratio, self.shaping.support_ratio, request.analysis
            )
        if request.analysis.journey and len(request.analysis.places) == 1:
            # going to a place is not leaving it: "Comment aller à Cassis ?" is not answered
            # by "Depuis le port de Cassis, des bateaux partent vers les calanques"
            there = _asked_words(request.analysis.places) - request.analysis.little
            pool.sort(key=lambda s: _leaves(s.text, there))
        if typed is AnswerType.HOWTO or (
            typed is AnswerType.YESNO
            and (
                request.analysis.places
                or THERE_IS.match(fold_text(request.analysis.asked or request.analysis.text))
            )
        ):
            # "… communes qui ne sont pas desservies par le train" is no way to go by train, nor,
            # said of many places, a yes or no on one of them ("Gardanne est-elle desservie par
            # le train ?", beside the line that serves it); nor is the agency that "ne délivre
            # ni… aides financières" whether there is help, beside the bank that gives it (a
            # yes or no on a thing's being so may be a no: "Students from the European Union
            # do not need a visa")
            asked = [fold(w) for w in request.analysis.focus]
            if _denies(pool[0], asked):
                # (by one saying some of it itself: "Elle oriente vers les organismes
                # compétents…" after the agency's denial says no help)
                pool = _gives_way(
                    pool,
                    self.shaping.alone_ratio,
                    lambda s: not _denies(s, asked) and s.features[_FOCUS] > 0,
                )
        if typed is AnswerType.LIST and request.analysis.follow_up and not request.analysis.visit:
            # a follow-up's list opens on an item nearly as good that says all that is asked,
            # in the lead's language, when the lead says much less (the names carried from the
            # turn before fill a lead that lacks what this turn asks): "Where can I see his
            # house?" after Pagnol on his "childhood home… open to visitors", not on the
            # Legion's museum in his town that shows "le Petit Monde de Marcel Pagnol"
            lead = pool[0]
            margin = self.shaping.focus_margin
            pool = _gives_way(
                pool,
                self.shaping.alone_ratio,
                lambda s: (
                    _says_all_beyond(s, lead, margin)
                    and s.lang == lead.lang
                    and not s.features[_ASKS]
                    and not _leans(s, request.analysis, listing=True)
                ),
            )
        if typed is AnswerType.HOWTO:
            # how to do it is said where what is asked is: "Comment inscrire mon enfant à
            # l'école ?" by "… auprès desquelles se font les inscriptions", not by "des
            # activités nautiques… pour les enfants" (the sentence before the lead says its
            # subject, not how: "Un cheval entier est plus difficile à monter", then "Si une
            # jument passe près de lui, il peut s'emballer")
            # (… unless the lead says what to do in the case asked: "Que faire en cas
            # d'incendie ?" by "Si un incendie approche, il faut…", not by the ban on fires)
            lead = pool[0]
            said = lead.features[_FOCUS] + self.shaping.focus_margin
            if not (request.analysis.upon and IN_CASE.match(lead.text)):
                pool = _gives_way(
                    pool,
                    self.shaping.alone_ratio,
                    lambda s: s.features[_FOCUS] > said and s.text != lead.previous,
                )
        if (
            request.analysis.journey
            and typed is AnswerType.HOWTO
            and not MEANS.search(pool[0].text)
        ):
            # a way there says how, when a lead nearly as good does (the one saying most of
            # what is asked): "Comment rejoindre les villages de la Sainte-Victoire sans
            # voiture ?" by "Des cars métropolitains relient Aix-en-Provence au Tholonet…", not
            # by who "rejoint la filière"
            lead = pool[0]
            ways = [
                s
                for s in pool[1:]
                if s.score >= self.shaping.alone_ratio * lead.score
                and s.features[_FOCUS] > 0  # (a way somewhere else: coaches to the Sainte-Victoire)
                and MEANS.search(s.text)
            ]
            if ways:
                way = max(ways, key=lambda s: s.features[_FOCUS])
                pool = [way, *(s for s in pool if s is not way)]
        area_words = request.analysis.scope.area_words
        if (
            request.analysis.scope.kind == "territory"
            and area_words
            and request.analysis.answer_type is not AnswerType.LIST
            and not request.analysis.visit
            and not _of_area(pool[0].context, pool[0].lang, area_words)
        ):
            # of two leads alike, the one about the territory asked about: "Et la plus petite
            # ?" of the métropole, not of one of its councils ("Elle est organisée en six
            # conseils…" is about the métropole named before it)
            pool = _gives_way(
                pool, self.shaping.tie_ratio, lambda s: _of_area(s.context, s.lang, area_words)
            )
        defining = request.analysis.answer_type is AnswerType.DEFINITION
        if request.analysis.famous:
            # what a place is known for is not its fact sheet ("a municipality of the
            # metropolis", "the inhabitants are called the Ciotadens")
            pool = [s for s in pool if s.source.chunk.kind != "factsheet"] or pool
        if defining:  # before the language: a sentence saying what it is, in either
            pool = _defining_first(pool, request, self.shaping.support_ratio)
        if not request.analysis.factoid:
            pool = _named_first(pool, request.analysis)
        if request.analysis.answer_type is AnswerType.YESNO and request.analysis.period:
            # a yes or no for a time of year opens on what is said of that time: "Fait-il chaud
            # l'été à Aix ?" is answered by "des étés chauds et secs", not by Aix's hot springs
            # (a passage headed "summer fire rules" says when its rules hold), in either
            # language: the rules for August are no less the answer for being in French
            pool.sort(key=lambda s: not _said_then(s, request.analysis))
        lang = request.lang
        same = [s for s in pool if s.lang == lang]
        if same and (request.analysis.answer_type in PATTERN_TYPES or request.analysis.journey):
            # … its best, by the same rule as the pool's: "Spring and autumn are the best
            # seasons for hiking" against "Du 1er juin au 30 septembre, l'accès aux massifs…",
            # not "Well-known hiking areas include…", which says no time
            same = _typed_first(same, self.shaping.alone_ratio)
        # (of its first few, the first as good: "His house is now a museum" is not, as the
        # French lead opens on Salon-de-Provence; "In Salon-de-Provence, the Château de
        # l'Empéri houses a museum" is; one after the first holds as much of the focus itself,
        # not only in the sentence before it: "The coach… reaches Aix" after "Aix-en-Provence,
        # founded by the Romans…" does not say who founded Marseille)
        # (a way between two places is ordered by what links them, whatever the scores:
        # "Pertuis est reliée à Aix-en-Provence… par une ligne TER" before "Travellers heading
        # to… Pertuis… often prefer Aix-en-Provence TGV")
        tries = 1 if request.analysis.journey else self.shaping.language_tries
        tried = same[:1] + [
            s for s in same[1:tries] if s.features[_FOCUS] >= pool[0].features[_FOCUS] - 1e-9
        ]
        good = next(
            (
                s
                for s in tried
                if _as_good(s, pool[0], request.analysis, self.shaping.language_ratio)
            ),
            None,
        )
        if good is not None and _sights_enough(
            same, pool, request.analysis, self.shaping.few_items
        ):
            pool = [good, *(s for s in same if s is not good)]
        if (
            request.analysis.answer_type is not AnswerType.LIST
            and _CHECK.search(pool[0].text)
            and not _ASKS_HOURS.search(request.analysis.text)
        ):
            # advice to check the hours and prices says neither, nor anything else asked:
            # "Peut-on visiter le château d'If ?" is answered by "se visite en bateau", not
            # by "… ont chacun leurs horaires et leurs tarifs, qu'il convient de vérifier"
            pool = _gives_way(pool, self.shaping.alone_ratio, lambda s: not _CHECK.search(s.text))
        disputed = None
        labels: dict[int, str] = {}  # the place of a sentence of several places' answer
        if request.analysis.factoid or request.analysis.answer_type is AnswerType.HOWTO:
            rival = _rival(pool, request, self.shaping.support_ratio)
            if rival is not None:
                pool = [s for s in pool if s is not rival]
                if rival.source.chunk.weight > pool[0].source.chunk.weight:
                    # the agency's own figure leads; the crawled page's follows, as a conflict
                    pool, rival = [rival, *pool[1:]], pool[0]
                disputed = Quote(rival.text, rival.source.number)
            if defining:
                pool = _defining_first(pool, request, self.shaping.support_ratio)
            chosen = self._factoid(pool, request)
            as_list = False
            labels = _unsaid_places(chosen, request.analysis)
        elif request.analysis.asks_members and (members := _members(pool, request)):
            chosen, as_list = [members], False
        else:
            chosen = _standing_first(self._items(request, pool))
            as_list = len(chosen) > 1
        listing = request.analysis.answer_type is AnswerType.LIST
        # (a list's items say their own: one item is no place's answer)
        where = chosen[0].passage_place if chosen and not listing else ""
        # said when no quote is in the question's language, and, of a list mixing languages,
        # that some are not: an English visitor is told why some items are in French
        other = chosen[0].lang if chosen and all(s.lang != lang for s in chosen) else ""
        partly = (
            next((s.lang for s in chosen if s.lang != lang), "") if as_list and not other else ""
        )
        quotes: list[Quote] = []
        for s in chosen:
            if any((q.said or q.text) == s.text for q in quotes):
                continue  # quoted already, before a sentence that leans on it
            place = s.passage_place if as_list else labels.get(id(s), "")
            leans = bool(s.previous) and _leans(s, request.analysis, listing=listing)
            # "[Le Musée Pouchkine] abrite…" reads alone, and first; so does "[La radio] a été
            # jugée…" where the question would say what "Elle" is
            named = (_named(s) or _titled(s, request.analysis)) if s.orphan else None
            if named is None and s.orphan and _headed_by_asked(s, request.analysis):
                # … and so does one whose pronoun its section's heading names: "À Marseille…,
                # [le Mistral] souffle souvent fort" under "Le Mistral"
                named = _headed_named(s)
            if named is not None:
                quotes.append(Quote(named, s.source.number, said=s.text, where=place))
                continue
            # an item's antecedent is no surer for naming what is asked: "His house is now a
            # museum" is Nostradamus', after "Salon-de-Provence… is where Nostradamus lived"
            leans = leans and (
                listing
                or counts_back(s.text)
                # a sentence naming all the places a question asks about (and no other name)
                # has a pronoun that is something else: "Elle relie la gare routière d'Aix…
                # à… Marseille" is the coach line, for "Comment aller d'Aix à Marseille ?"
                or (not request.analysis.names and _asked_about(s.text, request.analysis))
                or not _asked_about(s.previous, request.analysis)
            )
            # … and a pronoun read as impersonal reads after the sentence before it when the
            # answer quotes that one anyway: "In Marseille, the Prado seaside park is… It is
            # easy to reach by bus…" (an orphan the question names the antecedent of reads
            # alone, first)
            leans = leans or (
                not s.orphan
                and bool(_SUBJECT_PRONOUN.match(s.text))
                and any(c.text == s.previous for c in chosen)
            )
            if leans and not any((q.said or q.text) == s.previous for q in quotes):
                if (
                    s.earlier
                    and _possessed(s.previous)
                    and not _possessed(s.earlier)
                    and not any((q.said or q.text) == s.earlier for q in quotes)
                ):
                    # … which leans in turn on one that reads alone: "The Aix-en-Provence TGV
                    # station opened in 2001… It serves only high-speed trains… Regular coaches
                    # connect it with…" (a third "Il peut…" would only make it longer)
                    quotes.append(Quote(s.earlier, s.source.number, where=place))
                    place = ""
                quotes.append(Quote(s.previous, s.source.number, where=place))
                place = ""
            quotes.append(Quote(s.text, s.source.number, follows=leans, where=place))
        return Composition(
            quotes, as_list, other, disputed=disputed, where=where, some_other_language=partly
        )

    def _factoid(self, pool: list[Sentence], request: AnswerRequest) -> list[Sentence]:
        """The lead, then sentences that speak of as much of the focus as it does ("Code
        INSEE" shares only "code" with a question on the postal code: it does not support) and,
        when the lead holds an item of the asked type, hold one too."""
        lead = pool[0]
        chosen = [lead]
        if request.analysis.counts_one:
            # a ranking supports no count of one place ("Marseille fait combien de km² ?" and
            # "Les communes les plus étendues : Marseille (238,2 km²), …")
            pool = [lead, *(s for s in pool[1:] if not ranks_places(s.text))]
        if request.analysis.answer_type is AnswerType.YESNO:
            # a yes is not supported by a no: "La ligne… dessert… Gardanne" and "… de
            # nombreuses communes qui ne sont pas desservies par le train"
            asked = [fold(w) for w in request.analysis.focus]
            if not _denies(lead, asked):
                pool = [lead, *(s for s in pool[1:] if not _denies(s, asked))]
        # what the question names, said by the lead, is said by its support or the sentence
        # before it: "Le MuCEM… a ouvert en 2013" is not supported by "Le palais Longchamp,
        # construit au XIXe siècle", whose page's title names the MuCEM
        little = request.analysis.little
        names = [_asked_words((n,)) - little for n in request.analysis.names]

        def says_name(x: Sentence) -> bool:
            return any(n <= _words_of(x.text) | _words_of(x.previous) for n in names)

        said = bool(names) and says_name(lead)
        # (a question asked of several places gets one sentence for each: `_each_place`)
        for s in [] if _apart(lead, request.analysis) else pool[1:]:
            if len(chosen) > self.shaping.max_support or s.score < (
                self.shaping.support_ratio * lead.score
            ):
                break
            if (
                s.features[_FOCUS] >= lead.features[_FOCUS] - 1e-9
                and s.lang == lead.lang  # one language in an answer's prose
                and _same_place(s, lead, request)
                and _same_subject(s, lead, request.analysis)
                and s.features[_FOCUS] > 0
                and (s.items or not lead.items)  # a number supports a number
                # what the question names, if the lead does ("What is the Euroméditerranée
                # project?" is not supported by "the international ITER fusion project")
                and (s.named or not lead.named)
                and (not said or says_name(s))
                and not _repeats(s, chosen)
                and _reads_alone(s, chosen)
            ):
                chosen.append(s)
        added = _each_place(pool, chosen, request, self.shaping.support_ratio)
        if added:  # in the order the question names the places
            chosen = sorted(chosen + added, key=lambda s: _place_rank(s, request.analysis))
        if request.analysis.answer_type is AnswerType.DEFINITION:
            # what it is goes on in the next sentence: "Le Parc national des Calanques a été
            # créé en 2012. C'est le dixième parc national français…"
            after = next((s for s in pool if _goes_on(s, lead)), None)
            if after is not None and not any(after is c for c in chosen):
                chosen.insert(1, after)
        return chosen

    def _items(self, request: AnswerRequest, pool: list[Sentence]) -> list[Sentence]:
        if request.meaning is not None:
            _weigh_translations(pool, request.meaning)
        if request.analysis.nearby and pool[0].around and not request.analysis.listed_type:
            # near a place, the place's own first, nearly as good and saying as much: "Où se
            # baigner près d'Istres ?" opened on Port-Saint-Louis-du-Rhône's beach, before "Les
            # plages de l'Étang de Berre, sur la commune d'Istres…" (not of companies, each one
            # wherever it is)
            lead = pool[0]
            pool = _gives_way(
                pool,
                self.shaping.alone_ratio,
                lambda s: (
                    bool(s.here) and not s.around and s.features[_FOCUS] >= lead.features[_FOCUS]
                ),
            )
        if request.analysis.answer_type is AnswerType.LIST and _ASKS_WHERE.match(
            request.analysis.text
        ):
            # where to find it is not what it is: "Où manger une bouillabaisse à
            # Marseille ?" by "Plusieurs restaurants de Marseille se sont engagés à
            # respecter une recette traditionnelle", not by "La bouillabaisse est le plat
            # emblématique de Marseille", which says as much of what is asked
            terms = [[fold(w)] for w in request.analysis.focus]
            lead = pool[0]
            if any(_defines(lead, t) for t in terms):
                pool = _gives_way(
                    pool,
                    self.shaping.tie_ratio,
                    lambda s: (
                        s.features[_FOCUS] >= lead.features[_FOCUS]
                        and not any(_defines(s, t) for t in terms)
                    ),
                )
        # a list ("Que faire à Aubagne ?") is made of what the territory's pages say; a
        # commune's statistics ("Aubagne est la commune n° 1 par la population") come last
        pool = [s for s in pool if s.source.chunk.kind != "factsheet"] + [
            s
            for s in pool
            if s.source.chunk.kind == "factsheet"
            # (and never when companies or people are listed, which a fact sheet names none
            # of: "Which companies are in Vitrolles?" ended on its rank and its neighbours)
            and request.analysis.listed_type not in (AnswerType.ORGANISATION, AnswerType.PERSON)
        ]
        if request.analysis.visit:
            # advice on how to visit is no thing to visit, nor the measure of the others' focus
            pool = [s for s in pool if not _ADVICE.match(s.text)] or pool
            # nor is a restriction or a warning ("Les parkings proches des calanques sont
            # rares", "certaines plages peuvent être temporairement fermées")
            # (asked nothing but what to do there, a restriction alone answers nothing)
            free = [s for s in pool if not _RESTRICTS.search(s.text)]
            if not request.analysis.bare_visit and not any(
                s.features[_FOCUS_CONTEXT] > 0 for s in free
            ):
                # (asked with a topic that only a restriction speaks of, the restriction is the
                # answer: "Que faire à Cassis quand il y a du mistral ?" and "L'accès… à la
                # route des Crêtes peut être fermé les jours de vent fort", not its vineyard)
                free = []
            pool = free or ([] if request.analysis.bare_visit else pool)
            # … and what a follow-up narrows it to is said by each thing ("What about with
            # kids?" after what to do in Aix-en-Provence listed its TGV station), a time of
            # year aside, which its months say
            added = [forms for forms in request.analysis.added if not any(months(f) for f in forms)]
            if added:
                pool = [s for s in pool if _says_added(s, added)]
            if not pool:
                return []
            if not request.analysis.bare_visit:
                # … and what says the topic comes before what does not
                pool.sort(key=lambda s: s.features[_FOCUS_CONTEXT] <= 0)
            # how to get there is no thing to see: "Les villages de l'Étoile… sont reliés à
            # Aubagne par des bus" comes after Marcel Pagnol's house
            pool.sort(key=lambda s: bool(SERVED.search(s.text)))
        then: set[int] = set()  # the sentences dated to the asked time
        if request.analysis.period:
            pool, then = _in_period(pool, request.analysis.period)
        if then and request.analysis.bare_visit:
            # "What to do in Marseille in winter?": the santons fair of December before
            # the sights of every season
            pool.sort(key=lambda s: id(s) not in then)
        listed = request.analysis.listed
        if (
            listed
            and not request.analysis.listed_type
            and not listed & pool[0].terms
            and pool[0].features[_FOCUS] <= 0
        ):
            # a first item that says nothing asked gives way to one of what the list is of,
            # nearly as good: "Quels sont les musées d'Aix ?" opens on the musée Granet, not
            # on the Pavillon Noir, a dance centre in the pages on Aix's museums
            pool = _gives_way(
                pool,
                self.shaping.alone_ratio,
                lambda s: bool(listed & s.terms) and s.features[_FOCUS] > 0,
            )
        elif listed and not request.analysis.listed_type and not listed & pool[0].terms:
            # … and one that says less of it, to one as good that says as much and names one:
            # "Quels festivals en juillet ?" opens on the Festival d'Aix "principalement en
            # juillet", not on "des concerts en plein air… et des fêtes du 14 Juillet"
            lead = pool[0]
            pool = _gives_way(
                pool,
                self.shaping.tie_ratio,
                lambda s: bool(listed & s.terms) and s.features[_FOCUS] >= lead.features[_FOCUS],
            )
            if pool[0] is lead and request.analysis.scope.kind != "none":
                # … or, further down, to one that names what is listed and says nearly as much,
                # itself and around it: "Quels vins goûter autour d'Aix et Marseille ?" opened on
                # the cuisine that "associe les produits de la mer, l'huile d'olive…" (tasting,
                # no wine), not on the vineyard of Cassis (said as a word, not in a name: "la
                # procédure Études en France" is no study programme; not when the lead's context
                # says all that is asked: "L'appellation Coteaux d'Aix-en-Provence…" for the
                # wines made near Aix; nor of the world: "la cuisine algérienne" is not answered
                # by Hungary's)
                # (… or half as much, when nothing around the lead names one: "Quelle plage pour
                # des enfants à Marseille ?" opened on the city's nautical activities "pour les
                # enfants", above the Prado's beaches)
                nearly = lead.features[_FOCUS_CONTEXT] < 1.0
                unnamed = not listed & lead.context
                ratio = self.shaping.alone_ratio
                pool = _gives_way(
                    pool,
                    ratio,
                    lambda s: (
                        bool(listed & unnamed_terms(s.text, s.lang))
                        and (
                            (
                                nearly
                                and s.features[_FOCUS] >= ratio * lead.features[_FOCUS]
                                and s.features[_FOCUS_CONTEXT]
                                >= ratio * lead.features[_FOCUS_CONTEXT]
                            )
                            or (
                                unnamed
                                and s.features[_FOCUS]
                                >= self.shaping.subject_focus * lead.features[_FOCUS]
                            )
                        )
                    ),
                )
        if request.analysis.ranked and listed and not _SUPERLATIVE.search(pool[0].text):
            # the finest is said of one among them: "Quelle est la plus belle calanque ?" opens
            # on "La calanque d'En-Vau… est l'une des plus photographiées de Provence", not on
            # a garden at La Ciotat "qui offre… une petite calanque"
            pool = _gives_way(
                pool,
                self.shaping.alone_ratio,
                lambda s: bool(listed & s.terms) and bool(_SUPERLATIVE.search(s.text)),
            )
        if (
            pool[0].features[_FOCUS_CONTEXT] <= 0
            and not request.analysis.bare_visit
            and not request.analysis.listed_type  # (a company is one, whatever it says)
        ):
            # a lead that says nothing asked, even around it, gives way to the first that does:
            # "Je déménage à Vitrolles pour le travail, où habiter ?" opened on the trades
            # aeronautics hires for, the first line of a passage naming Vitrolles
            # (to a fact sheet, whose figures come last, only when it says most of what is
            # asked: "Where does Fos-sur-Mer rank by population…?" by its rank, but "Where do
            # people working at Cadarache live?" not by Saint-Paul-lès-Durance's inhabitants)
            said = next(
                (
                    s
                    for s in pool
                    if s.features[_FOCUS_CONTEXT] > 0
                    and (s.source.chunk.kind != "factsheet" or s.features[_FOCUS] >= _MOST)
                ),
                None,
            )
            if said is not None:
                pool = [said, *(s for s in pool if s is not said)]
        best = pool[0]
        focus = max(s.features[_FOCUS_CONTEXT] for s in pool)
        spread = request.equity is not None
        ratio = 0.0 if spread else self.shaping.item_ratio
        share = self.shaping.spread_focus if spread else self.shaping.item_focus
        if request.analysis.bare_visit and request.analysis.scope.communes:
            # "Que visiter à La Ciotat ?" asks nothing but the place: its sights (the Eden
            # Théâtre, the parc du Mugel) do not say "visit", and `_in_place` kept them
            share = 0.0
        # what is asked, without where: "Quelles randonnées autour de la Sainte-Victoire ?" is
        # not answered by the vineyards at the mountain's foot
        named, topic = _named_topic(request.analysis)
        asked = _asked_words(request.analysis.places) | request.analysis.question_terms

        def fits(s: Sentence) -> bool:
            """An item of this list, whatever passage it comes from."""
            if s is best:
                return True
            if _IN_PAGE.search(s.text):
                return False
            if listed and not listed & s.terms and not (request.analysis.listed_type and s.items):
                # an item names what the list is of: "Which museums are free?" is not answered
                # by "Public schools are free" (the lead may say it otherwise: "L'accord ITER a
                # été signé par l'Union européenne, la Chine…" lists the partners)
                return False
            if request.analysis.ranked and not _names_other(s, asked) and not _ranks(s, listed):
                # the best beaches are named ones: "Parking near the most popular beaches is
                # limited" is no beach
                return False
            if (
                named
                and topic
                and (
                    # … and it is about the named thing: its passage names it
                    s.features[_NAMES] < 1 or not any(f & s.context for f in topic)
                )
            ):
                return False
            if request.analysis.listed_type and s.items:
                return s.score >= ratio * best.score  # a company is one, whatever it says
            return s.score >= ratio * best.score and s.features[_FOCUS_CONTEXT] >= share * focus

        if request.analysis.listed_type:
            # a list of companies or people: those a sentence names before a sentence that
            # echoes the question ("Les pôles… aident les entreprises innovantes"), those of
            # the asked place first ("Quelles entreprises à Vitrolles ?" is not answered by the
            # CCI and the Métropole's services to companies anywhere)
            # (said there, not in a passage naming it elsewhere)
            placed = bool(request.analysis.scope.communes) and not request.analysis.nearby
            pool.sort(
                key=lambda s: (
                    s.source.chunk.kind == "factsheet",  # its statistics name no company
                    placed and not s.here,
                    not s.items,
                )
            )
            best = pool[0]
        items: list[Sentence] = []
        seen: set[int] = set()
        for s in pool:  # best first: each passage with its best sentence that reads alone
            # an orphan reads with the sentence before it, none when it opens its passage
            # ("Regular coaches connect it with…"), and an item opening on a possessive is one
            # ("His house is now a museum" after Salon-de-Provence); the lead reads after the
            # sentence before it, unless that one leans too ("Elle peut présenter…" after "Elle
            # travaille…": the agency is named further back)
            orphan = _leans(s, request.analysis, listing=True) and (
                s is not best or not s.previous or leans_back(s.previous)
            )
            # (a list of companies takes each one a passage names: "À Rousset,
            # STMicroelectronics exploite…" beside the subcontractors in the same passage)
            repeated = s.source.number in seen and not (request.analysis.listed_type and s.items)
            if repeated or _repeats(s, items) or orphan or _takes_up(s):
                continue
            if fits(s):
                items.append(s)
                seen.add(s.source.number)
        # (counting those a list of things to do keeps: "Que faire à Gémenos ?" had Saint-Pons,
        # the commune's fact sheet and the buses serving it, and lost the Espigoulier's
        # panoramas; "Le maire de Saint-Vent… a été élu" is no thing to do either)
        listing = request.analysis.answer_type is AnswerType.LIST
        visit_list = listing and request.analysis.visit
        # (a list asking nothing of lines and vehicles leaves out how a place is served, below)
        unserved = listing and not _SERVED_WORDS.search(request.analysis.text)

        def thing(s: Sentence) -> bool:
            return not (
                visit_list and (s.source.chunk.kind == "factsheet" or not s.terms & SIGHTS)
            ) and not (unserved and SERVED.search(s.text))

        things = sum(thing(s) for s in items)
        if (listed or request.analysis.bare_visit) and things < self.shaping.few_items:
            # too few passages for a list of things ("Quelles plages…", "Que voir…"; not "Où
            # se trouvent les grottes de Calès ?"): a passage that lists several gives more
            # than its best sentence ("La plage des Catalans…", "Les îles du Frioul… ont elles
            # aussi de petites plages" after the Prado's), an orphan among them after the one
            # it leans on; each names a thing of its own ("Les parkings sont souvent pleins
            # l'été" names no beach)
            for s in pool:
                if things >= self.shaping.max_items:
                    break
                if (
                    s.source.number not in seen
                    or any(s is i for i in items)
                    or any(  # quoted already, before an item that leans on it
                        s.text == i.previous and _leans(i, request.analysis, listing=True)
                        for i in items
                    )
                    or _repeats(s, items)
                    or _takes_up(s)
                    # (of things to do, one to see or do by its kind: "un sentier longe les
                    # falaises…", not "Au XXe siècle, les rives de l'Étang de Berre ont accueilli
                    # l'aviation, le raffinage…" after Marignane's lido du Jaï)
                    or not (thing(s) if visit_list else _names_other(s, asked) or _ranks(s, listed))
                    or (
                        _leans(s, request.analysis, listing=True)
                        and not any(i.text == s.previous for i in items)
                    )
                ):
                    continue
                if fits(s):
                    items.append(s)
                    things += thing(s)
        items = items or [best]
        own = [s for s in items if not s.led_elsewhere]
        if request.analysis.scope.kind == "place" and not request.analysis.nearby and len(own) > 1:
            # what there is in the asked place, when it has enough: the agency's note that its
            # answers cite "la microélectronique de Rousset et de Gardanne" is nothing to do
            # in Gardanne
            items = own
        sights = [
            s for s in items if s.source.chunk.kind != "factsheet" and not _CHECK.search(s.text)
        ]
        if listing and len(items) > 1 and not _ASKS_HOURS.search(request.analysis.text):
            # advice to check the hours is no item of a list of things ("Les jours et horaires
            # des marchés varient… il est conseillé de les vérifier"), when there are others
            # and neither hours nor prices are asked ("Which museums are free?" is answered by
            # "Les musées municipaux, le MuCEM… ont chacun leurs horaires et leurs tarifs")
            items = [s for s in items if not _CHECK.search(s.text)] or items
            # … nor that every town has such things, which names none: "Quelles sont les
            # spécialités de Marseille ?" opened on "Chaque commune a ses spécialités…"
            items = [s for s in items if not _EACH_HAS.match(s.text)] or items
        if listing and _FINEST.search(folded_words(request.analysis.text)):
            # … nor, asked for the finest, a rule or a warning: "Best beaches near Marseille?"
            # listed "Smoking is prohibited on many beaches in Marseille"
            items = [s for s in items if not _RESTRICTS.search(s.text)] or items
        if listing and _ASKS_WHERE.match(request.analysis.text):
            # where to go is no advice, nor a warning naming no place, when places are named:
            # "Où se baigner avec des enfants près de Martigues ?" opened on "Il est recommandé
            # de se baigner dans les zones surveillées" (a warning about a place is one:
            # "le stationnement y est difficile ; les parkings relais… sont recommandés" at
            # Cassis; a ban naming the asked place alone is none: "Where can I swim in the sea
            # near Marseille?" opened on "Smoking is prohibited on many beaches in Marseille")
            here = _asked_words(request.analysis.places)
            items = [
                s
                for s in items
                if not (
                    (_ADVICE.match(s.text) or _RESTRICTS.search(s.text))
                    and not _capitalised(s.text) - (here if _BANS.search(s.text) else set())
                )
            ] or items
            # … and across the territory, where is said by naming a place, when several items
            # do: "Où travailler dans l'aéronautique ?" by "À Istres, la base aérienne 125
            # accueille… l'industrie aéronautique", not by the trades the sector hires for
            # (a massif, a lagoon or a coast is a place too, "La chaîne de l'Estaque offre des
            # randonnées…", and so is whom to ask, "contact… Business France", or the whole
            # territory, "La cuisine de la métropole Aix-Marseille-Provence…"; "Learning a few
            # words of French" names none; an item leaning on the sentence before is quoted
            # with it: "Le marché du Prado… de la ville" after "À Marseille, le marché de
            # Noailles…")
            if sum(bool(s.placed) and s.features[_FOCUS] > 0 for s in items) > 1:
                items = [
                    s
                    for s in items
                    if s.placed is not False
                    or _NAMED_PLACE.search(s.text)
                    or _capitalised(s.text) - _NATIONAL
                    or _leans(s, request.analysis, listing=True)
                ]
        if visit_list:
            # "Aubagne est la commune n° 1 par la population" is nothing to do, nor "Les
            # horaires… des musées doivent être vérifiés avant de partir": with nothing else,
            # nothing answers
            items = sights
            named_sights = [s for s in sights if s.terms & SIGHTS]
            wide = request.analysis.scope.kind != "place"
            if (wide or request.analysis.bare_visit) and (
                len(_one_per_subject(named_sights, request.analysis)) > 1
            ):
                # what names a thing to see or do, when several do: "Que faire avec des enfants
                # dans la région ?" is not answered by a school for ITER's children, nor "What
                # is there to see in Aix-en-Provence?" by its TGV station
                items = named_sights
            if request.analysis.bare_visit and request.analysis.scope.communes:
                # … and that names the place or a thing there: "Une agence d'attractivité a pour
                # mission de faire connaître le territoire… ou de le visiter", in a page that
                # names Marseille, is nothing to see in Marseille; and with nothing that does,
                # the sources do not say what to do there ("Que faire à Vitrolles ?" and the
                # bathing-water notices the towns of the lagoon publish)
                asked = _asked_words(request.analysis.places)
                # (nor a sentence listing the place among many others first: "Ses rives sont
                # partagées entre dix communes… Martigues… Rognac, Vitrolles…"; "North and east
                # of Aix-en-Provence, villages such as Ventabren, Éguilles…" is about Aix's)
                # (and "Going beyond Marseille also means discovering the hill villages…" is
                # elsewhere)
                # (nor the agency's pages on itself: "Les réponses… qu'elle diffuse cherchent à
                # citer les communes…: la microélectronique de Rousset…" is nothing to do there)
                items = [
                    s
                    for s in items
                    if not (s.crowded and s.led_elsewhere)
                    and s.source.chunk.kind != "agency"
                    and not _BEYOND.search(s.text)
                    and (
                        s.here
                        or _names_other(s, asked)
                        # "His house is now a museum" after "Salon-de-Provence is where…"
                        or (
                            _leans(s, request.analysis, listing=True)
                            and bool(asked & {fold(w) for w in tokens(s.previous)})
                        )
                    )
                ]
        if unserved:
            # how a place is served, when the question asks nothing of lines and vehicles and
            # something else answers: "La Ciotat et Cassis sont desservies par la ligne TER…" is
            # no thing to do in La Ciotat, "buses serve the Prado beaches" no beach
            served = [s for s in items if not SERVED.search(s.text)]
            # (and asked only what to do in a town, the train that passes is none of it)
            items = served or ([] if request.analysis.bare_visit else items)
        if request.analysis.bare_visit and then:
            # what is done then, when several things are: "Que faire en hiver ?" is the Christmas
            # traditions and the truffle market, not the sights of every season
            timed = [s for s in items if id(s) in then]
            items = timed if len(timed) > 1 else items
        items = _one_per_subject(items, request.analysis)
        if request.equity is not None:
            scores = [s.score for s in items]
            if (request.analysis.ranked and _SUPERLATIVE.search(items[0].text)) or (
                request.analysis.follow_up
                and _says_all_beyond(
                    items[0], max(items, key=lambda s: s.score), self.shaping.focus_margin
                )
            ):
                # the finest of the kind leads, wherever it is (the fair order leads with the
                # best scored): "Quelle est la plus belle calanque ?" opened on a garden at La
                # Ciotat, not on En-Vau "l'une des plus photographiées de Provence"; so does
                # the item that says all that is asked, before one saying much less (above)
                scores[0] = max(scores) + 1e-6
            order = request.equity.cite(
                scores, [s.source.chunk.communes for s in items], self.shaping.max_items + 1
            )
            return [items[i] for i in order]
        if request.analysis.scope.communes:
            return items[: self.shaping.max_items]  # one place asked: best first
        # Where places differ, one item per place before a second one on the same place.
        fresh: list[Sentence] = []
        again: list[Sentence] = []
        places: set[frozenset[str]] = set()
        for s in items:
            where = frozenset(s.source.chunk.communes)
            (again if where and where in places else fresh).append(s)
            places.add(where)
        return (fresh + again)[: self.shaping.max_items]

    def write(self, request: AnswerRequest) -> Iterator[str]:
        composition = self.compose(request)
        if not composition.quotes:
            return  # nothing answers: the answerer refuses
        by_number = {s.number: s for s in request.sources}
        for q in composition.quotes:  # the source card shows the sentence quoted
            source = by_number[q.source]
            source.snippet = source.snippet or q.said or q.text
        if composition.other_language:
            name = language_name(composition.other_language, request.lang)
            yield message("other_language", request.lang, language=name) + "\n\n"
        elif composition.some_other_language:
            name = language_name(composition.some_other_language, request.lang)
            yield message("some_other_language", request.lang, language=name) + "\n\n"
        # one line per item: a quote that follows its antecedent joins it
        cited: list[str] = []
        for q in composition.quotes:
            if q.follows and cited:
                cited[-1] = f"{cited[-1]} {_cite(q)}"
            elif q.where:
                cited.append(f"{message('item_where', request.lang, place=q.where)} {_cite(q)}")
            else:
                cited.append(_cite(q))
        if composition.where and not composition.as_list:
            cited[0] = f"{message('where', request.lang, place=composition.where)} {cited[0]}"
        if composition.disputed is not None:
            by_number[composition.disputed.source].snippet = composition.disputed.text
            conflict = message("conflict", request.lang)
            cited.append(f"{conflict} {_cite(composition.disputed)}")
        if composition.as_list:
            yield "\n".join(f"- {c}" for c in cited) + "\n"
        else:
            yield " ".join(cited) + "\n"


# Children, and the families whose outings are theirs (folded).
_CHILDREN = frozenset("enfant enfants child children kid kids".split())
_FAMILY = frozenset("famille familles family families".split())


def _says_added(s: Sentence, added: list[frozenset[str]]) -> bool:
    """The sentence says each word a follow-up narrows a visit by; an outing families enjoy
    is one for children ("Anything for kids?" at Istres is "the loop around the Olivier
    lake… that families enjoy at weekends")."""
    return all((forms | _FAMILY if forms & _CHILDREN else forms) & s.context for forms in added)


# A sentence adding to what its passage said before: "Les îles du Frioul… ont elles aussi de
# petites plages" after the Prado's.
# (said of its subject by a pronoun: "vendent aussi leurs prises" adds nothing to a passage)
_ALSO = re.compile(
    r"\b(?:elles?|eux|lui|ils) aussi\b|\b(?:they|it|these|those) (?:too|as well)\b", re.IGNORECASE
)


def _standing_first(items: list[Sentence]) -> list[Sentence]:
    """A list opens on an item that stands alone, not one adding to another: "Quelles sont les
    plus belles plages de la métropole ?" opened on the Frioul's beaches "elles aussi"."""
    if len(items) < 2 or not _ALSO.search(items[0].text):
        return items
    lead = next((s for s in items if not _ALSO.search(s.text)), None)
    return [lead, *(s for s in items if s is not lead)] if lead else items


def _rival(pool: list[Sentence], request: AnswerRequest, ratio: float) -> Sentence | None:
    """For a number question, a strong sentence of another document that speaks of the same
    focus and place with a different figure ("Marseille compte 10 habitants" on a crawled
    page against the fact sheet): the answer must not pick one silently. Figures within 5 %
    agree ("around 150,000" and "149 695")."""
    if request.analysis.answer_type is not AnswerType.NUMBER or not pool[0].items:
        return None
    if len(request.analysis.places) > 1 and not request.analysis.journey:
        return None  # each place has its figure (`_each_place`)
    lead = pool[0]
    little = request.analysis.little
    place = _asked_words(request.analysis.places) - little
    said = _held(lead, request.analysis, context=True)
    for s in pool[1:]:
        if s.score < ratio * lead.score:
            return None
        if (
            s.items
            and not s.orphan  # "It groups 6 municipalities…": its subject is elsewhere
            # … or it ranks places by their figures ("Marseille (886 040 habitants),
            # Aix-en-Provence (149 695 habitants)…"): it disputes none of them
            and not ranks_places(s.text)
            # … or its figure is another place's: the metropolis' "1.9 million inhabitants"
            and not (
                place and request.analysis.counts_people and figures_of_another(s, place, little)
            )
            and s.source.chunk.uri != lead.source.chunk.uri
            and s.features[_FOCUS] >= lead.features[_FOCUS] - 1e-9
            # … of the same thing: "le numéro d'urgence 196" at sea does not dispute "appelez
            # le 18 ou le 112" for a fire ("Quel est le numéro des pompiers ?")
            and _held(s, request.analysis, context=True) == said
            and _same_place(s, lead, request)
            and not _figures_agree(lead.items, s.items)
        ):
            return s
    return None


# Leaving a place: "Depuis le port de Cassis…", "From the Vieux-Port, boats…"
_FROM = re.compile(r"^(?:Depuis|Au départ d[eu]|From|Leaving)\b([^,]{0,40})", re.IGNORECASE)


def _leaves(text: str, place: set[str]) -> bool:
    """The sentence opens on leaving the place: its way goes elsewhere."""
    opening = _FROM.match(text)
    return bool(opening and place and place <= {fold(w) for w in tokens(opening[1])})


# A sentence saying where something is, whatever it is: "est situé sur la commune de
# Marignane", "lies on the edge of", "se trouve à"
_WHERE_SAID = re.compile(
    r"\b(?:situ[ée]e?s?|se (?:trouve|trouvent|situe|situent)|located|lies|lie|stands|sits"
    r"|en plein centre|au c(?:œ|oe)ur d|in the (?:heart|centre|center) of)\b",
    re.IGNORECASE,
)
# … or by the name of the place it opens on ("À Saint-Paul-lès-Durance, … le chantier
# international ITER forment…"), for a thing the lead does not open on (not "A", an English
# article: "A Roman bridge, …")
_OPENS_ON_PLACE = re.compile(r"^(?:À|Au|In|At)\s+[A-ZÀ-Ý][\w'’-]+(?:[\s-][\w'’-]+){0,4},")
# Where a thing is, said by a demonstrative: "Le musée…, situé sur ce site, retrace…"
_WHERE_POINTED = re.compile(
    r"^[^;:.]{1,60},\s*(?:situ|install|implant|locat|based)\w*\s+(?:sur|dans|à|au|on|in|at)\s+"
    r"(?i:ce|cet|cette|ces|this|these|that)\s"
)
# Where a sentence is, said before what it is about: "In Marseille, the Euroméditerranée
# district… gathers" opens on the district.
_PLACE_OPENER = re.compile(
    r"^(?:(?:À|A|Au|Aux|En|In|At|On)\s+[A-ZÀ-Ý][^,]{0,40}|Au large|Offshore),\s*"
)
# A sentence saying what the one before spoke of: "C'est le dixième parc…", "It is the…"
_IT_IS = re.compile(r"^(?:C['’]est|Il est|Elle est|It is|It['’]s|This is)\s", re.IGNORECASE)
# "Le Mistral est un vent…", "Les panisses, bâtonnets frits…", "The Pont Flavien is…": a
# sentence that opens on the term, then says what it is (folded words).
_COPULA = frozenset("est sont etait etaient designe designent is are was were means".split())
_ARTICLES = frozenset("le la les l un une des the a an".split())
_NEGATION = frozenset("n ne not isn aren".split())
_ELIDED = frozenset("d l".split())
_NAME_LINKS = frozenset("de du des of".split())  # inside a name
_PURPOSE = frozenset("mission role vocation objet but".split())  # as `entities._DEFINES` says


def _defines(s: Sentence, term: list[str], *, placed: bool = False) -> bool:
    """It says what the term is; `placed`, after where, too ("À Marseille, les navettes,
    biscuits parfumés à la fleur d'oranger, …" defines "Qu'est-ce que la navette marseillaise
    ?")."""
    after = _opening_on(s, term, placed=placed)
    if after is None:
        return False  # "Les santons, petites figurines…" defines "Qu'est-ce qu'un santon ?"
    # an apposition: "Les panisses, bâtonnets frits…"
    rest = (_PLACE_OPENER.sub("", s.text, count=1) if placed else s.text).split(",", 1)[0]
    words = after[:5]
    after = after[:3]
    if _NEGATION & set(after):
        return False  # "Une agence d'attractivité n'est pas un service administratif"
    # (what it is, named: "est un vent", "est aujourd'hui le premier port", not "est
    # accessible en bus", which opened "C'est quoi la Bonne Mère ?")
    named = [
        i for i, w in enumerate(after) if w in _COPULA and _ARTICLES & set(words[i + 1 : i + 3])
    ]
    return (
        bool(named)
        or (after[1:2] == ["pour"] and bool(_PURPOSE & set(after[2:3])))  # "a pour mission de…"
        or len(tokens(rest)) <= len(term) + 1
    )


def _opening_on(s: Sentence, term: list[str], *, placed: bool = False) -> list[str] | None:
    """The sentence's folded words after the term when it opens on it, after an article and
    perhaps the common noun of what it names ("La montagne Sainte-Victoire est…"; not "L'entrée
    du Vieux-Port est…", a part of it), else None. `placed`: after where it is, too ("In
    Marseille, the Euroméditerranée district… gathers" is about the district)."""
    raw = tokens(_PLACE_OPENER.sub("", s.text, count=1) if placed else s.text)
    words = [fold(w) for w in raw]
    start = 0
    while start < len(words) and words[start] in _ARTICLES:
        start += 1
    wanted = [w.removesuffix("s") for w in term if w not in _ELIDED | _NAME_LINKS]
    starts = [start, start + 1] if start < len(raw) and raw[start].islower() else [start]
    for at in starts:
        # (an elided "de" the focus leaves out: "Une agence d'attractivité" is the term
        # "agence attractivité")
        # (nor a particle inside the name: "La route des Crêtes" is the term "route crêtes")
        said: list[int] = []
        for i in range(at, len(words)):
            if words[i] in _ELIDED or (said and words[i] in _NAME_LINKS):
                continue
            said.append(i)
            if len(said) == len(wanted):
                break
        if said and [words[i].removesuffix("s") for i in said] == wanted:
            return words[said[-1] + 1 :]
    return None


# a negation, and up to four words before what it denies
# (not the most: "les plus adaptées aux jeunes enfants")
_NEGATED = (
    r"\b(?:pas|(?<!les )(?<!le )(?<!la )(?<!de )(?<!un )plus|jamais|sans|ni|not|never|without"
    r"|nor)\b"
    r"(?: [\w'’-]+){0,4}? "
)


def _denies(s: Sentence, words: list[str]) -> bool:
    """The sentence says an asked word only as what is not so ("ne sont pas desservies par
    le train", "not served by train")."""
    folded = fold_text(s.text)
    return any(
        len(re.findall(rf"\b{re.escape(w)}\b", folded))
        == len(re.findall(rf"{_NEGATED}{re.escape(w)}\b", folded))
        > 0
        for w in words
    )


def _gives_way(
    pool: list[Sentence], ratio: float, better: Callable[[Sentence], bool]
) -> list[Sentence]:
    """The pool with its first sentence scoring at least `ratio` of the lead's that `better`
    accepts moved to the lead (the pool as it is when none does)."""
    lead = pool[0]
    for s in pool[1:]:
        if s.score < ratio * lead.score:
            break
        if better(s):
            return [s, *(x for x in pool if x is not s)]
    return pool


def _alone_first(
    pool: list[Sentence], ratio: float, support_ratio: float, analysis: QuestionAnalysis
) -> list[Sentence]:
    """A lead that leans on the sentence before it ("It is the terminus of the LGV, opened in
    2001") gives way to one nearly as good that reads alone and holds as much of the focus
    itself ("Le métro de Marseille, ouvert en 1977…"): the answer's first sentence answers.
    One whose pronoun can be named in brackets reads alone: it gives way only to one that holds
    more of what is asked than it does with its subject named ("[La gare de Saint-Vent] a
    ouvert en 1911" is not the tramway asked about)."""
    lead = pool[0]
    if not _leans(lead, analysis):
        return pool
    named = _named(lead) or _titled(lead, analysis)
    if named is not None:
        # (the question's names count as one, said in full or in part: "[Baker] est critiqué
        # pour la défense de Charles Cora" gave way to "Né à Londres… d'un maître d'école
        # Edward Baker et de Lucy Dickinson Baker", three words of "Edward Dickinson Baker")
        held = _focus_held(sentence_terms(named, lead.lang), analysis, names_once=True)
        return _gives_way(
            pool,
            ratio,
            lambda s: (
                not _leans(s, analysis)
                and _focus_held(s.terms, analysis, names_once=True) > held
                and (bool(s.items) or not lead.items)
                and s.text != lead.previous
            ),
        )
    groups = analysis.scope.groups
    if leans_back(lead.previous) and not analysis.names:
        # the sentence it leans on leans too ("It serves only high-speed trains…" before
        # "Regular coaches connect it with…"), and the question names nothing the pronouns
        # could be (a biography's "Il s'installe à Paris…" is its subject's): quoting one
        # sentence back does not make it read, so it gives way to any sentence that reads
        # alone and says as much
        ratio = support_ratio
    return _gives_way(
        pool,
        ratio,
        lambda s: (
            not _leans(s, analysis)
            and s.features[_FOCUS] >= lead.features[_FOCUS]
            and (bool(s.items) or not lead.items)
            and (s.named or not lead.named)
            # nor one that names no group asked about where the lead's context does: "It groups
            # 36 municipalities… 21.2% of the population" after "The territory council Pays
            # d'Aix…" answers the Pays d'Aix's share, the metropolis' totals do not
            and (not groups or _says_group(s, groups) or not _says_group(lead, groups))
            # … or one commune's passage for a group's figure ("Among the 12 municipalities…,
            # Aubagne ranks number 1" is Aubagne's rank, not the council's share)
            and not (groups and len(s.source.chunk.communes) == 1 < len(lead.source.chunk.communes))
            # never the sentence it leans on: the answer would lose what the lead adds to it
            # ("Le Centre européen… (CEREGE) y est implanté" after the Arbois technopole's)
            and s.text != lead.previous
        ),
    )


def _focus_held(
    terms: frozenset[str], analysis: QuestionAnalysis, *, names_once: bool = False
) -> int:
    """How many of the question's focus words the terms hold; `names_once`: a name the
    question says counts once, held when any of its words is."""
    if not names_once:
        return sum(bool(forms & terms) for forms in analysis.focus_forms)
    _, rest = _named_topic(analysis)
    names = [_asked_words((n,)) for n in analysis.names]
    return sum(bool(forms & terms) for forms in rest) + sum(bool(n & terms) for n in names)


def _named(s: Sentence) -> str | None:
    """The sentence with its pronoun subject named in brackets, when the parse is sure of it
    (the parser is French; an English "It" after a sentence opening on a name is named by its
    form alone)."""
    if not s.previous:
        return None
    if s.lang == "en":
        return resolved_en(s.previous, s.text)
    if s.lang != "fr":
        return None
    return resolved(s.previous, s.text, s.earlier)


# A sentence whose subject is a third person pronoun, after a short fronted phrase or none ("Le
# 27 avril 1831, il se marie…"); impersonal ones are no orphans (`Sentence.orphan`)
_SUBJECT_HE = re.compile(r"^(?:[^,;:.]{1,60},\s*){0,2}((?i:il|elle|he|she))\s")
_TITLE_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")


def _titled(s: Sentence, analysis: QuestionAnalysis) -> str | None:
    """The sentence with its subject pronoun named in brackets by its document's title, when
    the title is a short name the question asks about: in the article "Edward Dickinson Baker",
    "Il est critiqué pour la défense de Charles Cora" is his, for "Pourquoi Edward Dickinson
    Baker est-il critiqué ?" (it gave way to his birth, which reads alone and answers
    nothing). None otherwise: a title that is no name the question says may be a topic whose
    sentences speak of others."""
    # (what a title adds in brackets says which one: "Fénix (catch)")
    said = _SUBJECT_HE.match(s.text) if s.orphan else None
    title = _TITLE_QUALIFIER.sub("", s.source.chunk.title)
    if said is None or not title[:1].isupper() or len(tokens(title)) > _HEADING_WORDS:
        return None
    titled = {fold(w) for w in tokens(title)}
    asked = {fold(w) for w in tokens(analysis.text)}
    # (the question names it, or says all its words, capitals or not: "quand fénix est
    # défait…")
    if not (titled <= asked or any(_asked_words((n,)) <= titled for n in analysis.names)):
        return None
    return f"{s.text[: said.start(1)]}[{title}]{s.text[said.end(1) :]}"


def _subject_first(
    pool: list[Sentence],
    about: set[str],
    typed: AnswerType,
    ratio: float,
    *,
    elsewhere: float | None = None,
    focus: frozenset[str] = frozenset(),
    held: float = 0.0,
) -> list[Sentence]:
    """Of two leads scored alike, the one whose subject is what the question asks about and
    that says as much. A figure of the whole territory ("How many people live in the
    metropolis?": "The Aix-Marseille-Provence metropolis… brings together… 1.9 million
    inhabitants", not "Marseille is the main city, but the metropolis also includes
    Aix-en-Provence, a city of around 150,000 people"); the asked place ("Who founded
    Marseille?" is "Marseille a été fondée vers 600 avant notre ère…", not "Aix-en-Provence,
    founded by the Romans…, is the most popular day trip from Marseille"). Not other names:
    "Située dans le nord-est du pays, Berlin compte…" is as often the answer as a sentence
    opening on Berlin (PIAF, first 600 questions: 6 lost, none won).

    `elsewhere`: the ratio when the lead is led by another place of the territory, further
    from the answer ("who founded marseille", lower-cased, scored the Aix sentence 0.996 and
    Marseille's 0.946); the sentence taking its place must then hold some of the focus itself,
    not only in the sentence before it (the coach line after the Aix sentence).

    `held`: the share of the lead's focus the sentence taking its place holds itself."""
    lead = pool[0]
    led_elsewhere = elsewhere is not None and lead.led_elsewhere
    if not about or _opens_on(lead, about) or _there(lead, about) or _of_it(lead, about, focus):
        return pool
    return _gives_way(
        pool,
        elsewhere if led_elsewhere and elsewhere is not None else ratio,
        lambda s: (
            not s.orphan
            and (bool(s.items) or not lead.items)  # "Norman Foster" is not given up
            and _says_as_much(s, lead, typed)
            # … and, for a figure or a date, as much of what it is of: "Le métro de Marseille,
            # ouvert en 1977" does not say when the tramway opened, "Le réseau de tramway… de
            # Marseille, mis en service en 2007" does (the focus of other questions holds how
            # they ask: "Istres dépend de quel conseil…", "Choisir où vivre dépend…")
            # (nor, for a yes or no, what it is asked of: "Are there international schools?"
            # in Aix is not "Sciences Po Aix… forme aux carrières… internationales"; advice to
            # check the timetables holds every word and says nothing of them)
            # (… and a yes or no said of the place among others, holding as much, keeps its
            # lead: "Des sections internationales… existent à Marseille, à Aix-en-Provence…"
            # answers whether Aix has international schools as Sciences Po's "carrières…
            # internationales" does not)
            and (
                typed is AnswerType.PLACE  # where is said with little of what is asked
                or (
                    typed not in PATTERN_TYPES | {AnswerType.YESNO}
                    # (the place is no subject of a sentence saying little of what is asked:
                    # "What about schools for their kids?" in Aix is not answered by "Aux
                    # Milles, à Aix-en-Provence, l'École nationale supérieure des officiers de
                    # sapeurs-pompiers…" before "Town halls are the first point of contact
                    # for… school registration for young children")
                    and s.features[_FOCUS] >= held * lead.features[_FOCUS]
                )
                or (typed is AnswerType.YESNO and bool(_CHECK.search(lead.text)))
                or s.features[_FOCUS] >= lead.features[_FOCUS] - 1e-9
                and not (
                    typed is AnswerType.YESNO
                    and lead.here
                    and 0 < lead.features[_FOCUS] >= s.features[_FOCUS] - 1e-9
                )
            )
            and (not led_elsewhere or s.features[_FOCUS] > 0)
            and _opens_on(s, about)
        ),
    )


def _there(s: Sentence, place: set[str]) -> bool:
    """The sentence says "y" or "there" after one that opens on the asked place: "À Istres, la
    base aérienne…" → "La Direction générale de l'armement y conduit des essais en vol, et
    Dassault Aviation y a installé son centre d'essais" is about Istres."""
    return bool(_THERE & set(tokens(s.text))) and bool(
        place & {fold(w) for w in tokens(s.previous)[:SUBJECT_WORDS]}
    )


_THERE = frozenset({"y", "there", "là"})
# how many words may stand between what is asked and "de": "le plat emblématique de Marseille"
_OF_GAP = 3


def _of_it(s: Sentence, place: set[str], focus: frozenset[str]) -> bool:
    """The sentence says what is asked *of* the asked place, as the question does: "La
    bouillabaisse est le plat emblématique de Marseille" answers "Quel est le plat typique de
    Marseille ?" though its subject is the dish."""
    words = [fold(w) for w in tokens(s.text)]
    return any(
        word in OF
        and i + 1 < len(words)
        and words[i + 1] in place
        and any(focus & sentence_terms(w, s.lang) for w in words[max(0, i - _OF_GAP) : i])
        for i, word in enumerate(words)
    )


def _words_of(text: str) -> set[str]:
    return {fold(w) for w in tokens(text)}


def _asked_words(names: tuple[str, ...]) -> set[str]:
    return {fold(w) for n in names for w in tokens(n)}


def _opens_on(s: Sentence, words: set[str]) -> bool:
    """The sentence's first words (its subject, in the usual order: `opening`) hold one of
    `words`."""
    return bool(words & _subject_words(s.text))


def _subject_words(text: str) -> set[str]:
    """The folded first words of a sentence, where it names its subject."""
    return {fold(w) for w in tokens(opening(text))}


def _typed_first(pool: list[Sentence], ratio: float) -> list[Sentence]:
    """A lead with nothing of the asked type gives way to one nearly as good that has some:
    "Comment venir à Marseille depuis Paris ?" is answered by the high-speed line "that put
    Marseille a little over three hours from Paris", not by the Olympics "de Paris 2024". Only
    for items sure enough: numbers, dates, postal codes, a way to go when the question asks how
    to go (not "Comment est créée la faculté ?": "puis" is any narrative), not a definition's
    "X est un…", which "la France révolutionnaire est attaquée par les…" also matches."""
    if pool[0].items:
        return pool
    return _gives_way(pool, ratio, lambda s: bool(s.items))


def _defining_first(pool: list[Sentence], request: AnswerRequest, ratio: float) -> list[Sentence]:
    """A definition opens on the sentence that says what the term is, when one scores near
    the best: "En mer, le Mistral est un vent de terre" speaks of it, "Le Mistral est un vent
    de nord-ouest, froid et sec" defines it."""
    near = [s for s in pool if s.score >= ratio * pool[0].score]
    # (within a language, a definition after where the thing is counts: the language is chosen
    # before, by sentences that open on the term)
    lead = next(
        (s for s in near if _defines_asked(s, request.analysis, placed=True)), None
    ) or next(
        # (after where it is, too: a tie-break within a language, no reason to leave one)
        (s for s in near if _on_named(s, request.analysis, placed=True, common=True)),
        None,
    )
    return [lead, *(x for x in pool if x is not lead)] if lead else pool


def _goes_on(s: Sentence, lead: Sentence) -> bool:
    """The sentence follows the lead in its passage and says what the lead's subject is."""
    return s.source is lead.source and s.previous == lead.text and bool(_IT_IS.match(s.text))


def _defines_asked(s: Sentence, analysis: QuestionAnalysis, *, placed: bool = False) -> bool:
    """It says what the term asked is, as asked or by the name it holds: "What is the
    Sainte-Victoire mountain?" is defined by "La montagne Sainte-Victoire est un long chaînon
    calcaire"."""
    return any(_defines(s, t, placed=placed) for t in _defined_terms(analysis))


def _defined_terms(analysis: QuestionAnalysis) -> list[list[str]]:
    """What a definition asks about, word by word: its focus, and each name; not the focus
    alone when it is a name's common noun ("What is the Château d'If?" is not defined by "Le
    château est une propriété privée")."""
    names = [[fold(w) for w in tokens(n)] for n in analysis.names]
    term = [fold(w) for w in analysis.focus]
    within = any(set(term) < set(n) for n in names)
    return ([] if within else [term]) + names


def _on_named(
    s: Sentence, analysis: QuestionAnalysis, *, placed: bool = False, common: bool = False
) -> bool:
    """A sentence whose subject is the named thing a definition asks about: "Le Vieux-Port de
    Marseille occupe la calanque du Lacydon…", not "L'entrée du Vieux-Port est gardée…". (A
    common noun's opening names one of its kind: "La calanque de Sugiton…" is no definition.)"""
    term = [fold(w) for w in analysis.focus]
    named = _asked_words(analysis.names)
    # (with `common`, a name may be asked with its common noun in lower case: "la route des
    # Crêtes" is named by its capitalised word, and defined by "La route des Crêtes, qui
    # relie Cassis…")
    if not term or not (any if common else all)(w in named for w in term):
        return False
    # (the name's words when the focus is its common noun: "le Château d'If", not "le château")
    term = next((n for n in _defined_terms(analysis)[::-1] if set(term) < set(n)), term)
    if s.lang == analysis.lang:
        return _opening_on(s, term, placed=placed) is not None
    # in the other language, in its own order: "the Calanques National Park" is "Le Parc
    # national des Calanques"
    raw = tokens(_PLACE_OPENER.sub("", s.text, count=1) if placed else s.text)
    words = [w for w in raw if fold(w) not in _ARTICLES]
    opening = sentence_terms(" ".join(words[: len(term) + 1]), s.lang)
    return all(forms & opening for forms in analysis.focus_forms)


def _figures_agree(a: list[str], b: list[str]) -> bool:
    """Some figure of one is within 5 % of some figure of the other (spaces, commas and dots
    ignored: "6 605", "6,605" and "6605" are one number)."""
    values = [[float(d) for x in items if (d := re.sub(r"\D", "", x))] for items in (a, b)]
    if not values[0] or not values[1]:
        return True
    return any(abs(x - y) <= 0.05 * max(abs(x), abs(y)) for x in values[0] for y in values[1])


def _cite(quote: Quote) -> str:
    text = quote.text.rstrip()
    end = text[-1] if text[-1] in ".!?…" else "."
    body = text[:-1].rstrip() if text[-1] in ".!?…" else text
    return f"{body} [{quote.source}]{end}"


def _says(s: Sentence, forms: frozenset[str]) -> bool:
    """Does the sentence say the word (one of its forms), itself, by its passage's title or
    headings, or by the sentence before as a common word, not a name's ("Vieux-Port")?"""
    chunk = s.source.chunk
    if forms & (s.terms | sentence_terms(" ".join((chunk.title, *chunk.heading)), s.lang)):
        return True
    common = " ".join(w for w in re.findall(r"[\w'’-]+", s.previous) if not w[:1].isupper())
    return bool(forms & sentence_terms(common, s.lang))


def _said_then(s: Sentence, analysis: QuestionAnalysis) -> bool:
    """Does a sentence on what is asked say the asked time (by its words, its passage's title
    or headings)? The time alone is no topic: "From March to early June, the hills are green"
    says nothing of swimming in June."""
    topic = [
        forms
        for word, forms in zip(analysis.focus, analysis.focus_forms, strict=False)
        if not months(word)
    ]
    return any(forms & s.terms for forms in topic) and bool(months_said(s) & analysis.period)


def _as_good(s: Sentence, best: Sentence, analysis: QuestionAnalysis, ratio: float) -> bool:
    """Is `s` (in the question's language) an answer nearly as good as `best` (in another)? Its
    score must be `ratio` of the best's, and it must hold as much of the focus: "Nearest
    municipalities to…" is not an English answer to "Who designed the lighthouse?"; it must
    name what the question names if the best does, hold an item of a type found by pattern
    (a year, "X est un…") if the best does ("AMU is one of the largest universities" does not
    say when it was formed, nor "Winter can be excellent…" when a fire ravaged the
    Sainte-Victoire), read alone if the best does, and open on the asked place if the best
    does."""
    typed = analysis.answer_type
    # places are spelt alike in both languages ("Marseille"), a name's words may not be
    # ("the Pont Vieux" follows "a Roman bridge")
    about = _asked_words(analysis.places) if analysis.factoid else set()
    asked = [fold(w) for w in analysis.focus]
    # a focus word the other language's best sentence holds as it is asked, with no
    # translation known, is the same in both ("pétanque"): "Learning a few words of French"
    # lacks it
    alike = [
        forms
        for word, forms in zip(analysis.focus, analysis.focus_forms, strict=False)
        if not translated(word) and forms & best.context
    ]
    # (the best's own translation is as good, whatever words each says the focus with: "For a
    # quiet life in the countryside, the villages…" and "Pour vivre au calme…, les villages…",
    # "life" not being "vivre")
    return _translates(s, best) or (
        s.score >= ratio * best.score
        and s.features[_FOCUS_CONTEXT] >= ratio * best.features[_FOCUS_CONTEXT]
        # … as common words, not inside a name of the sentence before: "the Pointe Rouge
        # district", after "the Vieux-Port", is not "le plus ancien quartier de Marseille"
        # ("winters are mild" after "a Mediterranean climate" says the weather)
        and all(_says(s, forms) for forms in analysis.focus_forms if forms & best.terms)
        and all(forms & s.context for forms in alike)
        # … nor lack what the best says of the focus in its own words: "Marseille is also home
        # to the headquarters of CMA CGM" does not say the tower's district, "Le groupe CMA
        # CGM… a son siège… dans une tour du quartier d'Arenc" does
        and all(forms & s.context for forms in analysis.focus_forms if forms & best.terms)
        and (s.named or not best.named)
        and _says_as_much(s, best, typed)
        and (not s.orphan or best.orphan)
        and (not about or _opens_on(s, about) or not _opens_on(best, about))
        # "What is the Vieux-Port?": "Le Vieux-Port de Marseille occupe la calanque…", not
        # "Closer to the Vieux-Port, the small Catalans beach…"
        and (
            typed is not AnswerType.DEFINITION
            or _defines_asked(s, analysis)
            or _on_named(s, analysis)
            or not (_defines_asked(best, analysis) or _on_named(best, analysis))
        )
        # … and "Where is the Vieux-Port?" not by "Regional trains… and boats link the
        # Vieux-Port with the Frioul islands", nor "Who was Paul Cézanne?" by visitors who
        # "follow in the footsteps of Paul Cézanne" where "Paul Cézanne est né à Aix…"
        and (
            typed not in (AnswerType.PLACE, AnswerType.PERSON)
            or _on_named(s, analysis)
            or not _on_named(best, analysis)
        )
        # … and a yes or no for a time of year, not by what is said of no time when the best
        # says that time: "Is it open in August?" after the hikes round Aubagne is answered by
        # the rules from June to September, not by Pagnol's house "open to visitors"
        and (
            typed is not AnswerType.YESNO
            or _said_then(s, analysis)
            or not _said_then(best, analysis)
        )
        # … and say what is asked itself when the best does ("The Étang de Berre… suits
        # windsurfing… especially from Istres", under a heading on beaches, does not say "Is
        # there a beach?" as "Les plages de l'Étang de Berre, sur la commune d'Istres…" does)
        and (typed is not AnswerType.YESNO or s.features[_FOCUS] > 0 or best.features[_FOCUS] <= 0)
        # … nor say only the contrary of what the best says: "camping… is not allowed" does
        # not answer "Is it allowed in July?" beside a rule on entering the hills then
        and (
            typed not in (AnswerType.YESNO, AnswerType.HOWTO)
            or not _denies(s, asked)
            or _denies(best, asked)
        )
        # a list about a named thing: what it asks of it, if the best says it ("Where should I
        # live if I work at ITER?" is not answered by "Saint-Paul-lès-Durance… hosts… ITER")
        and (analysis.factoid or _holds_topic(s, best, analysis))
    )


# A place named as where the sentence goes beyond: "Going beyond Marseille also means
# discovering the hill villages of the Pays d'Aix…" is no sight of Marseille
_BEYOND = re.compile(
    r"\b(?:beyond|outside|au-del[àa] (?:de|d['’]|du|des)|hors (?:de|d['’]))\s*[A-ZÀ-Ý]"
)


def _sights_enough(
    same: list[Sentence], pool: list[Sentence], analysis: QuestionAnalysis, few: int
) -> bool:
    """A bare visit's sentences in the question's language name enough sights for its list,
    or as many as all do: "What to see in Marseille?" is not answered by the English pages'
    ferries and metro, beside the French pages' abbeys and museums; a list's hold its focus."""
    if analysis.bare_visit:
        # (counted by passage, as a list takes one item of each: the English guide's beaches
        # of Marseille, one passage, are no more than one item)
        sights = len({s.source.number for s in pool if s.terms & SIGHTS})
        if len({s.source.number for s in same if s.terms & SIGHTS}) < min(few, sights):
            return False
        # … and as many of the asked place's own, when another language's pages name more of
        # them: "What to do in Marseille?" was "Going beyond Marseille…", the Prado's beach and
        # the ferries, beside the French pages' Vieux-Port, Notre-Dame-de-la-Garde and MuCEM
        # (not one about another place that names it: "Cassis is a small fishing port… east of
        # Marseille")
        here = {
            (s.lang, s.source.number)
            for s in pool
            if s.here and not s.led_elsewhere and s.terms & SIGHTS and not _BEYOND.search(s.text)
        }
        return sum(1 for lang, _ in here if lang == analysis.lang) >= min(few, len(here))
    if analysis.answer_type is AnswerType.LIST and analysis.bridge and not analysis.names:
        # … and a list asked in another language than the pack's ("Where can I go cycling in
        # Provence?": one English sentence says cycling, four French ones say where); not a
        # named thing, which is one
        said = sum(1 for s in pool if s.features[_FOCUS] > 0)
        return sum(1 for s in same if s.features[_FOCUS] > 0) >= min(few, said)
    return True


def _holds_topic(s: Sentence, best: Sentence, analysis: QuestionAnalysis) -> bool:
    named, topic = _named_topic(analysis)
    return not named or all(forms & s.context for forms in topic if forms & best.context)


def _named_topic(analysis: QuestionAnalysis) -> tuple[set[str], list[frozenset[str]]]:
    """The words of the names the question asks about, and the forms of the rest of its focus:
    what it asks of them ("live", "work" for "Where should I live if I work at ITER?")."""
    named = _asked_words(analysis.names)
    return named, [
        forms
        for word, forms in zip(analysis.focus, analysis.focus_forms, strict=False)
        if fold(word) not in named
    ]


# Types whose items say the answer: a number, a date, a postal code, a definition ("X est un…"),
# a way to go or to do ("train", "depuis", "dossier").
_ITEMS_SAY = PATTERN_TYPES | {AnswerType.DEFINITION, AnswerType.HOWTO}


def _says_as_much(s: Sentence, best: Sentence, typed: AnswerType) -> bool:
    """`s` holds an item of a type found by pattern if `best` does, and a dated one (with
    digits) if `best`'s is: "In winter, walks on the mountain…" does not say when it burnt."""
    return (
        bool(s.items) or not best.items or typed not in _ITEMS_SAY or _described(s, typed)
    ) and (typed is not AnswerType.DATE or _dated(s) or not _dated(best))


def _described(s: Sentence, typed: AnswerType) -> bool:
    """A sentence naming the thing a definition question names ("What is the Pont Flavien?")
    describes it ("a Roman bridge…, the Pont Flavien, still stands…"); a common word ("What is
    the mistral?") needs a sentence that says what it is, not one that uses it."""
    return typed is AnswerType.DEFINITION and s.named


# whose? A list's item opening on a possessive leans on the sentence before too
_POSSESSIVE = re.compile(r"^(?:[^,;:.]{1,40},\s*)?(?i:Son|Sa|Ses|Leur|Leurs|Its|His|Her|Their)\b")


def _possessed(text: str) -> bool:
    """The sentence leans on the one before it, by a pronoun or a possessive."""
    return leans_back(text) or bool(_POSSESSIVE.match(text))


# A French "y" standing for a place said before ("… y a installé"; not "il y a", "n'y a")
_SAYS_THERE = re.compile(r"^[^.;:]{0,120}?(?<![Ii]l )(?<![Nn]['’])\by\s(?!compris\b)")
# … unless a place is named before it: "Paul Cézanne est né à Aix-en-Provence en 1839 et y est
# mort"
_AT_PLACE = re.compile(r"\b(?:à|au|aux|en|dans)\s+[A-ZÀ-Ý]")


def _says_there(text: str) -> bool:
    said = _SAYS_THERE.match(text)
    return said is not None and not _AT_PLACE.search(text, 0, said.end())


# A language or a nation, which a capital names without saying where (folded)
_NATIONAL = frozenset(
    "french france francais francaise english anglais anglaise europe european europeen "
    "europeenne".split()
)


def _goes(text: str) -> bool:
    """The sentence names a way of going (a line, a vehicle, a road, on foot), not only how
    far: "Gémenos est à 18 km de Marseille à vol d'oiseau" takes no one there."""
    return any(not m.group().lower().startswith(("km", "kilom")) for m in MEANS.finditer(text))


# A place named by its kind and its name, which no gazetteer of communes holds: "la chaîne de
# l'Estaque", "l'Étang de Berre", "la Côte Bleue", "le cap Couronne", "la Sainte-Victoire"
_NAMED_PLACE = re.compile(
    r"\b(?i:chaînes?|chaines?|massifs?|montagnes?|étangs?|etangs?|côtes?|cotes?|caps?|calanques?"
    r"|îles?|iles?|archipels?|collines?|pays|parcs?|plages?|baies?|golfes?|vallées?|vallons?"
    r"|plateaux?|monts?|pics?|pointes?|crêtes?|lacs?|rivières?|quartiers?|presqu['’]îles?)"
    r"(?:\s+(?:de|du|des|d['’])\s*(?:la\s+|l['’])?|\s+)[A-ZÀ-Ý]"
    r"|\b(?:Sainte|Saint)-[A-ZÀ-Ý]"
)
# A sentence whose subject is a bare pronoun, the impersonal ones too ("It is easy to reach…").
_SUBJECT_PRONOUN = re.compile(r"^(?:It|Il|Elle|Ils|Elles|They|He|She)\s")


# … and a place or a building of one named before, by its common noun alone, then its verb:
# "Le parvis offre l'un des plus beaux panoramas" is the basilica's, "Le château abrite…" a
# town's
_PART_OF = re.compile(
    r"^(?:Le|La|L['’])\s*(parvis|site|château|chateau|musée|musee|parc|édifice|edifice|bâtiment"
    r"|batiment|sommet|montagne|village|centre|port|église|eglise|chapelle|cloître|cloitre"
    r"|jardin|fort|quartier|abbaye|tour|monument|domaine|basilique|cathédrale|cathedrale"
    r"|entreprise|usine|festival|fête|fete)\s+"
    r"(?:est|a|offre|abrite|présente|presente|conserve|accueille|mène|mene|occupe|domine"
    r"|propose|possède|possede|rassemble|réunit|reunit|surplombe|date|garde|attire|abritait"
    r"|accueillait|était|etait)\b"
)
# … and "the town" said for a town named before ("les grands marchés de la ville"; not "de la
# ville d'Aix")
_OF_THE_TOWN = re.compile(
    r"\b(?:de la (?:ville|commune)|of the (?:city|town))\b(?!\s+(?:de|d['’]|of)\b)"
)


def _leans(s: Sentence, analysis: QuestionAnalysis, *, listing: bool = False) -> bool:
    """The sentence opens on a pronoun or a demonstrative that the question does not resolve
    (its demonstrative names what is asked, the sentence before opens on it): it reads only
    after the sentence before it. An item of a list always needs its antecedent: "Ces plages
    en pente douce…" answers "Quelles plages…?" only with the sentence saying which ones."""
    # a French "y" says where only after the sentence naming the place, unless the question
    # names it: "Centrale Méditerranée et Polytech Marseille y sont implantées" (nor when
    # where is not asked: "L'association « Ulis Pêche Passion » y organise des concours de
    # pêche sportive" says what it does, and gave way to the pond it was said of)
    there = (
        (not analysis.places or _carried_to_someone(analysis))
        and s.lang == "fr"
        and _says_there(s.text)
        and (listing or not analysis.factoid or analysis.answer_type not in _SAID_ANYWHERE)
    )
    if listing:
        # "Sa maison… abrite un musée" reads after a question on a house, not as an item; nor
        # does "Dassault Aviation y a installé son centre d'essais" say where, nor "…les grands
        # marchés de la ville" which town, unless the question does
        town = not analysis.places and bool(_OF_THE_TOWN.search(s.text))
        orphan = s.orphan and not _says_all_asked(s, analysis)
        # (unless the noun is what is asked: "La plage est surveillée" after which beach)
        part = (m := _PART_OF.match(s.text)) is not None and not (
            sentence_terms(m[1], s.lang) & analysis.question_terms
        )
        return orphan or bool(_POSSESSIVE.match(s.text)) or there or town or part
    # … nor does, of the whole territory, "Son point culminant…" say whose, unless the question
    # does (or the sentence before leans too: quoting it says no more); an unnamed town ("La
    # ville a ensuite été…") is an orphan
    # (nor when the one before that names it: "La montagne Sainte-Victoire est… Sa face sud…
    # Son point culminant, le pic des Mouches…" opened on "Son point culminant")
    unnamed = (
        not (analysis.places or analysis.names or analysis.scope.groups)
        and analysis.scope.kind == "territory"
        and bool(_POSSESSIVE.match(s.text))
        and not (_possessed(s.previous) and (not s.earlier or _possessed(s.earlier)))
    )
    return (
        (s.orphan or there or unnamed)
        # "Cette histoire explique…" is the history the sentence before tells, of whatever it
        # names: for "Quelle est l'histoire de La Ciotat ?" it is La Ciotat's only where that
        # sentence opens on the town
        and not (
            _points_at_asked(s.text, s.lang, analysis)
            and (not analysis.places or s.here or _asked_about(s.previous, analysis))
        )
        # … and "La ville est étroitement liée à l'histoire du cinéma" is La Ciotat after
        # "La Ciotat occupe une baie…"
        and not (s.orphan and analysis.places and _asked_about(s.previous, analysis))
        and not _opens_on_asked(s.previous, s.lang, analysis)
        and not _says_all_asked(s, analysis)
        # (of a place asked: of the whole territory, a sentence naming its subject comes first)
        and not (s.orphan and analysis.places and _headed_by_asked(s, analysis))
    )


def _carried_to_someone(analysis: QuestionAnalysis) -> bool:
    """Who someone named was (or what a named thing is) is asked after a turn on a place the
    question does not say: the place is the conversation's, not what an answer's "y" stands
    for ("Qui était Paul Cézanne ?" after "Que voir à Marseille ?" was "Paul Cézanne y a peint
    la mer…", at L'Estaque)."""
    if not (
        analysis.follow_up
        and analysis.answer_type in (AnswerType.PERSON, AnswerType.DEFINITION)
        and analysis.names
    ):
        return False
    said = {fold(w) for w in tokens(analysis.text)}
    return not any(_asked_words((p,)) & said for p in analysis.places)


# Answers that hold whatever "y" stands for: a figure, what is done (what a thing is, who
# someone was, when or which company, are said with where: "Qui était Nostradamus ?" is not
# answered by "… Nostradamus, s'y est installé… " without Salon-de-Provence)
_SAID_ANYWHERE = frozenset({AnswerType.NUMBER, AnswerType.OTHER})


# A subject pronoun, for its section's heading to name
_PRONOUN = re.compile(r"\b(?:il|elle|ils|elles|it|they)\b", re.IGNORECASE)
_HEADING_WORDS = 4  # a heading this short names a thing ("Le Mistral"), not a topic


def _headed_named(s: Sentence) -> str | None:
    """The sentence with its subject pronoun replaced by its section's short heading, in
    brackets; None when the heading is long or names nothing capitalised."""
    heading = s.source.chunk.heading[-1] if s.source.chunk.heading else ""
    if not heading[:1].isupper() or not 0 < len(tokens(heading)) <= _HEADING_WORDS:
        return None
    pronoun = _PRONOUN.search(s.text)
    if pronoun is None:
        return None
    said = heading if pronoun.start() == 0 else heading[:1].lower() + heading[1:]
    if said.split()[0].lower() not in ("le", "la", "les", "the"):
        said = heading  # a name alone keeps its capital: "[Marseille]"
    return f"{s.text[: pronoun.start()]}[{said}]{s.text[pronoun.end() :]}"


def _headed_by_asked(s: Sentence, analysis: QuestionAnalysis) -> bool:
    """The sentence's section is headed by what the question asks about and the sentence does
    not say: its pronoun stands for it. After "Le mistral souffle-t-il souvent ? Et à
    Marseille ?", "À Marseille…, il souffle souvent fort" under "Le Mistral" reads alone (the
    sentence before, "Les habitants s'y adaptent…", says no more of what "il" is)."""
    chunk = s.source.chunk
    if len(chunk.heading) < 2:
        return False  # a document's title may name its subject; its sentences speak of others
    heading = sentence_terms(section(chunk), s.lang)
    return any(forms & heading and not forms & s.terms for forms in analysis.focus_forms)


def _says_all_asked(s: Sentence, analysis: QuestionAnalysis) -> bool:
    """The sentence names its subject and says all the question asks about, its names and its
    focus: "Les Marseillais la surnomment « la Bonne Mère »" answers "c'est quoi la Bonne
    Mère ?" whatever "la" stands for ("Elle aide à trouver un logement près de Rousset" does not
    say who helps)."""
    if not analysis.focus_forms or not leans_by_its_object(s.text):
        return False
    words = {fold(w) for w in tokens(s.text)}
    return all({fold(w) for w in tokens(n)} <= words for n in analysis.names) and all(
        forms & s.terms for forms in analysis.focus_forms
    )


# A common noun heading a name ("le cours Mirabeau", "the château de l'Empéri"), and the same
# noun alone, not followed by a name ("au nord du cours").
_HEADED = re.compile(
    r"\b(?i:le|la|les|du|au|aux|des|the)\s+([a-zà-ÿ]{3,})\s+"
    r"(?:(?:de|d['’]|du|des|of)\s+(?:l['’]|la\s+|le\s+|the\s+)?)?[A-ZÀ-Ý]"
)
_BARE = re.compile(
    r"\b(?i:le|la|du|au|the)\s+([a-zà-ÿ]{3,})\b"
    r"(?!\s+(?:(?:de|d['’]|du|des|of)\s+(?:l['’]|la\s+|le\s+|the\s+)?)?[A-ZÀ-Ý])"
)

_OPENING = 20  # characters: "Au nord du cours", "In the middle of the square"
# A person named by a role alone, not followed by the name: "L'écrivain et cinéaste a décrit…"
_ROLE = re.compile(
    r"^(?:L['’]|Le\s|La\s|The\s)(?:écrivain|peintre|cinéaste|poète|romancier|romancière"
    r"|architecte|artiste|auteur|autrice|sculpteur|navigateur|writer|painter|poet|novelist"
    r"|architect|artist|author|sculptor|filmmaker)\b(?!\s+[A-ZÀ-Ý])"
)


def _takes_up(s: Sentence) -> bool:
    """The sentence opens on a common noun alone that its passage named before: "Au nord du
    cours s'étend la vieille ville", two sentences after "Le cours Mirabeau est la grande
    promenade d'Aix", says nothing of where, read alone. (Further on, the sentence has said
    where first: "Mimet, village perché au-dessus du bassin…")"""
    if s.previous and _ROLE.match(s.text):
        return True  # "L'écrivain et cinéaste a décrit…": whom the sentence before names
    opening = [m for m in _BARE.finditer(s.text) if m.start() < _OPENING]
    if not opening:
        return False
    passage = s.source.chunk.text
    at = passage.find(s.text)
    heads = {fold(m[1]) for m in _HEADED.finditer(passage[:at] if at >= 0 else s.previous)}
    return any(fold(m[1]) in heads for m in opening)


def _opens_on_asked(previous: str, lang: str, analysis: QuestionAnalysis) -> bool:
    """The sentence before opens on what the question asks about ("Un cheval entier est…" →
    "Si une jument…, il peut s'emballer" for "Comment réagit un cheval entier si…"), or points
    at it ("Ces collines de garrigue…" → "Elles ont été rendues célèbres…" for "Quel écrivain a
    rendu célèbres les collines du Garlaban ?")."""
    if _points_at_asked(previous, lang, analysis) and (
        analysis.names
        or analysis.places
        or analysis.answer_type not in (AnswerType.LIST, AnswerType.OTHER)
    ):
        # (… unless what it points at is what is asked for, which it says: "Ces plages du
        # golfe de Fos…" says which beaches "Elles sont en général moins fréquentées…" are)
        return True
    opening = content_tokens(previous, lang)[:2]
    if len(opening) < 2 or not all(
        sentence_terms(w, lang) & analysis.question_terms for w in opening
    ):
        return False
    # (a place's words open it as its subject only: "The Aix-en-Provence TGV station opened in
    # 2001" is a station, and "It serves only high-speed trains" needs it)
    placed = {fold(w) for p in analysis.places for w in tokens(p)}
    return not {fold(w) for w in opening} <= placed or _opens_on_place(previous, analysis.places)


def _asked_about(previous: str, analysis: QuestionAnalysis) -> bool:
    """The sentence before an orphan names what the question names ("When was AMU
    formed?" → "AMU, known as AMU, is…" → "It was formed on 1 January 2012…"): the question
    resolves its pronoun, and the answer opens on the sentence that answers. (A lead that
    leans on it still gives way to one that reads alone: "La gare de Saint-Vent…" → "Elle a
    ouvert en 1911" is not the tramway the question asks about.)"""
    asked = (*analysis.names, *analysis.places)
    if not asked:
        return False
    words = {fold(w) for w in tokens(previous)}
    if not all({fold(w) for w in tokens(n)} <= words for n in asked):
        return False
    # a place is what the pronoun stands for when the sentence before opens on it ("Aix-en-
    # Provence… It has…"), not when it names a thing of the place ("The Aix-en-Provence TGV
    # station opened in 2001… It serves only high-speed trains")
    return bool(analysis.names) or _opens_on_place(previous, analysis.places)


# A phrase set before a sentence's subject ("En 2013, …"), and a town said as such ("La ville
# d'…", "The city of …")
_FRONTED = re.compile(r"^[^,;:.]{1,40},\s*")
_TOWN_OF = re.compile(
    r"^(?:la (?:ville|commune) (?:de |d['’]\s*)|the (?:city|town) of )", re.IGNORECASE
)


def _opens_on_place(text: str, places: tuple[str, ...]) -> bool:
    """The sentence's subject is one of the places, not a thing of it."""
    for said in (text, _FRONTED.sub("", text, count=1)):
        said = fold_text(_TOWN_OF.sub("", said, count=1))
        if any(said.startswith(fold_text(p)) for p in places):
            return True
    return False


def _points_at_asked(text: str, lang: str, analysis: QuestionAnalysis) -> bool:
    """The sentence's demonstrative names a thing the question asks about ("Qui assurait
    l'entraînement de l'armée ?" → "Dans un premier temps, cette armée ne consista qu'en des
    milices…"): after the question it reads alone, and the answer opens on it."""
    pointed = DEMONSTRATIVE.match(text)
    return pointed is not None and bool(sentence_terms(pointed[1], lang) & analysis.question_terms)


def _dated(s: Sentence) -> bool:
    """A date item with digits: "En 1989, un grand incendie…" says when, "Winter can be…" not."""
    return any(any(c.isdigit() for c in item) for item in s.items)


# A way between two places: "relie Marseille à Aix", "connects…", "between… and", "from… to".
_LINKS = re.compile(
    r"\b(?:reli\w*|desser\w*|connect\w*|link\w*|joins?|runs? to|lignes?|lines?|accessibles?"
    r"|reached)\b",
    re.IGNORECASE,
)
# … or only says which way: "depuis la mer" is no way between two places
_WAYS = re.compile(r"\b(?:vers|between|entre|from|depuis|jusqu)\b", re.IGNORECASE)
# How far or how long a way is: a distance or a duration ("13 km", "en une heure", "a quarter
# of an hour"), not a count ("two metro lines").
_SPAN = re.compile(
    r"\d\s*(?:km|kilom\w*|mi|miles?|min\w*|h|heures?|hours?)\b"
    r"|\b(?:une|un|deux|trois|quatre|cinq|dix|quinze|vingt|trente|quarante|demi|one|two|three"
    r"|four|five|ten|fifteen|twenty|thirty|forty|half an?|an?)[\s-]+(?:heures?|hours?|minutes?)\b"
    r"|\bquarts? d.heure\b|\bquarter of an hour\b",
    re.IGNORECASE,
)


def _in_place(request: AnswerRequest, sentences: list[Sentence]) -> list[Sentence]:
    """A question about a place is answered about that place: a sentence on the topic
    elsewhere ("the lighthouse of the next town") would mislead."""
    if not request.analysis.scope.communes:
        return sentences
    # (a sentence of every commune is one of the asked place, or of the territory, by what it
    # says itself: "Dans de nombreuses communes, les fêtes de la Saint-Jean…" said no sport for
    # where to do sport "en plein air" at Martigues, after concerts "en plein air" elsewhere)
    sentences = [
        s for s in sentences if s.here or s.features[_FOCUS] > 0 or not EVERY_COMMUNE.match(s.text)
    ]
    located = [s for s in sentences if about_place(s, request.analysis)]
    here = max((s.features[_FOCUS] for s in located), default=0.0)
    # what the place's best sentence says of the focus, which one of the whole territory must
    # say too to say more: "La santé est l'un des premiers secteurs d'emploi de la métropole"
    # says "emploi", not the digital jobs Aix's own sentences speak of
    best = max(located, key=lambda s: s.features[_FOCUS], default=None)
    held = _held(best, request.analysis) if best is not None else set()

    def more(s: Sentence, base: float, *, context: bool = False) -> bool:
        """`s` says what the place's best says, or other words with clearly more weight."""
        weight = s.features[_FOCUS_CONTEXT if context else _FOCUS]
        return _says_more(held, _held(s, request.analysis, context=context)) or (
            weight >= _WIDER * base
        )

    lang = request.analysis.lang
    # … or as much, in the question's language, where the place's sentences in that language
    # do not hold the focus even in their context: "Quel est le climat à Aix ?" is answered
    # with "Le territoire bénéficie d'un climat méditerranéen…", not with the English guide's
    # line on the metropolis' climate
    said = max((s.features[_FOCUS_CONTEXT] for s in located if s.lang == lang), default=0.0)
    # (a season the territory has is the place's: "Spring and autumn are the best seasons for
    # hiking in the area" answers when to hike around Marseille, whose own lines say where)
    seasonal = request.analysis.recurring
    said_anywhere = max((s.features[_FOCUS_CONTEXT] for s in located), default=0.0)
    listing = request.analysis.answer_type is AnswerType.LIST
    wide = [
        s
        for s in sentences
        if s.wide
        and (
            (s.features[_FOCUS] > here and more(s, here))
            # (not the items of a list: "Where can I go kayaking near Marseille?" lists places
            # to go, not the student sports services of the English guide)
            or (
                s.lang == lang
                and here <= s.features[_FOCUS] > said
                and not listing
                and more(s, here)
            )
            or (seasonal and s.items and s.features[_FOCUS] >= here)
            # (… and so are its summers: "Fait-il chaud l'été à Aix ?" and "des étés chauds et
            # secs", where Aix's own sentences say its hot springs)
            or (
                request.analysis.answer_type is AnswerType.YESNO
                and bool(months_said(s) & request.analysis.period)
                and s.features[_FOCUS] >= here
            )
            # (or under a heading that says it where the place's sentences say none of it:
            # "Les mairies… sont le premier point de contact" under "Les démarches à
            # l'arrivée", for "Quelles démarches pour s'installer à Marseille ?")
            or (s.features[_FOCUS_CONTEXT] > said_anywhere and more(s, said_anywhere, context=True))
        )
    ]
    # (an item asked: a way to do a thing is no item, and "Quelles démarches en arrivant à
    # Marseille ?" lost its lead to the Cité radieuse, "inscrite… depuis 2016")
    typed = [
        s.features[_FOCUS]
        for s in located
        if request.analysis.answer_type in PATTERN_TYPES
        and s.items
        and s.features[_FOCUS_CONTEXT] > 0
    ]
    if typed:
        # … unless it holds the asked item too, and clearly more of the focus: "les fêtes de la
        # Saint-Jean, autour du 24 juin" in many communes, not Marseille's Chandeleur "le 2
        # février", for when the Saint-Jean is at Marseille
        wide = [s for s in wide if s.items and s.features[_FOCUS] >= _WIDER * max(typed)]
    if wide and not request.analysis.visit:
        # the territory's climate for "Quel est le climat à Marseille ?", where Marseille's
        # own passages only name it in a heading: it says more of it than they do (not more
        # than the asked item: "Code postal : 13420" answers where to write an address; nor
        # what there is to see there: "l'agence… donne envie de visiter le territoire")
        located = wide + located
    little = request.analysis.little
    if request.analysis.journey and len(request.analysis.places) > 1:
        # "How do I get from Marseille to La Ciotat?": the line between them, not Marseille's
        # metro
        ends = [_asked_words((p,)) - little for p in request.analysis.places]
        both = [s for s in located if all(e <= s.context for e in ends)]
        # … what links them ("A frequent express coach connects Marseille and Aix"), not a
        # sentence naming both ("Marseille has two metro lines, … Aix-en-Provence has its own
        # urban network")
        # (naming both itself, or with the sentence before, first: "Le centre de Martigues se
        # visite à pied… en reliant les trois quartiers", in a passage on Marseille's
        # surroundings, links no two towns; "Les deux communes sont desservies par le train…
        # depuis Marseille" after Carry-le-Rouet and Sausset-les-Pins does)
        both.sort(
            key=lambda s: (
                not all(e <= {fold(w) for w in tokens(f"{s.previous} {s.text}")} for e in ends),
                0 if _LINKS.search(s.text) else 1 if _WAYS.search(s.text) else 2,
            )
        )
        if request.analysis.answer_type is AnswerType.NUMBER:
            # "Combien de temps pour aller de Marseille à Aix ?": a figure between the two, or
            # none ("Aix-en-Provence, à vingt minutes de Rousset" is not the answer, nor "Roads
            # between Aix-en-Provence and Marseille… are often congested")
            # (the sentence itself names two of them: "Miramas est à 46 km de Marseille" is
            # no distance from Istres because the sentence before names Istres' council)
            return [
                s
                for s in both
                if _SPAN.search(s.text)
                and sum(e <= {fold(w) for w in tokens(s.text)} for e in ends) >= 2
            ]
        located = both + [s for s in located if not any(s is b for b in both)]
    parts = [_asked_words((p,)) - little for p in request.analysis.parts]
    if parts:
        # a quartier's sentences name it (or the one before, or their passage's headings do):
        # the rest of the commune is elsewhere
        named = [s for s in located if any(p <= s.context for p in parts)]
        located = named or located
    if request.analysis.answer_type is AnswerType.LIST and request.analysis.visit:
        # "Que faire à La Ciotat ?": things to see and do ("le parc du Mugel… des sentiers et
        # une petite calanque"), from the sections about the place ("La nature à La Ciotat"),
        # before its business parks or a TER line's stops
        bare = request.analysis.bare_visit
        about = [s for s in located if _headed(s, request.analysis.places, titled=bare)]
        located = about + [s for s in located if not any(s is a for a in about)]
        # (with a topic, the sights that speak of it: "Que faire avec des enfants à Marseille ?"
        # is not answered by the view from Notre-Dame-de-la-Garde's forecourt)
        # (advice to check a museum's hours is no sight: "Que visiter à Salon-de-Provence ?"
        # opened on it, and the château de l'Empéri, scored a third of it, was left out)
        seen = [
            s
            for s in located
            if s.terms & SIGHTS
            and (bare or s.features[_FOCUS_CONTEXT] > 0)
            and not _CHECK.search(s.text)
        ]
        # … each by its name ("Le cours Mirabeau est la grande promenade…") before what is
        # said of them all ("Les environs d'Aix offrent de nombreuses visites")
        asked = _asked_words(request.analysis.places) | request.analysis.question_terms
        # (asked with a topic, those saying it themselves first: "And for children?" at La
        # Ciotat by "In La Ciotat, the bay has long sandy beaches… the best for young
        # children", not by the Mugel cove's "baignades plus sauvages" after a line on them)
        # (… in the question's language first)
        lang = request.analysis.lang
        seen.sort(
            key=lambda s: (
                not bare and s.features[_FOCUS] <= 0,
                not bare and s.lang != lang,
                not _names_other(s, asked),
            )
        )
        located = seen + [s for s in located if not any(s is x for x in seen)]
        # a visitor's question: what the agency wrote for visitors answers it (the documents'
        # declared audience), not its pages for companies ("la zone d'activités des Paluds");
        # asked with a topic, so does whatever says it ("Et pour les enfants ?" at Aubagne:
        # the newcomers' guide's "families often go hiking on the Garlaban around Aubagne"),
        # when it is a thing to see or do: "Childcare for children under three includes
        # municipal nurseries", in a passage naming Aix, is nothing to do at Aix)
        visiting = [
            s
            for s in located
            if _for_visitors(s)
            or (not bare and s.features[_FOCUS_CONTEXT] > 0 and bool(s.terms & SIGHTS))
        ]
        located = visiting if len(visiting) > 1 else located
    if request.analysis.answer_type is AnswerType.LIST and not request.analysis.nearby:
        # what is there before what is near, unless near is asked: "À Éguilles, le village
        # perché offre une vue sur la plaine d'Aix" is about Éguilles, and "the villages of the
        # Pays d'Aubagne… stay close to eastern Marseille" are no place to stay in Marseille;
        # and what names the place, or comes from a passage about it, before what a passage
        # that names it in passing says of the whole territory ("La métropole… ne concentre
        # pas ses entreprises dans un seul quartier d'affaires" for the companies of Rousset)
        places = request.analysis.places
        communes = set(request.analysis.scope.communes)
        # (a place shared with another in one coordination, saying nothing asked itself, comes
        # after those that are the place's alone: "Où se baigner à Martigues ?" is not first the
        # marinas of "Port-de-Bouc et Martigues"; the CROUS's "résidences… d'Aix-en-Provence et
        # de Marseille" still answers student housing in Marseille)
        located.sort(
            key=lambda s: (
                s.led_elsewhere,
                not (s.here or s.wide or _headed(s, places) or _opens_passage(s, communes)),
                s.shared and s.features[_FOCUS] <= 0,
            )
        )
    return located or sentences


def _says_more(held: set[int], other: set[int]) -> bool:
    """Focus words held by `other` that may say more than `held`: more of them, or the same
    ones at least (then their weights decide)."""
    return len(other) > len(held) or held <= other


# A sentence of the whole territory holding other focus words than the place's best sentence
# (as many) says more only with this many times its weight: "La santé est l'un des premiers
# secteurs d'emploi" (0.53: "emploi") is not more than Aix's digital companies (0.47:
# "numérique"); the national park's "dogs… not allowed" (0.76) is more than "whether swimming
# is allowed" on the beaches (0.58).
_WIDER = 1.25


def _held(s: Sentence, analysis: QuestionAnalysis, *, context: bool = False) -> set[int]:
    """Which focus words (by position) the sentence holds (with `context`, it or its passage's
    headings and the sentence before)."""
    terms = s.context if context else s.terms
    return {i for i, forms in enumerate(analysis.focus_forms) if forms & terms}


def _in_period(pool: list[Sentence], period: frozenset[int]) -> tuple[list[Sentence], set[int]]:
    """A list asked for a time leaves out what happens only at other times ("Quelles fêtes en
    hiver ?" is not answered by the fête de la Saint-Jean "autour du 24 juin"), unless nothing
    else is left; what names no time may still be one. Also the ids of the sentences that date
    what they say to that time."""
    said = {id(s): months(s.text) for s in pool}
    kept = [s for s in pool if not said[id(s)] or said[id(s)] & period] or pool
    return kept, {id(s) for s in kept if said[id(s)] & period}


def _named_first(pool: list[Sentence], analysis: QuestionAnalysis) -> list[Sentence]:
    """A list or a how-to that names a thing, and asks something of it, is answered from
    passages that name it, in whatever language: "Where should I live if I work at ITER?" is
    not answered by where Fos-sur-Mer's workers live, in a page that never names ITER, while a
    French one says where ITER's staff settled."""
    named, topic = _named_topic(analysis)
    if not named or not topic:  # (a name alone is a visit: "Que faire à Aubagne ?")
        return pool
    # (and what it asks: "How do I open a bank account in France?" is not answered by a line
    # naming Business France, but by one saying to open a bank account; going there is how a
    # journey asks, said any way: "Des bateaux desservent le Château d'If")
    asked = [f for f in topic if not (analysis.journey and f & MOVING)]
    first = [
        s
        for s in pool
        if s.features[_NAMES] >= 1 and (not asked or any(f & s.context for f in asked))
    ]
    return first + [s for s in pool if not any(s is f for f in first)]


def _opens_passage(s: Sentence, communes: set[str]) -> bool:
    """The first commune its passage names is one of `communes`: the passage is about it."""
    return bool(s.source.chunk.communes) and s.source.chunk.communes[0] in communes


def _unarticled(folded: str) -> str:
    """A folded name without its article ("la ciotat" → ciotat)."""
    first, _, rest = folded.partition(" ")
    return rest if first in _ARTICLES and rest else folded


def _subject(text: str) -> str:
    """The folded name a sentence opens on, after where it is and the common noun of what it
    names ("À Miramas, le village perché de Miramas-le-Vieux offre…" → miramas-le-vieux), or ""
    when it opens on no name."""
    text, placed = _PLACE_OPENER.subn("", text, count=1)
    if placed:
        # (and where in it: "À Saint-Chamas, sur la rive nord de l'Étang de Berre, le pont
        # Flavien est…" is about the bridge, as "À Saint-Chamas, le pont Flavien… enjambe…")
        text = _WHERE_IN.sub("", text, count=1)
    for m in CAPITALISED.finditer(text[:_SUBJECT_CHARS]):
        name = _unarticled(fold(m.group()))
        if name in _ARTICLES:
            continue  # "Les marchés…": an article alone
        # a sentence's first word is written with a capital, a name or not ("Ferries
        # arriving from Corsica…", "Ceyreste, commune voisine de La Ciotat…")
        return "" if m.start() == 0 and name == fold(m.group()) else name
    return ""


_SUBJECT_CHARS = 40  # "le village perché de Miramas-le-Vieux"
# A place within the one a sentence opens on, before its subject: "sur la rive nord de l'Étang
# de Berre, le pont Flavien…", "on the north shore, …"
_WHERE_IN = re.compile(
    r"^(?:sur|sous|dans|près|entre|face|le long|au bord|au pied|on|in|at|near|along|by)\b"
    r"[^,]{0,50},\s*",
    re.IGNORECASE,
)


def _one_per_subject(items: list[Sentence], analysis: QuestionAnalysis) -> list[Sentence]:
    """The items without those about a thing an earlier item is about, in other words ("À
    Miramas, le village perché de Miramas-le-Vieux, avec ses remparts…" after "… offre une vue
    sur l'étang"): a list names each thing once. What the question names is no such thing:
    every item is about it ("Que voir à Cassis ?")."""
    asked = {_unarticled(fold(n)) for n in (*analysis.places, *analysis.names)}
    seen: set[str] = set()
    kept = []
    for s in items:
        subject = _subject(s.text)
        if subject and subject not in asked:
            if subject in seen:
                continue
            seen.add(subject)
        kept.append(s)
    return kept


def _capitalised(text: str) -> set[str]:
    """The folded words of the names a text gives by a capital."""
    return {fold(w) for m in CAPITAL.finditer(text) for w in tokens(m.group())}


# an ordinal before the thing it ranks: "le deuxième public", "the third campus" (folded)
_ORDINAL = re.compile(
    r"\b(?:premier|premiere|deuxieme|second|seconde|troisieme|quatrieme|cinquieme|first|third"
    r"|fourth|fifth)\s+(\w+)"
)


def _ranks(s: Sentence, listed: frozenset[str]) -> bool:
    """The sentence says which of the listed things it is by its rank: "Les talents… forment
    le deuxième public" is one of "les trois publics de l'agence", though it names none."""
    return any(listed & sentence_terms(m[1], s.lang) for m in _ORDINAL.finditer(fold_text(s.text)))


def _names_other(s: Sentence, asked: set[str] | frozenset[str]) -> bool:
    """The sentence names something by a capitalised word that is not one of `asked`."""
    return bool(_capitalised(s.text) - asked)


def _nothing_here(request: AnswerRequest) -> bool:
    """The sentences about the asked commune hold none of the focus, nor an item of the asked
    type: "Où se baigner près d'Aix ?" finds swimming on the coast, and Aix's housing. (A
    quartier's sentences may say it otherwise, their commune's do not: "Which painters worked
    at L'Estaque?" → "L'Estaque… inspired Cézanne and Braque", beside painters in the Panier.)"""
    analysis = request.analysis
    if not analysis.scope.communes or analysis.bare_visit:
        return False
    here = [s for s in request.sentences if s.wide or about_place(s, analysis)]
    return bool(here) and not any(s.features[_FOCUS_CONTEXT] > 0 or s.items for s in here)


def _nothing_said(request: AnswerRequest, pool: list[Sentence]) -> bool:
    """A yes-or-no question that no sentence speaks of itself: "Is Marseille safe?" finds
    the beach page's "Staying safe" section, whose sentences are about smoking and jellyfish.
    Nor a way to go that no sentence says, nor any means of going: "How do I get there from
    Marseille?" of Istres found "The answers depend a lot on where the parents work…", which
    names both towns."""
    analysis = request.analysis
    if analysis.answer_type is AnswerType.YESNO:
        said = [s for s in pool if s.features[_FOCUS] > 0]
        # … nor, asked of a place ("Est-ce que Marseille est dangereuse ?"), a sentence that
        # says it of something else there: "Les massifs de la métropole… ce qui rend chaque
        # incendie dangereux"; one about the place must say it, or its passage must ("Aubagne,
        # La Ciotat… suit people working in the east of Marseille", on where to live)
        place = _subject_place(analysis)
        words = _asked_words((place,)) - analysis.little
        return not said or (
            bool(place)
            and not any(
                (s.here or _opens_on(s, words)) and s.features[_FOCUS_CONTEXT] > 0 for s in pool
            )
        )
    if analysis.answer_type is AnswerType.HOWTO and analysis.journey:
        return not any(s.features[_FOCUS] > 0 or MEANS.search(s.text) for s in pool)
    return False


def _subject_place(analysis: QuestionAnalysis) -> str:
    """The place a yes-or-no question is asked of as its subject ("Is Marseille safe?",
    "Est-ce que Marseille est dangereuse ?", "Gardanne est-elle desservie… ?"), or ""."""
    question = folded_words(analysis.text)
    for prefix in ("est ce que ", "is ", "are ", "was ", ""):
        if question.startswith(prefix):
            rest = f" {question[len(prefix) :]}"
            return next((p for p in analysis.places if rest.startswith(_phrase(p))), "")
    return ""


def _for_visitors(s: Sentence) -> bool:
    """Its document is written for visitors, or does not say for whom."""
    audience = s.source.chunk.meta.get("audience")
    return not audience or "visitors" in audience


def _headed(s: Sentence, places: tuple[str, ...], *, titled: bool = False) -> bool:
    """Its section's headings name the place, or, `titled`, its document's title opens on it
    ("Aix-en-Provence : cours Mirabeau, Cézanne…" is about Aix; "…villages du Pays d'Aix" is
    not). Only a bare visit question reads the title: with a topic ("Que faire avec des
    enfants à Marseille ?"), most of the pages about a city hold nothing of it."""
    heading = " ".join(fold(w) for w in tokens(section(s.source.chunk)))
    title = " ".join(fold(w) for w in tokens(s.source.chunk.title)) if titled else ""
    named = [" ".join(fold(w) for w in tokens(p)) for p in places]
    return any(p in heading or (titled and title.startswith(p)) for p in named)


def _same_subject(s: Sentence, lead: Sentence, analysis: QuestionAnalysis) -> bool:
    """A supporting sentence from another passage names something the lead names, besides the
    places asked: "Les offices de tourisme de chaque commune publient un agenda…" holds "grande"
    and "commune" and says nothing of "La plus grande ville de la métropole… est Marseille";
    "Smoking is prohibited on many beaches in Marseille" nothing of swimming all year round."""
    if s.source.number == lead.source.number:
        return True
    little = analysis.little
    words = _words_of(s.text)
    if set(s.items) & set(lead.items):
        return True  # it says the lead's figure again: "…environ 78 000 habitants, dont…"
    if (
        s.items
        and lead.items
        and analysis.places
        and all(_asked_words((p,)) - little <= words for p in analysis.places)
    ):
        return True  # the asked figure, of the asked place: "Aix-en-Provence has 149,695…"
    return bool(_names_in(s.text) & _names_in(lead.text) - _asked_words(analysis.places) - little)


def _names_in(text: str) -> set[str]:
    """The words of the capitalised names a text holds, folded."""
    return {fold(w) for m in CAPITALISED.finditer(text) for w in tokens(m.group())}


def _same_place(s: Sentence, lead: Sentence, request: AnswerRequest) -> bool:
    """A supporting sentence of a question about a place names it, or comes from the lead's
    passage ("À La Roque-d'Anthéron, le festival de piano…" does not support the Festival d'Aix),
    and speaks of the lead's places (the Pays Salonais' list does not support the Pays d'Aix').
    It is also what a rival figure must be (`_rival`). One of the whole territory is supported
    by sentences that speak of it: "Fuveau compte 10 337 habitants" does not support the
    metropolis' 1.9 million, nor one of a group by a sentence that does not name it. Within the
    lead's passage, a sentence about other communes speaks
    of them: "Istres, Miramas et Salon-de-Provence… offrent des écoles…, moins cher qu'à
    Marseille" does not support Marseille's international schools."""
    if s.led_elsewhere and not lead.led_elsewhere:
        return False
    if s.source.number == lead.source.number:
        return True
    groups = request.analysis.scope.groups
    if groups and not request.analysis.places:
        # a group of communes asked about: another passage must name it ("The metropolis…
        # brings together 92 communes and around 1.9 million inhabitants" is no rival of the
        # Pays d'Aix's 410,916), and not be one commune's ("Pélissanne compte 11 085
        # habitants" is not the Pays Salonais')
        if len(s.source.chunk.communes) == 1 < len(lead.source.chunk.communes):
            return False
        return _says_group(s, groups)
    if request.analysis.scope.kind == "territory":
        # (the sentence itself: one about a council of the territory follows one naming it)
        return _of_area(s.terms, s.lang, request.analysis.scope.area_words)
    if request.analysis.scope.kind != "place":
        return True
    terms = request.analysis.place_terms
    if terms and not s.terms & terms:
        return False
    about = _asked_words(request.analysis.places)
    if s.items and _opens_on(lead, about) and not _opens_on(s, about):
        # the lead's figure is the place's own; another passage's figure naming the place in
        # passing is some other place's ("Istres has 44,292 inhabitants", not "…Aix-en-Provence,
        # a city of around 150,000 people, and towns such as Istres"): no support, no rival
        return False
    here, there = set(lead.source.chunk.communes), set(s.source.chunk.communes)
    return not here or not there or bool(here & there)


def _each_place(
    pool: list[Sentence], chosen: list[Sentence], request: AnswerRequest, ratio: float
) -> list[Sentence]:
    """A factoid asked of several places is answered for each: "Quelle est la population
    d'Istres et de Miramas ?" by Istres' figure and then Miramas', the best sentence about each
    place the lead is not about that says as much of the focus, in the lead's language. A lead
    naming every place is one fact about them together ("Aubagne est à 12 km de Marseille"),
    and a way from one place to another is one answer."""
    analysis = request.analysis
    lead = chosen[0]
    if not _apart(lead, analysis):
        return []

    added: list[Sentence] = []
    for place in analysis.places:
        if any(_about(c, place) for c in chosen + added):
            continue
        found = next(
            (
                s
                for s in pool
                if _about(s, place)
                and s.lang == lead.lang
                and s.features[_FOCUS] >= lead.features[_FOCUS] - 1e-9
                and (s.items or not lead.items)
                and s.score >= ratio * lead.score
                and not _repeats(s, chosen + added)
            ),
            None,
        )
        if found is not None:
            added.append(found)
    return added


def _about(s: Sentence, place: str) -> bool:
    """The place is the sentence's subject, or its page's title or heading opens on it."""
    subject = " ".join(fold(w) for w in tokens(s.text)[:SUBJECT_WORDS])
    return _phrase(place) in f" {subject} " or _headed(s, (place,), titled=True)


def _place_rank(s: Sentence, analysis: QuestionAnalysis) -> int:
    """Where the place a sentence is about comes in the question (after them all if none)."""
    places = analysis.places
    return next((i for i, p in enumerate(places) if _about(s, p)), len(places))


def _apart(lead: Sentence, analysis: QuestionAnalysis) -> bool:
    """The question asks the same of several places, and the lead is not about them all."""
    return analysis.asks_each and not _names_all(lead, analysis)


def _names_all(s: Sentence, analysis: QuestionAnalysis) -> bool:
    said = f" {folded_words(s.text)} "
    return all(_phrase(p) in said for p in analysis.places)


def _after_place(analysis: QuestionAnalysis) -> str:
    """The words "after <place>" of a ranking question ("la plus peuplée après Marseille"),
    folded and padded as `_phrase` writes a name; empty when it says none."""
    question = f" {folded_words(analysis.text)} "
    for place in analysis.places:
        for word in ("apres", "after"):
            if (said := f" {word}{_phrase(place)}") in question:
                return said
    return ""


def _phrase(name: str) -> str:
    """A name's folded words, padded: "Aix-en-Provence" is " aix en provence " in a text so
    folded, and not in "the aix marseille provence metropolis"."""
    return f" {folded_words(name)} "


def _unsaid_places(chosen: list[Sentence], analysis: QuestionAnalysis) -> dict[int, str]:
    """Of an answer for several places, the place of each sentence that does not name one
    (by the `id` of the sentence): "Code postal : 13260" is Cassis' by its page."""
    if len(chosen) < 2 or not _apart(chosen[0], analysis):
        return {}
    labels: dict[int, str] = {}
    for s in chosen:
        said = f" {folded_words(s.text)} "
        if any(_phrase(p) in said for p in analysis.places):
            continue
        place = next((p for p in analysis.places if _headed(s, (p,), titled=True)), "")
        if place:
            labels[id(s)] = place
    return labels


def _of_area(terms: frozenset[str], lang: str, area_words: tuple[str, ...]) -> bool:
    """The terms hold every word the question names the territory by: "Dans le conseil de
    territoire Pays d'Aix, qui regroupe 36 communes…" says "Aix", and is not the métropole
    Aix-Marseille-Provence."""
    return all(terms & sentence_terms(w, lang) for w in area_words)


# A sentence listing things after a colon: "Ses communes, de la plus peuplée à la moins
# peuplée : Salon-de-Provence, Berre-l'Étang, Rognac…"
_ENUMERATES = re.compile(r":\s*(?:[A-ZÀ-Ý][^,:;]{1,40},\s*){2,}[A-ZÀ-Ý]")


def _members(pool: list[Sentence], request: AnswerRequest) -> Sentence | None:
    """The sentence that lists the communes of the group asked about, by name, in a passage
    about the group: not the métropole's "six conseils de territoire : Marseille Provence, Pays
    d'Aix…", which names it among the others."""
    groups = request.analysis.scope.groups
    return next(
        (s for s in pool if _ENUMERATES.search(s.text) and _says_group(s, groups, itself=False)),
        None,
    )


def _says_group(s: Sentence, groups: tuple[str, ...], *, itself: bool = True) -> bool:
    """The sentence's context (its passage's title and headings, the sentence before) or, if
    `itself`, the sentence names one of the groups, by its whole name: "the Pays de Martigues…
    of the Aix-Marseille-Provence metropolis" says "pays" and "Aix", and is not the Pays
    d'Aix."""
    chunk = s.source.chunk
    context = (chunk.title, *chunk.heading, s.previous, s.text if itself else "")
    said = _apostrophes(fold_text(" ".join(context)))
    return any(re.search(rf"\b{re.escape(_apostrophes(fold_text(g)))}\b", said) for g in groups)


def _apostrophes(text: str) -> str:
    return text.replace("’", "'")


def _repeats(s: Sentence, chosen: list[Sentence]) -> bool:
    """The same sentence (or one that opens on the whole of the other), or the same fact: the
    same items of the asked type (the French and the English fact sheet both say "13420")."""
    key = fold(s.text)[:80].rstrip(" .!?…")
    for c in chosen:
        other = fold(c.text)[:80].rstrip(" .!?…")
        if key.startswith(other) or other.startswith(key):
            return True  # also "… de Paris 2024." against "… de Paris 2024, à la marina…"
        if s.items and c.items and {fold(i) for i in s.items} == {fold(i) for i in c.items}:
            return True
        if _restates(s, c):
            return True
    return False


# Two sentences of one language whose shorter one has at least this many terms, this share of
# them in the other, say the same thing in other words.
_RESTATED_TERMS = 12
_RESTATED_SHARE = 0.7
# … or, shorter, this share of them: the same sentence with a word changed
_COPIED_TERMS = 5
_COPIED_SHARE = 0.9
_DIGITS = re.compile(r"\d+")
# Two sentences of two languages sharing at least this many names, this share of the fewer
_TRANSLATED_NAMES = 4
_TRANSLATED_SHARE = 0.8
# … or whose embeddings are this close (the default E5 embedder, measured: a page and its
# translation 0.92-0.96, the same path told with other details 0.90, two facts of one place
# 0.87 and under), among this many of a list's best
_TRANSLATED_COSINE = 0.91
_TRANSLATION_CANDIDATES = 12


def _weigh_translations(pool: list[Sentence], meaning: Callable[[str], np.ndarray]) -> None:
    """Embed the sentences of the pool's first that name the same places or people as one in
    another language: "Cuges-les-Pins is a village surrounded by hills and vineyards" and "À
    Cuges-les-Pins, le village est entouré de collines et de vignes" were listed one after the
    other, one name each. Only those: an embedding costs 12-90 ms."""
    first = pool[:_TRANSLATION_CANDIDATES]
    names = [_names_said(s.text) for s in first]
    for i, s in enumerate(first):
        if s.vector is None and any(
            s.lang != c.lang and _same_names(names[i], names[j])
            for j, c in enumerate(first)
            if j != i
        ):
            s.vector = meaning(s.text)


_NAME = re.compile(r"[A-ZÀ-Ý][\w-]*")


def _translates(s: Sentence, other: Sentence) -> bool:
    """`s` says what `other` says in another language: the same names, at least four, in as
    many words give or take a third (not "visitors follow in the footsteps of Jean Brise" for
    "Jean Brise est né à Port-Lumière")."""
    said = _names_said(s.text)
    words, others = len(s.text.split()), len(other.text.split())
    return (
        s.lang != other.lang
        and len(said[1]) >= 4
        and 3 * abs(words - others) <= max(words, others)
        and _same_names(said, _names_said(other.text))
    )


def _names_said(text: str) -> tuple[str, set[str]]:
    """The capitalised word a sentence opens on (a name, or only its first word), and its
    others."""
    said = [(m.start(), fold(m.group())) for m in _NAME.finditer(text)]
    opening = said[0][1] if said and said[0][0] == 0 else ""
    return opening, {w for at, w in said if at > 0}


def _same_names(a: tuple[str, set[str]], b: tuple[str, set[str]]) -> bool:
    """Two sentences name the same, their opening words counted when the other names them:
    "Cuges-les-Pins is a village…" and "À Cuges-les-Pins, le village…"."""
    (a_open, a_rest), (b_open, b_rest) = a, b
    a_all, b_all = a_rest | {a_open}, b_rest | {b_open}
    mine = a_rest | ({a_open} & b_all)
    return bool(mine) and mine == b_rest | ({b_open} & a_all)


def _restates(s: Sentence, c: Sentence) -> bool:
    """The same fact said twice ("Chaque été, le parc du château de Florans, à La
    Roque-d'Anthéron, accueille le Festival international de piano…" and "À La
    Roque-d'Anthéron, le Festival international de piano… accueille chaque été… dans le parc du
    château de Florans"), from two pages that describe the same thing, when `s` gives no name
    and no figure that `c` does not. Not two figures ("n° 1", "n° 2"), nor two lines of a fact
    sheet, whose template repeats its words for each commune."""
    if "factsheet" in (s.source.chunk.kind, c.source.chunk.kind):
        return False
    if not set(_DIGITS.findall(s.text)) <= set(_DIGITS.findall(c.text)):
        return False
    if s.lang != c.lang:
        # a page and its translation: the same names, and no name of one missing from the
        # other ("À Aubagne, le musée de la Légion étrangère… le Petit Monde de Marcel Pagnol…"
        # and "In Aubagne, the museum of the French Foreign Legion… the Petit Monde de Marcel
        # Pagnol…"); three names alike may be two facts about one man and his town
        # (or, naming the same, as close in meaning as a translation, `_weigh_translations`)
        if (
            s.vector is not None
            and c.vector is not None
            and _same_names(_names_said(s.text), _names_said(c.text))
        ):
            return float(s.vector @ c.vector) >= _TRANSLATED_COSINE
        names, others = _capitalised(s.text), _capitalised(c.text)
        fewer = min(len(names), len(others))
        return fewer >= _TRANSLATED_NAMES and len(names & others) >= _TRANSLATED_SHARE * fewer
    if not _capitalised(s.text) <= {fold(w) for w in tokens(c.text)}:
        # "The Cavaou beach at Fos-sur-Mer and the Napoléon beach…" adds a beach ("le Mistral"
        # is "le mistral" of the other)
        return False
    fewer = min(len(s.terms), len(c.terms))
    shared = len(s.terms & c.terms)
    # (a short one, nearly word for word: "Près du Tholonet et de Meyreuil, l'appellation
    # Palette est l'une des plus petites de Provence" and "Autour du Tholonet…")
    return (fewer >= _RESTATED_TERMS and shared >= _RESTATED_SHARE * fewer) or (
        fewer >= _COPIED_TERMS and shared >= _COPIED_SHARE * fewer
    )


# Advice on how to visit, no thing to visit: "On summer days, it is wise to visit coastal towns
# early…", "Il est conseillé de réserver…"
_ADVICE = re.compile(
    r"^(?:[^,;:.]{1,40},\s*)?(?:(?i:it)\s+is\s+(?:often\s+|usually\s+)?(?:wise|best|better"
    r"|advisable|recommended)\s+to|(?i:il)\s+(?:est\s+(?:souvent\s+)?(?:conseillé|recommandé"
    r"|préférable|prudent)\s+de|vaut\s+mieux)|(?i:mieux\s+vaut))\b"
)
# A restriction, an obligation or a warning, as the pages say them: what limits a visit, no
# thing to see or do ("Les parkings proches des calanques sont rares", "Les descentes vers
# En-Vau ou Sugiton sont raides et peuvent être glissantes").
_RESTRICTS = re.compile(
    r"\b(?:(?:sont|est|restent|reste) (?:très |assez |souvent )?rares?|saturée?s?|limitée?s?"
    r"|(?:être|sont|est) (?:\w+ )?fermée?s?|interdite?s?|réglementée?s?|doivent"
    r"|obligations?|obligatoires?|se remplissent|difficiles?|dangereu\w+|glissante?s?"
    r"|recommandée?s?|conseillée?s?|prendre garde|attention aux?|il faut|réservée?s? aux?"
    r"|règles?|autorisée?s?|scarce|limited|reserved for|rules?|allowed"
    r"|(?:be|are|is) (?:\w+ )?closed|forbidden|banned|prohibited|restricted|must|fills? up"
    r"|crowded"
    r"|difficult|dangerous|slippery|recommended|advised|beware|watch out)\b",
    re.IGNORECASE,
)


# The share of the focus (by weight) a sentence holds to say most of what is asked.
_MOST = 0.5
_ALL = 0.99  # a focus share that says all of it (rounding aside)


def _says_all_beyond(s: Sentence, other: Sentence, margin: float) -> bool:
    """`s` says all that is asked, and `margin` more of it than `other` does."""
    return s.features[_FOCUS] >= _ALL and s.features[_FOCUS] > other.features[_FOCUS] + margin


# A vehicle or a linking verb, either alone: a question on getting around says one
_SERVED_WORDS = re.compile(rf"\b(?:{VEHICLES}|{LINKING}|transports?)\b", re.IGNORECASE)
# Advice to check a schedule or a price before going: a caveat, no place to see.
_CHECK = re.compile(
    r"^(?=.*\b(?:vérifi\w*|check\w*|confirm\w*)\b)"
    r"(?=.*\b(?:horaires?|tarifs?|prix|opening (?:hours|times)|timetables?|prices?|fares?)\b)",
    re.IGNORECASE,
)
# … and what a question asks when that advice is its answer
_ASKS_HOURS = re.compile(
    r"\b(?:horaires?|tarifs?|prix|co[uû]ts?|ouv\w*|ferm\w*|hours?|times?|prices?|fares?"
    r"|costs?|open\w*|clos\w*|when|quand|free|gratuit\w*)\b",
    re.IGNORECASE,
)


# What sets one thing above the others of its kind: "l'une des plus photographiées", "the
# most central sandy beach"
_SUPERLATIVE = re.compile(
    r"\b(?:l['’]une? des|parmi les|le|la|les) (?:plus|meilleure?s?)\b(?! \w+ment\b)"
    r"|\b(?:one of the|among the|the) (?:most|best|finest|largest|biggest)\b",
    re.IGNORECASE,
)
# A question asking where: "Où manger une bouillabaisse ?", "Where can I see flamingos?", "And
# where should we eat bouillabaisse?"
# A list asked for the finest (folded question)
_FINEST = re.compile(
    r"\b(?:best|finest|nicest|most beautiful|top|meilleure?s?|plus (?:belles?|beaux|jolie?s?))\b"
)
# Every town has its own: "Chaque commune a ses spécialités", "Each town has its own character"
_EACH_HAS = re.compile(
    r"^(?:chaque|each|every) (?:commune|ville|village|town|city|municipality)"
    r" (?:a|possède|has|keeps|offers)\b",
    re.IGNORECASE,
)
# A ban, as the pages say it.
_BANS = re.compile(
    r"\b(?:interdite?s?|prohib\w+|forbidden|banned|not allowed|pas autorisée?s?)\b", re.IGNORECASE
)
_ASKS_WHERE = re.compile(r"^\W*(?:(?:et|and|so|mais|but)\W+)?(?:o[uù]|where)\b", re.IGNORECASE)
# A sentence pointing elsewhere in its page: "…the wildfire rules described below" is read in
# an answer where nothing is below.
_IN_PAGE = re.compile(
    r"\b(?:described|listed|shown|explained|detailed|see) (?:below|above)\b"
    r"|\bci-(?:dessous|dessus|après)\b|\b(?:voir|décrites?|présentée?s?) plus (?:haut|bas)\b",
    re.IGNORECASE,
)


def _reads_alone(s: Sentence, chosen: list[Sentence]) -> bool:
    """A sentence opening on "Il", "Ces collines"… reads only after the one it leans on, and
    one pointing elsewhere in its page ("described below") nowhere but there."""
    if _IN_PAGE.search(s.text):
        return False
    return not s.orphan or any(c.text == s.previous for c in chosen)
