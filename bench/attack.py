"""The attack and load suite (#13 §5), short or long, with a table of what it tried and what
failed: API fuzzing, malformed files (with peak RSS), kill -9 loops during ingestion and
crawling, XSS in the browser, prompt injection, and load.

    python bench/attack.py            # the short profile, as every `pytest` run has it
    python bench/attack.py --long     # minutes: 200 fuzz examples per operation and mode,
                                      # 30 kills per scenario, 45 MB single lines, 3 min of load

It runs `pytest tests/attack` with `CALANQUE_ATTACK=long` (or not) and
`CALANQUE_ATTACK_REPORT` pointing at a file where each test writes its figures, then prints
them. Everything runs on loopback and stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", action="store_true", help="the long profile (minutes)")
    parser.add_argument("pytest_args", nargs="*", help="more pytest arguments (e.g. -k load)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "figures.jsonl"
        env = {
            **os.environ,
            "CALANQUE_ATTACK": "long" if args.long else "short",
            "CALANQUE_ATTACK_REPORT": str(report),
            "PYTHONPATH": os.pathsep.join(
                [str(ROOT / "src"), str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")]
            ),
        }
        started = time.perf_counter()
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                str(ROOT / "tests" / "attack"),
                *args.pytest_args,
            ],
            env=env,
            cwd=ROOT,
        )
        seconds = time.perf_counter() - started
        lines = report.read_text("utf-8").splitlines() if report.exists() else []
    rows = [json.loads(line) for line in lines]
    table = Table(
        "part",
        "tried",
        "failed",
        "figures",
        title=f"Hostile inputs and load — {'long' if args.long else 'short'} profile, "
        f"{date.today()}, {platform.node() or 'this machine'} ({os.cpu_count()} cores), "
        f"{seconds:.0f} s, pytest exit {run.returncode}",
    )
    for row in rows:
        table.add_row(row["part"], str(row["tried"]), str(row["failed"]), row.get("detail", ""))
    Console(width=200).print(table)
    raise SystemExit(run.returncode)


if __name__ == "__main__":
    main()
