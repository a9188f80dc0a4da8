"""Structure-aware chunking: paragraphs grouped under their heading, long ones cut at sentences.

Chunks stay under the embedder's useful length (multilingual-e5-small reads 512 tokens) and never
straddle two sections, so a cited chunk reads as one coherent passage with its heading path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from calanque.documents import Block, Document

MAX_CHUNK_CHARS = 2_500  # about 600 tokens of French: past what the embedder reads (512)
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


def _split_long(block: Block, max_words: int, max_chars: int) -> list[Block]:
    """Cut a block over `max_words` words or `max_chars` characters at sentence ends; a sentence
    longer than a chunk is cut between words, and a word longer than a chunk (no spaces at all)
    between characters. Linear in the block's length."""
    text = block.text
    if len(text) <= max_chars and _words(text) <= max_words:
        return [block]
    pieces: list[Block] = []
    current: list[str] = []
    count = size = 0  # words in `current`, characters of " ".join(current)

    def flush() -> None:
        nonlocal count, size
        if current:
            pieces.append(Block(" ".join(current), block.heading))
            current.clear()
            count = size = 0

    for sentence in split_sentences(text):
        words = sentence.split()
        if any(len(w) > max_chars for w in words):
            words = [w[i : i + max_chars] for w in words for i in range(0, len(w), max_chars)]
        length = sum(len(w) for w in words) + len(words) - 1
        # A sentence that does not fit what is pending starts a new piece ...
        if current and (count + len(words) > max_words or size + 1 + length > max_chars):
            flush()
        # ... and one longer than a piece fills pieces of its own, word by word.
        for word in words:
            if current and (count + 1 > max_words or size + 1 + len(word) > max_chars):
                flush()
            size += len(word) + (1 if current else 0)
            current.append(word)
            count += 1
    flush()
    return pieces


def chunk_document(
    doc: Document, target_words: int = 140, max_words: int = 220, max_chars: int = MAX_CHUNK_CHARS
) -> list[Chunk]:
    """Greedy packing of consecutive blocks of one section up to `target_words`.

    No chunk has more than `max_words` words or `max_chars` characters.
    """
    blocks = [
        piece
        for b in doc.blocks
        if b.text.strip()
        for piece in _split_long(b, max_words, max_chars)
    ]
    chunks: list[Chunk] = []
    current: list[Block] = []
    count = size = 0  # words and characters of the pending chunk

    def flush() -> None:
        nonlocal count, size
        if current:
            text = "\n\n".join(b.text for b in current)
            chunks.append(Chunk(len(chunks), text, current[0].heading))
            current.clear()
            count = size = 0

    for block in blocks:
        words = _words(block.text)
        if current and (
            block.heading != current[0].heading
            or count + words > target_words
            or size + 2 + len(block.text) > max_chars
        ):
            flush()
        size += len(block.text) + (2 if current else 0)
        count += words
        current.append(block)
    flush()
    return chunks
