"""Answer quality before and after: the landed answer path and the working tree, side by side.

    python bench/answers.py [--workdir DIR] [--piaf-workdir DIR] [--piaf-questions N]
        [--limit N] [--show N] [--json FILE] [--no-before]

One run measures two versions of the code on the same questions. *After* is the working tree
(the installed editable package, in this process); *before* is commit `ad7c414`, checked out as a
git worktree in /tmp/calanque-before (made if missing) and run as a subprocess of this script,
`PYTHONPATH=/tmp/calanque-before/src python bench/answers.py --measure-only --side before --json
OUT ...`. Each side only uses the API both versions share (`Engine`, `build_demo`,
`answerer.ask(question, history)`, `Answerer(Searcher(store, embedder))`), builds the demo index
in its own home (`--workdir`/before, `--workdir`/after: the schemas may differ) and records what
came back; this process then scores both sides with the same code (the working tree's gazetteer,
sentence splitter and SQuAD normalisation), so that a difference is one of the answers.

1. PIAF reading (target: first sentence >= 0.75). The *report* half of PIAF v1.0 (odd article
   index, as in `retrieval.py`; never used to train the reader) asked of an answerer over every
   PIAF paragraph (`retrieval.build_index`, kept in `--piaf-workdir`) with no territory: share
   answered, share whose first sentence holds a gold answer, whose whole answer holds one
   (`piaf.contains`: case, accents, punctuation, articles), mean words of the answered.
   The first sentence is the text without its `[n]` markers and bullet dashes, split by
   `split_sentences`, after the notice "The sources that answer this question are in French:"
   when the answer opens on one (those answers are counted apart: an English reader gets the
   fact, in French); a refusal is a miss, whatever its text.
2. Demo-corpus facts (target: first sentence >= 0.90): `bench/data/answer_facts.tsv` (any of the
   ` | `-separated facts counts), overall, by language and by answer type.
3. Refusals (target: out of scope refused >= 0.95, in scope refused <= 0.03): `scope_heldout.tsv`,
   `scope_dev.tsv`, `scope_fresh.tsv` and `scope_blind2.tsv` (the dev set calibrated the refusal
   model; the held-out set did not, but its errors were read to write rules; the fresh set was
   written afterwards by someone who saw neither the rules nor the answers, and its errors were
   read in turn; `scope_blind2.tsv` was written the same way later still), refused meaning
   `not answer.answered`, with the out-of-scope share by category.
4. Conversations (target >= 0.95): `bench/data/conversations.jsonl`, asked turn by turn with the
   earlier turns as history. A follow-up is resolved when its standalone query names its place
   (a commune's INSEE code among the gazetteer's communes of the query, a conseil de territoire
   among its groups, or, for no place, no commune and no group), and keeps its topic when every
   topic word, folded, is in the folded query.
5. Latency of a whole answer (target: p95 <= 300 ms): `answerer.ask` over the facts questions,
   after warm-up (`engine.warm()` where it exists, else one throwaway question). The machine is
   shared: the load average is printed with the figures.

`--show N` prints N answers of the after version (facts and scope questions, fixed seed) to read.
`--limit N` caps the facts, the conversations and each scope set (N in scope, N out),
`--piaf-questions N` the PIAF questions (default all, 1,810), for quick runs. `--json FILE` writes
every number (with `--measure-only`: the raw answers of this side instead). A full run takes
15-30 minutes on a shared 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.markup import escape
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))

import calanque  # noqa: E402
from calanque.answer.answerer import Answerer, QuestionError  # noqa: E402
from calanque.answer.messages import MESSAGES  # noqa: E402
from calanque.answer.types import Turn  # noqa: E402
from calanque.config import Settings  # noqa: E402
from calanque.engine import Engine  # noqa: E402
from calanque.index.analysis import fold  # noqa: E402
from calanque.index.embedders import E5Embedder  # noqa: E402
from calanque.index.search import Searcher  # noqa: E402
from calanque.index.sqlite_store import SQLiteStore  # noqa: E402
from calanque.ingest.chunking import split_sentences  # noqa: E402
from piaf import contains, load_questions  # noqa: E402
from retrieval import DEFAULT, build_index, load_squad  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "bench" / "data"
BEFORE_COMMIT = "ad7c414"
BEFORE_TREE = Path("/tmp/calanque-before")
SCOPE_SETS = {
    "heldout": DATA / "scope_heldout.tsv",
    "dev": DATA / "scope_dev.tsv",
    "fresh": DATA / "scope_fresh.tsv",
    "blind2": DATA / "scope_blind2.tsv",
}
OUT_CATEGORIES = (
    *("general", "other_territory", "near_miss", "injection", "chitchat", "nonsense"),
    *("live", "contact"),
)
SIDES = ("before", "after")
TARGETS = {
    "piaf_first": (">=", 0.75),
    "facts_first": (">=", 0.90),
    "out_refused": (">=", 0.95),
    "in_refused": ("<=", 0.03),
    "conversation": (">=", 0.95),
    "p95_ms": ("<=", 300.0),
}

console = Console(width=None if sys.stdout.isatty() else 150)
log = Console(
    stderr=True, markup=False, highlight=False, width=None if sys.stderr.isatty() else 150
)

# --- the question sets (read the same way by both sides) ---------------------------------------


def _tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header line; `#` lines are comments."""
    lines = [x for x in path.read_text("utf-8").splitlines() if x.strip() and not x.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def _cap(items: list, limit: int) -> list:
    return items[:limit] if limit else items


def fact_questions(limit: int = 0) -> list[dict[str, Any]]:
    rows = _tsv(DATA / "answer_facts.tsv")
    for row in rows:
        row["facts"] = [f.strip() for f in row["facts"].split(" | ") if f.strip()]
    return _cap(rows, limit)


def scope_questions(name: str, limit: int = 0) -> list[dict[str, str]]:
    """The rows of a scope set; with `limit`, the first N of each label (in, out)."""
    rows = _tsv(SCOPE_SETS[name])
    if not limit:
        return rows
    seen: dict[str, int] = defaultdict(int)
    kept = []
    for row in rows:
        seen[row["label"]] += 1
        if seen[row["label"]] <= limit:
            kept.append(row)
    return kept


def conversations(limit: int = 0) -> list[dict[str, Any]]:
    lines = (DATA / "conversations.jsonl").read_text("utf-8").splitlines()
    return _cap([json.loads(x) for x in lines if x.strip()], limit)


def piaf_questions(dataset: Path, limit: int = 0) -> list[dict[str, Any]]:
    """The report half (odd article index), in file order."""
    return _cap([q for q in load_questions(dataset) if q["article"] % 2 == 1], limit)


# --- one side: ask, and record what came back --------------------------------------------------


def ask(answerer: Answerer, question: str, history: Sequence[Turn] = ()) -> dict[str, Any]:
    """One answer, as the scores need it; a question the answerer rejects counts as refused."""
    started = time.perf_counter()
    try:
        answer = answerer.ask(question, list(history))
    except QuestionError as exc:
        ms = 1000 * (time.perf_counter() - started)
        return {
            "question": question,
            "text": str(exc),
            "answered": False,
            "query": question,
            "refusal": "invalid",
            "cited": [],
            "ms": ms,
        }
    ms = 1000 * (time.perf_counter() - started)
    return {
        "question": question,
        "text": answer.text,
        "answered": bool(answer.answered),
        "query": answer.query,
        "lang": answer.lang,
        "answer_type": getattr(answer, "answer_type", None),
        "refusal": getattr(answer, "refusal", None),
        "cited": [s.chunk.title for s in answer.cited],
        "ms": ms,
    }


def measure(args: argparse.Namespace, side: str) -> dict[str, Any]:
    """Every answer of the version of calanque this process imports."""
    raw: dict[str, Any] = {"side": side, "calanque": calanque.__file__, "load": [os.getloadavg()]}
    home = args.workdir / side
    engine = Engine(Settings.load({"home": str(home)}))
    started = time.perf_counter()
    engine.build_demo()
    raw["build_s"] = time.perf_counter() - started
    started = time.perf_counter()
    if hasattr(engine, "warm"):
        engine.warm()
    else:
        engine.answerer.ask("Que faire à Marseille ?")
    raw["warm_s"] = time.perf_counter() - started
    log.print(f"[{side}] {calanque.__file__}: demo index in {home}, warm in {raw['warm_s']:.1f} s")

    answerer = engine.answerer
    raw["facts"] = [ask(answerer, q["question"]) for q in fact_questions(args.limit)]
    log.print(f"[{side}] facts: {len(raw['facts'])} answers")
    raw["scope"] = {}
    for name in SCOPE_SETS:
        raw["scope"][name] = [
            ask(answerer, q["question"]) for q in scope_questions(name, args.limit)
        ]
        log.print(f"[{side}] scope {name}: {len(raw['scope'][name])} answers")
    raw["conversations"] = []
    for conversation in conversations(args.limit):
        history: list[Turn] = []
        turns = []
        for turn in conversation["turns"]:
            record = ask(answerer, turn["q"], history)
            turns.append(record)
            history.append(Turn(turn["q"], record["text"]))
        raw["conversations"].append({"id": conversation["id"], "turns": turns})
    log.print(f"[{side}] conversations: {len(raw['conversations'])}")
    raw["load"].append(os.getloadavg())
    raw["piaf"] = measure_piaf(args, side) if args.dataset.is_file() else None
    raw["load"].append(os.getloadavg())
    return raw


def measure_piaf(args: argparse.Namespace, side: str) -> list[dict[str, Any]]:
    """The report-half questions asked of a territory-less answerer over every PIAF paragraph.
    The after side builds (or checks) the index; the before side only reads it."""
    embedder = E5Embedder()
    path = args.piaf_workdir / "hybrid.sqlite3"
    if side == "after":
        args.piaf_workdir.mkdir(parents=True, exist_ok=True)
        if not path.is_file():
            log.print(f"building the PIAF index in {args.piaf_workdir} (about 4 minutes)…")
        docs, _ = load_squad(args.dataset)
        store = build_index(docs, args.piaf_workdir, embedder)
    else:
        if not path.is_file():
            raise SystemExit(f"no PIAF index at {path} (the after side builds it first)")
        store = SQLiteStore(path)
    answerer = Answerer(Searcher(store, embedder))
    answerer.ask("Quelle est la capitale de la France ?")  # load what the first question would
    questions = piaf_questions(args.dataset, args.piaf_questions)
    records = []
    started = time.perf_counter()
    for i, q in enumerate(questions, 1):
        record = ask(answerer, q["question"])
        records.append({k: record[k] for k in ("question", "text", "answered", "ms")})
        if i % 200 == 0 or i == len(questions):
            log.print(
                f"[{side}] PIAF: {i}/{len(questions)} in {time.perf_counter() - started:.0f} s"
            )
    return records


# --- scores (both sides, one code) -------------------------------------------------------------

_MARKERS = re.compile(r"\s*\[\d{1,3}(?:\s*[,;]\s*\d{1,3})*\]")
_BULLETS = re.compile(r"^\s*[-*•]\s+", re.M)


def plain(text: str) -> str:
    """The answer without its citation markers and bullet dashes."""
    return _BULLETS.sub("", _MARKERS.sub("", text))


# "The sources that answer this question are in French:", said before quoting them: a label
# of what follows, not a sentence of the answer (`other_language` counts these answers).
# (… or some of them, before a list mixing languages)
_OTHER_LANGUAGE = re.compile(
    "|".join(
        re.escape(MESSAGES[lang][key]).replace(re.escape("{language}"), r"\w+")
        for lang in MESSAGES
        for key in ("other_language", "some_other_language")
        if key in MESSAGES[lang]
    )
)


def other_language(text: str) -> bool:
    return bool(_OTHER_LANGUAGE.match(text))


def first_sentence(text: str) -> str:
    """The answer's first sentence, after the notice that its sources are in another language."""
    sentences = split_sentences(plain(_OTHER_LANGUAGE.sub("", text, count=1).lstrip()))
    return sentences[0] if sentences else ""


def reading(records: list[dict[str, Any]], golds: list[list[str]]) -> dict[str, float]:
    """Answered, first sentence right, whole answer right (shares), and mean words answered."""
    n = len(records)
    if not n:
        return {"n": 0}
    answered = [r for r in records if r["answered"]]
    first = sum(
        r["answered"] and contains(first_sentence(r["text"]), g)
        for r, g in zip(records, golds, strict=True)
    )
    whole = sum(
        r["answered"] and contains(plain(r["text"]), g) for r, g in zip(records, golds, strict=True)
    )
    words = [len(plain(r["text"]).split()) for r in answered]
    return {
        "n": n,
        "answered": len(answered) / n,
        "other_language": sum(other_language(r["text"]) for r in answered) / n,
        "first": first / n,
        "whole": whole / n,
        "words": float(np.mean(words)) if words else None,
    }


def latency(records: list[dict[str, Any]]) -> dict[str, float]:
    ms = np.array([r["ms"] for r in records])
    if not len(ms):
        return {"n": 0}
    return {
        "n": len(ms),
        "p50": float(np.percentile(ms, 50)),
        "p95": float(np.percentile(ms, 95)),
        "mean": float(ms.mean()),
    }


def score(raw: dict[str, Any], args: argparse.Namespace, engine: Engine) -> dict[str, Any]:
    out: dict[str, Any] = {
        "calanque": raw["calanque"],
        "load": raw["load"],
        "warm_s": raw["warm_s"],
    }
    if raw["piaf"] is not None:
        qs = piaf_questions(args.dataset, args.piaf_questions)
        _same(qs, raw["piaf"], "PIAF", raw["side"])
        out["piaf"] = reading(raw["piaf"], [q["answers"] for q in qs])
        out["latency_piaf"] = latency(raw["piaf"])

    facts = fact_questions(args.limit)
    _same(facts, raw["facts"], "facts", raw["side"])
    golds = [q["facts"] for q in facts]
    out["facts"] = {"all": reading(raw["facts"], golds)}
    for key in ("lang", "type"):
        groups: dict[str, list[int]] = defaultdict(list)
        for i, q in enumerate(facts):
            groups[q[key]].append(i)
        out["facts"][key] = {
            k: reading([raw["facts"][i] for i in ix], [golds[i] for i in ix])
            for k, ix in sorted(groups.items())
        }
    out["latency"] = latency(raw["facts"])

    out["scope"] = {}
    for name in SCOPE_SETS:
        qs = scope_questions(name, args.limit)
        _same(qs, raw["scope"][name], f"scope {name}", raw["side"])
        refused: dict[tuple[str, str], list[bool]] = defaultdict(list)
        for q, r in zip(qs, raw["scope"][name], strict=True):
            refused[q["label"], "all"].append(not r["answered"])
            refused[q["label"], q["category"]].append(not r["answered"])
        out["scope"][name] = {
            f"{label}:{category}": {"n": len(v), "refused": float(np.mean(v))}
            for (label, category), v in sorted(refused.items())
        }

    out["conversations"] = conversation_scores(raw["conversations"], args, engine, raw["side"])
    return out


def conversation_scores(
    answered: list[dict[str, Any]], args: argparse.Namespace, engine: Engine, side: str
) -> dict[str, Any]:
    """Follow-ups whose query names the right place (by kind of place), and keeps the topic."""
    insee = {c.name: code for code, c in engine.pack.communes.items()}
    gazetteer = engine.gazetteer
    place: dict[str, list[bool]] = defaultdict(list)
    topic: dict[str, list[bool]] = defaultdict(list)
    gold = conversations(args.limit)
    _same(gold, answered, "conversations", side)
    for conversation, result in zip(gold, answered, strict=True):
        for i, (turn, record) in enumerate(
            zip(conversation["turns"], result["turns"], strict=True)
        ):
            query = record["query"]
            folded = fold(query)
            topic["all turns"].append(all(fold(w) in folded for w in turn["topic"]))
            if i == 0:
                continue
            communes, groups = gazetteer.communes(query), gazetteer.groups(query)
            if turn["place"] is None:
                kind, right = "no place", not communes and not groups
            elif turn["place"] in insee:
                kind, right = "commune", insee[turn["place"]] in communes
            else:
                kind, right = "group", turn["place"] in groups
            place["follow-ups"].append(right)
            place[kind].append(right)
            topic["follow-ups"].append(topic["all turns"][-1])
    return {
        "place": {k: {"n": len(v), "share": float(np.mean(v))} for k, v in place.items()},
        "topic": {k: {"n": len(v), "share": float(np.mean(v))} for k, v in topic.items()},
    }


def _same(gold: list[dict[str, Any]], records: list[dict[str, Any]], what: str, side: str) -> None:
    """The answers are those of these questions, in this order (both sides read the same sets)."""
    if len(gold) != len(records):
        raise SystemExit(f"{side} {what}: {len(records)} answers for {len(gold)} questions")
    for q, r in zip(gold, records, strict=True):
        if "question" in q and q["question"] != r["question"]:
            raise SystemExit(f"{side} {what}: answer to {r['question']!r} for {q['question']!r}")


# --- the before side, in a subprocess ----------------------------------------------------------


def before_tree() -> Path:
    """The worktree of the landed version, made when missing, checked to be at its commit."""
    if not BEFORE_TREE.is_dir():
        log.print(f"git worktree add {BEFORE_TREE} {BEFORE_COMMIT}")
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", str(BEFORE_TREE), BEFORE_COMMIT],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    head = subprocess.run(
        ["git", "-C", str(BEFORE_TREE), "rev-parse", "HEAD"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    want = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", BEFORE_COMMIT],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if head != want:
        raise SystemExit(f"{BEFORE_TREE} is at {head[:7]}, not {BEFORE_COMMIT}: remove it first")
    return BEFORE_TREE


def measure_before(args: argparse.Namespace) -> dict[str, Any]:
    """Run this script under the landed version (its `src` first on PYTHONPATH)."""
    src = before_tree() / "src"
    with tempfile.TemporaryDirectory(prefix="calanque-answers-") as tmp:
        out = Path(tmp) / "before.json"
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--measure-only",
            "--side=before",
            f"--json={out}",
            f"--workdir={args.workdir}",
            f"--piaf-workdir={args.piaf_workdir}",
            f"--dataset={args.dataset}",
            f"--piaf-questions={args.piaf_questions}",
            f"--limit={args.limit}",
        ]
        path = os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "PYTHONPATH": path}
        log.print(f"[before] PYTHONPATH={src} {' '.join(command[1:])}")
        done = subprocess.run(command, env=env, cwd=REPO)
        if done.returncode:
            raise SystemExit(f"the before side failed (exit code {done.returncode})")
        raw = json.loads(out.read_text("utf-8"))
    if not Path(raw["calanque"]).resolve().is_relative_to(src.resolve()):
        raise SystemExit(f"the before side imported {raw['calanque']}, not the worktree's")
    return raw


# --- tables ------------------------------------------------------------------------------------


def _fmt(value: float | None, kind: str = "share") -> str:
    if value is None:
        return "—"
    return {"share": f"{value:.3f}", "words": f"{value:.1f}", "ms": f"{value:.0f}"}[kind]


def _delta(before: float | None, after: float | None, kind: str = "share") -> str:
    if before is None or after is None:
        return "—"
    d = after - before
    return {"share": f"{d:+.3f}", "words": f"{d:+.1f}", "ms": f"{d:+.0f}"}[kind]


def _target(name: str | None) -> str:
    if name is None:
        return ""
    op, value = TARGETS[name]
    return f"{'≥' if op == '>=' else '≤'} {value:g}"


def _get(scores: dict[str, Any] | None, *path: str) -> Any:
    for key in path:
        if not isinstance(scores, dict) or key not in scores:
            return None
        scores = scores[key]
    return scores


@dataclass(frozen=True)
class Row:
    """A measure of a side table: where it is in the scores, its target, how to print it."""

    label: str
    n: int
    path: tuple[str, ...]
    target: str | None = None
    kind: str = "share"


def side_table(title: str, rows: list[Row], scores: dict[str, Any], caption: str = "") -> Table:
    """One row per measure: target, before, after, change."""
    table = Table(
        title=title,
        caption=caption or None,
        title_justify="left",
        caption_justify="left",
    )
    table.add_column("measure", min_width=48)
    for col in ("n", "target", "before", "after", "after − before"):
        table.add_column(col, justify="right")
    for row in rows:
        before, after = (_get(scores[s], *row.path) for s in SIDES)
        table.add_row(
            row.label,
            str(row.n),
            _target(row.target),
            _fmt(before, row.kind),
            _fmt(after, row.kind),
            _delta(before, after, row.kind),
        )
    return table


def reading_rows(path: tuple[str, ...], n: int, target: str) -> list[Row]:
    return [
        Row("first sentence holds a gold answer", n, (*path, "first"), target),
        Row("whole answer holds one", n, (*path, "whole")),
        Row("answered", n, (*path, "answered")),
        Row("answered from sources in another language", n, (*path, "other_language")),
        Row("mean words (answered)", n, (*path, "words"), kind="words"),
    ]


def breakdown_table(title: str, scores: dict[str, Any], key: str) -> Table:
    """One row per value of `key` (language, answer type), each measure before | after."""
    table = Table(title=title, title_justify="left")
    table.add_column(key)
    table.add_column("n", justify="right")
    measures = [
        ("first", "first sentence", "share"),
        ("whole", "whole answer", "share"),
        ("answered", "answered", "share"),
        ("words", "words", "words"),
    ]
    for _, name, _ in measures:
        for side in SIDES:
            table.add_column(f"{name}\n{side}", justify="right")
    for value, after in (_get(scores["after"], "facts", key) or {}).items():
        cells = [
            _fmt(_get(scores[side], "facts", key, value, field), kind)
            for field, _, kind in measures
            for side in SIDES
        ]
        table.add_row(value, str(after["n"]), *cells)
    return table


def refusal_rows(after: dict[str, Any], name: str) -> list[Row]:
    """Out of scope refused, in scope refused (the targets), then by category."""
    cells = after["scope"][name]
    keys = [("out:all", "out of scope refused", "out_refused")]
    keys.append(("in:all", "in scope refused (wrongly)", "in_refused"))
    keys += [(f"out:{c}", f"  out: {c}", None) for c in OUT_CATEGORIES]
    keys += [(k, f"  in: {k[3:]}", None) for k in cells if k.startswith("in:") and k != "in:all"]
    return [
        Row(label, cells[key]["n"], ("scope", name, key, "refused"), target)
        for key, label, target in keys
        if key in cells
    ]


def print_tables(scores: dict[str, Any], args: argparse.Namespace) -> None:
    after = scores["after"]
    if "piaf" in after:
        n = after["piaf"]["n"]
        console.print(
            side_table(
                f"1. PIAF reading — report half (odd articles), {n} questions",
                reading_rows(("piaf",), n, "piaf_first"),
                scores,
                "An answerer over every PIAF paragraph, no territory. A refusal is a miss.",
            )
        )
    else:
        console.print(f"1. PIAF reading: skipped, {args.dataset} not found (pass --dataset FILE)")

    n = after["facts"]["all"]["n"]
    console.print(
        side_table(
            f"2. Demo-corpus facts — answer_facts.tsv, {n} questions",
            reading_rows(("facts", "all"), n, "facts_first"),
            scores,
        )
    )
    console.print(breakdown_table("2b. Facts by language", scores, "lang"))
    console.print(breakdown_table("2c. Facts by answer type", scores, "type"))

    notes = {
        "heldout": "held-out: not used to fit the model; its errors were read to write rules",
        "dev": "dev: used to calibrate the new version's refusal",
        "fresh": "fresh: written without seeing the rules or the answers; read since",
        "blind2": "blind2: written later the same way; its errors were read after its first run",
    }
    for name, note in notes.items():
        console.print(
            side_table(
                f"3. Refusals — {SCOPE_SETS[name].name} ({note})", refusal_rows(after, name), scores
            )
        )

    conv = after["conversations"]
    rows = []
    for kind in ("follow-ups", "commune", "group", "no place"):
        if kind in conv["place"]:
            first = kind == "follow-ups"
            rows.append(
                Row(
                    "query names the right place" if first else f"  {kind}",
                    conv["place"][kind]["n"],
                    ("conversations", "place", kind, "share"),
                    "conversation" if first else None,
                )
            )
    for kind, label, target in (
        ("follow-ups", "query keeps every topic word", "conversation"),
        ("all turns", "  every turn, the first included", None),
    ):
        rows.append(
            Row(label, conv["topic"][kind]["n"], ("conversations", "topic", kind, "share"), target)
        )
    console.print(
        side_table(
            f"4. Conversations — conversations.jsonl, {len(conversations(args.limit))} "
            "conversations: the follow-ups' standalone queries",
            rows,
            scores,
        )
    )

    rows = [
        Row("facts: p50", after["latency"]["n"], ("latency", "p50"), kind="ms"),
        Row("facts: p95", after["latency"]["n"], ("latency", "p95"), "p95_ms", "ms"),
        Row("facts: mean", after["latency"]["n"], ("latency", "mean"), kind="ms"),
    ]
    if "latency_piaf" in after:
        n = after["latency_piaf"]["n"]
        rows.append(Row("PIAF: p50", n, ("latency_piaf", "p50"), kind="ms"))
        rows.append(Row("PIAF: p95", n, ("latency_piaf", "p95"), kind="ms"))
    console.print(
        side_table(
            "5. Latency of a whole answer, ms (answerer.ask after warm-up)",
            rows,
            scores,
            "The machine is SHARED (2 cores, other jobs running): the sides ran one after the "
            "other, and any other load shows in these figures.",
        )
    )
    for side in SIDES:
        if scores[side] is not None:
            loads = " → ".join(f"{x[0]:.2f}" for x in scores[side]["load"])
            console.print(
                f"  {side}: 1-minute load average {loads} (start, after the demo sets, end); "
                f"warm-up {scores[side]['warm_s']:.1f} s; {scores[side]['calanque']}",
                highlight=False,
            )


def targets(scores: dict[str, Any | None]) -> list[dict[str, Any]]:
    """Each target with both sides' values, and whether the after side meets it."""
    wanted = [
        ("PIAF: first sentence", "piaf_first", ("piaf", "first")),
        ("facts: first sentence", "facts_first", ("facts", "all", "first")),
        *(
            (f"{name}: {what}", target, ("scope", name, key, "refused"))
            for name in SCOPE_SETS
            for what, target, key in (
                ("out of scope refused", "out_refused", "out:all"),
                ("in scope refused", "in_refused", "in:all"),
            )
        ),
        ("conversations: place", "conversation", ("conversations", "place", "follow-ups", "share")),
        ("conversations: topic", "conversation", ("conversations", "topic", "follow-ups", "share")),
        ("latency: p95 ms", "p95_ms", ("latency", "p95")),
    ]
    out = []
    for label, target, path in wanted:
        op, value = TARGETS[target]
        got = {side: _get(scores[side], *path) for side in SIDES}
        met = {
            side: None if v is None else (v >= value if op == ">=" else v <= value)
            for side, v in got.items()
        }
        out.append({"measure": label, "target": f"{op} {value:g}", **got, "met": met})
    return out


def print_targets(rows: list[dict[str, Any]]) -> None:
    table = Table(title="Targets", title_justify="left")
    for col in ("measure", "target", "before", "after", "after meets it"):
        table.add_column(col, justify="left" if col == "measure" else "right")
    for row in rows:
        kind = "ms" if "ms" in row["measure"] else "share"
        met = row["met"]["after"]
        table.add_row(
            row["measure"],
            row["target"].replace(">=", "≥").replace("<=", "≤"),
            _fmt(row["before"], kind),
            _fmt(row["after"], kind),
            "—" if met is None else ("[green]yes[/]" if met else "[red]no[/]"),
        )
    console.print(table)


def show(raw: dict[str, Any], args: argparse.Namespace, n: int) -> None:
    """N answers of the after side, drawn with a fixed seed from the facts and scope sets."""
    pool = [("facts", q, r) for q, r in zip(fact_questions(args.limit), raw["facts"], strict=True)]
    for name in SCOPE_SETS:
        pool += [
            (f"scope {name}", q, r)
            for q, r in zip(scope_questions(name, args.limit), raw["scope"][name], strict=True)
        ]
    for where, q, r in random.Random(0).sample(pool, min(n, len(pool))):
        label = (
            f"{q['lang']} {q['type']}, facts: {' | '.join(q['facts'])}"
            if where == "facts"
            else f"{q['lang']} {q['label']} {q['category']}"
        )
        status = "answered" if r["answered"] else f"refused ({r.get('refusal') or 'no reason'})"
        console.rule(escape(f"{where} — {label} — {status}, {r['ms']:.0f} ms"), align="left")
        console.print(f"[bold]{escape(r['question'])}[/]", highlight=False)
        if r["query"] != r["question"]:
            console.print(f"query: {r['query']}", highlight=False)
        console.print(r["text"], markup=False, highlight=False)
        for number, title in enumerate(r.get("cited") or [], 1):
            console.print(f"  [{number}] {title}", markup=False, highlight=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/calanque-bench-answers"))
    parser.add_argument(
        "--piaf-workdir", type=Path, default=None, help="the PIAF index (default: WORKDIR/piaf)"
    )
    parser.add_argument("--dataset", type=Path, default=DEFAULT, help="PIAF v1.0 (SQuAD format)")
    parser.add_argument("--piaf-questions", type=int, default=0, help="only the first N (0: all)")
    parser.add_argument("--limit", type=int, default=0, help="cap the other sets at N (0: all)")
    parser.add_argument("--show", type=int, default=0, help="print N answers of the after side")
    parser.add_argument("--json", type=Path, default=None, help="write every number here")
    parser.add_argument("--no-before", action="store_true", help="measure the working tree only")
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="(internal) answer with the calanque this process imports and write the raw "
        "answers to --json, no tables (progress on stderr)",
    )
    parser.add_argument("--side", choices=SIDES, default="after", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.workdir = args.workdir.resolve()
    args.piaf_workdir = (args.piaf_workdir or args.workdir / "piaf").resolve()

    if args.measure_only:
        if args.json is None:
            parser.error("--measure-only needs --json FILE")
        raw = measure(args, args.side)
        args.json.write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
        return

    here = Path(calanque.__file__).resolve()
    if not here.is_relative_to(REPO / "src"):
        raise SystemExit(f"after side: calanque is {here}, not the working tree's (PYTHONPATH?)")
    if not args.dataset.is_file():
        log.print(f"PIAF: {args.dataset} not found, skipped")
    started = time.perf_counter()
    raws: dict[str, dict[str, Any] | None] = {"after": measure(args, "after"), "before": None}
    engine = Engine(Settings.load({"home": str(args.workdir / "after")}))  # the judge's gazetteer
    if not args.no_before:
        raws["before"] = measure_before(args)
    scores = {side: score(raw, args, engine) if raw else None for side, raw in raws.items()}
    log.print(f"measured in {time.perf_counter() - started:.0f} s")

    console.print(
        f"Answer quality: before = {BEFORE_COMMIT} (landed), after = working tree"
        + (" — before skipped (--no-before)" if args.no_before else "")
    )
    print_tables(scores, args)
    checked = targets(scores)
    print_targets(checked)
    if args.show:
        show(raws["after"], args, args.show)  # type: ignore[arg-type]
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "before_commit": BEFORE_COMMIT,
                    "settings": {"piaf_questions": args.piaf_questions, "limit": args.limit},
                    "targets": checked,
                    **scores,
                },
                ensure_ascii=False,
                indent=1,
            )
            + "\n",
            "utf-8",
        )
        log.print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
