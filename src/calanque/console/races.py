"""Impact of the races over a period: players, countries, clubs, retention from race to race,
orders per player.

Read through the race store's own queries (`RaceStore.participations`, `server_races`): a
participation is a person's entry in a race (bots are never counted), dated by when they joined.
A player with an account is one person across races, so only accounts can come back; a guest's
boat (and the anonymous entry an erased account leaves) is one person in one race. "Came back"
means the account sailed a race that started later, within the period; a race with no later race
in the period has no retention figure yet.

Every figure is a table of rows, drawn by `charts.py` and exported as CSV as it is, like the
site's impact (`impact.py`).
"""

from __future__ import annotations

import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from calanque.console.impact import Impact, period_days
from calanque.race.schedule import RaceDefinition
from calanque.race.server import DELETED
from calanque.race.store import RaceStore

TABLES = ("summary", "per_day", "per_race", "countries", "clubs", "orders")
#: Orders one player sent in one race, in bands (the last is open).
ORDER_BANDS = ((0, 0), (1, 5), (6, 20), (21, 50), (51, None))


@dataclass(frozen=True, slots=True)
class Participation:
    race_id: int
    boat: int
    player: str  # an account's `players.player_ref`, or "guest", or DELETED (an erased one)
    country: str
    club: str
    day: str
    orders: int
    account: bool
    person: str  # one key per person: the account, or this boat in this race


def _participation(r: Any) -> Participation:
    race_id, boat, player = int(r[0]), int(r[2]), r[3]
    account = player not in ("guest", "bot", DELETED)
    person = player if account else f"{race_id}/{boat}"
    return Participation(
        race_id, boat, player, r[4], r[5], str(r[6])[:10], int(r[7]), account, person
    )


def _share(n: int, total: int) -> float:
    return round(n / total, 4) if total else 0.0


def _band(n: int) -> str:
    for low, high in ORDER_BANDS:
        if high is None:
            return f"{low}+"
        if low <= n <= high:
            return str(low) if low == high else f"{low}-{high}"
    raise AssertionError(n)  # the last band is open


def _days(rows: list[Participation], since: str, until: str) -> list[dict[str, Any]]:
    """Every day of the period with the players who joined a race that day."""
    joins = Counter(p.day for p in rows)
    accounts = Counter(p.day for p in rows if p.account)
    return [
        {"day": d, "joined": joins[d], "with_account": accounts[d]}
        for d in period_days(since, until, joins)
    ]


def _counted(people: dict[str, Participation], field: str) -> list[dict[str, Any]]:
    counts = Counter(getattr(p, field) for p in people.values())
    total = len(people)
    return [{field: k, "players": n, "share": _share(n, total)} for k, n in counts.most_common()]


class RaceImpact:
    """The races' figures of a store. A period's figures are kept `ttl` seconds: the page, its
    six charts and its CSVs ask for the same ones, and on 2.3 million orders one computation
    takes seconds (BENCHMARKS.md, "Console")."""

    def __init__(self, store: RaceStore, ttl: float = 60.0) -> None:
        self.store = store
        self.ttl = ttl
        self._kept: dict[tuple[str, str], tuple[float, Impact]] = {}
        self._lock = threading.Lock()

    def races(self) -> dict[int, RaceDefinition]:
        """The server's races by id."""
        return {rid: RaceDefinition.from_json(text) for rid, _, text in self.store.server_races()}

    def measure(self, since: str = "", until: str = "") -> Impact:
        """Figures of the players who joined a race in [since, until) (ISO dates), at most
        `ttl` seconds old."""
        key, now = (since, until), time.monotonic()
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and now - kept[0] < self.ttl:
                return kept[1]
        impact = self._compute(since, until)
        with self._lock:
            self._kept = {k: v for k, v in self._kept.items() if now - v[0] < self.ttl}
            self._kept[key] = (now, impact)
        return impact

    def _compute(self, since: str, until: str) -> Impact:
        rows = [_participation(r) for r in self.store.participations(since, until)]
        races = self.races()
        order = sorted({p.race_id for p in rows}, key=lambda rid: (races[rid].start, rid))
        rank = {rid: i for i, rid in enumerate(order)}
        rows.sort(key=lambda p: (rank[p.race_id], p.boat))
        # Each person once, as they last sailed (an account's latest country and club).
        people = {p.person: p for p in rows}
        sailed: dict[str, set[int]] = {}  # account -> ranks of the races it sailed
        by_race: dict[int, list[Participation]] = {rid: [] for rid in order}
        for p in rows:
            by_race[p.race_id].append(p)
            if p.account:
                sailed.setdefault(p.player, set()).add(rank[p.race_id])
        first = {a: min(r) for a, r in sailed.items()}
        last = {a: max(r) for a, r in sailed.items()}
        per_race: list[dict[str, Any]] = []
        for i, rid in enumerate(order):
            here = by_race[rid]
            accounts = {p.player for p in here if p.account}
            later = i < len(order) - 1
            came_back = sum(last[a] > i for a in accounts)
            per_race.append(
                {
                    "race": races[rid].slug,
                    "name": races[rid].name,
                    "start": races[rid].start.strftime("%Y-%m-%d %H:%M UTC"),
                    "players": len(here),
                    "accounts": len(accounts),
                    "guests": len(here) - len(accounts),
                    "returning": sum(first[a] < i for a in accounts),
                    "came_back": came_back if later else None,
                    "retention": _share(came_back, len(accounts)) if later else None,
                    "orders": sum(p.orders for p in here),
                    "orders_per_player": round(sum(p.orders for p in here) / len(here), 2),
                }
            )
        orders = [p.orders for p in rows]
        followed = [r for r in per_race if r["retention"] is not None]
        base = sum(r["accounts"] for r in followed)
        back = sum(r["came_back"] for r in followed)
        accounts_total = len({p.player for p in rows if p.account})
        summary = [
            ("races", len(order)),
            ("players", len(people)),
            ("accounts", accounts_total),
            ("guests", len(people) - accounts_total),
            ("participations", len(rows)),
            ("countries", len({p.country for p in people.values() if p.country})),
            ("clubs", len({p.club for p in people.values() if p.club})),
            ("sailed_several", sum(len(v) > 1 for v in sailed.values())),
            # None until a race of the period has a later one to come back for
            ("retention", _share(back, base) if followed else None),
            ("orders", sum(orders)),
            ("orders_per_player", round(sum(orders) / len(orders), 2) if orders else 0.0),
            ("orders_median", statistics.median(orders) if orders else 0),
        ]
        bands = Counter(_band(n) for n in orders)
        tables = {
            "summary": [{"measure": k, "value": v} for k, v in summary],
            "per_day": _days(rows, since, until),
            "per_race": per_race,
            "countries": _counted(people, "country"),
            "clubs": _counted(people, "club"),
            # One count per player and race.
            "orders": [
                {"orders": b, "players": bands[b], "share": _share(bands[b], len(rows))}
                for b in (_band(low) for low, _ in ORDER_BANDS)
            ],
        }
        return Impact(since, until, tables)
