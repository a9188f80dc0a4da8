"""Citation markers `[n]` in streamed text: keep those that match a source, drop the others.

A model may cite `[7]` with five sources, or split a marker across two stream chunks (`[1` + `2]`);
the filter holds back only an unfinished marker, so streaming stays immediate.
"""

from __future__ import annotations

import dataclasses
import re

from calanque.answer.types import Source

_MARKER = re.compile(r"\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]")
_PARTIAL = re.compile(r"\[[\d,; ]{0,12}$")


def clean_markers(text: str, n_sources: int) -> str:
    """`[2, 9]` with 5 sources → `[2]`; `[9]` → nothing."""

    def keep(match: re.Match[str]) -> str:
        numbers = [int(x) for x in re.split(r"\s*[,;]\s*", match.group(1))]
        valid = [n for n in dict.fromkeys(numbers) if 1 <= n <= n_sources]
        return "".join(f"[{n}]" for n in valid)

    return _MARKER.sub(keep, text)


def renumber(text: str, sources: list[Source]) -> tuple[str, list[Source], int]:
    """Citations numbered 1…n in the order the text first cites them, with no gaps.

    Returns the text, the sources renumbered (the cited ones first, in citation order, then the
    others in their order) and how many are cited.
    """
    by_number = {s.number: s for s in sources}
    order = [n for n in cited_numbers(text) if n in by_number]
    new = {old: i + 1 for i, old in enumerate(order)}
    rest = [s for s in sources if s.number not in new]
    new.update({s.number: len(order) + 1 + i for i, s in enumerate(rest)})

    def swap(match: re.Match[str]) -> str:
        numbers = [int(x) for x in re.split(r"\s*[,;]\s*", match.group(1))]
        return "".join(f"[{new[n]}]" for n in dict.fromkeys(numbers) if n in new)

    renumbered = [
        dataclasses.replace(by_number[n], number=new[n])
        for n in [*order, *(s.number for s in rest)]
    ]
    return _MARKER.sub(swap, text), renumbered, len(order)


def cited_numbers(text: str) -> list[int]:
    """Source numbers cited in a text, in order of first citation."""
    found = (int(x) for m in _MARKER.finditer(text) for x in re.split(r"\s*[,;]\s*", m.group(1)))
    return list(dict.fromkeys(found))


class CitationFilter:
    """Streaming version of `clean_markers`."""

    def __init__(self, n_sources: int) -> None:
        self.n_sources = n_sources
        self._held = ""

    def feed(self, delta: str) -> str:
        text = self._held + delta
        partial = _PARTIAL.search(text)
        if partial:
            self._held, text = text[partial.start() :], text[: partial.start()]
        else:
            self._held = ""
        return clean_markers(text, self.n_sources)

    def flush(self) -> str:
        text, self._held = self._held, ""
        return clean_markers(text, self.n_sources)
