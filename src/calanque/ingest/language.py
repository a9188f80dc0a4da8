"""Language identification of chunks and questions, offline (py3langid ships its model)."""

from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

LANGUAGES = ("fr", "en", "it", "es", "de", "pt", "nl")


@cache
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect(text: str, default: str = "fr", min_confidence: float = 0.5) -> str:
    """The most likely language, or `default` when the text is too short or the guess too weak."""
    if len(text.strip()) < 8:
        return default
    lang, confidence = _identifier().classify(text[:4000])
    return str(lang) if confidence >= min_confidence else default
