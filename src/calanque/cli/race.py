"""`calanque race …`: run the virtual sailing race engine from the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from calanque.cli.common import PATH_ERRORS
from calanque.errors import CalanqueError
from calanque.race.config import ConfigError

app = typer.Typer(help="Virtual sailing races: simulate the demo race, inspect polars.")
console = Console()


def _fail(exc: Exception) -> None:
    console.print(f"[red]Error:[/red] {exc}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def _knots(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ConfigError(f"wind speed {text.strip()!r} is not a number of knots") from None


def _hms(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 86400}d {s % 86400 // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


@app.command()
def simulate(
    boats: Annotated[int, typer.Option("--boats", "-n", help="Fleet size.")] = 1000,
    bots: Annotated[
        bool, typer.Option("--bots/--no-bots", help="Boats are played by bots.")
    ] = True,
    hours: Annotated[float, typer.Option(help="Race hours to simulate.")] = 48.0,
    tick: Annotated[float, typer.Option(help="Tick length, seconds.")] = 600.0,
    seed: Annotated[int, typer.Option(help="Seed for the wind scenario and the bots.")] = 0,
    scenario: Annotated[str, typer.Option(help="mistral | seabreeze | calm.")] = "mistral",
    grib: Annotated[Path | None, typer.Option(help="GRIB2 file with 10 m wind.")] = None,
    db: Annotated[
        str | None,
        typer.Option(help="SQLite file or postgresql:// URL: persist, or resume if present."),
    ] = None,
    boat: Annotated[
        str, typer.Option(help="class40 | figaro3 | first407 | j70 | j80.")
    ] = "class40",
    course: Annotated[str, typer.Option(help="mediterranee | sprint.")] = "mediterranee",
    top: Annotated[int, typer.Option(help="Leaderboard rows.")] = 10,
) -> None:
    """Run "One Provence Méditerranée" and print the leaderboard."""
    from calanque.race.bots import Bots
    from calanque.race.config import RaceConfig, file_sha256
    from calanque.race.demo import demo_course
    from calanque.race.simulation import Race
    from calanque.race.store import RaceStore

    try:
        store = RaceStore(db) if db is not None else None
        own = _simulated(store) if store is not None else []
        if store is not None and own:
            race_id = own[-1]
            race = store.load(race_id)
            console.print(
                f"Resuming race {race_id} from {store.path} at tick {race.state.tick}.",
                soft_wrap=True,
            )
        else:
            if grib is not None:
                if not grib.is_file():
                    raise ConfigError(f"GRIB file {grib} not found")
                wind: dict[str, Any] = {
                    "kind": "grib",
                    "path": str(grib.resolve()),
                    "sha256": file_sha256(grib),
                }
            else:
                wind = {"kind": "scenario", "name": scenario, "seed": seed, "hours": hours + 24}
            cfg = RaceConfig(
                demo_course(course),
                boat=boat,
                n_boats=boats,
                wind=wind,
                tick_s=tick,
                seed=seed,
                bots=bots,
            )
            race = Race(cfg)
            race_id = store.create(race) if store is not None else 0
        robots = Bots(race)
        n_ticks = max(0, int(round(hours * 3600 / race.dt)) - race.state.tick)
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[status]}"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=False) as bar:
            task = bar.add_task(race.course.name, total=n_ticks, status="")

            def progress(r: Race) -> None:
                robots.act()
                st = r.state
                held = " — wind held" if r.wind_held else ""
                status = (
                    f"t={_hms(st.t)} leader {float(st.dtf.min()):.1f} nm "
                    f"finished {int(st.finished.sum())}{held}"
                )
                bar.update(task, advance=1, status=status)

            save = (lambda r: store.checkpoint(race_id, r)) if store is not None else None
            race.run(n_ticks, progress=progress, checkpoint=save, every=36)
        if store is not None:
            store.checkpoint(race_id, race)
            store.close()
        _print_leaderboard(race, top)
        _print_wind_note(race)
    except (CalanqueError, *PATH_ERRORS) as exc:
        _fail(exc)


def _print_leaderboard(race: object, top: int) -> None:
    st = race.state  # type: ignore[attr-defined]
    course = race.course  # type: ignore[attr-defined]
    table = Table(title=f"{course.name} — after {_hms(st.t)}")
    for col in ("rank", "boat", "status", "next mark", "to finish (nm)", "speed (kt)"):
        table.add_column(col, justify="right" if col != "next mark" else "left")
    for b in race.leaderboard(top):  # type: ignore[attr-defined]
        done = bool(st.finished[b])
        table.add_row(
            str(int(st.rank[b])),
            f"#{int(b)}",
            f"finished {_hms(st.finish_time[b])}" if done else "racing",
            "—" if done else course.marks[int(st.next_mark[b])].name,
            f"{float(st.dtf[b]):.1f}",
            f"{float(st.speed[b]):.1f}",
        )
    console.print(table)
    console.print(
        f"{len(st.lat)} boats, {int(st.finished.sum())} finished, "
        f"{int(st.grounded.sum())} aground this tick."
    )


def _print_wind_note(race: object) -> None:
    """Say so when the race sailed past the end of its forecast (the wind was frozen)."""
    wind = race.wind  # type: ignore[attr-defined]
    if wind.held_since is None:
        return
    console.print(
        f"[yellow]Wind held[/yellow] from +{wind.ends / 3600:.1f} h: the forecast "
        f"({wind.origin or 'wind field'}) ends there, and the wind stays at its last step "
        "(`calanque serve` takes in newer forecasts; `simulate` sails one).",
        soft_wrap=True,
    )


def _simulated(store: Any) -> list[int]:
    """The store's races that `simulate` wrote (not the race server's, which may be running)."""
    served = {race_id for race_id, _, _ in store.server_races()}
    return [i for i in store.race_ids() if i not in served]


@app.command()
def replay(
    db: Annotated[
        str | None,
        typer.Argument(
            help="Race database (SQLite file or postgresql:// URL); default: the server's "
            "(CALANQUE_RACE_DB, else CALANQUE_DATABASE_URL, else races.sqlite3 in the home)."
        ),
    ] = None,
    race_id: Annotated[int | None, typer.Option(help="Race id (default: the last).")] = None,
) -> None:
    """Replay a stored race from its order log and check it bit for bit."""
    from calanque.config import Settings
    from calanque.race.store import RaceStore, StoreError

    try:
        if db is None:
            db = Settings.load({}).race_database
        if not db.startswith(("postgresql://", "postgres://")) and not Path(db).is_file():
            raise StoreError(f"{db} not found")
        with RaceStore(db) as store:
            ids = store.race_ids()
            if not ids:
                raise StoreError(f"no race in {store.path}")
            rid = race_id if race_id is not None else ids[-1]
            race, same = store.replay(rid)
    except (CalanqueError, *PATH_ERRORS) as exc:
        _fail(exc)
        return
    bad = [k for k, ok in same.items() if not ok]
    n = len(race.orders.log)
    if bad:
        console.print(f"[red]Replay differs[/red] in: {', '.join(bad)}", soft_wrap=True)
        raise typer.Exit(1)
    console.print(
        f"Replayed race {rid}: {race.state.tick} ticks, {n} orders — identical to the checkpoint.",
        soft_wrap=True,
    )


@app.command()
def polar(
    boat: Annotated[
        str, typer.Argument(help="Built-in class or a .json/.pol/.csv file.")
    ] = "class40",
    tws: Annotated[
        str, typer.Option(help="Comma-separated wind speeds, kt.")
    ] = "4,6,8,10,12,16,20,25,30",
) -> None:
    """Print a boat's polar table and best VMG angles."""
    from calanque.race.polar import load_polar

    try:
        p = load_polar(boat)
        speeds = np.array([_knots(x) for x in tws.split(",")])
    except (CalanqueError, *PATH_ERRORS) as exc:
        _fail(exc)
        return
    angles = np.array([30, 40, 45, 52, 60, 75, 90, 110, 120, 135, 150, 165, 180], float)
    grid = p.table(angles, speeds)
    table = Table(title=f"{p.name} — boat speed (kt)", caption=p.source)
    table.add_column("TWA \\ TWS", justify="right")
    for w in speeds:
        table.add_column(f"{w:g}", justify="right")
    for a, row in zip(angles, grid, strict=True):
        table.add_row(f"{a:g}°", *(f"{v:.2f}" for v in row))
    up, down = p.vmg_angles(speeds)
    table.add_row("best upwind", *(f"{v:g}°" for v in up), style="cyan")
    table.add_row("best downwind", *(f"{v:g}°" for v in down), style="cyan")
    console.print(table)


@app.command()
def where(
    lat: Annotated[float, typer.Argument(help="Latitude, degrees north.")],
    lon: Annotated[float, typer.Argument(help="Longitude, degrees east.")],
    land: Annotated[
        Path | None, typer.Option(help="Land TopoJSON (default: the shipped Natural Earth 10 m).")
    ] = None,
) -> None:
    """Say whether a point is land or sea for the races' land data (one line)."""
    import math

    from calanque.race.land import LandError, load_land

    try:
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90):
            raise LandError(f"{lat}, {lon} is not a position (latitude -90..90, longitude)")
        mask = load_land(land)
    except (CalanqueError, *PATH_ERRORS) as exc:
        _fail(exc)
        return
    x0, y0, x1, y1 = mask.bbox
    source = land.name if land is not None else "Natural Earth 10 m"
    place = f"{abs(lat):.4f}°{'N' if lat >= 0 else 'S'} {abs(lon):.4f}°{'E' if lon >= 0 else 'W'}"
    if not (x0 < lon < x1 and y0 < lat < y1):
        verdict = f"outside the race area ({y0:g}..{y1:g}°N, {x0:g}..{x1:g}°E), counted as land"
    else:
        on_land = bool(mask.is_land(np.array([lat]), np.array([lon]))[0])
        verdict = "land" if on_land else "sea"
    console.print(f"{place}: {verdict} ({source})", highlight=False, soft_wrap=True)
