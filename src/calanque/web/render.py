"""Answer Markdown to HTML that is safe to insert in a page.

Model output and source text are untrusted: the Markdown is rendered with raw HTML disabled, then
sanitised with an allow-list (nh3), and citation markers become links to the source cards.
"""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_CITATION = re.compile(r"\[(\d{1,3})\]")
_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "code", "pre", "br", "blockquote", "h3", "h4"}


def answer_html(text: str, turn: int | str, n_sources: int) -> str:
    """Sanitised HTML; `[n]` links to `#src-{turn}-{n}` when source n exists."""

    def link(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if not 1 <= n <= n_sources:
            return ""
        return f"[\\[{n}\\]](#src-{turn}-{n})"

    html = _md.render(_CITATION.sub(link, text))
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
    )
    # Mark citation links for styling: they are the only fragment links we produce.
    return clean.replace('<a href="#src-', '<a class="cite" href="#src-')
