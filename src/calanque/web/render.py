"""Answer Markdown to HTML that is safe to insert in a page.

Model output and source text are untrusted: the Markdown is rendered with raw HTML disabled, then
sanitised with an allow-list (nh3), and citation markers become links to the source cards. A
link may only point to one of the cited sources' own addresses (`links`): any other link
(Markdown link, autolink, reference) is rendered as its plain text, and bare URLs are never
turned into links, so an injected page cannot put a clickable `http://evil.example/login` in an
answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from calanque.web.links import allowed_hrefs

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_CITATION = re.compile(r"\[(\d{1,3})\]")
_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "code", "pre", "br", "blockquote", "h3", "h4"}


def answer_html(text: str, turn: int | str, n_sources: int, links: Iterable[str] = ()) -> str:
    """Sanitised HTML; `[n]` links to `#src-{turn}-{n}` when source n exists; other links are
    kept only when they point to one of `links` (the cited sources' URIs), else shown as text."""

    def link(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if not 1 <= n <= n_sources:
            return ""
        return f"[\\[{n}\\]](#src-{turn}-{n})"

    allowed = allowed_hrefs(links) | {f"#src-{turn}-{n}" for n in range(1, n_sources + 1)}
    env: dict[str, object] = {}
    tokens = _md.parse(_CITATION.sub(link, text), env)
    for token in tokens:
        if token.children:
            token.children = _only_links_to(token.children, allowed)
    html = _md.renderer.render(tokens, _md.options, env)
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
    )
    # Mark citation links for styling: they are the only fragment links we produce.
    return clean.replace('<a href="#src-', '<a class="cite" href="#src-')


def _only_links_to(children: list[Token], allowed: frozenset[str] | set[str]) -> list[Token]:
    """The inline tokens with each link to an address outside `allowed` unwrapped: its text
    stays, its `<a>` goes (links do not nest, so a close matches the last open)."""
    kept: list[Token] = []
    dropped: list[bool] = []
    for token in children:
        if token.type == "link_open":
            drop = token.attrGet("href") not in allowed
            dropped.append(drop)
            if drop:
                continue
        elif token.type == "link_close" and dropped and dropped.pop():
            continue
        kept.append(token)
    return kept
