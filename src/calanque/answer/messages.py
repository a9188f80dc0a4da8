"""The sentences Calanque says itself, in each interface language (French first)."""

from __future__ import annotations

from collections.abc import Sequence

MESSAGES: dict[str, dict[str, str]] = {
    "fr": {
        "disclaimer": (
            "Réponse générée automatiquement à partir des sources citées : elle peut contenir des "
            "erreurs. Vérifiez les informations importantes auprès des sources."
        ),
        "no_answer": (
            "Je n'ai pas trouvé dans les sources disponibles de quoi répondre à cette question. "
            "Ce site répond aux questions sur {territory} (ses communes, y vivre, y travailler, "
            "y étudier, le visiter) à partir de ses sources. Essayez de reformuler, ou de "
            "préciser un lieu ou un thème du territoire."
        ),
        "no_answer_place": (
            "Les sources de ce site ne répondent pas encore à cette question sur {place}. Ce "
            "site répond aux questions sur {territory} (ses communes, y vivre, y travailler, y "
            "étudier, le visiter) à partir de ses sources. Essayez de reformuler, ou de préciser "
            "un autre thème."
        ),
        "this_territory": "ce territoire",
        "small_talk": (
            "Je suis le moteur de réponses de ce site : je réponds aux questions sur {territory} "
            "(ses communes, y vivre, y travailler, y étudier, le visiter) à partir de ses "
            "sources, en les citant. Posez-moi une question sur le territoire."
        ),
        "question_language": (
            "Ce site répond aux questions posées en {languages} : posez la vôtre dans l'une de "
            "ces langues."
        ),
        "or": "ou",
        "and": "et",
        "injection": (
            "Je réponds seulement aux questions sur {territory}, à partir des sources du site, "
            "et je ne suis pas d'autres consignes."
        ),
        "empty_index": (
            "L'index est vide : aucune source n'a encore été ajoutée. Ajoutez-en avec "
            "« calanque ingest <fichiers, dossiers ou URL> », ou construisez l'index de "
            "démonstration avec « calanque demo »."
        ),
        "other_language": "Les sources qui répondent à cette question sont en {language} :",
        "some_other_language": (
            "Une partie des sources qui répondent à cette question sont en {language} :"
        ),
        "where": "Commune : {place}.",
        "item_where": "{place} :",
        "conflict": "Les sources ne concordent pas sur ce chiffre ; une autre indique :",
        "unsupported": (
            "Une phrase de la réponse n'est pas étayée par la source qu'elle citait : sa "
            "citation a été retirée."
        ),
        "fallback": (
            "Le modèle de langue n'a pas donné de réponse appuyée sur les sources : voici une "
            "réponse composée directement à partir d'elles."
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
            "This site answers questions about {territory} (its towns, living, working, "
            "studying and visiting there) from its sources. Try rephrasing, or name a place or "
            "a topic of the territory."
        ),
        "no_answer_place": (
            "The sources of this site do not answer this question about {place} yet. This site "
            "answers questions about {territory} (its towns, living, working, studying and "
            "visiting there) from its sources. Try rephrasing, or ask about another topic."
        ),
        "this_territory": "this territory",
        "small_talk": (
            "I am this site's answer engine: I answer questions about {territory} (its towns, "
            "living, working, studying and visiting there) from its sources, and cite them. "
            "Ask me a question about the territory."
        ),
        "question_language": (
            "This site answers questions asked in {languages}: please ask yours in one of "
            "these languages."
        ),
        "or": "or",
        "and": "and",
        "injection": (
            "I only answer questions about {territory}, from the site's sources, and follow no "
            "other instructions."
        ),
        "empty_index": (
            "The index is empty: no source has been added yet. Add some with "
            "'calanque ingest <files, folders or URLs>', or build the demo index with "
            "'calanque demo'."
        ),
        "other_language": "The sources that answer this question are in {language}:",
        "some_other_language": "Some of the sources that answer this question are in {language}:",
        "where": "Town: {place}.",
        "item_where": "{place}:",
        "conflict": "The sources disagree on this figure; another one says:",
        "unsupported": (
            "A sentence of the answer is not supported by the source it cited: its citation "
            "was removed."
        ),
        "fallback": (
            "The language model gave no answer grounded in the sources: here is an answer "
            "composed directly from them."
        ),
        "empty_question": "The question is empty.",
        "long_question": "The question is too long ({n} characters, at most {max}).",
    },
    # The languages the detector reads and a pack may not speak: a visitor asking in one is
    # told, in it, which languages the site reads (every other message falls back to English)
    "it": {
        "question_language": (
            "Questo sito risponde alle domande poste in {languages}: ti preghiamo di porre la "
            "tua in una di queste lingue."
        ),
        "or": "o",
        "and": "e",
    },
    "es": {
        "question_language": (
            "Este sitio responde a las preguntas formuladas en {languages}: por favor, haga la "
            "suya en uno de estos idiomas."
        ),
        "or": "o",
        "and": "y",
    },
    "de": {
        "question_language": (
            "Diese Website beantwortet Fragen auf {languages}: Bitte stellen Sie Ihre Frage in "
            "einer dieser Sprachen."
        ),
        "or": "oder",
        "and": "und",
    },
    "pt": {
        "question_language": (
            "Este site responde a perguntas feitas em {languages}: por favor, faça a sua numa "
            "destas línguas."
        ),
        "or": "ou",
        "and": "e",
    },
    "nl": {
        "question_language": (
            "Deze site beantwoordt vragen in het {languages}: stel de uwe in een van deze talen."
        ),
        "or": "of",
        "and": "en",
    },
}


# Language names as each interface language writes them.
LANGUAGE_NAMES = {
    "fr": {
        "fr": "français",
        "en": "anglais",
        "it": "italien",
        "es": "espagnol",
        "de": "allemand",
        "pt": "portugais",
        "nl": "néerlandais",
    },
    "en": {
        "fr": "French",
        "en": "English",
        "it": "Italian",
        "es": "Spanish",
        "de": "German",
        "pt": "Portuguese",
        "nl": "Dutch",
    },
    "it": {"fr": "francese", "en": "inglese"},
    "es": {"fr": "francés", "en": "inglés"},
    "de": {"fr": "Französisch", "en": "Englisch"},
    "pt": {"fr": "francês", "en": "inglês"},
    "nl": {"fr": "Frans", "en": "Engels"},
}


def language_name(code: str, lang: str) -> str:
    """The name of language `code`, written in `lang` (in English when we have no such name)."""
    return LANGUAGE_NAMES.get(lang, {}).get(code) or LANGUAGE_NAMES["en"].get(code, code)


def languages_said(codes: Sequence[str], lang: str) -> str:
    """The languages `codes`, named and joined in `lang`: "French or English"."""
    return joined([language_name(code, lang) for code in codes], lang, "or")


def joined(items: Sequence[str], lang: str, conjunction: str = "and") -> str:
    """`items` as a sentence lists them in `lang`: "Aix-en-Provence et Marseille"."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {message(conjunction, lang)} {items[-1]}"


def message(key: str, lang: str, **values: object) -> str:
    """A message in `lang`, English for languages and messages we have no words for."""
    return MESSAGES.get(lang, {}).get(key, MESSAGES["en"][key]).format(**values)
