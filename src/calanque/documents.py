"""The document model shared by loaders, fact sheets, the crawler and the index."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Block:
    """A paragraph (or list, table, quote) under its heading path, the unit chunks are cut from."""

    text: str
    heading: tuple[str, ...] = ()


@dataclass
class Document:
    """A source as the index sees it, whatever it was read from.

    `uri` identifies it (a path, a URL, or `pack://…` for generated sheets); re-ingesting the same
    uri replaces the previous version. `notes` say what reading it left out (its text cut at the
    per-document budget); ingestion reports them, and they are not part of the content.
    """

    uri: str
    title: str
    blocks: list[Block]
    kind: str = "document"
    lang: str | None = None
    weight: float = 1.0
    updated: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks)

    def content_hash(self) -> str:
        """Hash of everything that would change the index: text, headings, title and metadata."""
        payload = json.dumps(
            [
                self.title,
                self.kind,
                self.lang,
                self.weight,
                self.updated,
                self.meta,
                [[b.heading, b.text] for b in self.blocks],
            ],
            ensure_ascii=False,
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()
