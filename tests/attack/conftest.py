"""The attack and load suite (#13 §5): hostile inputs and load, all on loopback, bounded.

Two profiles: `short` (the default, part of every `pytest` run: a few seconds per test) and
`long` (`CALANQUE_ATTACK=long`, or `bench/attack.py --long`: minutes). Each test states its
figures (what it tried, what failed, peak memory…) through the `figures` fixture; with
`CALANQUE_ATTACK_REPORT=FILE` they are appended to FILE as JSON lines, which `bench/attack.py`
prints as a table.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from calanque.engine import Engine

HERE = Path(__file__).parent
for helpers in ("web", "crawl"):  # web_server.py and crawlsite.py, the suites' own helpers
    sys.path.insert(0, str(HERE.parent / helpers))

from hostile import Figures, Profile, current_profile  # noqa: E402
from web_server import serve  # noqa: E402

from calanque.web.app import create_app  # noqa: E402
from databases import Postgres, copy_of_built  # noqa: E402


@pytest.fixture(scope="session")
def profile() -> Profile:
    return current_profile()


@pytest.fixture
def figures(request: pytest.FixtureRequest, profile: Profile) -> Figures:
    """`figures(tried=…, failed=…, **more)`: the test's figures, for `bench/attack.py`."""

    def record(**values: object) -> None:
        path = os.environ.get("CALANQUE_ATTACK_REPORT")
        if not path:
            return
        line = {"test": request.node.name, "profile": profile.name, **values}
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")

    return record


@pytest.fixture(scope="module")
def attack_engine(
    built_engine: Engine, postgres: Postgres | None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """A copy of the synthetic pack's index in a home (or schema) of its own: what the attacks
    write (thousands of conversations) does not reach the other tests' index."""
    home = tmp_path_factory.mktemp("attack-home")
    url = postgres.schema(f"attack_{home.name.replace('-', '_')}") if postgres else None
    engine = copy_of_built(built_engine, home, url)
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def attack_app(attack_engine: Engine) -> FastAPI:
    """The site as `calanque serve --race-demo` runs it (its lifespan on: the demo race sails)."""
    app = create_app(attack_engine, race_demo=True)
    app.state.limiter.per_minute = 0  # the fuzzer reaches the routes, not only the limiter
    return app


@pytest.fixture(scope="module")
def attack_server(attack_app: FastAPI) -> Iterator[str]:
    with serve(attack_app, lifespan="on") as url:
        yield url
