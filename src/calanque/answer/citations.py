"""Citation markers `[n]` in streamed text: keep those that match a source, drop the others.

A model may cite `[7]` with five sources, or split a marker across two stream chunks (`[1` + `2]`);
the filter holds back only an unfinished marker, so streaming stays immediate.
"""

from __future__ import annotations

import re

_MARKER = re.compile(r"\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]")
_PARTIAL = re.compile(r"\[[\d,; ]{0,12}$")


def clean_markers(text: str, n_sources: int) -> str:
    """`[2, 9]` with 5 sources → `[2]`; `[9]` → nothing."""

    def keep(match: re.Match[str]) -> str:
        numbers = [int(x) for x in re.split(r"\s*[,;]\s*", match.group(1))]
        valid = [n for n in dict.fromkeys(numbers) if 1 <= n <= n_sources]
        return "".join(f"[{n}]" for n in valid)

    return _MARKER.sub(keep, text)


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
