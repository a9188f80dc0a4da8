"""The race: state arrays and the tick that advances every boat at once.

One tick, for all boats together: fire due orders (players joining, autopilot
settings, waypoints), sample the wind, steer, detect manoeuvres and start
their penalties, look up the polar, take one rhumb-line step, stop boats at
the coast, reach waypoints, round marks, rank. The tick reads nothing but the
state, the order log and the configuration, so the same log replays the race
bit for bit, and a checkpointed state resumes it exactly.

Orders may arrive while a tick runs (a race server's web requests): the book
is taken under a lock at the tick's start, and an order that arrives after
that is stamped with the next tick and its time, as a replay will see it.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray

from calanque.race.config import RaceConfig, build_wind
from calanque.race.course import KIND_GATE, crosses_line, passes_within
from calanque.race.geo import rhumb_step, wrap180
from calanque.race.land import LandMask, load_land
from calanque.race.orders import (
    INTEGER,
    MODE_CLEAR,
    MODE_JOIN,
    MODE_VMG,
    MODE_WAYPOINT,
    Order,
    OrderBook,
    OrderError,
    apply_orders,
)
from calanque.race.penalties import (
    GYBE,
    SAIL,
    TACK,
    apply_penalty,
    detect_manoeuvres,
    effective_factor,
)
from calanque.race.polar import Polar, load_polar
from calanque.race.ranking import distance_to_finish, leaderboard, rank_boats
from calanque.race.routing import routes_for
from calanque.race.steering import steer
from calanque.race.wind import WindField, uv_to_direction

__all__ = ["Race", "RaceState", "bot_fractions", "bot_skills", "helm_noise"]

BLOCK = 65536  #: boats advanced together (fits the tick's temporaries in cache)
LOOKAHEAD_MIN_NM = 4.0  #: shortest autopilot look-ahead for land, nm
BOT_FRACTION_RANGE = (0.2, 0.7)  #: bots tack between 20 % and 70 % of the way to the layline
#: A bot's skill s in [0, 1] (Beta(2, 2): most bots middling, a few very good or poor) sets
#: its trim, the share of the polar it sails at, from BOT_TRIM_RANGE[0] (s = 0) to 1, and its
#: helm, the standard deviation of its heading error each tick, from BOT_HELM_RANGE[1]
#: degrees (s = 0) down to BOT_HELM_RANGE[0]. People sail at trim 1 with helm 0.
BOT_SKILL_BETA = (2.0, 2.0)
BOT_TRIM_RANGE = (0.88, 1.0)
BOT_HELM_RANGE = (2.0, 10.0)
#: A player's waypoint is reached when a step passes this close, nm.
WAYPOINT_RADIUS_NM = 0.5


@dataclass(eq=False)
class RaceState:
    """Everything that changes during a race; arrays of shape (n_boats,).

    lat, lon : degrees (float64). heading, twa : degrees, last tick; twa > 0 is wind
    over the starboard side (starboard tack), twa = twd - heading. mode, value :
    autopilot. next_mark : index into the course. finish_time, pen_until : race
    seconds. pen_factor : speed factor of the running penalty. tws : knots at the
    boat, speed : knots made good last tick, dtf : nm to finish, rank : 1 = leader.
    trim : share of the polar the boat sails at (1 for people, below for weaker bots).
    helm : standard deviation of the boat's heading error each tick, degrees (0 for people).
    active : the boat races (False: a player's slot nobody has joined; it stays on the
        start line, unranked, rank 0).
    wp_lat, wp_lon : the player's next waypoint, degrees (NaN: none), which the VMG
        autopilot sails to before the next mark; the rest of the route is `Race.route`.
    """

    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    heading: NDArray[np.float32]
    twa: NDArray[np.float32]
    mode: NDArray[np.int8]
    value: NDArray[np.float32]
    next_mark: NDArray[np.int16]
    finished: NDArray[np.bool_]
    finish_time: NDArray[np.float64]
    pen_until: NDArray[np.float64]
    pen_factor: NDArray[np.float32]
    grounded: NDArray[np.bool_]
    tws: NDArray[np.float32]
    speed: NDArray[np.float32]
    dtf: NDArray[np.float32]
    rank: NDArray[np.int32]
    trim: NDArray[np.float32]
    helm: NDArray[np.float32]
    active: NDArray[np.bool_]
    wp_lat: NDArray[np.float64]
    wp_lon: NDArray[np.float64]
    t: float = 0.0
    tick: int = 0

    def arrays(self) -> dict[str, NDArray]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("t", "tick")}

    def copy(self) -> RaceState:
        return RaceState(
            **{k: v.copy() for k, v in self.arrays().items()}, t=self.t, tick=self.tick
        )

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in self.arrays().values())


def bot_fractions(config: RaceConfig) -> NDArray[np.float32]:
    """Each bot's layline fraction (its VMG strategy), shape (n_boats,), drawn from the seed."""
    rng = np.random.default_rng(config.seed)
    return rng.uniform(*BOT_FRACTION_RANGE, config.n_boats).astype(np.float32)


def bot_skills(config: RaceConfig) -> NDArray[np.float64]:
    """Each bot's skill in [0, 1] (1 = best), shape (n_boats,), drawn from the seed.

    A stream of its own, so the layline fractions do not depend on it.
    """
    rng = np.random.default_rng([config.seed, 1])
    return rng.beta(*BOT_SKILL_BETA, config.n_boats)


def helm_noise(seed: int, tick: int, boats: NDArray) -> NDArray[np.float32]:
    """Unit-variance heading noise for `boats` at `tick`, shape like `boats`, float32.

    A hash of (seed, tick, boat) (splitmix64's finaliser), so any block of boats, in any
    order, on any machine, gets the same values: replays stay bit for bit. Two 24-bit
    uniforms summed give a triangular distribution on [-sqrt 6, sqrt 6].
    """
    key = np.uint64((seed * 0x9E3779B97F4A7C15 + tick * 0xD1B54A32D192ED03) % 2**64)
    with np.errstate(over="ignore"):
        x = np.asarray(boats).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) + key
        x ^= x >> np.uint64(30)
        x *= np.uint64(0xBF58476D1CE4E5B9)
        x ^= x >> np.uint64(27)
        x *= np.uint64(0x94D049BB133111EB)
        x ^= x >> np.uint64(31)
    mask = np.uint64(0xFFFFFF)
    u = (x & mask).astype(np.float32) + ((x >> np.uint64(40)) & mask).astype(np.float32)
    u *= np.float32(1.0 / 2**24)
    u -= np.float32(1.0)
    u *= np.float32(np.sqrt(6.0))
    return u


class Race:
    """A running race. Build with `Race(config)`; advance with `step()` / `run()`.

    `wind`, `land` and `polar` may be passed to share them between races (tests,
    benchmarks); otherwise they are built from the configuration.
    """

    def __init__(
        self,
        config: RaceConfig,
        *,
        wind: WindField | None = None,
        land: LandMask | None = None,
        polar: Polar | None = None,
        state: RaceState | None = None,
        check_course: bool = True,
    ) -> None:
        self.config = config
        self.course = config.course
        self.polar = polar or load_polar(config.boat)
        self.wind = wind or build_wind(config.wind)
        self.land = land or load_land()
        if check_course:
            self.course.check_land(self.land)
        self.dt = float(config.tick_s)
        # Largest step any boat can take, in degrees of latitude and of longitude.
        max_nm = float(self.polar.grid.max()) * self.dt / 3600.0
        self._max_step_nm = max_nm
        lat_edge = max(abs(self.land.bbox[1]), abs(self.land.bbox[3]))
        self._step_deg = 1.02 * max_nm / 60.0 / math.cos(math.radians(lat_edge))
        self.guard = self.land.guard(self._step_deg)
        # The autopilot's look-ahead: at least LOOKAHEAD_MIN_NM, and half as far again as
        # the longest step, so no tick's run can reach land it has not seen.
        self.probe = self.land.ray_probe(max(LOOKAHEAD_MIN_NM, 1.5 * max_nm))
        self.routes = routes_for(self.course, self.land)  # where land hides a mark
        self._reach = (np.maximum(self.course.radius_nm, self._half_lines()) + max_nm) / 60.0
        self._reach2 = (self._reach**2).astype(np.float32)
        self._mark_cos = np.cos(np.deg2rad(self.course.target_lat)).astype(np.float32)
        self._remaining32 = self.course.remaining_nm.astype(np.float32)
        self.orders = OrderBook(config.n_boats, len(self.course.marks))
        self.on_order: Callable[[Order], None] | None = None
        #: Called at each tick's start, before orders fire (commits the write-ahead queue).
        self.before_tick: Callable[[], object] | None = None
        self.state = state if state is not None else self._initial_state()
        #: Waypoints after each boat's next one (`state.wp_lat`), in order.
        self.route: dict[int, list[tuple[float, float]]] = {}
        self.lock = threading.Lock()  # the order book, between web requests and the tick
        self._intake = (self.state.tick, self.state.t)  # what an order is stamped with

    @property
    def n_bots(self) -> int:
        """Boats 0..n_bots-1 are bots (those the configuration does not keep for players)."""
        return self.config.n_boats - self.config.players if self.config.bots else 0

    def _half_lines(self) -> NDArray:
        line = self.course.line
        k = np.cos(np.deg2rad(line[:, 0]))
        return 30.0 * np.hypot(line[:, 2] - line[:, 0], (line[:, 3] - line[:, 1]) * k)

    def _initial_state(self) -> RaceState:
        n = self.config.n_boats
        start = self.course.line[0]
        # Spread evenly along the start line, in boat order, so placement never favours a buyer.
        f = (np.arange(n) + 0.5) / n
        lat = start[0] + f * (start[2] - start[0])
        lon = start[1] + f * (start[3] - start[1])
        if self.config.bots:
            value = bot_fractions(self.config)
            skill = bot_skills(self.config)
            lo_t, hi_t = BOT_TRIM_RANGE
            lo_h, hi_h = BOT_HELM_RANGE
            trim = (lo_t + (hi_t - lo_t) * skill).astype(np.float32)
            helm = (hi_h - (hi_h - lo_h) * skill).astype(np.float32)
        else:
            value = np.ones(n, np.float32)
            trim, helm = np.ones(n, np.float32), np.zeros(n, np.float32)
        st = RaceState(
            lat=lat,
            lon=lon,
            heading=np.zeros(n, np.float32),
            twa=np.full(n, np.nan, np.float32),
            mode=np.full(n, MODE_VMG, np.int8),
            value=value,
            next_mark=np.ones(n, np.int16),
            finished=np.zeros(n, bool),
            finish_time=np.full(n, np.inf),
            pen_until=np.zeros(n),
            pen_factor=np.ones(n, np.float32),
            grounded=np.zeros(n, bool),
            tws=np.zeros(n, np.float32),
            speed=np.zeros(n, np.float32),
            dtf=np.zeros(n, np.float32),
            rank=np.ones(n, np.int32),
            trim=trim,
            helm=helm,
            active=np.ones(n, bool),
            wp_lat=np.full(n, np.nan),
            wp_lon=np.full(n, np.nan),
        )
        slots = np.arange(n - self.config.players, n)
        st.active[slots] = False
        st.value[slots], st.trim[slots], st.helm[slots] = 1.0, 1.0, 0.0
        self._rank(st)
        return st

    def _start_position(self, boats: NDArray) -> tuple[NDArray, NDArray]:
        start, n = self.course.line[0], self.config.n_boats
        f = (boats + 0.5) / n
        return start[0] + f * (start[2] - start[0]), start[1] + f * (start[3] - start[1])

    def _activate(self, boats: NDArray) -> None:
        """Players' boats set off: from their place on the start line, as people sail."""
        st = self.state
        st.lat[boats], st.lon[boats] = self._start_position(boats)
        st.heading[boats], st.twa[boats] = 0.0, np.nan
        st.mode[boats], st.value[boats] = MODE_VMG, 1.0
        st.next_mark[boats], st.finished[boats], st.finish_time[boats] = 1, False, np.inf
        st.pen_until[boats], st.pen_factor[boats], st.grounded[boats] = 0.0, 1.0, False
        st.tws[boats], st.speed[boats], st.trim[boats], st.helm[boats] = 0.0, 0.0, 1.0, 0.0
        st.wp_lat[boats], st.wp_lon[boats], st.active[boats] = np.nan, np.nan, True
        for b in boats.tolist():
            self.route.pop(b, None)

    def _route_event(self, seq: int) -> None:
        """A waypoint joins the end of its boat's route; `clear` empties the route."""
        book, st = self.orders, self.state
        b = int(book.column("boat")[seq])
        if book.column("mode")[seq] == MODE_CLEAR:
            st.wp_lat[b] = st.wp_lon[b] = np.nan
            self.route.pop(b, None)
            return
        lat, lon = float(book.column("lat")[seq]), float(book.column("lon")[seq])
        if np.isnan(st.wp_lat[b]):
            st.wp_lat[b], st.wp_lon[b] = lat, lon
        else:
            self.route.setdefault(b, []).append((lat, lon))

    def waypoints(self, boat: int) -> list[tuple[float, float]]:
        """A boat's route: its next waypoint, then the others, (lat, lon) in degrees."""
        st = self.state
        if np.isnan(st.wp_lat[boat]):
            return []
        return [(float(st.wp_lat[boat]), float(st.wp_lon[boat])), *self.route.get(boat, [])]

    # -- orders -------------------------------------------------------------------------

    def order(
        self,
        boat: int,
        mode: str,
        value: float = 1.0,
        *,
        at_time: float | None = None,
        at_mark: int | None = None,
        lat: float | None = None,
        lon: float | None = None,
        bot: bool = False,
    ) -> Order:
        """Validate and log an order; raise OrderError (state untouched) if not allowed."""
        st = self.state
        ok = isinstance(boat, INTEGER) and 0 <= boat < len(st.lat)
        if mode == "waypoint" and lat is not None and lon is not None:
            try:
                wet = not self.land.is_land(np.array([float(lat)]), np.array([float(lon)]))[0]
            except (TypeError, ValueError):
                wet = True  # not a number: `make` says so
            if not wet:
                raise OrderError(f"waypoint {lat}, {lon} is on land")
        with self.lock:
            tick, now = self._intake
            o = self.orders.make(
                boat,
                mode,
                value,
                now=now,
                at_time=at_time,
                at_mark=at_mark,
                lat=lat,
                lon=lon,
                finished=bool(st.finished[boat]) if ok else False,
                tick=tick,
                bot=bot,
            )
            return self._log(o)

    def join(self, boat: int) -> Order:
        """A player's boat joins: it sets off from the start line at the next tick."""
        st = self.state
        with self.lock:
            tick, now = self._intake
            o = self.orders.make_join(boat, now=now, tick=tick)
            if not boat >= self.config.n_boats - self.config.players:
                raise OrderError(f"boat {boat} is not a player's slot")
            joined = self.orders.column("mode") == MODE_JOIN
            if st.active[boat] or np.any(self.orders.column("boat")[joined] == boat):
                raise OrderError(f"boat {boat} has already joined")
            return self._log(o)

    def cancel(self, boat: int, seq: int) -> Order:
        """Cancel `boat`'s pending order `seq` (it will not fire)."""
        with self.lock:
            tick, now = self._intake
            return self._log(self.orders.make_cancel(boat, seq, now=now, tick=tick))

    def _log(self, o: Order) -> Order:
        if self.on_order is not None:
            self.on_order(o)  # write-ahead: queued for the log before it can take effect
        self.orders.add(o)
        return o

    # -- the tick -----------------------------------------------------------------------

    def step(self) -> None:
        """Advance every boat by one tick.

        Boats are independent within a tick, so the fleet is processed in
        fixed-size blocks whose temporaries stay in cache (a 1M-boat tick in
        one piece is ~40 % slower); only the ranking sees the whole fleet.
        The block size is fixed, so results do not depend on the fleet split.
        """
        st, t = self.state, self.state.t
        with self.lock:
            if self.before_tick is not None:
                self.before_tick()
            due = self.orders.due(st.tick, t, st.next_mark)
            self._intake = (st.tick + 1, t + self.dt)
        if due.size:
            kind = self.orders.column("mode")[due]
            joins = due[kind == MODE_JOIN]
            if joins.size:
                self._activate(self.orders.column("boat")[joins])
            apply_orders(due, self.orders, st.mode, st.value)
            for seq in due[(kind == MODE_WAYPOINT) | (kind == MODE_CLEAR)].tolist():
                self._route_event(seq)
        n = len(st.lat)
        tlat, tlon = np.empty(n), np.empty(n)
        for lo in range(0, n, BLOCK):
            sl = slice(lo, min(lo + BLOCK, n))
            view = RaceState(**{k: a[sl] for k, a in st.arrays().items()}, t=t, tick=st.tick)
            self._advance(view, tlat[sl], tlon[sl], lo)
        st.t, st.tick = t + self.dt, st.tick + 1
        self._rank(st, tlat, tlon)
        self._intake = (st.tick, st.t)

    def _advance(self, st: RaceState, tlat_out: NDArray, tlon_out: NDArray, first: int) -> None:
        """One tick for a block of boats (`first` is its first boat); `st` holds views."""
        c, dt, t = self.course, self.dt, st.t
        w = self.wind.sample_uv(st.lat, st.lon, t)
        tws = np.abs(w)
        twd = uv_to_direction(w)
        tlat, tlon = c.target_lat.take(st.next_mark), c.target_lon.take(st.next_mark)
        alat, alon = self.routes.aim(st.lat, st.lon, st.next_mark, tlat, tlon)
        look_lat, look_lon = tlat, tlon
        wp = np.flatnonzero(~np.isnan(st.wp_lat))
        if wp.size:  # players' waypoints come before the next mark
            alat, alon = alat.copy(), alon.copy()
            alat[wp], alon[wp] = st.wp_lat[wp], st.wp_lon[wp]
            look_lat, look_lon = alat, alon
        racing = ~st.finished
        idle = None
        if not st.active.all():
            idle = ~st.active
            racing &= st.active
        error = None
        if np.any(st.helm):  # bots' heading error, seeded per (race, tick, boat)
            error = helm_noise(self.config.seed, st.tick, np.arange(first, first + len(st.lat)))
            error *= st.helm
        heading = steer(
            st.mode,
            st.value,
            st.twa,
            st.lat,
            st.lon,
            alat,
            alon,
            tws,
            twd,
            self.polar,
            self.probe,
            racing,
            look_lat,
            look_lon,
            self._max_step_nm,
            error,
        )
        # Sailors' sign: positive = wind over the starboard side (starboard tack).
        twa = wrap180(twd - heading).astype(np.float32, copy=False)
        self._penalise(st, twa, tws, t, idle)
        speed = self.polar.speed(twa, tws)
        speed *= st.trim
        speed *= effective_factor(st.pen_until, st.pen_factor, t, dt)
        speed[st.finished] = 0.0
        if idle is not None:
            speed[idle] = 0.0
        lat1, lon1 = rhumb_step(st.lat, st.lon, heading, speed * np.float32(dt / 3600.0))
        hit = self.land.clip_steps(st.lat, st.lon, lat1, lon1, self.guard)
        st.grounded[:] = False
        if hit.size:
            st.grounded[hit] = True
            g = self.config.rules.grounding
            apply_penalty(st.pen_until, st.pen_factor, hit, t + dt, g.duration(tws[hit]), g.factor)
        if wp.size:
            self._reach_waypoints(st, wp, lat1, lon1, first)
        moved = self._round_marks(st, lat1, lon1, tlat, tlon, t)
        if moved.size:
            tlat[moved] = c.target_lat[st.next_mark[moved]]
            tlon[moved] = c.target_lon[st.next_mark[moved]]
        st.lat[:], st.lon[:] = lat1, lon1
        st.heading[:], st.twa[:], st.tws[:], st.speed[:] = heading, twa, tws, speed
        tlat_out[:], tlon_out[:] = tlat, tlon

    def _reach_waypoints(
        self, st: RaceState, wp: NDArray, lat1: NDArray, lon1: NDArray, first: int
    ) -> None:
        """Boats `wp` (of the block starting at boat `first`) whose step passes within
        WAYPOINT_RADIUS_NM of their waypoint take the next one of their route."""
        radius = np.full(wp.size, WAYPOINT_RADIUS_NM)
        a, b, y, x = st.lat[wp], st.lon[wp], lat1[wp], lon1[wp]
        reached, _ = passes_within(a, b, y, x, st.wp_lat[wp], st.wp_lon[wp], radius)
        for i in wp[reached].tolist():
            rest = self.route.get(first + i)
            if rest:
                st.wp_lat[i], st.wp_lon[i] = rest.pop(0)
                if not rest:
                    del self.route[first + i]
            else:
                st.wp_lat[i] = st.wp_lon[i] = np.nan

    def _penalise(
        self, st: RaceState, twa: NDArray, tws: NDArray, t: float, idle: NDArray | None = None
    ) -> None:
        flags = detect_manoeuvres(st.twa, twa)
        flags[st.finished | np.isnan(st.twa)] = 0
        if idle is not None:
            flags[idle] = 0
        moved = np.flatnonzero(flags)
        if moved.size == 0:
            return
        rules = self.config.rules
        f = flags[moved]
        for bit, rule in ((TACK, rules.tack), (GYBE, rules.gybe), (SAIL, rules.sail)):
            idx = moved[(f & bit) != 0]
            apply_penalty(st.pen_until, st.pen_factor, idx, t, rule.duration(tws[idx]), rule.factor)

    def _round_marks(
        self, st: RaceState, lat1: NDArray, lon1: NDArray, tlat: NDArray, tlon: NDArray, t: float
    ) -> NDArray[np.intp]:
        """Advance boats whose step rounds their next mark; return their indices."""
        c = self.course
        nm = st.next_mark
        # Cheap screen in float32 degrees: only boats within reach of their mark.
        dlat = np.subtract(st.lat, tlat, dtype=np.float32)
        dlon = np.subtract(st.lon, tlon, dtype=np.float32)
        dlon *= self._mark_cos.take(nm)
        dlat *= dlat
        dlon *= dlon
        dlat += dlon
        near = np.flatnonzero(dlat <= self._reach2.take(nm))
        near = near[~st.finished[near] & st.active[near]]
        if near.size == 0:
            return near
        m = nm[near]
        a, b, y, x = st.lat[near], st.lon[near], lat1[near], lon1[near]
        gate, tg = crosses_line(a, b, y, x, c.line[m])
        wp, tw = passes_within(a, b, y, x, c.target_lat[m], c.target_lon[m], c.radius_nm[m])
        is_gate = c.kind[m] == KIND_GATE
        passed = np.where(is_gate, gate, wp)
        frac = np.where(is_gate, tg, tw)
        idx = near[passed]
        st.next_mark[idx] += 1
        done = st.next_mark[idx] >= len(c.marks)
        fin = idx[done]
        st.finished[fin] = True
        st.finish_time[fin] = t + frac[passed][done] * self.dt
        st.next_mark[fin] = len(c.marks) - 1
        return idx

    def _rank(
        self, st: RaceState, tlat: NDArray | None = None, tlon: NDArray | None = None
    ) -> None:
        c = self.course
        if tlat is None or tlon is None:
            tlat, tlon = c.target_lat.take(st.next_mark), c.target_lon.take(st.next_mark)
        remaining = self._remaining32.take(st.next_mark)
        st.dtf = distance_to_finish(st.lat, st.lon, tlat, tlon, remaining)
        st.dtf[st.finished] = 0.0
        if st.active.all():
            st.rank = rank_boats(st.finished, st.finish_time, st.dtf)
            return
        on = np.flatnonzero(st.active)
        rank = np.zeros(len(st.lat), np.int32)
        rank[on] = rank_boats(st.finished[on], st.finish_time[on], st.dtf[on])
        st.rank = rank

    # -- driving ------------------------------------------------------------------------

    def run(
        self,
        n_ticks: int,
        progress: Callable[[Race], None] | None = None,
        checkpoint: Callable[[Race], None] | None = None,
        every: int = 10,
    ) -> None:
        """Run `n_ticks` ticks (fewer if every boat finishes), reporting through callbacks."""
        for _ in range(n_ticks):
            if self.state.finished[self.state.active].all() and self.state.active.any():
                break
            self.step()
            if progress is not None:
                progress(self)
            if checkpoint is not None and self.state.tick % every == 0:
                checkpoint(self)

    @property
    def wind_held(self) -> bool:
        """Whether the last tick sailed in wind held past the forecast's end (see `wind`)."""
        return self.state.tick > 0 and self.wind.held_at(self.state.t - self.dt)

    def leaderboard(self, k: int = 10) -> NDArray[np.intp]:
        """Indices of the top `k` boats, best first."""
        st = self.state
        if st.active.all():
            return leaderboard(st.finished, st.finish_time, st.dtf, k)
        on = np.flatnonzero(st.active)
        return on[leaderboard(st.finished[on], st.finish_time[on], st.dtf[on], k)]
