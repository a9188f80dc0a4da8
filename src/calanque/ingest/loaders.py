"""Reading files into `Document`s: Markdown, text, HTML, PDF, DOCX.

Each loader keeps the structure the chunker needs (heading path, paragraphs) and raises
`LoadError` with a reason a person can act on; nothing here writes to the index.

Every document has a work budget, because files come from users and from the web:

- Markdown is parsed by markdown-it (linear time; no hand-written regex backtracks on hostile
  input), and only text-level regexes that cannot backtrack remain;
- a document keeps at most `MAX_TEXT_CHARS` characters of text (text formats are cut before
  they are parsed, an HTML page at `MAX_HTML_CHARS` with its markup); a cut document is indexed
  with a note that says so (`Document.notes`);
- a DOCX is refused when its zip parts would unzip past `DOCX_MAX_PART` (one XML part) or
  `DOCX_MAX_TOTAL` (all parts), before any part is read: the sizes a zip declares are the most
  it yields (a part that inflates further fails its CRC check and is refused as corrupt);
- YAML front matter is at most `MAX_FRONT_MATTER` characters, may not use anchors or aliases
  (the "billion laughs" of YAML), and its values are checked: `weight` a finite number from 0 to
  `MAX_WEIGHT`, `communes` a list of strings, `updated`/`date` real dates.

Whatever a malformed file makes a parser raise becomes a `LoadError` naming the file.
"""

from __future__ import annotations

import functools
import io
import json
import math
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml
from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.token import Token

from calanque.documents import Block, Document
from calanque.errors import CalanqueError


class LoadError(CalanqueError, ValueError):
    """A source cannot be read; the message says why, for the ingestion report."""


TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text", ".html", ".htm"}
SUFFIXES = TEXT_SUFFIXES | {".pdf", ".docx"}

MAX_TEXT_CHARS = 2_000_000  # text kept per document (a 600-page report; about 2,000 chunks)
# HTML read per page, markup included: under libxml2's 10 MB text node even in 3-byte characters.
MAX_HTML_CHARS = 3_000_000
MAX_FRONT_MATTER = 64_000  # characters of YAML between the `---` lines
MAX_META_CHARS = 64_000  # the front matter's values, as JSON
MAX_WEIGHT = 10.0
DOCX_MAX_PART = 25_000_000  # bytes of one XML part once unzipped (word/document.xml…)
DOCX_MAX_TOTAL = 200_000_000  # bytes of all parts once unzipped, images included
DOCX_MAX_PARTS = 5_000

_ITEM = re.compile(r"^([-*+]\s|\d+[.)]\s|\|)")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (or a legacy 8-bit encoding), refusing binary content disguised as text."""
    head = data[:8192]
    if b"\x00" in head:
        raise LoadError(f"{name}: binary content in a text file (NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        # Text in a legacy encoding is mostly ASCII (a French page: 95 % or more); random
        # bytes decode too, as a soup of accented letters and symbols.
        sample = text[:8192]
        if sum(c.isascii() for c in sample) < 0.7 * len(sample):
            raise LoadError(
                f"{name}: binary content in a text file (not UTF-8, and mostly non-ASCII bytes)"
            ) from None
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 0.01 * max(1, len(text[:8192])):
        raise LoadError(f"{name}: binary content in a text file (control characters)")
    return text


def _squash(text: str) -> str:
    """Runs of spaces and tabs become one space (no-break spaces stay: French typography)."""
    return _SPACES.sub(" ", text).strip()


def _cut(text: str, max_chars: int, notes: list[str]) -> str:
    """The text itself, or its first `max_chars` characters (at a line end) with a note."""
    if len(text) <= max_chars:
        return text
    end = text.rfind("\n", max_chars // 2, max_chars)
    end = max_chars if end < 0 else end
    notes.append(f"text cut at {end:,} characters (of {len(text):,})")
    return text[:end]


# --- Markdown ---------------------------------------------------------------------------------


@functools.cache
def _markdown() -> MarkdownIt:
    # CommonMark with tables; `maxNesting` bounds the depth of nested quotes and lists.
    return MarkdownIt("commonmark", {"maxNesting": 20}).enable("table")


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe subset without anchors and aliases (which expand exponentially)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        mark: Any = event.start_mark  # typed per parser (C or Python), either is fine here
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, f"aliases (*{event.anchor}) are not allowed", mark
            )
        if getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(
                None, None, f"anchors (&{getattr(event, 'anchor', '')}) are not allowed", mark
            )
        return super().compose_node(parent, index)

    def construct_yaml_timestamp(self, node: Any) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"invalid date {node.value!r} ({exc})", node.start_mark
            ) from exc


_FrontMatterLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _FrontMatterLoader.construct_yaml_timestamp
)


def _split_front_matter(text: str) -> tuple[str | None, str]:
    """(the YAML between a first `---` line and the next `---` line, the rest), or (None, text)
    when there is no closing line. Front matter over `MAX_FRONT_MATTER` characters is refused."""
    first = text.find("\n")
    if not text.startswith("---") or first < 0 or text[:first].strip() != "---":
        return None, text
    pos = first + 1
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        if text[pos:end].rstrip() == "---":
            source = text[first + 1 : max(first + 1, pos - 1)]
            if len(source) > MAX_FRONT_MATTER:
                raise LoadError(
                    f"front matter too large ({len(source):,} characters > {MAX_FRONT_MATTER:,})"
                )
            return source, text[end + 1 :]
        if nl < 0:
            break
        pos = nl + 1
    return None, text


def _load_front_matter(source: str) -> dict[str, Any]:
    """The front matter's mapping, checked; `LoadError` (without the file name) otherwise."""
    try:
        loaded = yaml.load(source, Loader=_FrontMatterLoader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" (line {mark.line + 2} of the file)" if mark is not None else ""
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        raise LoadError(f"malformed front matter: {what}{where}"[:300]) from exc
    except yaml.YAMLError as exc:
        raise LoadError(f"malformed front matter: {exc}".splitlines()[0][:300]) from exc
    except (ValueError, TypeError, RecursionError) as exc:
        raise LoadError(f"malformed front matter: {type(exc).__name__}: {exc}"[:300]) from exc
    meta = _jsonable(loaded) if isinstance(loaded, dict) else {}
    _check_meta(meta)
    size = len(json.dumps(meta, ensure_ascii=False, default=str))
    if size > MAX_META_CHARS:
        raise LoadError(f"front matter too large ({size:,} characters > {MAX_META_CHARS:,})")
    return meta


def _jsonable(value: Any) -> Any:
    """Keys as strings and sets as lists, so the metadata can be stored as JSON."""
    if isinstance(value, dict):
        return {k if isinstance(k, str) else str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return value


def _check_meta(meta: dict[str, Any]) -> None:
    """The values the index uses must mean what they say; `LoadError` names the one that does
    not."""
    for key in ("title", "kind", "lang"):
        value = meta.get(key)
        if value is not None and not isinstance(value, str | int | float | date):
            raise LoadError(f"front matter: {key} must be text, not {type(value).__name__}")
    weight = meta.get("weight")
    if weight is not None:
        number = (
            weight if isinstance(weight, int | float) and not isinstance(weight, bool) else None
        )
        if number is None or not math.isfinite(number) or not 0 <= number <= MAX_WEIGHT:
            raise LoadError(
                f"front matter: weight must be a number from 0 to {MAX_WEIGHT:g}, not {weight!r}"
            )
    communes = meta.get("communes")
    if communes is not None:
        items = [communes] if isinstance(communes, str) else communes
        if not isinstance(items, list) or not all(
            isinstance(c, str | int) and not isinstance(c, bool) for c in items
        ):
            raise LoadError(
                "front matter: communes must be a list of commune codes or names, "
                f"not {communes!r}"[:300]
            )
        meta["communes"] = [str(c) for c in items]
    for key in ("updated", "date"):
        value = meta.get(key)
        if value is not None and _iso_date(value) is None:
            raise LoadError(f"front matter: {key} must be a date (YYYY-MM-DD), not {value!r}")


def _iso_date(value: Any) -> str | None:
    """A date as YYYY-MM-DD, or None when the value is not a real date."""
    if isinstance(value, datetime):
        moment = value.astimezone(UTC) if value.tzinfo else value
        return moment.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        for parse in (date.fromisoformat, datetime.fromisoformat):
            try:
                return _iso_date(parse(text))
            except ValueError:
                continue
    return None


def _inline_text(token: Token) -> str:
    """The text of an inline token: links keep their text, images their alt text; emphasis,
    code marks and inline HTML tags go. Line breaks stay as `\\n`."""
    out: list[str] = []
    for child in token.children or ():
        kind = child.type
        if kind in ("text", "text_special", "code_inline"):
            out.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
        elif kind == "image":
            out.append(_inline_text(child))
    return "".join(out)


def _lines(text: str) -> list[str]:
    return [line for line in (_squash(x) for x in text.split("\n")) if line]


def _prose(lines: list[str]) -> str:
    # Wrapped prose becomes one line; lines that look like list items or table rows stay apart.
    return ("\n" if any(_ITEM.match(x) for x in lines) else " ").join(lines)


def _closing(tokens: list[Token], start: int) -> int:
    """Index of the token that closes `tokens[start]` (an `*_open` token)."""
    depth = 0
    for i in range(start, len(tokens)):
        depth += tokens[i].nesting
        if depth == 0:
            return i
    return len(tokens) - 1


def _block_texts(tokens: list[Token], start: int, end: int) -> Iterator[tuple[str, Any]]:
    """(kind, value) for the blocks in tokens[start:end]: ("heading", (level, text)) or
    ("text", text)."""
    i = start
    while i < end:
        token = tokens[i]
        kind = token.type
        if kind == "heading_open":
            yield (
                "heading",
                (int(token.tag[1:]), _squash(_inline_text(tokens[i + 1]).replace("\n", " "))),
            )
            i = _closing(tokens, i) + 1
        elif kind == "paragraph_open":
            text = _prose(_lines(_inline_text(tokens[i + 1])))
            if text:
                yield "text", text
            i = _closing(tokens, i) + 1
        elif kind in ("bullet_list_open", "ordered_list_open"):
            close = _closing(tokens, i)
            text = "\n".join(_list_lines(tokens, i + 1, close))
            if text:
                yield "text", text
            i = close + 1
        elif kind == "table_open":
            close = _closing(tokens, i)
            text = "\n".join(_table_rows(tokens, i + 1, close))
            if text:
                yield "text", text
            i = close + 1
        elif kind == "blockquote_open":
            close = _closing(tokens, i)
            for sub_kind, value in _block_texts(tokens, i + 1, close):
                # A heading inside a quote is quoted text, not a section of the document.
                yield "text", value[1] if sub_kind == "heading" else value
            i = close + 1
        elif kind in ("fence", "code_block"):
            text = "\n".join(_lines(token.content))
            if text:
                yield "text", text
            i += 1
        elif kind == "html_block":
            text = _prose(_lines(token.content))
            if text:
                yield "text", text
            i += 1
        elif token.nesting == 1:  # a container this walk does not know: its text, flat
            close = _closing(tokens, i)
            for _, value in _block_texts(tokens, i + 1, close):
                yield "text", value[1] if isinstance(value, tuple) else value
            i = close + 1
        else:  # hr, and closing tokens
            i += 1


def _list_lines(tokens: list[Token], start: int, end: int) -> list[str]:
    """A list as one line per item, its marker kept (`- `, `1. `); nested lists follow their
    item, each with its own marker."""
    lines: list[str] = []
    i = start
    while i < end:
        token = tokens[i]
        if token.type != "list_item_open":
            i += 1
            continue
        close = _closing(tokens, i)
        item: list[str] = []
        parts: list[str] = []
        j = i + 1
        while j < close:
            sub = tokens[j]
            if sub.type in ("bullet_list_open", "ordered_list_open"):
                sub_close = _closing(tokens, j)
                if parts:
                    item.append(" ".join(parts))
                    parts = []
                item.extend(_list_lines(tokens, j + 1, sub_close))
                j = sub_close + 1
            elif sub.nesting == 1 or sub.type in ("fence", "code_block", "html_block"):
                sub_close = _closing(tokens, j) if sub.nesting == 1 else j
                for _, value in _block_texts(tokens, j, sub_close + 1):
                    parts.append(value[1] if isinstance(value, tuple) else value.replace("\n", " "))
                j = sub_close + 1
            else:
                j += 1
        if parts:
            item.append(" ".join(parts))
        if item:
            marker = f"{token.info}{token.markup}" if token.info else token.markup
            item[0] = f"{marker} {item[0]}"
            lines.extend(item)
        i = close + 1
    return lines


def _table_rows(tokens: list[Token], start: int, end: int) -> list[str]:
    """A table as one line per row, cells separated by ` | ` (as DOCX tables are)."""
    rows: list[str] = []
    cells: list[str] = []
    for token in tokens[start:end]:
        if token.type == "tr_open":
            cells = []
        elif token.type == "inline":
            cells.append(_squash(_inline_text(token).replace("\n", " ")))
        elif token.type == "tr_close" and any(cells):
            rows.append(" | ".join(cells))
    return rows


def parse_markdown(
    text: str,
    fallback_title: str,
    *,
    front_matter: bool = True,
    max_chars: int = MAX_TEXT_CHARS,
    notes: list[str] | None = None,
) -> tuple[str, list[Block], dict[str, Any]]:
    """Front matter, then blocks under their heading path. Lists and tables stay whole.

    Linear time in the length of `text` (cut to `max_chars` first, with a note in `notes`).
    Raises `LoadError` (without a file name) for malformed or refused front matter.
    """
    meta: dict[str, Any] = {}
    if front_matter:
        source, text = _split_front_matter(text)
        if source is not None:
            meta = _load_front_matter(source)
    text = _cut(text, max_chars, notes if notes is not None else [])
    path: list[str] = []
    title = _squash(str(meta.get("title") or ""))
    blocks: list[Block] = []
    tokens = _markdown().parse(text)
    for kind, value in _block_texts(tokens, 0, len(tokens)):
        if kind == "heading":
            level, name = value
            if level == 1 and not title:
                title = name
            del path[level - 1 :]
            path.extend([""] * (level - 1 - len(path)))
            path.append(name)
        else:
            blocks.append(Block(value, tuple(h for h in path if h)))
    return title or fallback_title, blocks, meta


# --- Loaders ----------------------------------------------------------------------------------


def load_markdown(data: bytes, name: str, max_chars: int = MAX_TEXT_CHARS) -> Document:
    notes: list[str] = []
    try:
        title, blocks, meta = parse_markdown(
            decode_text(data, name), Path(name).stem, max_chars=max_chars, notes=notes
        )
    except LoadError as exc:
        message = str(exc)
        raise LoadError(
            message if message.startswith(f"{name}: ") else f"{name}: {message}"
        ) from exc
    return _document(name, title, blocks, meta, "document", notes)


def load_text(data: bytes, name: str, max_chars: int = MAX_TEXT_CHARS) -> Document:
    """Plain text: paragraphs at blank lines, read as they are (no Markdown)."""
    notes: list[str] = []
    text = _cut(decode_text(data, name), max_chars, notes)
    paragraphs = [" ".join(_lines(p)) for p in _PARAGRAPH_BREAK.split(text)]
    paragraphs = [p for p in paragraphs if p]
    title = paragraphs[0][:120] if paragraphs else Path(name).stem
    return _document(name, title, [Block(p) for p in paragraphs], {}, "document", notes)


def load_html(
    data: bytes, name: str, max_chars: int = MAX_TEXT_CHARS, url: str | None = None
) -> Document:
    """Main content only (menus, footers and cookie banners go), via trafilatura."""
    import trafilatura

    html = decode_text(data, name)
    notes: list[str] = []
    if len(html) > MAX_HTML_CHARS:
        # libxml2 drops a text node over 10 MB: a page of one huge paragraph had no text at all.
        notes.append(f"page cut at {MAX_HTML_CHARS:,} characters (of {len(html):,})")
        html = html[:MAX_HTML_CHARS]
    markdown = trafilatura.extract(
        html,
        url=url,
        output_format="markdown",
        include_formatting=True,
        include_links=False,
        include_tables=True,
        favor_recall=True,
    )
    meta_doc = trafilatura.extract_metadata(html, default_url=url)
    title = (meta_doc.title if meta_doc else None) or Path(name).stem
    # What trafilatura wrote is the page's text: a leading `---` in it is not front matter.
    _, blocks, _ = parse_markdown(
        markdown or "", title, front_matter=False, max_chars=max_chars, notes=notes
    )
    meta: dict[str, Any] = {}
    if meta_doc is not None:
        meta = {k: v for k, v in {"date": meta_doc.date, "site": meta_doc.sitename}.items() if v}
        if "date" in meta and _iso_date(meta["date"]) is None:
            del meta["date"]
        if meta_doc.url:
            meta["canonical"] = meta_doc.url
    return _document(name, title, blocks, meta, "web", notes)


def load_pdf(data: bytes, name: str, max_chars: int = MAX_TEXT_CHARS) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise LoadError(f"{name}: not a PDF (no %PDF header)")
    notes: list[str] = []
    pages: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError(f"{name}: password-protected PDF")
        count, size = len(reader.pages), 0
        for page in reader.pages:
            text = page.extract_text() or ""
            pages.append(text)
            size += len(text)
            if size > max_chars:
                notes.append(f"text cut after page {len(pages)} of {count}")
                break
        info: Any = reader.metadata or {}
        title = str(info.get("/Title") or "").strip()
    except LoadError:
        raise
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        NotImplementedError,
        OSError,
        RecursionError,
        ZeroDivisionError,
        AssertionError,
    ) as exc:
        raise LoadError(f"{name}: corrupt PDF ({type(exc).__name__}: {exc})"[:500]) from exc
    blocks = []
    for number, page_text in enumerate(pages, start=1):
        for para in _PARAGRAPH_BREAK.split(page_text):
            text = " ".join(para.split())
            if text:
                blocks.append(Block(text, (f"p. {number}",)))
    title = title or (blocks[0].text[:120] if blocks else Path(name).stem)
    return _document(name, title, blocks, {"pages": count}, "document", notes)


def _check_docx_zip(data: bytes, name: str) -> None:
    """Refuse a DOCX whose parts would unzip past the caps, from the sizes the zip declares."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise LoadError(f"{name}: corrupt DOCX ({type(exc).__name__}: {exc})") from exc
    if len(infos) > DOCX_MAX_PARTS:
        raise LoadError(f"{name}: DOCX with {len(infos):,} parts (limit {DOCX_MAX_PARTS:,})")
    total = 0
    for info in infos:
        total += info.file_size
        lower = info.filename.lower()
        if lower.endswith((".xml", ".rels")) and info.file_size > DOCX_MAX_PART:
            raise LoadError(
                f"{name}: DOCX part {info.filename} unzips to {info.file_size / 1e6:,.0f} MB "
                f"(limit {DOCX_MAX_PART / 1e6:.0f} MB): refused as a decompression bomb"
            )
    if total > DOCX_MAX_TOTAL:
        raise LoadError(
            f"{name}: DOCX unzips to {total / 1e6:,.0f} MB (limit {DOCX_MAX_TOTAL / 1e6:.0f} MB): "
            "refused as a decompression bomb"
        )


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_TEXT = {f"{_W}t": None, f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n"}


def _docx_text(element: Any) -> str:
    """The text of a paragraph (or cell) element: its `w:t`, tabs and breaks, in order.

    Read with lxml directly: python-docx's per-paragraph proxies cost tens of microseconds each,
    minutes for a part of tiny paragraphs within the size cap.
    """
    out = []
    for node in element.iter(*_W_TEXT):
        mark = _W_TEXT[node.tag]
        out.append(node.text or "" if mark is None else mark)
    return "".join(out)


def _docx_body(container: Any) -> Iterator[tuple[str, Any]]:
    """("p", paragraph) and ("tbl", table) elements in document order, content controls
    opened."""
    for child in container.iterchildren():
        if child.tag == f"{_W}p":
            yield "p", child
        elif child.tag == f"{_W}tbl":
            yield "tbl", child
        elif child.tag == f"{_W}sdt":
            for content in child.iterchildren(f"{_W}sdtContent"):
                yield from _docx_body(content)


def load_docx(data: bytes, name: str, max_chars: int = MAX_TEXT_CHARS) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not data.startswith(b"PK"):
        raise LoadError(f"{name}: not a DOCX (not a zip archive)")
    _check_docx_zip(data, name)
    notes: list[str] = []
    path: list[str] = []
    blocks: list[Block] = []
    try:
        document = docx.Document(io.BytesIO(data))  # its XML parser resolves no entities
        title = (document.core_properties.title or "").strip()
        names = {s.style_id: s.name or "" for s in document.styles}
        size = 0
        for kind, element in _docx_body(document.element.body):
            if kind == "tbl":
                rows = []
                for row in element.iterchildren(f"{_W}tr"):
                    cells = [" ".join(_lines(_docx_text(c))) for c in row.iterchildren(f"{_W}tc")]
                    if any(cells):
                        rows.append(" | ".join(cells))
                if not rows:
                    continue
                text = "\n".join(rows)
            else:
                text = _squash(_docx_text(element))
                if not text:
                    continue
                style = element.find(f"{_W}pPr/{_W}pStyle")
                level = _docx_heading_level(
                    names.get(style.get(f"{_W}val"), "") if style is not None else ""
                )
                if level:
                    if level == 1 and not title:
                        title = text
                    del path[level - 1 :]
                    path.append(text)
                    continue
            blocks.append(Block(text, tuple(path)))
            size += len(text)
            if size > max_chars:
                notes.append(f"text cut after {size:,} characters")
                break
    except (
        zipfile.BadZipFile,
        PackageNotFoundError,
        etree.LxmlError,
        KeyError,
        ValueError,
        TypeError,
        AttributeError,
        IndexError,
        NotImplementedError,
        OSError,
        EOFError,
        RecursionError,
    ) as exc:
        raise LoadError(f"{name}: corrupt DOCX ({type(exc).__name__}: {exc})"[:500]) from exc
    return _document(name, title or Path(name).stem, blocks, {}, "document", notes)


def _docx_heading_level(style: str) -> int:
    if style == "Title":
        return 1
    m = re.match(r"Heading (\d)", style)
    return int(m.group(1)) if m else 0


def _document(
    name: str,
    title: str,
    blocks: list[Block],
    meta: dict[str, Any],
    kind: str,
    notes: list[str] | None = None,
) -> Document:
    weight = meta.get("weight")
    return Document(
        uri=name,
        title=_squash(str(title))[:500] or Path(name).stem,
        blocks=blocks,
        kind=str(meta.get("kind") or kind),
        lang=meta.get("lang") if isinstance(meta.get("lang"), str) else None,
        weight=float(weight) if isinstance(weight, int | float) else 1.0,
        updated=_iso_date(meta.get("updated") or meta.get("date")),
        meta={k: v for k, v in meta.items() if k not in ("title", "lang", "kind", "updated")},
        notes=list(notes or ()),
    )


def cap_text(doc: Document, max_chars: int = MAX_TEXT_CHARS) -> Document:
    """Keep at most `max_chars` characters of a document's text, noting a cut in `doc.notes`."""
    total = sum(len(b.text) for b in doc.blocks)
    if total <= max_chars:
        return doc
    kept: list[Block] = []
    room = max_chars
    for block in doc.blocks:
        if room <= 0:
            break
        kept.append(block if len(block.text) <= room else Block(block.text[:room], block.heading))
        room -= len(block.text)
    doc.blocks = kept
    if not any("cut" in note for note in doc.notes):  # a loader that stopped early said so
        doc.notes.append(f"text cut at {max_chars:,} characters (of {total:,})")
    return doc


LOADERS: dict[str, Callable[..., Document]] = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_text,
    ".text": load_text,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
}


# Exceptions parsers raise on malformed input (lxml's errors included, zlib's and struct's are
# `error` subclasses of Exception: listed too).
_MALFORMED: tuple[type[BaseException], ...] = (
    ValueError,  # UnicodeError, json and many parsers' own errors
    TypeError,
    LookupError,  # KeyError, IndexError
    AttributeError,
    ArithmeticError,  # ZeroDivisionError, OverflowError
    NotImplementedError,
    RecursionError,
    AssertionError,
    EOFError,
    OSError,
    zipfile.BadZipFile,
    struct.error,
    zlib.error,
    etree.Error,
)


def load_bytes(
    data: bytes, name: str, suffix: str | None = None, *, max_chars: int = MAX_TEXT_CHARS
) -> Document:
    """Dispatch on the suffix; empty content is an error, not an empty document.

    Raises `LoadError` for anything wrong with the content, whatever the parser underneath
    raised on it: one malformed file must not end a run over many. A missing dependency
    (`ImportError`) or a dependency's own bug (`RuntimeError`…) is not the file's fault and is
    not disguised as one.
    """
    suffix = (suffix or Path(name).suffix).lower()
    loader = LOADERS.get(suffix)
    if loader is None:
        raise LoadError(f"{name}: unsupported file type {suffix or '(none)'}")
    if not data.strip():
        raise LoadError(f"{name}: empty file")
    try:
        doc = loader(data, name, max_chars=max_chars)
    except LoadError:
        raise
    except MemoryError as exc:
        raise LoadError(f"{name}: too large to read in memory") from exc
    except _MALFORMED as exc:  # what parsers raise on malformed input: the file's fault
        kind = suffix.lstrip(".").upper()
        raise LoadError(f"{name}: unreadable {kind} ({type(exc).__name__}: {exc})"[:500]) from exc
    if not any(b.text.strip() for b in doc.blocks):
        raise LoadError(f"{name}: no extractable text")
    return cap_text(doc, max_chars)
