"""Items of an expected answer type found in a sentence: names, dates, numbers, postal codes.

People and organisations come from spaCy's French pipeline (`fr_core_news_sm`): its recogniser
alone reads the candidate sentences; its tagger and parser read the one or two sentences whose
pronoun an answer resolves (`coreference.py`). It is loaded once per process, under a lock, by
the first caller or by `warm()` at start-up, never once per question. Dates, numbers and postal
codes are patterns: cheaper and more exact than a statistical model for them.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from typing import Any

from calanque.answer.periods import MONTH_NAMES
from calanque.answer.question import AnswerType
from calanque.index.analysis import content_stopwords, fold, folded_words, tokens

_MONTHS = " ".join(MONTH_NAMES)
# "été" is a season after "en", "l'", "cet", "d'" only (below): "a été construite" holds no date
_SEASONS = "printemps automne hiver spring summer autumn fall winter"
_DAYS = (
    "lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday thursday "
    "friday saturday sunday"
)
# A year, as dates say it.
YEAR = re.compile(r"1[0-9]{3}|20[0-9]{2}")
_DATE = re.compile(
    r"\b(?:"
    + YEAR.pattern
    + r")\b|\b(?:"
    + "|".join(_MONTHS.split())
    + r")\b|\b(?:"
    + "|".join(_SEASONS.split())
    + r")\b|\b(?:"
    + "|".join(_DAYS.split())
    + r")s?\b"
    r"|\b\d{1,2} ?h ?\d{0,2}\b|\b\d{1,2} ?heures?\b|\b\d{1,2} ?o ?clock\b"
    r"|\b\d{1,2}(?::\d{2})? ?(?:am|pm)\b|\b[xvi]+e siecle\b"
    r"|\bcentury\b|\bsiecle\b|\bannees \d0\b|\b\d0s\b"
    r"|\b\d{1,4} (?:bc|ad|bce|ce|av j c|avant j c|avant notre ere|apres j c)\b"
    r"|\b(?:en|l|cet|d) ete\b"
    # when a thing comes back: "presque tous les matins", "chaque week-end" ("chaque jour",
    # "every week", "hebdomadaire" say how often, not which day)
    r"|\b(?:chaque|tous les|toutes les|every) (?:matins?|soirs?|mornings?|evenings?|week ends?"
    r"|weekends?)\b"
)
_NUMBER = re.compile(
    r"\b\d+(?:[ .,\u202f\u00a0]\d+)*\b|\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze"
    r"|douze|treize|quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante|cent|cents"
    r"|mille|million|millions|milliard|milliards|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty"
    r"|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|millions"
    r"|billion|dozen|douzaine|dizaine|dizaines|centaine|centaines)\b"
)
_POSTAL = re.compile(r"\b\d{5}\b")
# A length of time: "vingt minutes", "1 h 30", "about three hours", "une demi-heure", "half an
# hour" (folded text)
_DURATION = re.compile(
    r"\b(?:\d+(?:[.,]\d+)?|une|un|an|a|quelques|plusieurs|few|several|deux|trois|quatre|cinq"
    r"|six|sept|huit|neuf|dix|quinze|vingt|trente|quarante|cinquante|soixante|two|three|four"
    r"|five|seven|eight|nine|ten|fifteen|twenty|thirty|forty|fifty|sixty)(?: (?:demi|half|quart"
    r"|quarter|petite|petites|bonne|bonnes|good))?(?: an| of an| d)? ?(?:minutes?|mn|min|heures?"
    r"|hours?|hrs?|h|jours?|days?|semaines?|weeks?|mois|months?|ans|annees|years?|decennies?"
    r"|decades?|siecles?|centuries)\b"
    r"|\b(?:demi|half an|quart d) ?(?:heure|hour)\b|\b\d{1,2}h\d{2}\b"
)
_MAY = re.compile(r"(?<=\w[ ,])May\b|\bMay\s+\d|\d\s+May\b|^May\b(?!\s+(?:I|we|you)\b)")
# A telephone number ("04 91 13 89 00", "+33 4 91 13 89 00", "(212) 555-0100"), an e-mail
# address, a website ("www.mucem.org", "https://…", "onlyprovence.com"): read on the raw text.
_CONTACT = re.compile(
    r"(?:\+\d{1,3}[ .]?)?\(?\d{1,4}\)?(?:[ .-]?\d{2,4}){3,5}\b"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\bhttps?://\S+|\bwww\.\S+"
    r"|\b[\w-]+\.(?:fr|com|org|net|eu|info|gouv\.fr)\b"
)
# "X est un…", "X désigne…", "X is a…": the sentence defines its subject; "X est basée à
# Salon", "X is located in the…" locate it (a preposition before the article), and "X n'est
# pas un service administratif" says what it is not.
_DEFINES = re.compile(
    r"(?<!\bn )\b(?:est|sont|etait|designe|designent|signifie|correspond|represente|is|are|was"
    r"|means|refers to|stands for)\b(?! not\b)(?: (?!(?:à|dans|de|du|d|en|sur|par|pour|avec|sous"
    r"|vers|chez|in|at|on|by|for|with|of|from|to|into|near)\b)\w+){0,2}? \b(?:un|une|le|la|les"
    r"|l|des|a|an|the)\b"
    # what it is for says what it is: "Une agence d'attractivité a pour mission de…"
    r"|\b(?:a|ont) pour (?:mission|role|vocation|objet|but)\b"
    r"|\b(?:mission|role|purpose) is to\b|\b(?:is|are) tasked with\b"
)
# "La Patrouille de France, la patrouille acrobatique de l'armée de l'Air, est…": an
# apposition defines the word before it.
_APPOSITION = re.compile(r"(\w+)\s*,\s*(?:un|une|le|la|les|l['’]|des|a|an|the)\b", re.I)
_HOWTO = re.compile(
    r"\b(?:prendre|prenez|rejoindre|rejoignez|reserver|reservez|suivre|suivez|depuis|puis|ligne"
    r"|navette|bus|train|trains|tram|metro|gare|autoroute|voiture|velo|pied|minutes|take|book"
    r"|follow|autocar|autocars|cars|coach|coaches|ferry|ferries|bateau|bateaux|boat|boats|tgv"
    r"|from|then|line|shuttle|station|motorway|car|bike|walk|foot|demarche|dossier|inscription"
    r"|register|apply|contact|contactez|site|formulaire|form)\b"
)
_YEAR_BEFORE = frozenset(
    "en in depuis since des from vers around circa avant apres before after until jusqu".split()
)
# Words around a date pattern that say nothing by themselves: "en été" restates the question's
# "l'été", it does not answer "Quand la forêt est-elle fermée l'été ?".
_FILLERS = frozenset("en l cet d o".split())
# How close before "est un…" the question's term must be for the sentence to define it: "Le
# Mistral est un vent…", not "winters are mild, and the Mistral…".
_SUBJECT_WORDS = 4
_lock = threading.Lock()


# The recogniser has its own embedding layer: without the tagger and the parser (which would
# triple the cost per sentence) it finds the same entities.
_NOT_FOR_ENTITIES = ("tok2vec", "morphologizer", "parser", "attribute_ruler")


@cache
def _pipeline() -> Any:
    import spacy

    return spacy.load("fr_core_news_sm", exclude=["lemmatizer"])


def pipeline() -> Any:
    """The French pipeline, loaded once."""
    with _lock:
        return _pipeline()


def warm() -> None:
    """Load the pipeline now (server start), so that no visitor waits ~3–17 s for it."""
    pipeline()


def named_entities(texts: list[str]) -> list[list[tuple[str, str]]]:
    """(text, label) of the named entities of each text: PER, ORG, LOC or MISC."""
    docs = pipeline().pipe(texts, disable=list(_NOT_FOR_ENTITIES))
    return [[(e.text, e.label_) for e in doc.ents] for doc in docs]


# Types whose items are found by pattern, reliably: a sentence without one does not say it.
PATTERN_TYPES = frozenset(
    {AnswerType.NUMBER, AnswerType.DATE, AnswerType.POSTAL_CODE, AnswerType.CONTACT}
)

_LABELS = {
    AnswerType.PERSON: ("PER",),
    # the recogniser takes many a company for a person ("Corsica Linea" PER)
    AnswerType.ORGANISATION: ("ORG", "MISC", "PER"),
    AnswerType.PLACE: ("LOC",),
}


def uses_entities(answer_type: AnswerType) -> bool:
    return answer_type in _LABELS


def durations(sentence: str) -> list[str]:
    """The lengths of time a sentence says: what answers how long something takes."""
    return [m.group() for m in _DURATION.finditer(" ".join(fold(w) for w in tokens(sentence)))]


def once(item: str) -> bool:
    """A date item that happened once: a year or a century ("xvie siecle", "17th century"),
    no answer to when something that comes back every year takes place."""
    return (item.isdigit() and len(item) == 4) or item.endswith(("siecle", "century"))


def date_words(text: str) -> frozenset[str]:
    """The words of the dates a text says ("l'été" → "ete"): a sentence's date that only restates
    the question's is no answer, though "été" is no content word the question's terms keep."""
    folded = " ".join(fold(w) for w in tokens(text))
    return frozenset(w for m in _DATE.finditer(folded) for w in m.group().split()) - _FILLERS


def _in_year(folded: str, match: re.Match[str]) -> bool:
    """A year said as one ("fermé en 1963", "since 2001") is a date, not a quantity."""
    before = folded[: match.start()].split()[-1:]
    return bool(YEAR.fullmatch(match.group())) and bool(set(before) & _YEAR_BEFORE)


def _defines_asked(folded: str, match: re.Match[str], forms: frozenset[str]) -> bool:
    """The defining verb has one of the question's terms for subject (within a few words)."""
    return bool(set(folded[: match.start()].split()[-_SUBJECT_WORDS:]) & forms)


def typed_items(
    sentence: str,
    answer_type: AnswerType,
    question_forms: frozenset[str],
    entities: list[tuple[str, str]] | None = None,
    places: list[str] | None = None,
) -> list[str]:
    """The items of `answer_type` in `sentence` that the question does not already say.

    `entities` are the sentence's named entities (for people, organisations and places);
    `places` the pack's places the gazetteer found in it: answers to a place question, and
    no one's name. An item whose words are all in the question is an echo, not an answer ("Qui
    dirige One Provence ?" is not answered by "One Provence").
    """
    folded = " ".join(fold(w) for w in tokens(sentence))

    def new(item: str, little: frozenset[str] = frozenset()) -> bool:
        words = [fold(w) for w in tokens(item)]
        words = [w for w in words if w not in _FILLERS and w not in little]
        return bool(words) and not all(w in question_forms for w in words)

    if answer_type is AnswerType.POSTAL_CODE:
        return [m.group() for m in _POSTAL.finditer(sentence) if new(m.group())]
    if answer_type is AnswerType.CONTACT:
        return [m.group() for m in _CONTACT.finditer(sentence)]
    if answer_type is AnswerType.DATE:
        found = [m.group() for m in _DATE.finditer(folded) if new(m.group())]
        if "may" in found and not _MAY.search(sentence):
            # "walkers may enter" is no month: the month has its capital
            found = [f for f in found if f != "may"]
        return found
    if answer_type is AnswerType.NUMBER:
        return [
            m.group()
            for m in _NUMBER.finditer(folded)
            if new(m.group()) and not _in_year(folded, m)
        ]
    if answer_type is AnswerType.DEFINITION:
        # "à" is kept: folded, it is the English article ("est basée à Salon" defines nothing)
        defining = " ".join("à" if w == "à" else fold(w) for w in tokens(sentence))
        said = [
            m.group()
            for m in _DEFINES.finditer(defining)
            if _defines_asked(defining, m, question_forms)
        ]
        said += [m.group() for m in _APPOSITION.finditer(sentence) if fold(m[1]) in question_forms]
        return said[:1]
    if answer_type is AnswerType.HOWTO:
        return [m.group() for m in _HOWTO.finditer(folded)]
    labels = _LABELS.get(answer_type)
    if labels is None:
        return []
    # a name's little words are not what makes it new: "Camp des Milles" echoes "the Camp
    # des Milles memorial"
    little = content_stopwords("fr")
    found = [text for text, label in entities or [] if label in labels and new(text, little)]
    if answer_type is AnswerType.ORGANISATION:
        # a diploma or a train is no company: "des techniciens formés en BTS"
        found = [f for f in found if folded_words(f) not in _NOT_ORGANISATIONS]
    if answer_type is AnswerType.PLACE:
        found += [p for p in places or [] if new(p, little)]
    elif places:
        # the recogniser takes a commune for a person or a company now and then ("d'Allauch à
        # Martigues", "Autour d'Istres, de Fos-sur-Mer…" for "Quelle entreprise… à Istres ?")
        known = {folded_words(p) for p in places}
        known |= {k.split(" ", 1)[1] for k in known if k.split(" ", 1)[0] in _ARTICLES}
        found = [f for f in found if folded_words(f) not in known]
    return found


# Acronyms the recogniser takes for organisations: diplomas, trains, kinds of firms and zones.
_NOT_ORGANISATIONS = frozenset(
    "bts but dut cap bac bep licence master mba phd tgv ter lgv rer tram pme tpe eti zac zi za "
    "cdi cdd rh".split()
)


# A commune's article, which the recogniser leaves out of its name: "(Les) Oliviers-Hauts".
_ARTICLES = frozenset({"le", "la", "les", "l"})
