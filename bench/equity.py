"""Territorial equity benchmark: place linking, question scope, and fair exposure before/after.

    python bench/equity.py [--workdir DIR] [--policy uniform|population|blend] [--questions FILE]

1. Gazetteer precision/recall/F1 on `bench/data/gazetteer_eval.tsv` (gold INSEE codes per sentence).
2. Scope accuracy on the territory-wide, place and no-place question sets.
3. On the Aix-Marseille-Provence demo index (built once into `--workdir`, rebuilt when the
   corpus, the gazetteer or the pack's place tables change, since they decide the passages), the
   territory-wide questions answered with equity off, then on: AWRF of retrieved and cited
   sources against the uniform-over-conseils target, per-conseil exposure, Gini, coverage, and
   the share of cited sentences on the topic asked (`territory_topics.tsv`: AWRF alone can be
   bought with filler); and for the place questions, the share answered from the named commune,
   before and after. `--questions bench/data/territory_questions_heldout.txt` runs the held-out
   set instead.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from calanque.answer.answerer import Answerer
from calanque.answer.types import Answer
from calanque.config import Settings
from calanque.engine import RELEVANCE_FLOORS, Engine
from calanque.equity.policy import EquityPolicy, group_target
from calanque.equity.report import EquityReport, aggregate, read_questions
from calanque.equity.scope import classify
from calanque.index.analysis import fold
from calanque.territory import gazetteer as gazetteer_module
from calanque.territory.gazetteer import Gazetteer
from calanque.territory.pack import load_pack

DATA = Path(__file__).resolve().parent / "data"
console = Console()


def gazetteer_scores(gazetteer: Gazetteer, path: Path) -> tuple[dict[str, float], list[str]]:
    """Micro precision/recall/F1 over (sentence, commune) pairs, and the errors."""
    tp = fp = fn = 0
    errors = []
    rows = path.read_text("utf-8").splitlines()[1:]
    for line in rows:
        gold_text, text = line.split("\t")
        gold, got = set(gold_text.split()), set(gazetteer.communes(text))
        tp, fp, fn = tp + len(gold & got), fp + len(got - gold), fn + len(gold - got)
        if gold != got:
            errors.append(f"gold {sorted(gold)} got {sorted(got)}: {text}")
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"sentences": len(rows), "precision": p, "recall": r, "f1": f1}, errors


def topics() -> dict[str, re.Pattern[str]]:
    """What a cited sentence must speak of, per territory-wide question (`territory_topics.tsv`)."""
    rows = (DATA / "territory_topics.tsv").read_text("utf-8").splitlines()
    pairs = [r.split("\t") for r in rows if r.strip() and not r.startswith("#")][1:]
    return {q: re.compile(terms) for q, terms in pairs}


_BULLET = re.compile(r"^- (.*?)(?: \[\d+\])+[.!?…]?$", re.M)


def on_topic(answer: Answer, pattern: re.Pattern[str]) -> float | None:
    """Share of the extractive answer's cited sentences that speak of the topic asked."""
    sentences = _BULLET.findall(answer.text)
    if not sentences:
        return None
    return sum(bool(pattern.search(fold(s).lower())) for s in sentences) / len(sentences)


def place_questions() -> list[tuple[str, str]]:
    rows = (DATA / "place_questions.tsv").read_text("utf-8").splitlines()[1:]
    return [(r.split("\t")[1], r.split("\t")[0]) for r in rows if r.strip()]


def demo_engine(workdir: Path) -> Engine:
    """The demo index, rebuilt into a fresh folder when the corpus, the place tables or the matcher
    change."""
    pack = load_pack("aix-marseille-provence")
    digest = hashlib.sha256(Path(gazetteer_module.__file__).read_bytes())
    for name in ("communes.csv", "aliases.csv", "subareas.csv", "ambiguous.csv"):
        if (pack.root / name).is_file():
            digest.update((pack.root / name).read_bytes())
    if pack.corpus_dir is not None:
        for path in sorted(pack.corpus_dir.rglob("*")):
            if path.is_file():
                digest.update(path.read_bytes())
    home = workdir / digest.hexdigest()[:12]
    engine = Engine(Settings.load({"home": home}))
    if not (home / "built").is_file():
        console.print(f"building the demo index in {home} (about two minutes)…")
        t = time.perf_counter()
        engine.build_demo()
        (home / "built").write_text("ok")
        console.print(f"built in {time.perf_counter() - t:.0f} s")
    return engine


def _answerer(engine: Engine, equity: EquityPolicy | None) -> Answerer:
    return Answerer(
        engine.searcher,
        gazetteer=engine.gazetteer,
        top_k=engine.settings.top_k,
        default_lang=engine.pack.default_language,
        relevance_floor=RELEVANCE_FLOORS.get(engine.embedder.embedder_id, 0.0),
        equity=equity,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/calanque-bench-equity"))
    parser.add_argument("--policy", default="uniform", choices=["uniform", "population", "blend"])
    parser.add_argument("--errors", action="store_true", help="List the gazetteer's errors.")
    parser.add_argument(
        "--relevance-floor",
        type=float,
        default=EquityPolicy.relevance_floor,
        help="The policy's relevance floor: higher trades exposure for relevance.",
    )
    parser.add_argument(
        "--questions",
        type=Path,
        default=DATA / "territory_questions.txt",
        help="Territory-wide questions (also: bench/data/territory_questions_heldout.txt).",
    )
    args = parser.parse_args()
    pack = load_pack("aix-marseille-provence")
    gazetteer = Gazetteer(pack)

    scores, errors = gazetteer_scores(gazetteer, DATA / "gazetteer_eval.tsv")
    table = Table(title="Place linking (gazetteer_eval.tsv, micro over sentence × commune)")
    for col in ("sentences", "precision", "recall", "F1"):
        table.add_column(col, justify="right")
    table.add_row(
        str(scores["sentences"]),
        f"{scores['precision']:.3f}",
        f"{scores['recall']:.3f}",
        f"{scores['f1']:.3f}",
    )
    console.print(table)
    for e in errors if args.errors else []:
        console.print(f"  [dim]{e}")

    territory = read_questions(args.questions.read_text("utf-8").splitlines())
    places = place_questions()
    nones = read_questions((DATA / "none_questions.txt").read_text("utf-8").splitlines())
    table = Table(title="Question scope")
    for col in ("set", "questions", "expected", "accuracy", "misclassified"):
        table.add_column(col)
    for name, qs, want in (
        ("territory-wide", territory, "territory"),
        ("place", [q for q, _ in places], "place"),
        ("no place", nones, "none"),
    ):
        got = [classify(q, gazetteer.read(q), gazetteer.pack.name).kind for q in qs]
        wrong = [f"{q} → {g}" for q, g in zip(qs, got, strict=True) if g != want]
        table.add_row(
            name, str(len(qs)), want, f"{1 - len(wrong) / len(qs):.3f}", "; ".join(wrong)[:200]
        )
    console.print(table)

    engine = demo_engine(args.workdir)
    engine.searcher.search("warm-up", k=1)
    target = group_target(pack, "uniform")
    policy = EquityPolicy(args.policy, relevance_floor=args.relevance_floor)
    runs: dict[str, EquityReport] = {}
    # per run: answered place questions, and among them the first cited source there and the
    # share of cited sources there (a refusal cites nothing: it is counted apart, not as a
    # source elsewhere)
    place_share: dict[str, tuple[int, float, float]] = {}
    stochastic = EquityPolicy(
        args.policy, relevance_floor=args.relevance_floor, stochastic=True, seed=0
    )
    judged = topics()
    unbalanced: dict[str, set[int]] = {}
    for label, equity in (
        ("before (off)", None),
        (f"after ({args.policy})", policy),
        (f"after ({args.policy}, Plackett-Luce)", stochastic),
    ):
        answerer = _answerer(engine, equity)
        answerer.ask(territory[0])  # warm-up: caches, first vector load
        t = time.perf_counter()
        answers = [answerer.ask(q) for q in territory]
        seconds = (time.perf_counter() - t) / len(territory)
        if equity is None:
            unbalanced = {a.question: {s.chunk.id for s in a.sources} for a in answers}
        kept = np.mean(
            [
                len(unbalanced[a.question] & {s.chunk.id for s in a.sources})
                / max(len(unbalanced[a.question]), 1)
                for a in answers
            ]
        )
        runs[label] = aggregate(answers, pack, target)
        shares = [on_topic(a, judged[a.question]) for a in answers if a.question in judged]
        topical = float(np.mean([s for s in shares if s is not None])) if shares else float("nan")
        runs[label].per_question.append(
            {"seconds_per_answer": seconds, "kept": kept, "on_topic": topical}
        )
        first = cited = 0.0
        answered = 0
        for q, insee in places:
            a = answerer.ask(q)
            if not a.cited:
                continue
            answered += 1
            first += insee in a.cited[0].chunk.communes
            cited += float(np.mean([insee in s.chunk.communes for s in a.cited]))
        place_share[label] = (answered, first / max(answered, 1), cited / max(answered, 1))
    labels = list(runs)

    table = Table(
        title=f"Territory-wide questions ({len(territory)}), target uniform over conseils"
    )
    table.add_column("measure")
    for label in labels:
        table.add_column(label, justify="right")
    measures = [
        ("answered", lambda r: f"{r.answered}/{r.questions}"),
        ("mean AWRF, retrieved", lambda r: f"{r.mean_awrf_retrieved:.3f}"),
        ("mean AWRF, cited", lambda r: f"{r.mean_awrf_cited:.3f}"),
        ("AWRF of the set, cited", lambda r: f"{r.awrf_cited:.3f}"),
        ("JS distance, cited", lambda r: f"{r.js_distance:.3f}"),
        ("Gini of conseil exposure", lambda r: f"{r.gini:.3f}"),
        ("coverage (communes cited)", lambda r: f"{r.coverage:.1%}"),
        ("conseils cited", lambda r: f"{sum(g.answers > 0 for g in r.groups)}/{len(r.groups)}"),
        ("passages kept from the unbalanced top k", lambda r: f"{r.per_question[-1]['kept']:.1%}"),
        ("cited sentences on topic", lambda r: f"{r.per_question[-1]['on_topic']:.1%}"),
        ("s per answer", lambda r: f"{r.per_question[-1]['seconds_per_answer']:.2f}"),
    ]
    for name, fmt in measures:
        table.add_row(name, *(fmt(runs[label]) for label in labels))
    console.print(table)

    table = Table(title="Cited exposure per conseil de territoire")
    for col in ("conseil", "target", *(f"{lb}: exposure / ratio / answers" for lb in labels)):
        table.add_column(col)
    for j, g in enumerate(pack.groups):
        cells = []
        for label in labels:
            row = runs[label].groups[j]
            cells.append(f"{row.exposure:.3f} / {row.ratio:.2f} / {row.answers}")
        table.add_row(g, f"{target[j]:.3f}", *cells)
    console.print(table)

    table = Table(title=f"Place questions ({len(places)}): answered from the named commune")
    for col in ("", "answered", "first cited source is there", "share of cited sources there"):
        table.add_column(col)
    for label in labels:
        n, a, b = place_share[label]
        table.add_row(label, f"{n}/{len(places)}", f"{a:.1%}", f"{b:.1%}")
    console.print(table)


if __name__ == "__main__":
    main()
