"""Fuzzing the public API from its OpenAPI description (schemathesis strategies, driven by
hypothesis), over real HTTP on loopback: no 5xx, no answer slower than 10 s, only documented
statuses and content types, and every error a clear JSON message (a 422's `detail` is a list of
{loc, msg, type}). Requests that fit the schema and requests that break it, per operation.

schemathesis' own pytest loader (`from_fixture`) fails under pytest 9 (it reads a private
`_nodeid`), so each operation's strategy is run with `@given` here.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx
import pytest
import schemathesis
from hostile import Figures, Profile
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

TIMEOUT = 10.0  # a hang guard: a request still unanswered then fails as one; speed is bench's
# A body over the limit is refused before it is read: 413 is a right answer to a request that
# breaks the schema too (documented on every route that takes a body).
# Without a boat token a race order is refused (401), without a CSRF token a player's form
# (403), before the body is read.
REJECTED = ["400", "401", "403", "404", "405", "409", "413", "422", "429"]
CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {"negative_data_rejection": {"expected-statuses": REJECTED}},
        # A race's tick events never end: its first events are what is checked.
        "max-stream-events": 3,
    }
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
OPERATIONS = [
    "POST /api/ask",
    "GET /api/search",
    "POST /api/feedback",
    "GET /api/conversations/{conversation_id}",
    "GET /api/equity",
    "GET /api/territory.geojson",
    "GET /healthz",
    "GET /v1/models",
    "POST /v1/chat/completions",
    "GET /api/races",
    "GET /api/races/{slug}",
    "GET /api/races/{slug}/snapshot",
    "GET /api/races/{slug}/tick",
    "GET /api/races/{slug}/events",
    "GET /api/races/{slug}/wind",
    "GET /api/races/{slug}/land.geojson",
    "POST /api/races/{slug}/join",
    "GET /api/races/{slug}/me",
    "POST /api/races/{slug}/orders",
    "DELETE /api/races/{slug}/orders/{seq}",
    "GET /api/races/{slug}/leaderboard",
    "GET /api/races/{slug}/leaderboard/{by}",
    "GET /api/races/{slug}/boats/{boat}/track",
    "GET /api/races/{slug}/boats/{boat}",
    "GET /api/races/{slug}/polar",
    "GET /api/races/{slug}/cards",
    "POST /api/races/{slug}/claim",
    "GET /api/players/csrf",
    "POST /api/players/signup",
    "POST /api/players/login",
    "POST /api/players/link",
    "POST /api/players/logout",
    "GET /api/players/me",
    "DELETE /api/players/me",
    "PUT /api/players/me/contact",
]
# The staff console's API sits behind a staff login; its tests walk it as an anonymous visitor
# (tests/console). What the public can reach is fuzzed here.
STAFF = "/console/"
# A free string (a conversation id) cannot break the schema; operations that take no input
# are found in the schema (`takes_input`).
FREE = {"GET /api/conversations/{conversation_id}", "POST /api/races/{slug}/claim"}
_seen: Counter[str] = Counter()


@pytest.fixture(scope="module")
def api_schema(attack_server: str) -> Any:
    return schemathesis.openapi.from_url(f"{attack_server}/openapi.json", config=CONFIG)


@pytest.fixture(scope="module")
def race_slug(attack_server: str) -> str:
    """The demo race the server sails: race routes are fuzzed on it, not only on random slugs
    (which meet a 404 before any of the race's code)."""
    (race,) = httpx.get(f"{attack_server}/api/races").json()
    return str(race["slug"])


def takes_input(api_schema: Any, label: str) -> bool:
    method, path = label.split(" ")
    operation = api_schema.raw_schema["paths"][path][method.lower()]
    return bool(operation.get("parameters") or operation.get("requestBody"))


def clear_error(response: Any) -> None:
    """An error is JSON with a `detail`: a short text, or for 422 the list the spec gives."""
    if response.status_code < 400:
        return
    content_type = response.headers.get("content-type") or [""]
    assert content_type[0].startswith("application/json"), content_type
    detail = response.json()["detail"]
    if response.status_code == 422:
        assert isinstance(detail, list) and detail, detail
        for error in detail:
            assert set(error) == {"loc", "msg", "type"}, error
            assert isinstance(error["msg"], str) and 0 < len(error["msg"]) <= 300
    else:
        assert isinstance(detail, str) and 0 < len(detail) <= 300, detail
    assert len(response.content) < 8_000  # nothing sent is echoed back


def test_every_operation_is_fuzzed(api_schema: Any) -> None:
    found = {
        f"{result.ok().method.upper()} {result.ok().path}"
        for result in api_schema.get_all_operations()
    }
    assert {op for op in found if not op.split(" ")[1].startswith(STAFF)} == set(OPERATIONS)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("label", OPERATIONS)
def test_the_api_holds_under_fuzzing(
    label: str,
    mode: GenerationMode,
    api_schema: Any,
    attack_server: str,
    profile: Profile,
    request: pytest.FixtureRequest,
) -> None:
    method, path = label.split(" ")
    if mode is GenerationMode.NEGATIVE and (label in FREE or not takes_input(api_schema, label)):
        pytest.skip("nothing to send that breaks the schema")
    operation = api_schema[path][method]
    strategy = operation.as_strategy(generation_mode=mode)
    if "{slug}" in path:
        slug = request.getfixturevalue("race_slug")
        strategy = strategy | operation.as_strategy(
            generation_mode=mode, path_parameters={"slug": slug}
        )

    @given(case=strategy)
    @settings(
        max_examples=profile.fuzz_examples,
        deadline=None,
        database=None,
        derandomize=profile.name == "short",  # CI sends the same requests every run
        suppress_health_check=list(HealthCheck),
    )
    def attack(case: Any) -> None:
        response = case.call(base_url=attack_server, timeout=TIMEOUT)
        _seen[f"{label} {response.status_code}"] += 1
        case.validate_response(response, checks=CHECKS)
        clear_error(response)

    attack()


def test_fuzzing_reached_the_routes(figures: Figures) -> None:
    """The fuzzer got past validation to the answerer; what it tried, by status."""
    if not _seen:
        pytest.skip("run with the fuzzing tests")
    ok = {k.rsplit(" ", 1)[0] for k, n in _seen.items() if k.endswith(" 200")}
    # (Generated chat messages rarely end on a user turn without a lone surrogate: the chat
    # route's answers come from the long profile and from tests/web.)
    assert {"POST /api/ask", "GET /api/search", "POST /api/feedback"} <= ok | {
        k.rsplit(" ", 1)[0] for k in _seen if k.endswith(" 404")
    }, _seen
    assert {"POST /api/ask", "GET /api/search"} <= ok, _seen
    statuses = Counter()
    for key, n in _seen.items():
        statuses[key.rsplit(" ", 1)[1]] += n
    figures(
        part="API fuzzing (schemathesis)",
        tried=sum(_seen.values()),
        failed=sum(n for s, n in statuses.items() if s.startswith("5")),
        detail=", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())),
    )
