"""The attack suite's profiles (see conftest.py): `short` in every `pytest` run, `long` with
`CALANQUE_ATTACK=long`."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    fuzz_examples: int  # per API operation and mode (requests that fit the schema, or not)
    kills: int  # kill -9 per scenario
    load_seconds: float
    load_clients: int
    big_file_mb: float  # size of the huge single-line files
    bomb_mb: int  # what the zip bomb named .docx unzips to


SHORT = Profile(
    "short",
    fuzz_examples=10,
    kills=2,
    load_seconds=2.0,
    load_clients=50,
    big_file_mb=0.3,
    bomb_mb=100,
)
LONG = Profile(
    "long",
    fuzz_examples=200,
    kills=30,
    load_seconds=180.0,
    load_clients=50,
    big_file_mb=45,
    bomb_mb=2000,
)

Figures = Callable[..., None]


def current_profile() -> Profile:
    return LONG if os.environ.get("CALANQUE_ATTACK", "").lower() == "long" else SHORT
