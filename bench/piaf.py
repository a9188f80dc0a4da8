"""PIAF's questions with their gold answers, and the SQuAD answer normalisation.

Shared by `train_reader.py` and `answers.py`; the paragraphs and the index are `retrieval.py`'s.
"""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

from calanque.index.analysis import fold

_ARTICLES = re.compile(r"\b(?:a|an|the|le|la|les|l|un|une|des|du|de|d)\b")
_DIGIT_GROUPS = re.compile(r"(?<=\d)[\s\u202f\u00a0.,](?=\d{3}\b)")
_PUNCT = str.maketrans({c: " " for c in string.punctuation + "«»’‘“”–—…"})


def normalise(text: str) -> str:
    """SQuAD normalisation (case, punctuation, articles, spaces) plus accents, and digit groups
    joined ("6 700", "6,700" and "6700" are one number)."""
    text = _DIGIT_GROUPS.sub("", fold(text))
    text = _ARTICLES.sub(" ", text.translate(_PUNCT))
    return " ".join(text.split())


def contains(text: str, answers: list[str]) -> bool:
    """Does `text` hold one of the gold answers, both normalised, on word boundaries?"""
    padded = f" {normalise(text)} "
    return any(f" {a} " in padded for a in (normalise(x) for x in answers) if a)


def load_questions(path: Path) -> list[dict]:
    """Every question with its gold answers, article index and paragraph uri (`squad://a/p`)."""
    data = json.loads(path.read_text("utf-8"))["data"]
    out = []
    for a, article in enumerate(data):
        for p, para in enumerate(article["paragraphs"]):
            for qa in para["qas"]:
                out.append(
                    {
                        "question": qa["question"],
                        "answers": [x["text"] for x in qa["answers"]],
                        "article": a,
                        "uri": f"squad://{a}/{p}",
                        "context": para["context"],
                    }
                )
    return out
