"""Answer backends on hand-made sources (no index needed): the extractive backend's choice of
sentences, and what of the sources a local model's context holds."""

from __future__ import annotations

from calanque.answer.extractive import ExtractiveBackend
from calanque.answer.prompt import build_messages, fitted_messages
from calanque.answer.question import QuestionAnalyzer
from calanque.answer.reading import Reader
from calanque.answer.types import AnswerRequest, Source
from calanque.index.store import StoredChunk

ANALYZER = QuestionAnalyzer(None)


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


def chosen(question: str, found: list[Source]) -> list[str]:
    analysis = ANALYZER.analyse(question)
    request = AnswerRequest(analysis, found, Reader().read(analysis, found))
    return [q.text for q in ExtractiveBackend().compose(request).quotes]


def request(question: str, found: list[Source]) -> AnswerRequest:
    return AnswerRequest(ANALYZER.analyse(question), found)


def test_a_sentence_sharing_only_how_the_question_asks_is_not_quoted() -> None:
    found = sources(
        "Il est conseillé de visiter plusieurs sites avant de choisir son logement.",
        "Le vignoble de Cassis produit surtout des vins blancs réputés.",
    )
    assert chosen("Quels vignobles visiter ?", found)[:1] == [
        "Le vignoble de Cassis produit surtout des vins blancs réputés."
    ]


def test_across_languages_the_best_passage_opens_the_answer() -> None:
    found = sources(
        "L'escalade se pratique sur les falaises calcaires des calanques. Les voies sont équipées.",
        "La Sainte-Victoire offre des voies d'escalade de tous niveaux.",
    )
    quotes = chosen("Where to go climbing?", found)
    assert quotes and "escalade" in quotes[0]


def test_a_small_context_keeps_the_first_sources_that_fit() -> None:
    found = sources(*(f"Passage numéro {i} : " + "du texte " * 40 for i in range(1, 6)))
    whole = request("Où aller ?", found)

    def size(n: int) -> int:
        messages = build_messages(request("Où aller ?", found[:n]))
        return sum(len(m["content"]) + 8 for m in messages)

    def shown(budget: int) -> list[int]:
        prompt = fitted_messages(whole, len, budget)[-1]["content"]
        return [n for n in range(1, 6) if f'<source id="{n}"' in prompt]

    assert shown(size(5)) == [1, 2, 3, 4, 5]  # it all fits
    assert shown(size(3) + 1) == [1, 2, 3]
    assert shown(10) == [1]  # one always stays
    assert whole.sources == found  # the answerer's request is left as it was
