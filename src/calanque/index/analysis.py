"""Text analysis for lexical search: tokens, accent folding, stopwords, Snowball stems.

Why two fields: Snowball stems accented and unaccented spellings differently (`électricité` →
`électr`, `electricite` → `electricit`), and folding before stemming breaks other pairs. So each
chunk is indexed twice — accent-folded surface forms, and stems of the accented forms — and a
query searches both.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

import Stemmer

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_STEMMER_NAMES = {
    "fr": "french",
    "en": "english",
    "it": "italian",
    "es": "spanish",
    "de": "german",
    "pt": "portuguese",
    "nl": "dutch",
}


_LATIN_MARKS = re.compile("[\u0300-\u036f]")  # the combining marks of Latin letters


def fold_text(text: str) -> str:
    """Lower-case and strip diacritics (`Étang` → `etang`), keeping ligatures readable. Not
    cached: a whole passage folds in one pass (`fold` caches words)."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    decomposed = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text))
    if decomposed.isascii():  # Latin script: its marks are gone
        return decomposed
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# the gazetteer folds every token of every text it reads
fold = lru_cache(maxsize=65_536)(fold_text)


def words(text: str) -> list[str]:
    """Word tokens as written, capitals kept; apostrophes and hyphens split."""
    return _TOKEN.findall(text)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; apostrophes and hyphens split (`l'Étang` → `l`, `étang`)."""
    return words(text.lower())


def folded_words(text: str) -> str:
    """The text's tokens folded and space-joined: "Aix-en-Provence" is "aix en provence", which a
    name is looked for in, word for word."""
    return " ".join(fold(w) for w in tokens(text))


@cache
def stopwords(lang: str) -> frozenset[str]:
    """Stopwords of a language, folded, so that they match folded tokens too."""
    try:
        raw = resources.files("calanque.index").joinpath(f"stopwords/{lang}.txt").read_text("utf-8")
    except FileNotFoundError:
        return frozenset()
    words = {w.strip() for w in raw.splitlines() if w.strip()}
    return frozenset(words | {fold(w) for w in words})


@cache
def _stemmer(lang: str) -> Stemmer.Stemmer | None:
    name = _STEMMER_NAMES.get(lang)
    return Stemmer.Stemmer(name) if name else None


# Another language's stopwords that are words of substance in this one: the French "car"
# (because) is the English "car" ("Do I need a car…?"), the French "son" (his) an English son.
_SUBSTANCE = {"en": frozenset({"car", "son"})}


@cache
def content_stopwords(lang: str) -> frozenset[str]:
    """The stopwords `content_tokens` drops: of `lang` and of French/English (mixed-language
    corpora), as written and folded, but for the other language's that mean something in
    `lang`."""
    other = (stopwords("fr") | stopwords("en")) - _SUBSTANCE.get(lang, frozenset())
    return stopwords(lang) | other


def content_tokens(text: str, lang: str) -> list[str]:
    """Tokens minus stopwords of `lang` and of French/English (mixed-language corpora)."""
    stop = content_stopwords(lang)
    return [t for t in tokens(text) if t not in stop and fold(t) not in stop]


def stems(words: list[str], lang: str) -> list[str]:
    """Snowball stems, or the words themselves for a language without a stemmer."""
    stemmer = _stemmer(lang)
    return stemmer.stemWords(words) if stemmer else list(words)


def analyse(text: str, lang: str) -> tuple[str, str]:
    """The two indexed fields of a text: folded surface forms, and stems."""
    words = content_tokens(text, lang)
    return " ".join(fold(w) for w in words), " ".join(stems(words, lang))


def query_terms(text: str, langs: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Folded terms and stems of a query; stems in each candidate language, de-duplicated."""
    words = content_tokens(text, langs[0] if langs else "fr")
    folded = list(dict.fromkeys(fold(w) for w in words))
    stemmed: list[str] = []
    for lang in langs or ("fr",):
        stemmed.extend(stems(words, lang))
    return folded, list(dict.fromkeys(stemmed))
