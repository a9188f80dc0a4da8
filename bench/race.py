"""Race engine benchmark: full tick time and memory per boat, with and without bots; accuracy.

Run: `.venv/bin/python bench/race.py` (add `--sizes 10000,100000` for a quick run).
One core: numpy's element-wise kernels are single-threaded; BLAS is pinned to 1 thread.
"""

from __future__ import annotations

import argparse
import os
import time
import tracemalloc

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from calanque.race.bots import Bots  # noqa: E402
from calanque.race.config import RaceConfig  # noqa: E402
from calanque.race.course import Course, Mark  # noqa: E402
from calanque.race.demo import demo_course  # noqa: E402
from calanque.race.geo import rhumb_distance_nm  # noqa: E402
from calanque.race.land import load_land  # noqa: E402
from calanque.race.polar import BUILTIN_POLARS, load_polar  # noqa: E402
from calanque.race.ranking import distance_to_finish, rank_boats  # noqa: E402
from calanque.race.scenarios import make_scenario  # noqa: E402
from calanque.race.simulation import Race  # noqa: E402


def spread_fleet(race: Race, seed: int = 0) -> None:
    """Mid-race fleet: boats scattered along every leg, up to ±8 nm off the rhumb line, at sea."""
    st, c, rng = race.state, race.course, np.random.default_rng(seed)
    n = len(st.lat)
    leg = rng.integers(1, len(c.marks), n)
    f = rng.random(n)
    lat = c.target_lat[leg - 1] + f * (c.target_lat[leg] - c.target_lat[leg - 1])
    lon = c.target_lon[leg - 1] + f * (c.target_lon[leg] - c.target_lon[leg - 1])
    lat += rng.uniform(-8, 8, n) / 60.0
    lon += rng.uniform(-8, 8, n) / 60.0 / np.cos(np.deg2rad(lat))
    wet = ~race.land.is_land(lat, lon)
    st.lat[:] = np.where(wet, lat, c.target_lat[leg])
    st.lon[:] = np.where(wet, lon, c.target_lon[leg])
    st.next_mark[:] = leg


def time_ticks(race: Race, bots: Bots | None, ticks: int) -> tuple[list[float], list[float]]:
    """Seconds per `step()` and per `Bots.act()` (0 without bots), tick by tick."""
    steps, acts = [], []
    for _ in range(ticks):
        t0 = time.perf_counter()
        race.step()
        t1 = time.perf_counter()
        if bots is not None:
            bots.act()
        steps.append(t1 - t0)
        acts.append(time.perf_counter() - t1)
    return steps, acts


def peak_bytes(fn) -> int:  # noqa: ANN001
    """Peak bytes allocated by numpy and Python while `fn()` runs."""
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def phase_breakdown(race: Race, bots: Bots) -> dict[str, float]:
    """Time the main kernels alone on the current state (approximate shares)."""
    from calanque.race.geo import rhumb_step
    from calanque.race.simulation import helm_noise
    from calanque.race.steering import steer
    from calanque.race.wind import uv_to_direction

    st, c = race.state, race.course
    res: dict[str, float] = {}

    def clock(name: str, fn) -> object:  # noqa: ANN001
        t0 = time.perf_counter()
        out = fn()
        res[name] = time.perf_counter() - t0
        return out

    w = clock("wind", lambda: race.wind.sample_uv(st.lat, st.lon, st.t))
    tws, twd = np.abs(w), uv_to_direction(w)
    tlat, tlon = c.target_lat.take(st.next_mark), c.target_lon.take(st.next_mark)
    alat, alon = clock("routes", lambda: race.routes.aim(st.lat, st.lon, st.next_mark, tlat, tlon))
    n = len(st.lat)
    err = clock("helm", lambda: helm_noise(1, st.tick, np.arange(n)) * st.helm)
    args = (st.mode, st.value, st.twa, st.lat, st.lon, alat, alon, tws, twd, race.polar)
    clock("steer blind", lambda: steer(*args))
    clock(
        "steer + look-ahead",
        lambda: steer(*args, race.probe, ~st.finished, tlat, tlon, race._max_step_nm, err),
    )
    clock("polar", lambda: race.polar.speed(st.twa, tws))
    lat1, lon1 = clock("rhumb step", lambda: rhumb_step(st.lat, st.lon, st.heading, st.speed / 6))
    clock("land", lambda: race.land.clip_steps(st.lat, st.lon, lat1, lon1, race.guard))
    clock(
        "ranking",
        lambda: rank_boats(
            st.finished,
            st.finish_time,
            distance_to_finish(
                st.lat,
                st.lon,
                c.target_lat[st.next_mark],
                c.target_lon[st.next_mark],
                c.remaining_nm[st.next_mark],
            ),
        ),
    )
    clock("Bots.act", bots.act)
    return res


def bench_ticks(sizes: list[int], ticks: int) -> None:
    land = load_land()
    wind = make_scenario("mistral", seed=1, hours=240)
    print("\n## Full tick (Class 40, One Provence Méditerranée, Mistral, tick 600 s)\n")
    print(
        "People: every boat on the VMG autopilot. Bots: every boat a bot (its skill's trim "
        "and helm error in the tick) and `Bots.act()` after each tick, as `calanque race "
        "simulate` runs them. Same fleet, side by side; peak = bytes allocated during one "
        "tick (tracemalloc), and during one `act` for bots.\n"
    )
    print(
        "| boats | fleet | people: median tick (s) | bots: median tick + act (s) "
        "| of which act (s) | people: peak B/boat | bots: peak B/boat (tick / act) "
        "| state B/boat | near coast |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        reps = 7 if n >= 1_000_000 else ticks
        for fleet in ("start", "mid-race"):
            cells = {}
            for with_bots in (False, True):
                cfg = RaceConfig(
                    demo_course("mediterranee"), n_boats=n, tick_s=600.0, seed=1, bots=with_bots
                )
                race = Race(cfg, wind=wind, land=land)
                if fleet == "mid-race":
                    spread_fleet(race)
                bots = Bots(race) if with_bots else None
                time_ticks(race, bots, 2)  # warm-up: caches, first manoeuvres
                steps, acts = time_ticks(race, bots, reps)
                total = [a + b for a, b in zip(steps, acts, strict=True)]
                peak = peak_bytes(race.step)
                act_peak = peak_bytes(bots.act) if bots is not None else 0
                cells[with_bots] = (np.median(total), np.median(acts), peak, act_peak)
                st = race.state
                near = race.guard.near.take(race.land._fine_cell(st.lat, st.lon)).mean()
                if with_bots and n == max(sizes) and fleet == "mid-race":
                    parts = phase_breakdown(race, bots)
                del race, bots
            people, botted = cells[False], cells[True]
            print(
                f"| {n:,} | {fleet} | {people[0]:.3f} | {botted[0]:.3f} | {botted[1]:.4f} | "
                f"{people[2] / n:.0f} | {botted[2] / n:.0f} / {botted[3] / n:.0f} | "
                f"{st.nbytes / n:.0f} | {near:.1%} |"
            )
    print(
        "\nKernel times alone at",
        f"{max(sizes):,}",
        "boats (mid-race, bots):",
        ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in parts.items()),
    )


def bench_accuracy() -> None:
    print("\n## Accuracy\n")
    worst = 0.0
    for name in BUILTIN_POLARS:
        p = load_polar(name)
        a, w = np.meshgrid(p.cert_twa, p.cert_tws, indexing="ij")
        got = p.speed(a.ravel(), w.ravel()).reshape(a.shape)
        worst = max(worst, float(np.abs(got - p.cert_speed).max()))
    print(f"- speed at certificate points, 5 boats × 72 points: max |error| = {worst:.1e} kt")
    land = load_land()
    line = (38.5, 4.0, 38.5, 4.0001)
    course = Course(
        "open sea",
        (
            Mark("start", "start", *line),
            Mark("far", "waypoint", 38.5, 7.5, radius_nm=0.5),
            Mark("finish", "finish", 37.5, 7.5, 37.5, 7.6),
        ),
    )
    for heading in (90.0, 60.0, 135.0):
        cfg = RaceConfig(
            course,
            n_boats=1,
            wind={"kind": "constant", "speed": 14.0, "from": 0.0},
            tick_s=300.0,
            bots=False,
        )
        race = Race(cfg, land=land)
        race.order(0, "heading", heading)
        lat0, lon0 = race.state.lat.copy(), race.state.lon.copy()
        race.run(48)
        twa = np.array([-heading if heading <= 180 else 360 - heading])  # wind from 000
        expected = float(race.polar.speed(twa, np.array([14.0]))[0]) * 4.0
        got = float(rhumb_distance_nm(lat0, lon0, race.state.lat, race.state.lon)[0])
        print(
            f"- constant 14 kt wind, heading {heading:.0f}°, 4 h: {got:.4f} nm run vs "
            f"{expected:.4f} analytic (error {abs(got / expected - 1):.1e})"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--ticks", type=int, default=15)
    args = ap.parse_args()
    bench_ticks([int(s) for s in args.sizes.split(",")], args.ticks)
    bench_accuracy()


if __name__ == "__main__":
    main()
