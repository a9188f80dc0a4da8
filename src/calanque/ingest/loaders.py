"""Reading files into `Document`s: Markdown, text, HTML, PDF, DOCX.

Each loader keeps the structure the chunker needs (heading path, paragraphs) and raises
`LoadError` with a reason a person can act on; nothing here writes to the index.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from calanque.documents import Block, Document
from calanque.errors import CalanqueError


class LoadError(CalanqueError, ValueError):
    """A source cannot be read; the message says why, for the ingestion report."""


TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text", ".html", ".htm"}
SUFFIXES = TEXT_SUFFIXES | {".pdf", ".docx"}
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.S)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_ITEM = re.compile(r"^([-*+]\s|\d+[.)]\s|\|)")
_EMPHASIS = re.compile(r"(\*\*|__|`)")


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (or a legacy 8-bit encoding), refusing binary content disguised as text."""
    head = data[:8192]
    if b"\x00" in head:
        raise LoadError(f"{name}: binary content in a text file (NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 0.01 * max(1, len(text[:8192])):
        raise LoadError(f"{name}: binary content in a text file (control characters)")
    return text


def _clean(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    return re.sub(r"[ \t\r\f\v]+", " ", text).strip()


def parse_markdown(text: str, fallback_title: str) -> tuple[str, list[Block], dict[str, Any]]:
    """Front matter, then blocks under their heading path. Lists and tables stay whole."""
    meta: dict[str, Any] = {}
    m = _FRONT_MATTER.match(text)
    if m:
        try:
            loaded = yaml.safe_load(m.group(1))
        except yaml.YAMLError as exc:
            raise LoadError(f"malformed front matter: {exc}".splitlines()[0]) from exc
        meta = loaded if isinstance(loaded, dict) else {}
        text = text[m.end() :]
    path: list[str] = []
    title = str(meta.get("title") or "")
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        body = "\n".join(line for line in para).strip()
        para.clear()
        if body:
            lines = [_clean(line.lstrip("> ").strip()) for line in body.splitlines()]
            lines = [x for x in lines if x]
            # Wrapped prose becomes one line; lists and tables keep a line per item.
            joiner = "\n" if any(_ITEM.match(x) for x in lines) else " "
            blocks.append(Block(joiner.join(lines), tuple(path)))

    in_fence = False
    for line in text.splitlines():
        if line.strip().startswith("```"):
            in_fence = not in_fence
            continue
        heading = None if in_fence else _HEADING.match(line)
        if heading:
            flush()
            level, name = len(heading.group(1)), _clean(heading.group(2))
            if level == 1 and not title:
                title = name
            del path[level - 1 :]
            path.extend([""] * (level - 1 - len(path)))
            path.append(name)
            continue
        if not line.strip() and not in_fence:
            flush()
            continue
        para.append(line)
    flush()
    path_blocks = [Block(b.text, tuple(h for h in b.heading if h)) for b in blocks]
    return title or fallback_title, path_blocks, meta


def load_markdown(data: bytes, name: str) -> Document:
    title, blocks, meta = parse_markdown(decode_text(data, name), Path(name).stem)
    return _document(name, title, blocks, meta, "document")


def load_text(data: bytes, name: str) -> Document:
    text = decode_text(data, name)
    paragraphs = [_clean(p) for p in re.split(r"\n\s*\n", text)]
    paragraphs = [p for p in paragraphs if p]
    title = paragraphs[0].splitlines()[0][:120] if paragraphs else Path(name).stem
    return _document(name, title, [Block(p) for p in paragraphs], {}, "document")


def load_html(data: bytes, name: str, url: str | None = None) -> Document:
    """Main content only (menus, footers and cookie banners go), via trafilatura."""
    import trafilatura

    html = decode_text(data, name)
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
    _, blocks, _ = parse_markdown(markdown or "", title)
    meta: dict[str, Any] = {}
    if meta_doc is not None:
        meta = {k: v for k, v in {"date": meta_doc.date, "site": meta_doc.sitename}.items() if v}
        if meta_doc.url:
            meta["canonical"] = meta_doc.url
    return _document(name, title, blocks, meta, "web")


def load_pdf(data: bytes, name: str) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise LoadError(f"{name}: not a PDF (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError(f"{name}: password-protected PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
        title = str(info.get("/Title") or "").strip()
    except LoadError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise LoadError(f"{name}: corrupt PDF ({type(exc).__name__}: {exc})") from exc
    blocks = []
    for number, page in enumerate(pages, start=1):
        for para in re.split(r"\n\s*\n", page):
            text = _clean(" ".join(para.split()))
            if text:
                blocks.append(Block(text, (f"p. {number}",)))
    title = title or (blocks[0].text[:120] if blocks else Path(name).stem)
    return _document(name, title, blocks, {"pages": len(pages)}, "document")


def load_docx(data: bytes, name: str) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not data.startswith(b"PK"):
        raise LoadError(f"{name}: not a DOCX (not a zip archive)")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise LoadError(f"{name}: corrupt DOCX ({type(exc).__name__}: {exc})") from exc
    path: list[str] = []
    blocks: list[Block] = []
    title = (document.core_properties.title or "").strip()
    for para in document.paragraphs:
        text = _clean(para.text)
        if not text:
            continue
        style = (para.style.name if para.style is not None else "") or ""
        level = _docx_heading_level(style)
        if level:
            if level == 1 and not title:
                title = text
            del path[level - 1 :]
            path.append(text)
        else:
            blocks.append(Block(text, tuple(path)))
    for table in document.tables:
        rows = [" | ".join(_clean(c.text) for c in row.cells) for row in table.rows]
        if rows:
            blocks.append(Block("\n".join(rows), tuple(path)))
    return _document(name, title or Path(name).stem, blocks, {}, "document")


def _docx_heading_level(style: str) -> int:
    if style == "Title":
        return 1
    m = re.match(r"Heading (\d)", style)
    return int(m.group(1)) if m else 0


def _document(
    name: str, title: str, blocks: list[Block], meta: dict[str, Any], kind: str
) -> Document:
    return Document(
        uri=name,
        title=_clean(title) or Path(name).stem,
        blocks=blocks,
        kind=str(meta.get("kind") or kind),
        lang=meta.get("lang") if isinstance(meta.get("lang"), str) else None,
        updated=_date(meta.get("updated") or meta.get("date")),
        meta={k: v for k, v in meta.items() if k not in ("title", "lang", "kind", "updated")},
    )


def _date(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).date().isoformat()
    return str(value)[:32]


LOADERS: dict[str, Callable[[bytes, str], Document]] = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_text,
    ".text": load_text,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
}


def load_bytes(data: bytes, name: str, suffix: str | None = None) -> Document:
    """Dispatch on the suffix; empty content is an error, not an empty document."""
    suffix = (suffix or Path(name).suffix).lower()
    loader = LOADERS.get(suffix)
    if loader is None:
        raise LoadError(f"{name}: unsupported file type {suffix or '(none)'}")
    if not data.strip():
        raise LoadError(f"{name}: empty file")
    doc = loader(data, name)
    if not any(b.text.strip() for b in doc.blocks):
        raise LoadError(f"{name}: no extractable text")
    return doc
