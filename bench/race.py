"""Race engine benchmark: full tick time and memory per boat; polar and distance accuracy.

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


def time_ticks(race: Race, ticks: int) -> list[float]:
    out = []
    for _ in range(ticks):
        t0 = time.perf_counter()
        race.step()
        out.append(time.perf_counter() - t0)
    return out


def phase_breakdown(race: Race) -> dict[str, float]:
    """Time the main kernels alone on the current state (approximate shares)."""
    st, c = race.state, race.course
    res: dict[str, float] = {}

    def clock(name: str, fn) -> object:  # noqa: ANN001
        t0 = time.perf_counter()
        out = fn()
        res[name] = time.perf_counter() - t0
        return out

    w = clock("wind", lambda: race.wind.sample_uv(st.lat, st.lon, st.t))
    clock("polar", lambda: race.polar.speed(st.twa, np.abs(w)))
    lat1, lon1 = st.lat.copy(), st.lon.copy()
    from calanque.race.geo import rhumb_step

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
    return res


def bench_ticks(sizes: list[int], ticks: int) -> None:
    land = load_land()
    wind = make_scenario("mistral", seed=1, hours=240)
    print("\n## Full tick (Class 40, One Provence Méditerranée, Mistral, tick 600 s, bots)\n")
    print(
        "| boats | fleet | median tick (s) | min (s) | state B/boat | peak tick B/boat "
        "| near coast |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|")
    for n in sizes:
        cfg = RaceConfig(demo_course("mediterranee"), n_boats=n, tick_s=600.0, seed=1)
        for fleet in ("start", "mid-race"):
            race = Race(cfg, wind=wind, land=land)
            if fleet == "mid-race":
                spread_fleet(race)
            time_ticks(race, 2)  # warm-up: caches, first manoeuvres
            times = time_ticks(race, 7 if n >= 1_000_000 else 15)
            tracemalloc.start()
            race.step()
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            st = race.state
            near = race.guard.near.take(race.land._fine_cell(st.lat, st.lon)).mean()
            print(
                f"| {n:,} | {fleet} | {np.median(times):.3f} | {min(times):.3f} | "
                f"{st.nbytes / n:.0f} | {peak / n:.0f} | {near:.1%} |"
            )
        if n == max(sizes):
            parts = phase_breakdown(race)
            print(
                "\nKernel times alone at",
                f"{n:,}",
                "boats (mid-race):",
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
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--ticks", type=int, default=15)
    args = ap.parse_args()
    bench_ticks([int(s) for s in args.sizes.split(",")], args.ticks)
    bench_accuracy()


if __name__ == "__main__":
    main()
