"""Load: `bench/load.py` run as a maintainer runs it, against a real `calanque serve` on
loopback over the synthetic pack's index: 50 visitors (one loopback address each) and a greedy
one, for a few seconds here and minutes in the long profile. No request fails, the greedy
visitor is held back with 429 and Retry-After, and the server still answers after."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import Figures, Profile

from calanque.engine import Engine

BENCH = Path(__file__).parents[2] / "bench" / "load.py"

pytestmark = pytest.mark.sqlite_only("a `calanque serve` child on the attack home's file")


def test_fifty_visitors_and_a_greedy_one(
    attack_engine: Engine, profile: Profile, figures: Figures
) -> None:
    settings = attack_engine.settings
    # A few seconds are too short for the default 20 a minute to show: 5 a minute in CI.
    limit = 20 if profile.name == "long" else 5
    run = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--home",
            str(settings.home),
            "--pack",
            settings.pack,
            "--clients",
            str(profile.load_clients),
            "--seconds",
            str(profile.load_seconds),
            "--rate-limit",
            str(limit),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=profile.load_seconds + 600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    visitors, greedy, after = result["visitors"], result["greedy"], result["after"]
    assert visitors["errors"] == {} and greedy["errors"] == {}, result
    assert visitors["answers"] >= profile.load_clients  # every visitor got answers
    # The greedy visitor's 10 a second: `limit` a minute answered, the rest refused.
    assert greedy["answers"] <= limit * (1 + profile.load_seconds // 60)
    assert greedy["limited"] >= greedy["requests"] - greedy["answers"] > 0
    assert visitors["retry_after_missing"] == greedy["retry_after_missing"] == 0
    assert after == {**after, "healthz": 200, "ask": 200} and after["seconds"] < 10
    figures(
        part="load (bench/load.py)",
        tried=visitors["requests"] + greedy["requests"],
        failed=sum(visitors["errors"].values()) + sum(greedy["errors"].values()),
        detail=f"{result['clients']} visitors {result['seconds']} s, limit {limit}/min: "
        f"{visitors['answers']} "
        f"answers, {visitors['answers_per_s']}/s, p50 {visitors['p50_ms']} ms, p95 "
        f"{visitors['p95_ms']} ms, {visitors['limited']} 429; greedy: {greedy['requests']} "
        f"sent, {greedy['answers']} answered, {greedy['limited']} 429; after: question in "
        f"{after['seconds']} s; load average {result['load_average']}",
    )
