"""The race server: races on the wall clock, players joining and steering, crash-safe.

One process owns every race's state and clock (the lichess pattern): an asyncio
task wakes when a tick is due and runs it in a worker thread, so web requests,
which only read the last frame or queue orders, never wait for a tick. Each
race is a `RaceRunner`: its engine (`Race`), its write-ahead order log
(`store.OrderLog`, group commit), its entries, its forecast folder and the
per-tick frame and snapshot (`snapshot`).

Killed at any moment, the server restarts every race from its last checkpoint
and its order log (`RaceStore.load`), re-runs the ticks the clock says are due,
and is where an uninterrupted server would be: every acknowledged order was
committed before it was acknowledged.

One process only may run a store's races: the server holds the store's
`races` lock (`Database.exclusive`) while it runs, and another process asking
for it gets `RacesElsewhere`; web workers sharing a PostgreSQL database serve
the site while one process runs the race loop (docs/deploy.md).

Boats are allocated up front: a race of `players` player slots and `bots` bots
has `bots + players` boats; a player's slot sleeps (not moving, unranked) until
a join order wakes it at the next tick, from the start line.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from calanque.db.database import Database
from calanque.errors import CalanqueError
from calanque.race.bots import Bots
from calanque.race.config import file_sha256
from calanque.race.memory import keep_freed_memory
from calanque.race.orders import MODE_JOIN, Order, OrderError
from calanque.race.schedule import RaceDefinition, demo_definition
from calanque.race.simulation import Race
from calanque.race.snapshot import Frame, build_frame
from calanque.race.store import OrderLog, RaceStore
from calanque.race.weather import ForecastError, ForecastFolder, check_forecast, read_forecast

__all__ = [
    "DELETED",
    "Entry",
    "JoinError",
    "RaceRunner",
    "RaceServer",
    "RacesElsewhere",
    "token_hash",
]

log = logging.getLogger("calanque.race")

#: Ticks one worker call runs at most (a restarted server catches up in slices).
MAX_TICKS_PER_CALL = 50
#: Seconds between two looks into a race's weather folder.
WEATHER_POLL_S = 2.0
BOT_COUNTRIES = ("FR", "IT", "ES", "MC", "TN", "GR", "HR", "MT", "GB", "DE")
DELETED = "deleted"  #: an entry whose player erased their account
BOT_CLUBS = ("Bot Yacht Club", "Cercle des Bots", "Société Nautique Bot")


class JoinError(CalanqueError, ValueError):
    """A join the race cannot take (closed, full, bad name)."""


class RacesElsewhere(CalanqueError, RuntimeError):
    """Another process already runs the races of this store."""


def token_hash(token: str) -> str:
    """What is stored of a boat token: its SHA-256 (the token itself is only the player's)."""
    return hashlib.sha256(token.encode()).hexdigest()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Entry:
    """Who sails boat `boat`: a player (reference, name, country, club) or a bot."""

    boat: int
    player: str
    name: str
    country: str
    club: str
    is_bot: bool


class RaceRunner:
    """One race on the wall clock: ticks, joins, orders, forecasts, frames."""

    def __init__(
        self,
        definition: RaceDefinition,
        store: RaceStore,
        race_id: int,
        race: Race,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.definition, self.store, self.race_id, self.race = definition, store, race_id, race
        self.clock = clock
        self.order_log: OrderLog = store.attach(race, race_id)
        self.order_log.start()
        self.bots = Bots(race)
        self.entries: dict[int, Entry] = {}
        self._tokens: dict[str, int] = {}
        self._players: dict[str, int] = {}  #: account reference -> boat
        self._join_lock = threading.Lock()
        for r in store.entries(race_id):
            self._remember(Entry(r[0], r[1], r[3], r[4], r[5], bool(r[6])), r[2])
        self._next_slot = race.n_bots
        joined = set(race.orders.column("boat")[race.orders.column("mode") == MODE_JOIN].tolist())
        for boat, e in self.entries.items():
            if not e.is_bot and boat not in joined:  # entry written, join lost in a crash
                race.join(boat)
        self.folder = (
            ForecastFolder(Path(definition.weather_dir)) if definition.weather_dir else None
        )
        self._next_look = 0.0
        self._pending_wind: tuple[Path, str, float, object] | None = None
        self.wind_source = race.wind.origin or "configured wind"
        self._tag = secrets.token_hex(4)
        self.frame: Frame = build_frame(race, self._tag)
        self.finished = race.state.tick >= definition.last_tick

    @classmethod
    def create(
        cls, definition: RaceDefinition, store: RaceStore, clock: Callable[[], dt.datetime] = utcnow
    ) -> RaceRunner:
        """A new race in the store: its configuration, first checkpoint and bots' entries."""
        race = Race(definition.config())
        race_id = store.create(race)
        store.add_server_race(race_id, definition.slug, definition.to_json())
        rng = np.random.default_rng([definition.seed, 7])
        store.add_entries(
            race_id,
            [
                (
                    b,
                    "bot",
                    None,
                    f"Bot {b + 1}",
                    BOT_COUNTRIES[int(rng.integers(len(BOT_COUNTRIES)))],
                    BOT_CLUBS[int(rng.integers(len(BOT_CLUBS)))],
                    1,
                )
                for b in range(definition.bots)
            ],
        )
        return cls(definition, store, race_id, race, clock)

    def _remember(self, entry: Entry, token_hash: str | None) -> None:
        self.entries[entry.boat] = entry
        if token_hash:
            self._tokens[token_hash] = entry.boat
        if entry.player not in ("guest", "bot", DELETED):
            self._players[entry.player] = entry.boat

    # -- what requests ask -----------------------------------------------------------------

    @property
    def slug(self) -> str:
        return self.definition.slug

    def status(self) -> str:
        return self.definition.status(self.clock(), self.finished)

    def boat_of(self, token: str) -> int | None:
        """The boat a secret token sails, or None."""
        return self._tokens.get(token_hash(token))

    def boat_of_player(self, player: str) -> int | None:
        """The boat an account (`players.player_ref`) sails in this race, or None."""
        return self._players.get(player)

    def reassign(self, boat: int, player: str, name: str, country: str, club: str) -> Entry:
        """Hand a player's boat to an account (a guest who signs up claims it) or to nobody
        (`DELETED`, an erased account: the boat stays in the results, anonymous). The boat's
        guest token is revoked either way: from now on the account's session steers it."""
        with self._join_lock:
            old = self.entries[boat]
            if old.is_bot:
                raise JoinError("a bot's boat cannot be claimed")
            self.store.update_entry(self.race_id, boat, player, name, country, club)
            self._tokens = {h: b for h, b in self._tokens.items() if b != boat}
            self._players.pop(old.player, None)
            entry = Entry(boat, player, name, country, club, False)
            self._remember(entry, None)
        return entry

    def join(
        self, name: str, country: str, club: str, player: str = "guest"
    ) -> tuple[int, str, int]:
        """Give a player the next free boat; return it, its secret token and the join
        order's sequence number.

        The entry is committed, then the join order; the caller acknowledges once
        `order_log.durable` says the order is committed too.
        """
        status = self.status()
        if status not in ("open", "racing"):
            raise JoinError(
                f"registration is {'not open yet' if status == 'scheduled' else 'closed'}"
            )
        token = secrets.token_urlsafe(32)
        with self._join_lock:
            boat = self._next_slot
            while boat in self.entries:
                boat += 1
            if boat >= self.race.config.n_boats:
                raise JoinError("the race is full")
            entry = Entry(boat, player, name, country, club, False)
            digest = token_hash(token)
            self.store.add_entries(self.race_id, [(boat, player, digest, name, country, club, 0)])
            self._remember(entry, digest)
            self._next_slot = boat + 1
            order = self.race.join(boat)
        return boat, token, order.seq

    def order(self, boat: int, mode: str, value: float = 1.0, **kw: object) -> Order:
        """Validate and queue a player's order (OrderError if refused)."""
        if self.status() == "finished":
            raise OrderError("the race is over")
        return self.race.order(boat, mode, value, **kw)  # type: ignore[arg-type]

    def cancel(self, boat: int, seq: int) -> Order:
        if self.status() == "finished":
            raise OrderError("the race is over")
        return self.race.cancel(boat, seq)

    def durable(self, seq: int) -> Future:
        return self.order_log.durable(seq)

    # -- the clock -------------------------------------------------------------------------

    def due(self, now: dt.datetime) -> bool:
        return not self.finished and self.race.state.tick < self.definition.tick_due(now)

    def next_due(self) -> dt.datetime:
        return self.definition.wall_time(self.race.state.tick + 1)

    def advance(self, now: dt.datetime) -> int:
        """Sail the ticks due by `now` (at most MAX_TICKS_PER_CALL); return how many.

        Runs in the tick worker: forecasts are looked at, switched in at the tick
        boundary, bots act, tracks and checkpoints are written, and one frame is
        built at the end.
        """
        d, race = self.definition, self.race
        self._look_for_weather()
        target = min(d.tick_due(now), race.state.tick + MAX_TICKS_PER_CALL)
        done = 0
        while race.state.tick < target:
            self._switch_wind()
            race.step()
            self.bots.act()
            done += 1
            tick = race.state.tick
            if tick % d.track_every == 0:
                self.store.add_track(
                    self.race_id, tick, race.state.t, race.state.lat, race.state.lon
                )
            active = race.state.active
            all_home = bool(active.any() and race.state.finished[active].all())
            if tick >= d.last_tick or all_home:
                self.finished = True
                break
            if tick % d.checkpoint_every == 0:
                self.store.checkpoint(self.race_id, race)
        if done:
            if self.finished:
                self.store.checkpoint(self.race_id, race)
                log.info("race %s: finished at tick %d", self.slug, race.state.tick)
            self.frame = build_frame(race, self._tag)
        return done

    def checkpoint(self) -> None:
        self.store.checkpoint(self.race_id, self.race)

    # -- weather ---------------------------------------------------------------------------

    def _look_for_weather(self) -> None:
        now = self.clock().timestamp()
        if self.folder is None or now < self._next_look:
            return
        self._next_look = now + WEATHER_POLL_S
        for path in self.folder.new_files():
            now = self.race.state.t
            try:
                wind, offset = read_forecast(path, self.definition.epoch)
                check_forecast(wind, self.race.course, now)
            except ForecastError as exc:
                log.warning(
                    "race %s: forecast %s refused: %s; sailing on with %s",
                    self.slug,
                    path.name,
                    exc,
                    self.wind_source,
                )
                continue
            self._pending_wind = (path, file_sha256(path), offset, wind)

    def _switch_wind(self) -> None:
        """Take in the forecast read since the last tick, at this tick boundary."""
        if self._pending_wind is None:
            return
        path, sha, offset, wind = self._pending_wind
        self._pending_wind = None
        tick = self.race.state.tick
        self.store.add_forecast(self.race_id, tick, str(path.resolve()), sha, offset)
        self.race.wind = wind  # type: ignore[assignment]
        self.wind_source = f"{path.name} ({self.race.wind.origin})"
        log.warning(
            "race %s: forecast %s taken in at tick %d (race time +%.1f h to +%.1f h)",
            self.slug,
            path.name,
            tick,
            self.race.wind.times[0] / 3600,
            self.race.wind.times[-1] / 3600,
        )

    def close(self) -> None:
        self.order_log.stop()


def _is_demo(runner: RaceRunner) -> bool:
    return runner.slug.startswith("demo-")


class RaceServer:
    """Every race of a store (a file, a `postgresql://` URL or a `Database`), on the wall clock.

    `definitions` are created in the store when new (by slug) and resumed otherwise;
    `demo` adds the accelerated demo race, and the next one as soon as it has finished
    (`next_demo`), so that a newcomer arriving at any time finds boats sailing.
    """

    def __init__(
        self,
        path: str | Path | Database,
        definitions: list[RaceDefinition] = (),  # type: ignore[assignment]
        *,
        demo: bool = False,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        keep_freed_memory()  # this process ticks: no page faults for the same memory each tick
        self.store = RaceStore(path)
        self._owner = ExitStack()
        if not self._owner.enter_context(self.store.database.exclusive("races")):
            self._owner.close()
            self.store.close()
            raise RacesElsewhere(f"another process runs the races of {self.store.path}")
        self.clock = clock
        self.runners: dict[str, RaceRunner] = {}
        self.demo = demo
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="race-tick")
        stored = {slug: (rid, text) for rid, slug, text in self.store.server_races()}
        for d in definitions:
            if d.slug in stored:
                self._resume(stored[d.slug][0], d)
            else:
                self.runners[d.slug] = RaceRunner.create(d, self.store, clock)
        if demo:
            demos = [(rid, t) for s, (rid, t) in stored.items() if s.startswith("demo-")]
            if demos:  # the latest stays (sailing on, or for its replay)
                rid, text = max(demos)
                self._resume(rid, RaceDefinition.from_json(text))
            self.next_demo()
        self.version = 0  #: counts ticks sailed by any race (for "new tick" waiters)

    def _resume(self, race_id: int, d: RaceDefinition) -> RaceRunner:
        race = self.store.load(race_id)
        runner = RaceRunner(d, self.store, race_id, race, self.clock)
        self.runners[d.slug] = runner
        log.info("race %s: resumed at tick %d", d.slug, race.state.tick)
        return runner

    def get(self, slug: str) -> RaceRunner | None:
        return self.runners.get(slug)

    async def run(self, stop: asyncio.Event, changed: asyncio.Condition | None = None) -> None:
        """Sail every race on the wall clock until `stop` is set, then checkpoint them."""
        loop = asyncio.get_running_loop()
        try:
            while not stop.is_set():
                now = self.clock()
                for runner in list(self.runners.values()):
                    if runner.due(now):
                        done = await loop.run_in_executor(self._worker, runner.advance, now)
                        if done and changed is not None:
                            self.version += 1
                            async with changed:
                                changed.notify_all()
                waits = [
                    (r.next_due() - self.clock()).total_seconds()
                    for r in self.runners.values()
                    if not r.finished
                ]
                timeout = min([1.0, *waits])
                if self._demo_over():
                    await loop.run_in_executor(self._worker, self.next_demo)
                    continue
                if timeout > 0:
                    try:
                        await asyncio.wait_for(stop.wait(), timeout=max(timeout, 0.01))
                    except TimeoutError:
                        pass
                else:
                    await asyncio.sleep(0)
        finally:
            await loop.run_in_executor(self._worker, self._checkpoint_all)

    def _demo_over(self) -> bool:
        return self.demo and all(r.finished for r in self.runners.values() if _is_demo(r))

    def next_demo(self) -> RaceRunner | None:
        """Start the next demo race once every demo race has finished; return it (None
        while one still sails). The last finished one stays for its replay; older ones
        are closed and leave the server (they stay in the store)."""
        if not self._demo_over():
            return None
        demos = [r for r in self.runners.values() if _is_demo(r)]
        number = sum(1 for _, slug, _ in self.store.server_races() if slug.startswith("demo-"))
        d = demo_definition(self.clock(), number=number + 1)
        runner = RaceRunner.create(d, self.store, self.clock)
        self.runners[d.slug] = runner
        latest = max(demos, key=lambda r: r.race_id, default=None)
        for old in demos:
            if old is not latest:
                del self.runners[old.slug]
                old.close()
        log.info("race %s: the next demo race, starting %s", d.slug, d.start.isoformat())
        return runner

    def _checkpoint_all(self) -> None:
        for runner in self.runners.values():
            runner.checkpoint()

    def close(self) -> None:
        for runner in self.runners.values():
            runner.close()
        self._worker.shutdown(wait=True)
        self._owner.close()
        self.store.close()
