"""Where PIAF's first-sentence misses come from: retrieval, reading, refusal or shaping.

Asks PIAF questions of the same answerer as `answers.py` (territory-less, over every PIAF
paragraph, default settings) step by step — analyse, gather (retrieve and read), judge, write —
and files each question under the first step that loses its gold answer:

- *right*: the answer's first sentence holds a gold answer (SQuAD normalisation, `piaf.contains`);
- *refused*: the answerer refuses (split by the rule or, for the model, by the feature that
  pulls the question furthest below the answered questions' mean, weight × difference);
- *retrieval*: no candidate sentence of the retrieved passages holds a gold answer (split by
  whether the gold paragraph was retrieved at all: if it was, the answer crosses a sentence
  boundary or the sentence was dropped as too short or long);
- *reader*: a candidate holds one, the reader's best does not (with the right sentence's rank
  among the candidates and whether it is in the first passage);
- *grounding*: the reader's best holds one, but `grounding.py` put a sentence naming the
  question's places and names before it;
- *shaping*: the first of the read sentences holds one and the answer's first sentence does
  not (an orphan's antecedent brought in, a notice, dedup).

    python bench/piaf_loss.py --workdir /tmp/piaf [--split report|tune] [--limit N] [--show N]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from answers import first_sentence  # noqa: E402
from calanque.answer.answerer import Answerer  # noqa: E402
from calanque.answer.citations import renumber  # noqa: E402
from calanque.answer.refusal import FEATURES as REFUSAL_FEATURES  # noqa: E402
from calanque.answer.refusal import features as refusal_features  # noqa: E402
from calanque.answer.types import AnswerRequest  # noqa: E402
from calanque.index.embedders import E5Embedder  # noqa: E402
from calanque.index.search import Searcher  # noqa: E402
from calanque.index.sqlite_store import SQLiteStore  # noqa: E402
from piaf import contains, load_questions  # noqa: E402
from retrieval import DEFAULT  # noqa: E402


def rule_name(evidence: Any) -> str:
    """Which hard rule of `Refusal.rule` fires (the rules' order, restated for the label)."""
    a = evidence.analysis
    if a.injection:
        return "rule: injection"
    if not evidence.sources or not evidence.sentences:
        return "rule: nothing retrieved"
    if not any(any(c.isalpha() for c in w) and len(w) > 1 for w in a.focus):
        return "rule: no word to look for"
    if a.answer_type.value in ("number", "date", "postal_code") and not any(
        s.items for s in evidence.sentences[:3]
    ):
        return f"rule: {a.answer_type.value} asked, none in the best 3 sentences"
    if not evidence.grounded:
        return "rule: no sentence speaks of the question's names (grounding)"
    return "rule: focus words or a name no source holds"


def examine(answerer: Answerer, q: dict[str, Any]) -> dict[str, Any]:
    question = answerer.validate(q["question"])
    analysis = answerer.analyse(question)
    evidence = answerer.gather(analysis)
    gold = q["answers"]
    right = [i for i, s in enumerate(evidence.sentences) if contains(s.text, gold)]
    out: dict[str, Any] = {
        "question": q["question"],
        "gold": gold[0],
        "type": analysis.answer_type.value,
        "paragraph": any(s.chunk.uri == q["uri"] for s in evidence.sources),
        "right": right,
        "n": len(evidence.sentences),
        "best": evidence.sentences[0].text if evidence.sentences else "",
        "first_passage": bool(right) and evidence.sentences[right[0]].rank == 0,
        # the reader's own best, before grounding puts the sentences naming the question's
        # places and names first
        "reader_best": bool(evidence.sentences)
        and contains(max(evidence.sentences, key=lambda s: s.score).text, gold),
    }
    verdict = answerer.judge(evidence)
    if not verdict.answered:
        out["refused"] = True
        if verdict.probability == 0.0:
            out["why"] = rule_name(evidence)
        else:
            out["x"] = refusal_features(
                analysis,
                evidence.sources,
                evidence.sentences,
                evidence.stats,
                answerer.refusal.dense_floor,
            )
        return out
    out["refused"] = False
    out["x"] = refusal_features(
        analysis, evidence.sources, evidence.sentences, evidence.stats, answerer.refusal.dense_floor
    )
    request = AnswerRequest(analysis, evidence.sources, evidence.sentences, [], None)
    text = "".join(answerer._filtered(answerer.backend, request))
    text, _, n_cited = renumber(text, evidence.sources)
    out["answer"] = text
    out["first"] = first_sentence(text)
    out["ok"] = bool(n_cited) and contains(out["first"], gold)
    return out


def category(r: dict[str, Any]) -> str:
    if r.get("ok"):
        return "right"
    if r["refused"]:
        return "refused"
    if not r["right"]:
        return "retrieval"
    if r["right"][0] != 0:
        return "grounding" if r["reader_best"] else "reader"
    return "shaping"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT)
    parser.add_argument("--workdir", type=Path, required=True, help="retrieval.py's PIAF index")
    parser.add_argument("--split", choices=("report", "tune"), default="report")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--show", type=int, default=0, help="print N misses of each kind")
    args = parser.parse_args()
    parity = {"tune": 0, "report": 1}[args.split]
    questions = [q for q in load_questions(args.dataset) if q["article"] % 2 == parity]
    if args.limit:
        questions = questions[: args.limit]
    embedder = E5Embedder()
    answerer = Answerer(Searcher(SQLiteStore(args.workdir / "hybrid.sqlite3"), embedder))
    answerer.ask("Quelle est la capitale de la France ?")  # load what the first question would
    records = [examine(answerer, q) for q in questions]
    n = len(records)
    cats = Counter(category(r) for r in records)
    print(f"PIAF {args.split} half, {n} questions: where the first sentence loses the answer")
    for name in ("right", "refused", "retrieval", "reader", "grounding", "shaping"):
        print(f"  {name:10} {cats[name]:5}  {cats[name] / n:.3f}")

    refused = [r for r in records if r["refused"]]
    answered = [r for r in records if not r["refused"]]
    print(f"\nrefused ({len(refused)}): by rule, or by the model's most negative feature")
    model = answerer.refusal.model
    mean = np.mean([r["x"] for r in answered], axis=0) if answered else None
    why = Counter()
    for r in refused:
        if "why" in r:
            why[r["why"]] += 1
        elif mean is not None:
            pull = np.asarray(model.weights) * (r["x"] - mean)
            why[f"model: {REFUSAL_FEATURES[int(np.argmin(pull))]}"] += 1
    for name, count in why.most_common():
        print(f"  {name:55} {count:5}")
    print(
        "  of the refused, the reader's best sentence holds a gold answer in "
        f"{sum(1 for r in refused if r['right'][:1] == [0])}"
    )

    lost = [r for r in records if category(r) == "retrieval"]
    print(
        f"\nretrieval ({len(lost)}): gold paragraph not retrieved "
        f"{sum(not r['paragraph'] for r in lost)}, retrieved but no sentence holds the answer "
        f"{sum(r['paragraph'] for r in lost)}"
    )
    misread = [r for r in records if category(r) == "reader"]
    ranks = Counter(min(r["right"][0], 5) for r in misread)
    print(
        f"\nreader ({len(misread)}): rank of the first right sentence "
        + ", ".join(f"{k if k < 5 else '5+'}: {v}" for k, v in sorted(ranks.items()))
        + f"; in the first passage {sum(r['first_passage'] for r in misread)}"
    )
    reachable = [r for r in records if r["right"]]
    print(
        f"  reader top-1 when a right sentence is a candidate: "
        f"{sum(r['right'][0] == 0 for r in reachable) / max(1, len(reachable)):.3f} "
        f"of {len(reachable)}"
    )
    by_type: dict[str, Counter] = {}
    for r in records:
        by_type.setdefault(r["type"], Counter())[category(r)] += 1
    print("\nby answer type: n, right, refused, retrieval, reader, grounding, shaping")
    for t, c in sorted(by_type.items(), key=lambda x: -sum(x[1].values())):
        total = sum(c.values())
        cells = " ".join(
            f"{c[k] / total:.2f}"
            for k in ("right", "refused", "retrieval", "reader", "grounding", "shaping")
        )
        print(f"  {t:13} {total:5} {cells}")
    if args.show:
        rng = random.Random(0)
        for name in ("reader", "shaping", "refused"):
            sample = [r for r in records if category(r) == name]
            rng.shuffle(sample)
            print(f"\n--- {name} ---")
            for r in sample[: args.show]:
                print(f"Q: {r['question']}  [gold: {r['gold']}] ({r['type']})")
                print(f"   best: {r['best'][:200]}")
                if r.get("first"):
                    print(f"   first: {r['first'][:200]}")
                if r.get("why"):
                    print(f"   {r['why']}")


if __name__ == "__main__":
    main()
