"""Answer backends on hand-made sources (no index needed): the extractive backend's choice of
sentences, and what of the sources a local model's context holds."""

from __future__ import annotations

from calanque.answer.extractive import ExtractiveBackend
from calanque.answer.prompt import build_messages, fitted_messages
from calanque.answer.types import AnswerRequest, Source
from calanque.index.store import StoredChunk


def sources(*texts: str, lang: str = "fr") -> list[Source]:
    return [
        Source(
            i + 1,
            StoredChunk(
                id=i + 1,
                doc_id=i + 1,
                ordinal=0,
                heading=(f"Doc {i + 1}",),
                text=text,
                lang=lang,
                communes=[],
                uri=f"doc-{i + 1}",
                title=f"Doc {i + 1}",
                kind="document",
                source="test",
                weight=1.0,
                updated=None,
                meta={},
            ),
            1.0 / (i + 1),
        )
        for i, text in enumerate(texts)
    ]


def chosen(
    question: str, lang: str, found: list[Source], places: tuple[str, ...] = ()
) -> list[str]:
    request = AnswerRequest(question, lang, found, places=list(places))
    return [c.text for c in ExtractiveBackend().select(request)]


def test_a_sentence_sharing_only_how_the_question_asks_is_not_quoted() -> None:
    found = sources(
        "Il est conseillé de visiter plusieurs sites avant de choisir son logement.",
        "Le vignoble de Cassis produit surtout des vins blancs réputés.",
    )
    assert chosen("Quels vignobles visiter ?", "fr", found) == [
        "Le vignoble de Cassis produit surtout des vins blancs réputés."
    ]


def test_sources_in_the_question_language_that_miss_its_topic_are_no_answer() -> None:
    found = sources(
        "Les clubs de voile accueillent les pratiquants confirmés toute l'année.",
        "La plongée sous-marine est très pratiquée autour des îles.",
    )
    assert chosen("Où pratiquer l'escalade ?", "fr", found) == []


def test_across_languages_the_best_passages_open_the_answer() -> None:
    found = sources(
        "L'escalade se pratique sur les falaises calcaires des calanques. Les voies sont équipées.",
        "La Sainte-Victoire offre des voies d'escalade de tous niveaux.",
    )
    assert chosen("Where to go climbing?", "en", found) == [
        "L'escalade se pratique sur les falaises calcaires des calanques.",
        "Les voies sont équipées.",
        "La Sainte-Victoire offre des voies d'escalade de tous niveaux.",
    ]


def test_a_named_place_is_described_even_without_a_shared_word() -> None:
    found = sources("Cassis est un petit port de pêche entouré de falaises et de vignes.")
    assert chosen("Que voir à Cassis ?", "fr", found, places=("Cassis",)) == [
        "Cassis est un petit port de pêche entouré de falaises et de vignes."
    ]


def test_a_small_context_keeps_the_first_sources_that_fit() -> None:
    found = sources(*(f"Passage numéro {i} : " + "du texte " * 40 for i in range(1, 6)))
    request = AnswerRequest("Où aller ?", "fr", found)

    def size(n: int) -> int:
        messages = build_messages(AnswerRequest("Où aller ?", "fr", found[:n]))
        return sum(len(m["content"]) + 8 for m in messages)

    def shown(budget: int) -> list[int]:
        prompt = fitted_messages(request, len, budget)[-1]["content"]
        return [n for n in range(1, 6) if f'<source id="{n}"' in prompt]

    assert shown(size(5)) == [1, 2, 3, 4, 5]  # it all fits
    assert shown(size(3) + 1) == [1, 2, 3]
    assert shown(10) == [1]  # one always stays
    assert request.sources == found  # the answerer's request is left as it was
