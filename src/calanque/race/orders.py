"""Steering orders and the order log a race replays from.

Every player has the same three autopilot modes (no paid options): a fixed
heading, a fixed true wind angle, or best VMG to the next mark. An order
takes effect at a given race time or when the boat rounds a given mark. The
log holds only resolved orders (an order "now" is stored with the current
time), so replaying it reproduces the race bit for bit whatever the tick at
which each order was typed.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["MODES", "MODE_HEADING", "MODE_TWA", "MODE_VMG", "Order", "OrderBook", "OrderError"]

MODE_HEADING, MODE_TWA, MODE_VMG = 0, 1, 2
MODES = {"heading": MODE_HEADING, "twa": MODE_TWA, "vmg": MODE_VMG}


class OrderError(ValueError):
    """An order the rules do not allow; the race is left untouched."""


@dataclass(frozen=True)
class Order:
    """A resolved order.

    value : heading (degrees true, [0, 360)), TWA (degrees, [-180, 180], positive =
        wind on starboard), or for `vmg` the layline fraction in (0, 1] at which the
        boat tacks or gybes (1 = sail to the layline).
    at_time : race time in seconds at which it applies, or None if `at_mark` is set.
    at_mark : applies once the boat has rounded mark index `at_mark`.
    """

    seq: int
    boat: int
    mode: str
    value: float
    at_time: float | None = None
    at_mark: int | None = None
    tick: int = 0  #: tick at which it was submitted
    bot: bool = False  #: issued by a bot (regenerated, not replayed, after a crash)

    def to_dict(self) -> dict:
        return asdict(self)


class OrderBook:
    """Validated orders, pending and applied, for `n_boats` boats on `n_marks` marks."""

    def __init__(self, n_boats: int, n_marks: int) -> None:
        self.n_boats, self.n_marks = n_boats, n_marks
        self.log: list[Order] = []
        self.applied: set[int] = set()
        self._pending: list[Order] = []

    def make(
        self,
        boat: int,
        mode: str,
        value: float,
        *,
        now: float,
        at_time: float | None = None,
        at_mark: int | None = None,
        finished: bool = False,
        tick: int = 0,
        bot: bool = False,
    ) -> Order:
        """Check an order against the rules and resolve it; raise OrderError if not allowed."""
        if not (isinstance(boat, int | np.integer) and 0 <= boat < self.n_boats):
            raise OrderError(f"no boat {boat!r} in this race (0..{self.n_boats - 1})")
        if finished:
            raise OrderError(f"boat {boat} has finished; orders are closed")
        if mode not in MODES:
            raise OrderError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        value = float(value)
        if not math.isfinite(value):
            raise OrderError("order value must be a finite number")
        if mode == "heading" and not 0 <= value < 360:
            raise OrderError(f"heading {value} outside 0..360°")
        if mode == "twa" and not -180 <= value <= 180:
            raise OrderError(f"true wind angle {value} outside -180..180°")
        if mode == "vmg" and not 0 < value <= 1:
            raise OrderError(f"VMG layline fraction {value} outside (0, 1]")
        if at_time is not None and at_mark is not None:
            raise OrderError("an order triggers on a time or on a mark, not both")
        if at_mark is not None:
            if not (isinstance(at_mark, int | np.integer) and 0 <= at_mark < self.n_marks - 1):
                raise OrderError(f"mark {at_mark!r} is not a mark to round (0..{self.n_marks - 2})")
            return Order(len(self.log), int(boat), mode, value, None, int(at_mark), tick, bot)
        t = now if at_time is None else float(at_time)
        if not math.isfinite(t) or t < now:
            raise OrderError(f"order time {t:.0f} s is in the past (race time {now:.0f} s)")
        return Order(len(self.log), int(boat), mode, value, t, None, tick, bot)

    def add(self, order: Order) -> None:
        """Append a resolved order (from `make` or from a stored log)."""
        if order.seq != len(self.log):
            raise OrderError(
                f"order log out of sequence: got {order.seq}, expected {len(self.log)}"
            )
        self.log.append(order)
        if order.seq not in self.applied:
            self._pending.append(order)

    def mark_applied(self, seqs: set[int]) -> None:
        """Restore which orders had fired (from a checkpoint)."""
        self.applied = set(seqs)
        self._pending = [o for o in self.log if o.seq not in self.applied]

    def due(self, tick: int, now: float, next_mark: NDArray) -> list[Order]:
        """Orders whose trigger has fired at `tick` (race time `now`), in log order.

        An order never fires before the tick it was submitted at, so a replay that
        loads the whole log up front applies each order exactly when it first did.
        """
        out, keep = [], []
        for o in self._pending:
            if o.tick > tick:
                fired = False
            elif o.at_time is not None:
                fired = o.at_time <= now
            else:
                fired = next_mark[o.boat] > o.at_mark
            (out if fired else keep).append(o)
        self._pending = keep
        self.applied.update(o.seq for o in out)
        return out

    def pending(self) -> list[Order]:
        return list(self._pending)


def apply_orders(orders: list[Order], mode: NDArray, value: NDArray) -> None:
    """Set the autopilot of ordered boats in place; a later order overrides an earlier one."""
    if not orders:
        return
    boats = np.array([o.boat for o in orders])
    modes = np.array([MODES[o.mode] for o in orders], np.int8)
    values = np.array([o.value for o in orders], np.float32)
    # Keep the last order per boat: unique on the reversed list returns first hits.
    _, last = np.unique(boats[::-1], return_index=True)
    keep = len(boats) - 1 - last
    mode[boats[keep]] = modes[keep]
    value[boats[keep]] = values[keep]
