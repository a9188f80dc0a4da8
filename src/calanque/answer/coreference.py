"""A sentence whose subject is a pronoun, made to read alone.

"Cependant, il abrite des peintures de Monet" after "Le Musée Pouchkine ressemble au British
Museum…" is quoted as "Cependant, [le Musée Pouchkine] abrite des peintures de Monet": the
answer opens on the sentence that answers, where the coherence rule would otherwise put the
sentence before it first. Brackets are how a quotation marks words put in by whoever quotes it.

Only what a parse makes sure of: a singular personal pronoun ("il", "elle") that is the subject of
its sentence's main verb, and a noun phrase that is the subject of the main verb of the
sentence before, of the same gender, named by a determiner or a proper noun. Anything else
returns None, and the answer quotes the sentence before: a plural "ils" (in "Des lois
passées aux États-Unis… stipulent qu'ils…", its antecedent is not the subject), a subject that is
itself a pronoun, "celui-ci" (the latter: the last thing named, not the subject), a sentence in
another language (the parser is French).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from calanque.answer.entities import pipeline
from calanque.ingest.language import CAPITALISED

_PRONOUNS = {"il": "Masc", "elle": "Fem"}
# … and the town a text is about, unnamed ("La ville…")
_TOWNS = frozenset({"ville", "village"})
# singular determiners and the gender they say ("l'" says none)
_SINGULAR = {
    **dict.fromkeys(("le", "un", "ce", "cet"), "Masc"),
    **dict.fromkeys(("la", "une", "cette"), "Fem"),
    **dict.fromkeys(("l'", "l’"), ""),
}
# the dependents that make a noun phrase, not a clause: "le Musée Pouchkine de Moscou", not
# "…, qui ressemble au British Museum"
_PHRASE = frozenset(
    {"det", "amod", "flat:name", "flat:foreign", "flat", "nmod", "case", "nummod", "fixed"}
)
_MAX_WORDS = 7
# the pronoun opens the sentence or follows a short opening phrase ("En avril 1927, il…")
_MAX_POSITION = 12


# English, without a parse: "It" opening a sentence, after one whose subject is a capitalised
# name opening it and followed by its verb ("Marseille Saint-Charles is the main railway
# station… It is the terminus of the LGV Méditerranée…"); not an impersonal "it" ("It is wise
# to…", "It takes an hour", "It can get crowded")
_IT = re.compile(
    r"^It\s+(?!(?:is|was|'s)\s+(?:not\s+)?(?:\w+\s+)?(?:to|that|for)\b)(?!(?:is|was|'s)\s+"
    r"(?:wise|worth|easy|hard|difficult|possible|impossible|best|better|advisable|recommended"
    r"|important|necessary|essential|common|usual|useful|forbidden|prohibited|allowed|often"
    r"|sometimes|also|quite|very|generally|usually)\b)(?!(?:takes|took|rains|snows|gets|got"
    r"|can|may|might|will|would|should|must|could|depends|seems)\b)"
)
_NAMED_SUBJECT = re.compile(
    r"^(?:The\s+)?([A-Z][\w'’.-]*(?:\s+(?:(?:de|du|des|of|the|la|le)\s+)?[A-Z][\w'’.-]*"
    r"|\s+d['’][A-Z][\w'’.-]*)*)"
    r",?\s+(?:is|was|has|had|lies|stands|sits|opened|hosts|houses|offers|remains|became)\b"
)


def resolved_en(previous: str, text: str) -> str | None:
    """`text` with an opening "It" replaced by the name `previous` opens on, in brackets; None
    unless both are sure (no parser: the forms above only)."""
    if not _IT.match(text):
        return None
    subject = _NAMED_SUBJECT.match(previous)
    if subject is None:
        return None
    name = subject.group(1)
    if previous.startswith("The "):
        name = f"the {name}"
    return f"[{name[0].upper()}{name[1:]}]{text[2:]}"


@lru_cache(maxsize=1024)  # an answer asks of its lead twice: may it lead, how it reads
def resolved(previous: str, text: str, earlier: str = "") -> str | None:
    """`text` with its pronoun subject replaced by the subject of `previous`, in brackets; None
    when the parse is not sure of both. When `previous` opens on the same pronoun, its own
    antecedent is the subject of `earlier`, the sentence before it ("France Info est… . Sur la
    période…, elle se classe… . Elle a été jugée…")."""
    nlp = pipeline()
    doc = nlp(text)
    pronoun = _subject(doc)
    town = _town(pronoun)
    if (
        pronoun is None
        or (pronoun.lower_ not in _PRONOUNS and town is None)
        or pronoun.i > _MAX_POSITION
        or (pronoun.i > 0 and doc[pronoun.i - 1].text.endswith(("'", "’")))  # "qu'il"
    ):
        return None
    head = _subject(nlp(previous))
    if earlier and head is not None and head.lower_ == pronoun.lower_:
        head = _subject(nlp(earlier))
    if head is None or (town is None and not _agrees(_PRONOUNS[pronoun.lower_], head)):
        return None
    if town is not None and not (
        head.pos_ == "PROPN" and head.text[:1].isupper() and "Plur" not in head.morph.get("Number")
    ):
        return None  # the town is named, or it is not said which
    words = _phrase(head)
    if words is None:
        return None
    start = pronoun.idx if town is None else town.idx
    if start == 0:
        words = words[0].upper() + words[1:]
    elif (first := words.split()[0].lower()) in _SINGULAR or first.startswith(("l'", "l’")):
        words = words[0].lower() + words[1:]  # "Cependant, [le Musée Pouchkine] abrite…"
    return f"{text[:start]}[{words}]{text[pronoun.idx + len(pronoun.text) :]}"


def _town(subject: Any) -> Any:
    """The determiner of a subject that is the town the text is about, unnamed: "La ville a
    ensuite été la capitale des comtes de Provence" after "Aix-en-Provence a été fondée…"."""
    if subject is None or subject.lower_ not in _TOWNS:
        return None
    children = list(subject.children)
    if len(children) != 1 or children[0].dep_ != "det" or children[0].lower_ not in ("la", "le"):
        return None
    return children[0]


def _subject(doc: Any) -> Any:
    """The sentence's first subject, when it is the main verb's: its head is the root, or hangs
    from it (the small model parses "Léonce Kervella est un écrivain né à Saint-Vent" with the
    name under "écrivain", under "né"). A first subject deeper down is a clause's ("On dit
    qu'il…" has "On" first)."""
    for token in doc:
        if token.dep_ in ("nsubj", "nsubj:pass"):
            head = token.head
            return token if head.dep_ == "ROOT" or head.head.dep_ == "ROOT" else None
    return None


def _agrees(gender: str, head: Any) -> bool:
    """A singular noun of the pronoun's gender, by its determiner when it says it, or a proper
    name (a person's gender is not in the text)."""
    determiners = [c.lower_ for c in head.children if c.dep_ == "det"]
    named = head.pos_ == "PROPN" and head.text[:1].isupper()
    if named and not determiners:
        return "Plur" not in head.morph.get("Number")
    if not (named or head.pos_ == "NOUN") or not determiners or determiners[0] not in _SINGULAR:
        return False  # "Des lois…", "Les Hammadides…", or no determiner to tell
    said = _SINGULAR[determiners[0]] or next(iter(head.morph.get("Gender")), "")
    return said == gender


def _phrase(head: Any) -> str | None:
    """The noun phrase the subject heads, whole words only, without its clauses."""
    kept = {head.i}
    stack = [head]
    while stack:
        for child in stack.pop().children:
            if child.dep_ in _PHRASE and not child.is_punct:
                kept.add(child.i)
                stack.append(child)
    run = [head.i]  # the contiguous run of words around the head
    while run[0] - 1 in kept:
        run.insert(0, run[0] - 1)
    while run[-1] + 1 in kept:
        run.append(run[-1] + 1)
    doc = head.doc
    while len(run) > 1 and doc[run[-1]].dep_ in ("det", "case"):
        run.pop()  # "la conquête de" ends on no word of its own
    span = doc[run[0] : run[-1] + 1]
    text = doc.text
    start, end = span.start_char, span.end_char
    # a name the parse cut short is said whole: "le conseil de territoire Pays Salonais", not
    # "… Pays"
    end = next((m.end() for m in CAPITALISED.finditer(text) if m.start() < end < m.end()), end)
    whole = (start == 0 or not _in_word(text[start - 1])) and (
        end == len(text) or not _in_word(text[end])
    )
    if not whole or len(span) > _MAX_WORDS:
        return None  # "Sun Yat-" of "Sun Yat-sen"
    return text[start:end]


def _in_word(char: str) -> bool:
    return char.isalnum() or char in "-'’"
