"""The race server's core: definitions, the wall clock, joins, forecasts taken in or refused."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from pathlib import Path

import numpy as np
import pytest

from calanque.race.grib import write_grib
from calanque.race.schedule import RaceDefinition, RaceDefinitionError, load_definitions
from calanque.race.server import JoinError, RacesElsewhere, RaceServer
from calanque.race.snapshot import STATUS_BOT, STATUS_RACING, read_snapshot
from calanque.race.wind import WindField
from databases import database_url, race_location

T0 = dt.datetime(2027, 5, 8, 12, 0, tzinfo=dt.UTC)


class Clock:
    """A wall clock the test moves."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def _definition(**kw: object) -> RaceDefinition:
    d = {
        "slug": "sprint-test",
        "name": "Sprint",
        "course": "sprint",
        "registration_opens": T0 - dt.timedelta(hours=1),
        "start": T0,
        "end": T0 + dt.timedelta(hours=1),
        "players": 4,
        "bots": 6,
        "tick_s": 600.0,
        "time_factor": 60.0,  # a tick every 10 s
        "wind": {"kind": "scenario", "name": "mistral", "seed": 2, "hours": 72},
        **kw,
    }
    return RaceDefinition.from_dict(d)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[race]]\nslug = 'a b'\n", "slug must be"),
        ("[[race]]\nslug = 'x'\nname = 'X'\n", "missing course"),
        (
            "[[race]]\nslug='x'\nname='X'\ncourse='sprint'\nregistration_opens=2027-01-02T00:00:00Z"
            "\nstart=2027-01-01T00:00:00Z\nend=2027-01-03T00:00:00Z\n",
            "registration_opens <= start < end",
        ),
        (
            "[[race]]\nslug='x'\nname='X'\ncourse='atlantic'\nregistration_opens=2027-01-01T00:00:00Z"
            "\nstart=2027-01-01T00:00:00Z\nend=2027-01-03T00:00:00Z\n",
            "unknown course 'atlantic'",
        ),
        (
            "[[race]]\nslug='x'\nname='X'\ncourse='sprint'\nregistration_opens=2027-01-01T00:00:00"
            "\nstart=2027-01-01T00:00:00Z\nend=2027-01-03T00:00:00Z\n",
            "give a time zone",
        ),
        (
            "[[race]]\nslug='x'\nname='X'\ncourse='sprint'\nregistration_opens=2027-01-01T00:00:00Z"
            "\nstart=2027-01-01T00:00:00Z\nend=2027-01-03T00:00:00Z\ntime_factor=0\n",
            "time_factor must be a positive number",
        ),
        ("[[race]]\nslug='x'\nspeed=3\n", "unknown field"),
        ("race = 3", "list of \\[\\[race\\]\\] tables"),
        ("[[race", "not valid TOML"),
    ],
)
def test_bad_definitions_name_the_race_and_the_fault(tmp_path: Path, text: str, message: str):
    path = tmp_path / "races.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(RaceDefinitionError, match=message):
        load_definitions(path)


def test_the_clock_ticks_and_players_join(tmp_path: Path) -> None:
    clock = Clock(T0 - dt.timedelta(minutes=30))
    server = RaceServer(race_location(tmp_path), [_definition()], clock=clock)
    runner = server.get("sprint-test")
    assert runner.status() == "open" and not runner.due(clock())
    boat, token, seq = runner.join("Calanque", "FR", "SNM")
    assert boat == 6 and runner.boat_of(token) == 6 and runner.boat_of("forged") is None
    assert runner.durable(seq).result(timeout=5) >= seq
    clock.now = T0 + dt.timedelta(seconds=35)
    assert runner.advance(clock()) == 3
    snap = read_snapshot(runner.frame.snapshot)
    assert snap["tick"] == 3 and snap["n"] == 10 and snap["bots"] == 6
    assert snap["status"][0] == STATUS_RACING | STATUS_BOT and snap["status"][6] == STATUS_RACING
    assert snap["status"][7] == 0 and snap["rank"][7] == 0
    assert 1 <= snap["rank"][6] <= 7
    for b in range(3):
        runner.join(f"Boat {b}", "IT", "")
    with pytest.raises(JoinError, match="full"):
        runner.join("One too many", "ES", "")
    clock.now = T0 + dt.timedelta(hours=2)
    while runner.due(clock()):  # a restarted server catches up in slices
        assert 0 < runner.advance(clock()) <= 50
    assert runner.finished and runner.status() == "finished"
    with pytest.raises(JoinError, match="closed"):
        runner.join("Late", "FR", "")
    t, lat, _ = server.store.track(runner.race_id, 6)  # the whole track, on either engine
    assert t.size > 1 and np.all(np.diff(t) > 0) and np.isfinite(lat).all()
    server.close()


def test_one_process_runs_a_store_s_races(tmp_path: Path) -> None:
    """A second server on the same store (another worker sharing the database) is refused
    while the first runs, and takes over once it has stopped, where it left the race."""
    clock = Clock(T0 + dt.timedelta(seconds=35))
    first = RaceServer(race_location(tmp_path), [_definition()], clock=clock)
    assert first.get("sprint-test").advance(clock()) == 3
    with pytest.raises(RacesElsewhere, match="another process runs the races"):
        RaceServer(race_location(tmp_path), [_definition()], clock=clock)
    # Another store (on PostgreSQL, another schema of the same database) is not excluded.
    RaceServer(database_url(tmp_path, "other.sqlite3"), [_definition()], clock=clock).close()
    first.get("sprint-test").checkpoint()
    first.close()
    second = RaceServer(race_location(tmp_path), [_definition()], clock=clock)
    assert second.get("sprint-test").race.state.tick == 3
    second.close()


def _forecast(path: Path, *, hours: int = 24, start: dt.datetime = T0, speed: float = 12.0) -> None:
    lat = np.arange(41.0, 45.01, 0.5)
    lon = np.arange(3.0, 8.01, 0.5)
    nt = hours // 3 + 1
    u = np.full((nt, len(lat), len(lon)), 0.0, np.float32)
    v = np.full((nt, len(lat), len(lon)), -speed, np.float32)  # from the north
    write_grib(path, WindField(lat, lon, np.arange(nt) * 3 * 3600.0, u, v), start=start)


def test_forecasts_are_taken_in_at_a_tick_and_bad_ones_refused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, land
) -> None:
    folder = tmp_path / "gfs"
    folder.mkdir()
    clock = Clock(T0 + dt.timedelta(seconds=25))
    server = RaceServer(
        race_location(tmp_path), [_definition(weather_dir=str(folder))], clock=clock
    )
    runner = server.get("sprint-test")
    runner.advance(clock())
    good = tmp_path / "good.grib2"
    _forecast(good)
    data = good.read_bytes()
    (folder / "truncated.grib2").write_bytes(data[: len(data) * 2 // 3 + 7])
    message = len(data) // 18  # 9 steps of u and v, equal sizes
    (folder / "cut.grib2").write_bytes(data[: 9 * message])  # after step 4's u
    (folder / "text.grb2").write_text("<html>404</html>")
    _forecast(folder / "faraway.grib2", start=T0 + dt.timedelta(days=3))
    with caplog.at_level(logging.WARNING, logger="calanque.race"):
        clock.now += dt.timedelta(seconds=10)
        runner.advance(clock())
    refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert len(refused) == 4, refused
    assert any("truncated.grib2 refused" in m and "sailing on with scenario" in m for m in refused)
    assert any("cut.grib2 refused" in m and "u or v alone" in m for m in refused)
    assert any("text.grb2 refused" in m and "not a GRIB" in m for m in refused)
    assert any("faraway.grib2 refused" in m and "starts at race time" in m for m in refused)
    assert runner.race.wind.origin.startswith("scenario mistral"), "the race sails on"
    tick_before = runner.race.state.tick
    (folder / "gfs.t12z.grib2").write_bytes(data)
    clock.now += dt.timedelta(seconds=10)
    runner.advance(clock())
    assert runner.race.wind.origin == T0.isoformat()
    assert np.allclose(runner.race.state.tws[:6], 12.0, atol=0.05), "sailing in the new wind"
    assert server.store.forecasts(runner.race_id)[0][0] == tick_before
    runner.checkpoint()
    _, same = server.store.replay(runner.race_id, land=land)
    assert all(same.values()), "a replay switches forecasts at the same tick"
    server.close()


def test_the_demo_race_is_followed_by_the_next(tmp_path: Path) -> None:
    """A newcomer arriving after the demo race has ended still finds boats sailing: the
    server's loop starts the next demo race; the one before stays for its replay."""
    clock = Clock(T0)
    server = RaceServer(tmp_path / "races.db", demo=True, clock=clock)
    first = server.get("demo-mediterranee-1")
    assert first is not None and first.status() == "open"
    assert server.next_demo() is None, "one is sailing"
    clock.now = first.definition.end + dt.timedelta(minutes=1)

    async def sail_until_the_next() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(server.run(stop))
        while "demo-mediterranee-2" not in server.runners:
            await asyncio.sleep(0.05)
        stop.set()
        await task

    asyncio.run(asyncio.wait_for(sail_until_the_next(), timeout=300))
    assert first.finished and first.status() == "finished"
    second = server.get("demo-mediterranee-2")
    assert second is not None and second.status() == "open"
    assert second.definition.start > clock.now and second.definition.wind["seed"] == 2
    clock.now = second.definition.start + dt.timedelta(seconds=3)
    assert second.advance(clock()) == 3 and second.frame.speed.max() > 0, "boats move"
    assert sorted(server.runners) == ["demo-mediterranee-1", "demo-mediterranee-2"]

    clock.now = second.definition.end + dt.timedelta(minutes=1)
    while second.due(clock()):
        second.advance(clock())
    third = server.next_demo()
    assert third is not None and third.slug == "demo-mediterranee-3"
    assert sorted(server.runners) == ["demo-mediterranee-2", "demo-mediterranee-3"]
    server.close()
    again = RaceServer(tmp_path / "races.db", demo=True, clock=clock)
    assert sorted(again.runners) == ["demo-mediterranee-3"], "resumed, not a fourth"
    again.close()
