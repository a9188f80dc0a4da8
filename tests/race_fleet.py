"""Three races on a race server with a clock the test holds, sailed by accounts, a guest and
bots: the race figures and the prospects list read them back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from calanque.db import Database, open_database
from calanque.players import Player, Players, player_ref
from calanque.race.schedule import RaceDefinition
from calanque.race.server import RaceServer
from databases import database_url

T0 = dt.datetime(2027, 5, 8, 12, 0, tzinfo=dt.UTC)
SLUGS = ("printemps", "ete", "automne")
NAMES = {"printemps": "Trophée du printemps", "ete": "Tour de l'été", "automne": "Coupe d'automne"}


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def definition(slug: str, days: int) -> RaceDefinition:
    start = T0 + dt.timedelta(days=days)
    return RaceDefinition.from_dict(
        {
            "slug": slug,
            "name": NAMES.get(slug, slug),
            "course": "sprint",
            "registration_opens": T0 - dt.timedelta(hours=1),
            "start": start,
            "end": start + dt.timedelta(hours=1),
            "players": 4,
            "bots": 3,
            "tick_s": 600.0,
            "time_factor": 60.0,
            "wind": {"kind": "scenario", "name": "mistral", "seed": 2, "hours": 72},
        }
    )


@dataclass
class Fleet:
    server: RaceServer
    players: Players
    alice: Player
    bob: Player
    chloe: Player
    dan: Player  # signed up without opting in to be contacted

    @property
    def database(self) -> Database:
        return self.server.store.database


def race_database(tmp_path: Path) -> Path | Database:
    """A race file on SQLite; the test's own schema on PostgreSQL."""
    url = database_url(tmp_path, "races.sqlite3")
    return open_database(url) if "://" in url else Path(url)


def sail(tmp_path: Path) -> Fleet:
    """printemps: alice (3 orders), bob, the guest Gwen (1 order); été: alice (7 orders), chloe;
    automne: chloe. Three bots per race, which act at every tick."""
    clock = Clock(T0 + dt.timedelta(seconds=5))
    definitions = [definition(s, d) for s, d in zip(SLUGS, (0, 1, 2), strict=True)]
    server = RaceServer(race_database(tmp_path), definitions, clock=clock)  # type: ignore[arg-type]
    players = Players(server.store.database)
    alice = players.sign_up(
        "Belle Poule", "FR", "CNTL", email="alice@example.org", contact_topics=("tourism",)
    )
    bob = players.sign_up("Bora", "IT", "", email="bob@example.org", contact_topics=("business",))
    chloe = players.sign_up("Cigale", "ES", "Club Náutico", contact_topics=("talent", "tourism"))
    dan = players.sign_up("Discret", "FR", "CNTL", email="dan@example.org")
    first, second, third = (server.get(s) for s in SLUGS)
    assert first is not None and second is not None and third is not None

    def join(runner, p: Player) -> int:  # noqa: ANN001
        boat, _, _ = runner.join(p.boat_name, p.country, p.club, player=player_ref(p.id))
        return boat

    a1, _ = join(first, alice), join(first, bob)
    g1, _, _ = first.join("Gwen", "FR", "CNTL")
    a2 = join(second, alice)
    join(second, chloe)
    join(third, chloe)
    join(first, dan)
    clock.now = T0 + dt.timedelta(seconds=15)
    first.advance(clock())  # the bots act, the boats leave the line
    for heading in (180.0, 190.0, 200.0):
        first.order(a1, "heading", heading)
    first.order(g1, "twa", 120.0)
    first.race.order(0, "twa", 100.0, bot=True)  # a bot steering off a shore, as bots do
    seq = first.order(a1, "vmg", 1.0).seq
    first.cancel(a1, seq)  # a cancelled order is still an order sent; the cancel is not
    for heading in range(7):
        second.order(a2, "heading", 150.0 + heading)
    clock.now = T0 + dt.timedelta(seconds=45)
    first.advance(clock())
    for runner in (first, second, third):
        runner.order_log.flush()
    return Fleet(server, players, alice, bob, chloe, dan)
