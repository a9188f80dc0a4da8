"""The console's race figures on a large race store: how long `/console/races` takes to compute.

    python bench/race_impact.py [--races 5] [--players 20000] [--bots 100000]
        [--bot-orders 2000000] [--player-orders 300000] [--engine sqlite|postgresql|both]

Builds races (kept in the work directory; `--reuse` times them again) as the race server
stores them (`RaceStore.create`, `add_server_race`,
`add_entries`, and the order log's rows written in one transaction per race as the group commit
does): each race has `bots` bots and `players` people (80 % accounts drawn from a pool so that
some come back from race to race, 20 % guests), the bots' orders flagged as bots' and the
players' orders spread over their boats. Then times `RaceImpact.measure` over the whole period
(the page's work: one participation query with its order counts, and the tables), cold and
warm, and prints the figures it found so they can be checked against what was written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calanque.console.races import RaceImpact  # noqa: E402
from calanque.db.postgres import PostgresDatabase  # noqa: E402
from calanque.db.sqlite import SQLiteDatabase  # noqa: E402
from calanque.race.config import RaceConfig  # noqa: E402
from calanque.race.demo import demo_course  # noqa: E402
from calanque.race.schedule import RaceDefinition  # noqa: E402
from calanque.race.simulation import Race  # noqa: E402
from calanque.race.store import RaceStore  # noqa: E402
from pg import fresh_url  # noqa: E402

console = Console()
T0 = dt.datetime(2027, 5, 8, 12, 0, tzinfo=dt.UTC)
COUNTRIES = ("FR", "IT", "ES", "DE", "GB", "MC", "TN", "GR", "CH", "BE")


def fill(store: RaceStore, args: argparse.Namespace) -> None:
    rng = np.random.default_rng(0)
    pool = max(1, int(args.players * 0.8 * 1.5))  # accounts: some sail several races
    n = args.bots + args.players
    for r in range(args.races):
        start = T0 + dt.timedelta(days=7 * r)
        definition = RaceDefinition.from_dict(
            {
                "slug": f"bench-{r}",
                "name": f"Bench {r}",
                "course": "sprint",
                "registration_opens": start - dt.timedelta(days=1),
                "start": start,
                "end": start + dt.timedelta(days=1),
                "players": args.players,
                "bots": args.bots,
            }
        )
        race = Race(RaceConfig(demo_course("sprint"), n_boats=n, bots=True), check_course=False)
        race_id = store.create(race)
        store.add_server_race(race_id, definition.slug, definition.to_json())
        accounts = rng.choice(pool, size=int(args.players * 0.8), replace=False)
        rows = [(b, "bot", None, f"Bot {b}", "FR", "", 1) for b in range(args.bots)]
        for i in range(args.players):
            player = f"player:{accounts[i]}" if i < len(accounts) else "guest"
            country = COUNTRIES[int(rng.integers(len(COUNTRIES)))]
            club = f"Club {int(rng.integers(200))}" if rng.random() < 0.6 else ""
            rows.append((args.bots + i, player, None, f"P{i}", country, club, 0))
        store.add_entries(race_id, rows)
        bot_boats = rng.integers(0, args.bots, args.bot_orders // args.races)
        player_boats = args.bots + rng.integers(0, args.players, args.player_orders // args.races)
        boats = np.concatenate([bot_boats, player_boats])
        bot = np.concatenate([np.ones(len(bot_boats), int), np.zeros(len(player_boats), int)])
        order = [
            (race_id, seq, seq // 1000, int(b), "twa", 100.0, None, None, int(f), None, None)
            for seq, (b, f) in enumerate(zip(boats.tolist(), bot.tolist(), strict=True))
        ]
        with store.database.transaction() as db:
            db.executemany("INSERT INTO orders VALUES (?,?,?,?,?,?,?,?,?,?,?)", order)
        console.print(f"race {r}: {n:,} boats, {len(order):,} orders")


def measure(store: RaceStore, label: str, results: list[tuple]) -> None:
    """Each computation (nothing kept), then a page view as the console serves it: the page,
    its six charts and one CSV asking one kept `RaceImpact`."""
    report = RaceImpact(store, ttl=0)
    for run in ("first", "again", "again"):
        t, cpu = time.perf_counter(), time.process_time()
        impact = report.measure()
        elapsed = (time.perf_counter() - t, time.process_time() - cpu)
        s = {r["measure"]: r["value"] for r in impact.tables["summary"]}
        results.append((label, run, elapsed, s))
    kept = RaceImpact(store)
    t, cpu = time.perf_counter(), time.process_time()
    for _ in range(8):
        impact = kept.measure()
    elapsed = (time.perf_counter() - t, time.process_time() - cpu)
    results.append((label, "page view (8 asks)", elapsed, s))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--races", type=int, default=5)
    parser.add_argument("--players", type=int, default=20_000)
    parser.add_argument("--bots", type=int, default=100_000)
    parser.add_argument("--bot-orders", type=int, default=2_000_000)
    parser.add_argument("--player-orders", type=int, default=300_000)
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--postgres", help="a server URL (default: an embedded one)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/calanque-bench-race-impact"))
    parser.add_argument("--reuse", action="store_true", help="time the stores a run left")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    results: list[tuple] = []
    engines = ("sqlite", "postgresql") if args.engine == "both" else (args.engine,)
    for engine in engines:
        if engine == "sqlite":
            path = args.workdir / "races.sqlite3"
            if not args.reuse:
                path.unlink(missing_ok=True)
            store = RaceStore(SQLiteDatabase(path))
        else:
            url = fresh_url(args.postgres, args.workdir, "race_impact", keep=args.reuse)
            store = RaceStore(PostgresDatabase(url))
        if not args.reuse:
            t = time.perf_counter()
            fill(store, args)
            console.print(f"{engine}: filled in {time.perf_counter() - t:.1f} s")
        measure(store, engine, results)
        store.close()
    table = Table(
        title=f"RaceImpact.measure: {args.races} races × ({args.bots:,} bots + "
        f"{args.players:,} players), {args.bot_orders:,} bot and {args.player_orders:,} "
        "player orders"
    )
    columns = ("engine", "run", "wall s", "CPU s (this process)", "players", "accounts", "orders")
    for col in (*columns, "retention"):
        table.add_column(col, justify="right")
    for label, run, elapsed, s in results:
        table.add_row(
            label,
            run,
            f"{elapsed[0]:.2f}",
            f"{elapsed[1]:.2f}",
            f"{s['players']:,}",
            f"{s['accounts']:,}",
            f"{s['orders']:,}",
            str(s["retention"]),
        )
    console.print(table)


if __name__ == "__main__":
    main()
