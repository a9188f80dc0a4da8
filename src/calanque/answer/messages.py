"""The sentences Calanque says itself, in each interface language (French first)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "fr": {
        "disclaimer": (
            "Réponse générée automatiquement à partir des sources citées : elle peut contenir des "
            "erreurs. Vérifiez les informations importantes auprès des sources."
        ),
        "no_answer": (
            "Je n'ai pas trouvé dans les sources disponibles de quoi répondre à cette question. "
            "Essayez de la reformuler ou de préciser un lieu, un thème ou une période."
        ),
        "lead": "D'après les sources disponibles :",
        "lead_places": "D'après les sources disponibles, pour {places} :",
        "other_language": "(certaines sources sont dans une autre langue que votre question)",
        "fallback": (
            "Le modèle de langue n'a pas répondu à temps : voici une réponse composée "
            "directement à partir des sources."
        ),
        "empty_question": "La question est vide.",
        "long_question": "La question est trop longue ({n} caractères, maximum {max}).",
    },
    "en": {
        "disclaimer": (
            "This answer was generated automatically from the cited sources and may contain "
            "errors. Check important information with the sources."
        ),
        "no_answer": (
            "I could not find anything in the available sources that answers this question. "
            "Try rephrasing it, or name a place, a topic or a period."
        ),
        "lead": "According to the available sources:",
        "lead_places": "According to the available sources, for {places}:",
        "other_language": "(some sources are in another language than your question)",
        "fallback": (
            "The language model did not answer in time: here is an answer composed directly "
            "from the sources."
        ),
        "empty_question": "The question is empty.",
        "long_question": "The question is too long ({n} characters, at most {max}).",
    },
}


def message(key: str, lang: str, **values: object) -> str:
    """A message in `lang`, English for languages we have no messages in."""
    table = MESSAGES.get(lang) or MESSAGES["en"]
    return table[key].format(**values)
