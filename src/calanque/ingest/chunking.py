"""Structure-aware chunking: paragraphs grouped under their heading, long ones cut at sentences.

Chunks stay under the embedder's useful length (multilingual-e5-small reads 512 tokens) and never
straddle two sections, so a cited chunk reads as one coherent passage with its heading path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from calanque.documents import Block, Document

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"«(\[]?[A-ZÀ-Ý0-9])")


@dataclass(frozen=True)
class Chunk:
    """A passage of a document with what a reader needs to place it."""

    ordinal: int
    text: str
    heading: tuple[str, ...]

    def embedding_text(self, title: str) -> str:
        """What the embedder and the lexical index read: title and headings give context."""
        context = " — ".join(dict.fromkeys(h for h in (title, *self.heading) if h))
        return f"{context}\n{self.text}" if context else self.text


def split_sentences(text: str) -> list[str]:
    """Sentence split good enough for French and English prose; keeps abbreviations mostly whole."""
    parts: list[str] = []
    for line in text.splitlines():
        parts.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
    return parts


def _words(text: str) -> int:
    return len(text.split())


def _split_long(block: Block, max_words: int) -> list[Block]:
    if _words(block.text) <= max_words:
        return [block]
    pieces: list[Block] = []
    current: list[str] = []
    for sentence in split_sentences(block.text):
        words = sentence.split()
        while len(words) > max_words:  # a "sentence" with no full stop (tables, lists)
            if current:
                pieces.append(Block(" ".join(current), block.heading))
                current = []
            pieces.append(Block(" ".join(words[:max_words]), block.heading))
            words = words[max_words:]
        if current and _words(" ".join(current)) + len(words) > max_words:
            pieces.append(Block(" ".join(current), block.heading))
            current = []
        current.extend(words)
    if current:
        pieces.append(Block(" ".join(current), block.heading))
    return pieces


def chunk_document(doc: Document, target_words: int = 140, max_words: int = 220) -> list[Chunk]:
    """Greedy packing of consecutive blocks of one section up to `target_words`."""
    blocks = [piece for b in doc.blocks if b.text.strip() for piece in _split_long(b, max_words)]
    chunks: list[Chunk] = []
    current: list[Block] = []

    def flush() -> None:
        if current:
            text = "\n\n".join(b.text for b in current)
            chunks.append(Chunk(len(chunks), text, current[0].heading))
            current.clear()

    for block in blocks:
        if current and (
            block.heading != current[0].heading
            or _words("\n".join(b.text for b in current)) + _words(block.text) > target_words
        ):
            flush()
        current.append(block)
    flush()
    return chunks
