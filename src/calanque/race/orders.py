"""Steering orders and the order log a race replays from.

Every player has the same three autopilot modes (no paid options): a fixed
heading, a fixed true wind angle, or best VMG to the next mark, which the
player's own waypoints can route (`waypoint` adds one to the boat's route,
`clear` empties it). An order takes effect at a given race time or when the
boat rounds a given mark. The log also holds the race's events that are
not steering: a player's boat joining (`join`) and a pending order
cancelled (`cancel`). The log holds only resolved orders (an order "now" is
stored with the current time), so replaying it reproduces the race bit for
bit whatever the tick at which each order was typed.

A start-day burst is a million orders in minutes, many programmed hours
ahead, so the book is columnar (numpy arrays grown by doubling, one row per
order) and keeps the pending programmed orders sorted by time: a tick takes
the due ones as a prefix (one `searchsorted`) instead of scanning them all.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from calanque.errors import CalanqueError

__all__ = [
    "AUTOPILOT",
    "MODES",
    "MODE_HEADING",
    "MODE_TWA",
    "MODE_VMG",
    "Order",
    "OrderBook",
    "OrderError",
]

MODE_HEADING, MODE_TWA, MODE_VMG = 0, 1, 2
MODE_WAYPOINT, MODE_CLEAR, MODE_JOIN, MODE_CANCEL = 3, 4, 5, 6
#: The autopilot modes a boat's state holds.
AUTOPILOT = {"heading": MODE_HEADING, "twa": MODE_TWA, "vmg": MODE_VMG}
#: Every kind of log entry: the autopilot modes, the route's, and the race's events.
MODES = {
    **AUTOPILOT,
    "waypoint": MODE_WAYPOINT,
    "clear": MODE_CLEAR,
    "join": MODE_JOIN,
    "cancel": MODE_CANCEL,
}
_NAMES = {v: k for k, v in MODES.items()}
#: What a boat number, mark or sequence number may be (built once: `int | np.integer` in a
#: call builds a union each time, on the path of every order).
INTEGER = (int, np.integer)
#: What a player may order (join and cancel have their own calls).
PLAYER_MODES = ("heading", "twa", "vmg", "waypoint", "clear")


class OrderError(CalanqueError, ValueError):
    """An order the rules do not allow; the race is left untouched."""


class Order(NamedTuple):
    """A resolved order (a named tuple: a start-day burst makes millions).

    value : heading (degrees true, [0, 360)), TWA (degrees, [-180, 180], positive =
        wind on starboard), for `vmg` and `waypoint` the layline fraction in (0, 1] at
        which the boat tacks or gybes (1 = sail to the layline), for `cancel` the
        sequence number of the order cancelled; 0 otherwise.
    at_time : race time in seconds at which it applies, or None if `at_mark` is set.
    at_mark : applies once the boat has rounded mark index `at_mark`.
    lat, lon : a waypoint's position, degrees.
    """

    seq: int
    boat: int
    mode: str
    value: float
    at_time: float | None = None
    at_mark: int | None = None
    tick: int = 0  #: tick at which it was submitted
    bot: bool = False  #: issued by a bot (regenerated, not replayed, after a crash)
    lat: float | None = None
    lon: float | None = None

    def to_dict(self) -> dict:
        return self._asdict()


_COLUMNS = {
    "boat": np.int64,
    "mode": np.int8,
    "value": np.float64,
    "at_time": np.float64,  # NaN: triggered by a mark
    "at_mark": np.int32,  # -1: triggered by a time
    "tick": np.int64,
    "bot": np.bool_,
    "lat": np.float64,
    "lon": np.float64,
    "done": np.bool_,  # fired, cancelled, or a cancel itself
}


class OrderBook:
    """Validated orders, pending and done, for `n_boats` boats on `n_marks` marks.

    Not thread-safe: `Race` serialises access.
    """

    def __init__(self, n_boats: int, n_marks: int) -> None:
        self.n_boats, self.n_marks = n_boats, n_marks
        self.n = 0  # orders in the log, columns and `_new` together
        self._stored = 0  # orders in the columns
        self._new: list[Order] = []  # added since the columns were last filled
        self._cap = 0
        self._col: dict[str, NDArray] = {k: np.empty(0, t) for k, t in _COLUMNS.items()}
        # Pending time-triggered orders sorted by (at_time, seq), and those added since
        # the last tick (merged in at the next one); mark-triggered ones, unsorted.
        self._tkey = np.empty(0, np.float64)
        self._tseq = np.empty(0, np.int64)
        self._inbox_t: list[float] = []
        self._inbox_s: list[int] = []
        self._mseq = np.empty(0, np.int64)
        self._inbox_m: list[int] = []

    # -- making -------------------------------------------------------------------------

    def make(
        self,
        boat: int,
        mode: str,
        value: float = 1.0,
        *,
        now: float,
        at_time: float | None = None,
        at_mark: int | None = None,
        lat: float | None = None,
        lon: float | None = None,
        finished: bool = False,
        tick: int = 0,
        bot: bool = False,
    ) -> Order:
        """Check an order against the rules and resolve it; raise OrderError if not allowed."""
        if not (isinstance(boat, INTEGER) and 0 <= boat < self.n_boats):
            raise OrderError(f"no boat {boat!r} in this race (0..{self.n_boats - 1})")
        if finished:
            raise OrderError(f"boat {boat} has finished; orders are closed")
        if mode not in PLAYER_MODES:
            raise OrderError(f"unknown mode {mode!r}; use one of {', '.join(PLAYER_MODES)}")
        value = float(value)
        if not math.isfinite(value):
            raise OrderError("order value must be a finite number")
        if mode == "heading" and not 0 <= value < 360:
            raise OrderError(f"heading {value} outside 0..360°")
        if mode == "twa" and not -180 <= value <= 180:
            raise OrderError(f"true wind angle {value} outside -180..180°")
        if mode in ("vmg", "waypoint") and not 0 < value <= 1:
            raise OrderError(f"VMG layline fraction {value} outside (0, 1]")
        if mode == "clear":
            value = 0.0
        if mode == "waypoint":
            if lat is None or lon is None:
                raise OrderError("a waypoint needs a latitude and a longitude")
            lat, lon = float(lat), float(lon)
            if not (math.isfinite(lat) and math.isfinite(lon)):
                raise OrderError("waypoint coordinates must be finite numbers")
            if not (-80 <= lat <= 80 and -180 <= lon <= 180):
                raise OrderError(f"waypoint {lat}, {lon} outside -80..80° N, -180..180° E")
        elif lat is not None or lon is not None:
            raise OrderError(f"only a waypoint takes a position, not {mode!r}")
        if at_time is not None and at_mark is not None:
            raise OrderError("an order triggers on a time or on a mark, not both")
        if at_mark is not None:
            if not (isinstance(at_mark, INTEGER) and 0 <= at_mark < self.n_marks - 1):
                raise OrderError(f"mark {at_mark!r} is not a mark to round (0..{self.n_marks - 2})")
            return Order(self.n, int(boat), mode, value, None, int(at_mark), tick, bot, lat, lon)
        t = now if at_time is None else float(at_time)
        if not math.isfinite(t) or t < now:
            raise OrderError(f"order time {t:.0f} s is in the past (race time {now:.0f} s)")
        return Order(self.n, int(boat), mode, value, t, None, tick, bot, lat, lon)

    def make_join(self, boat: int, *, now: float, tick: int) -> Order:
        """A boat of a player joining the race (it sets off from the start at the next tick)."""
        if not (isinstance(boat, INTEGER) and 0 <= boat < self.n_boats):
            raise OrderError(f"no boat {boat!r} in this race (0..{self.n_boats - 1})")
        return Order(self.n, int(boat), "join", 0.0, float(now), None, tick)

    def make_cancel(self, boat: int, seq: int, *, now: float, tick: int) -> Order:
        """Cancel `boat`'s pending order `seq`; raise OrderError if it is not one."""
        if not (isinstance(seq, INTEGER) and 0 <= seq < self.n):
            raise OrderError(f"no order {seq!r}")
        self._sync()
        c = self._col
        if int(c["boat"][seq]) != boat or c["mode"][seq] in (MODE_JOIN, MODE_CANCEL):
            raise OrderError(f"order {seq} is not one of boat {boat}'s orders")
        if c["done"][seq]:
            raise OrderError(f"order {seq} is no longer pending (applied or cancelled)")
        return Order(self.n, int(boat), "cancel", float(seq), float(now), None, tick)

    # -- the log ------------------------------------------------------------------------

    def add(self, order: Order) -> None:
        """Append a resolved order (from `make…` or from a stored log).

        The order joins a list, copied into the columns in one go when they are next
        read: a numpy column takes one element far slower than a batch.
        """
        if order.seq != self.n:
            raise OrderError(f"order log out of sequence: got {order.seq}, expected {self.n}")
        self._new.append(order)
        self.n += 1
        if order.mode == "cancel":
            # Takes effect at once, even when a replay loads the whole log up front: the
            # order it cancels had not fired by then, and cannot fire earlier in a replay.
            self._sync()
            self._col["done"][[order.seq, int(order.value)]] = True
        elif order.at_mark is None:
            self._inbox_t.append(order.at_time)  # type: ignore[arg-type]
            self._inbox_s.append(order.seq)
        else:
            self._inbox_m.append(order.seq)

    def _sync(self) -> None:
        """Copy the orders added since the last call into the columns."""
        if not self._new:
            return
        if self.n > self._cap:
            self._grow(max(1024, 2 * self._cap, self.n))
        new, self._new = self._new, []
        a, b, c = self._stored, self._stored + len(new), self._col
        cols = list(zip(*new, strict=True))
        c["boat"][a:b] = cols[1]
        c["mode"][a:b] = [MODES[m] for m in cols[2]]
        c["value"][a:b] = cols[3]
        c["at_time"][a:b] = [np.nan if x is None else x for x in cols[4]]
        c["at_mark"][a:b] = [-1 if x is None else x for x in cols[5]]
        c["tick"][a:b] = cols[6]
        c["bot"][a:b] = cols[7]
        c["lat"][a:b] = [np.nan if x is None else x for x in cols[8]]
        c["lon"][a:b] = [np.nan if x is None else x for x in cols[9]]
        c["done"][a:b] = False
        self._stored = b

    def _grow(self, cap: int) -> None:
        for k, a in self._col.items():
            b = np.zeros(cap, a.dtype)
            b[: self._stored] = a[: self._stored]
            self._col[k] = b
        self._cap = cap

    def __len__(self) -> int:
        return self.n

    def column(self, name: str) -> NDArray:
        """One column of the log, shape (len(self),) (a view: do not modify)."""
        self._sync()
        return self._col[name][: self.n]

    def get(self, seq: int) -> Order:
        self._sync()
        c = self._col
        at_time, at_mark = float(c["at_time"][seq]), int(c["at_mark"][seq])
        lat, lon = float(c["lat"][seq]), float(c["lon"][seq])
        return Order(
            seq,
            int(c["boat"][seq]),
            _NAMES[int(c["mode"][seq])],
            float(c["value"][seq]),
            None if at_mark >= 0 else at_time,
            at_mark if at_mark >= 0 else None,
            int(c["tick"][seq]),
            bool(c["bot"][seq]),
            None if math.isnan(lat) else lat,
            None if math.isnan(lon) else lon,
        )

    @property
    def log(self) -> list[Order]:
        """Every order, in sequence (built on demand: use `column` in loops)."""
        return [self.get(i) for i in range(self.n)]

    @property
    def applied(self) -> NDArray[np.int64]:
        """Sequence numbers of the orders done (fired, cancelled, or cancels), sorted."""
        return np.flatnonzero(self.column("done"))

    def mark_applied(self, seqs: NDArray | set[int]) -> None:
        """Restore which orders were done (from a checkpoint)."""
        idx = np.fromiter(seqs, np.int64) if isinstance(seqs, set) else np.asarray(seqs)
        self._sync()
        self._col["done"][idx] = True

    def pending(self, boat: int | None = None) -> list[Order]:
        """Orders not yet applied nor cancelled (of one boat), in sequence."""
        keep = ~self.column("done")
        if boat is not None:
            keep &= self.column("boat") == boat
        return [self.get(int(i)) for i in np.flatnonzero(keep)]

    # -- the tick -----------------------------------------------------------------------

    def due(self, tick: int, now: float, next_mark: NDArray) -> NDArray[np.int64]:
        """Sequence numbers of the orders whose trigger fires at `tick` (race time `now`),
        in log order; they are marked done.

        An order never fires before the tick it was submitted at, so a replay that
        loads the whole log up front applies each order exactly when it first did.
        """
        self._sync()
        c = self._col
        done, otick = c["done"], c["tick"]
        if self._inbox_s:
            keys = np.array(self._inbox_t)
            seqs = np.array(self._inbox_s, np.int64)
            order = np.lexsort((seqs, keys))
            keys, seqs = keys[order], seqs[order]
            # New orders have larger sequence numbers than every pending one: inserting
            # them after equal times keeps the (time, seq) order.
            at = np.searchsorted(self._tkey, keys, side="right")
            self._tkey = np.insert(self._tkey, at, keys)
            self._tseq = np.insert(self._tseq, at, seqs)
            self._inbox_t, self._inbox_s = [], []
        k = int(np.searchsorted(self._tkey, now, side="right"))
        fired = self._tseq[:k]
        early = fired[otick[fired] > tick]  # not before its submission tick
        if early.size:
            keep = np.isin(self._tseq, early)
            keep[k:] = True
            self._tkey, self._tseq = self._tkey[keep], self._tseq[keep]
            fired = fired[otick[fired] <= tick]
        else:
            self._tkey, self._tseq = self._tkey[k:], self._tseq[k:]
        if self._inbox_m:
            self._mseq = np.concatenate((self._mseq, np.array(self._inbox_m, np.int64)))
            self._inbox_m = []
        if self._mseq.size:
            m = self._mseq
            alive = ~done[m]
            hit = alive & (otick[m] <= tick) & (next_mark[c["boat"][m]] > c["at_mark"][m])
            fired = np.concatenate((fired, m[hit]))
            self._mseq = m[alive & ~hit]
        fired = np.sort(fired[~done[fired]])
        done[fired] = True
        return fired


def apply_orders(seqs: NDArray[np.int64], book: OrderBook, mode: NDArray, value: NDArray) -> None:
    """Set the autopilot of boats given a heading, wind-angle, VMG or waypoint order, in
    place; a later order overrides an earlier one. `seqs` in log order (from `OrderBook.due`)."""
    m = book.column("mode")[seqs]
    seqs = seqs[m <= MODE_WAYPOINT]  # a waypoint engages the VMG autopilot
    if seqs.size == 0:
        return
    boats = book.column("boat")[seqs]
    # Keep the last order per boat: unique on the reversed list returns first hits.
    _, last = np.unique(boats[::-1], return_index=True)
    keep = seqs[len(seqs) - 1 - last]
    b = book.column("boat")[keep]
    mode[b] = np.minimum(book.column("mode")[keep], MODE_VMG)
    value[b] = book.column("value")[keep].astype(np.float32)
