"""Language identification of chunks and questions, offline (py3langid ships its model)."""

from __future__ import annotations

import re
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from calanque.index.analysis import tokens

LANGUAGES = ("fr", "en", "it", "es", "de", "pt", "nl")
# A run of capitalised words, through the French particles inside a name: "Château d'If",
# "Notre-Dame de la Garde" (not "l'", which opens as many phrases as names).
CAPITALISED = re.compile(
    r"\b[A-ZÀ-Ý][\w'’-]*\w(?:(?:[ -]|\s(?:de la|de|du|des)\s|\sd['’])[A-ZÀ-Ý][\w'’-]*\w)*"
)


@cache
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def without_names(text: str) -> str:
    """The text without its capitalised names after the first word, for language identification:
    a character n-gram model reads "Is Uber available at Marseille Provence airport?", or an
    English sheet listing thirty-six French communes, as French. The whole text when too little
    is left."""
    first, _, rest = text.partition(" ")
    plain = f"{first} {CAPITALISED.sub(' ', rest)}"
    return plain if len(tokens(plain)) >= 3 else text


def detect(text: str, default: str = "fr", min_confidence: float = 0.5) -> str:
    """The most likely language, or `default` when the text is too short or the guess too weak."""
    if len(text.strip()) < 8:
        return default
    lang, confidence = _identifier().classify(text[:4000])
    return str(lang) if confidence >= min_confidence else default
