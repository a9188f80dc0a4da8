"""Which links an answer may carry: only to the addresses of the sources it cites.

Source text and model output are untrusted, and an injected page can ask for a link elsewhere
(`<http://evil.example/login>`, `[cliquez ici](http://evil.example/x)`). The site renders such a
link as its plain text (`render.answer_html`); the OpenAI-compatible endpoint hands Markdown to
clients, so there the link's syntax is taken out and its text kept (`strip_links`,
`LinkFilter` for a stream).

Links are found with the same parser that renders the answer (markdown-it): the `link`,
`autolink` and `reference` rules are wrapped to note where each link or link definition sits in
the text. A definition to an outside address is escaped (`\\[ref]: …` is text, so no `[ref]`
becomes a link through it), then each outside link is replaced by its text (a label written
over lines of a quote gets its closing `]` escaped instead). What cannot be settled in a few
passes loses all link syntax.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block import reference as _REFERENCE
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline import autolink as _AUTOLINK
from markdown_it.rules_inline import link as _LINK
from markdown_it.token import Token

_WEB_SCHEMES = ("http://", "https://")
_PASSES = 8
_LINK_SYNTAX = "[]()<>"  # escaped all over when passes do not settle the text
_QUIET = set(_LINK_SYNTAX) | {"\\", "`"}  # a stream's text without these links nothing new


def allowed_hrefs(uris: Iterable[str]) -> frozenset[str]:
    """The addresses a link may point to: the sources' own http(s) URIs, as written and as the
    Markdown parser normalises a link destination."""
    out: set[str] = set()
    for uri in uris:
        if isinstance(uri, str) and uri.lower().startswith(_WEB_SCHEMES):
            out.update((uri, _md.normalizeLink(uri)))
    return frozenset(out)


def _normalise(text: str) -> str:
    # What markdown-it does to its input first, so that offsets into its source are offsets here.
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")


def _notes(state: StateInline | StateBlock) -> list[tuple[str, Any, str, str]]:
    notes: list[tuple[str, Any, str, str]] = state.env.setdefault("calanque_links", [])
    return notes


def _opened(state: StateInline | StateBlock, n: int, kind: str) -> Token | None:
    """The first token of `kind` a rule pushed after the first `n` (pending text comes first)."""
    return next((t for t in state.tokens[n:] if t.type == kind), None)


def _link(state: StateInline, silent: bool) -> bool:
    start = state.pos
    label_end = (
        state.md.helpers.parseLinkLabel(state, start, True) if state.src[start] == "[" else -1
    )
    n = len(state.tokens)
    if not _LINK(state, silent):
        return False
    opened = _opened(state, n, "link_open")
    if not silent and opened is not None:
        label = state.src[start + 1 : label_end] if label_end > start else ""
        tail = state.src[label_end + 1 : state.pos] if label_end > start else ""
        _notes(state).append((state.src[start : state.pos], opened.attrGet("href"), label, tail))
    return True


def _autolink(state: StateInline, silent: bool) -> bool:
    start, n = state.pos, len(state.tokens)
    if not _AUTOLINK(state, silent):
        return False
    opened = _opened(state, n, "link_open")
    if not silent and opened is not None:
        source = state.src[start : state.pos]
        _notes(state).append((source, opened.attrGet("href"), source[1:-1], ""))
    return True


def _reference(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    offset = state.bMarks[start_line] + state.tShift[start_line]
    n = len(state.tokens)
    if not _REFERENCE(state, start_line, end_line, silent):
        return False
    opened = _opened(state, n, "definition")
    if not silent and opened is not None:
        _notes(state).append(("definition", opened.meta["url"], str(offset), ""))
    return True


_md = MarkdownIt("commonmark", {"html": False, "linkify": False})
_finder = MarkdownIt("commonmark", {"html": False, "linkify": False, "inline_definitions": True})
_finder.inline.ruler.at("link", _link)
_finder.inline.ruler.at("autolink", _autolink)
_finder.block.ruler.at("reference", _reference)


def _outside(text: str, allowed: frozenset[str]) -> list[tuple[str, Any, str, str]]:
    env: dict[str, Any] = {}
    _finder.parse(text, env)
    return [note for note in env.get("calanque_links", []) if note[1] not in allowed]


def _escape_all(text: str) -> str:
    return "".join("\\" + c if c in _LINK_SYNTAX else c for c in text)


def strip_links(text: str, uris: Iterable[str]) -> str:
    """The Markdown `text` with every link (inline, reference, autolink) whose address is not
    one of `uris` replaced by its text. Bare URLs are left as they are."""
    allowed = allowed_hrefs(uris)
    text = original = _normalise(text)
    for _ in range(_PASSES):
        outside = _outside(text, allowed)
        if not outside:
            return text
        definitions = sorted({int(n[2]) for n in outside if n[0] == "definition"}, reverse=True)
        for offset in definitions:  # from the end, so earlier offsets hold
            text = text[:offset] + "\\" + text[offset:]
        if definitions:
            continue  # references to them are no longer links: find the links again
        for source, _href, label, tail in outside:
            if source in text:
                text = text.replace(source, label)
            elif tail and "\n" not in tail:
                # a label over lines of a quote or a list is not written as the parser reads
                # it; its end is: with `]` escaped, the label stays open and the link is text
                text = text.replace("]" + tail, "\\]" + tail)
    return _escape_all(original) if _outside(text, allowed) else text


class LinkFilter:
    """`strip_links` for text that arrives in pieces: a piece is passed on once the links it
    may be part of are settled (a `[` or `<` waits for what closes it), so that what a client
    joins never holds an outside link. If an earlier piece would have to change after all, the
    rest is sent without link syntax."""

    def __init__(self, uris: Iterable[str]) -> None:
        self.uris = list(uris)
        self.raw = ""
        self.sent = ""
        self.raw_sent = 0
        self.broken = False

    def feed(self, piece: str) -> str:
        self.raw += piece
        return self._emit(_settled_end(self.raw, self.raw_sent))

    def close(self) -> str:
        return self._emit(len(self.raw))

    def _emit(self, end: int) -> str:
        if end <= self.raw_sent:
            return ""
        piece = self.raw[self.raw_sent : end]
        if self.broken:
            out = _escape_all(piece)
        elif not _QUIET.intersection(piece):  # plain words after a settled point: as they are
            out = piece
        else:
            clean = strip_links(self.raw[:end], self.uris)
            if clean.startswith(self.sent):
                out = clean[len(self.sent) :]
            else:
                self.broken = True
                out = _escape_all(piece)
        self.raw_sent = end
        self.sent += out
        return out


def _settled_end(raw: str, i: int) -> int:
    """The end of the longest prefix of `raw` (from the settled point `i`) in which no `[` or
    `<` is still open: more text could not turn it into a link."""
    n = len(raw)
    k = i
    while k < n:
        c = raw[k]
        if c == "\\":
            if k + 1 >= n:
                return k
            k += 2
        elif c == "<":
            close = _first(raw, k + 1, ">", " ", "\n", "<")
            if close < 0:
                return k
            k = close + 1 if raw[close] == ">" else close
        elif c == "[":
            end = _bracket_end(raw, k)
            if end < 0:
                return k
            k = end
        else:
            k += 1
    return n


def _first(text: str, start: int, *chars: str) -> int:
    found = [p for p in (text.find(c, start) for c in chars) if p >= 0]
    return min(found) if found else -1


def _bracket_end(raw: str, k: int) -> int:
    """Where scanning may go on after the `[` at `k`, or -1 while it is open."""
    n, depth, m = len(raw), 0, k
    while m < n:
        c = raw[m]
        if c == "\\":
            m += 2
            continue
        if raw.startswith("\n\n", m):
            return m  # a label never spans paragraphs
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                break
        m += 1
    else:
        return -1
    if m + 1 >= n:
        return -1  # what follows `]` decides
    follow = raw[m + 1]
    if follow == "(":
        depth, p = 0, m + 1
        while p < n:
            c = raw[p]
            if c == "\\":
                p += 2
                continue
            if raw.startswith("\n\n", p):
                return p
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    return p + 1
            p += 1
        return -1
    if follow == ":":
        blank = raw.find("\n\n", m)
        return blank if blank >= 0 else -1  # a definition: settled with its paragraph
    return m + 1  # `[x][y]`: `[y]` is scanned as a bracket of its own
