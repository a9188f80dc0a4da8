"""Manoeuvre and grounding penalties: a speed factor held for a duration.

Rules are public and identical for every boat (no paid "auto-sail" option).
A manoeuvre costs more in a breeze, when a real crew needs longer to trim;
the duration is interpolated linearly in the true wind speed. A penalty
straddling a tick boundary only slows the part of the tick it covers, so
results do not depend on the tick length.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
from numpy.typing import NDArray

from calanque.errors import CalanqueError

__all__ = [
    "GYBE",
    "SAIL",
    "TACK",
    "Penalty",
    "PenaltyRules",
    "apply_penalty",
    "detect_manoeuvres",
    "effective_factor",
    "sail_for",
]


class PenaltyError(CalanqueError, ValueError):
    """Penalty settings outside their bounds."""


TACK, GYBE, SAIL = 1, 2, 4
#: Sail plan by |TWA|: jib below 70°, reacher/code 0 to 120°, spinnaker beyond.
SAIL_LIMITS_DEG = (70.0, 120.0)


@dataclass(frozen=True)
class Penalty:
    """Speed multiplied by `factor` for `light_s` seconds at 5 kt, `strong_s` at 30 kt."""

    factor: float
    light_s: float
    strong_s: float

    def duration(self, tws: NDArray) -> NDArray[np.float32]:
        """Duration in seconds for wind speeds `tws` (knots), shape like `tws`."""
        f = np.clip((np.asarray(tws, np.float32) - 5.0) / 25.0, 0.0, 1.0)
        return (self.light_s + f * (self.strong_s - self.light_s)).astype(np.float32)


@dataclass(frozen=True)
class PenaltyRules:
    """The race's penalty table (seconds, speed factors in [0, 1])."""

    tack: Penalty = field(default_factory=lambda: Penalty(0.5, 60.0, 150.0))
    gybe: Penalty = field(default_factory=lambda: Penalty(0.5, 60.0, 240.0))
    sail: Penalty = field(default_factory=lambda: Penalty(0.8, 120.0, 360.0))
    grounding: Penalty = field(default_factory=lambda: Penalty(0.0, 1800.0, 1800.0))

    def __post_init__(self) -> None:
        for name, p in asdict(self).items():
            if not (0.0 <= p["factor"] <= 1.0 and p["light_s"] >= 0 and p["strong_s"] >= 0):
                raise PenaltyError(f"penalty {name}: factor must be in [0, 1], durations >= 0")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> PenaltyRules:
        return cls(**{k: Penalty(**v) for k, v in data.items()})


def sail_for(twa: NDArray) -> NDArray[np.int8]:
    """Sail index (0 jib, 1 reacher, 2 spinnaker) for TWA in degrees, shape like `twa`."""
    a = np.abs(twa)
    return (a >= SAIL_LIMITS_DEG[0]).astype(np.int8) + (a >= SAIL_LIMITS_DEG[1])


def detect_manoeuvres(old_twa: NDArray, new_twa: NDArray) -> NDArray[np.int8]:
    """Bit flags TACK | GYBE | SAIL per boat, shape (n,).

    A change of tack (sign of TWA) through head-to-wind is a tack, through
    dead downwind a gybe: whichever of 0° or 180° the shorter turn crosses.
    """
    flipped = (old_twa * new_twa) < 0
    through_bow = (np.abs(old_twa) + np.abs(new_twa)) <= 180.0
    flags = (flipped & through_bow).astype(np.int8) * TACK
    flags |= (flipped & ~through_bow).astype(np.int8) * GYBE
    flags |= (sail_for(old_twa) != sail_for(new_twa)).astype(np.int8) * SAIL
    return flags


def apply_penalty(
    until: NDArray, factor: NDArray, idx: NDArray, t: float, duration: NDArray, f: float
) -> None:
    """Start a penalty for boats `idx` at time `t` (s), in place.

    A new penalty on top of a running one keeps the harsher factor and the
    later end: penalties never stack multiplicatively.
    """
    if idx.size == 0:
        return
    active = until[idx] > t
    factor[idx] = np.where(active, np.minimum(factor[idx], f), f)
    until[idx] = np.maximum(np.where(active, until[idx], t), t + duration)


def effective_factor(until: NDArray, factor: NDArray, t: float, dt: float) -> NDArray[np.float32]:
    """Mean speed factor over the tick [t, t + dt], shape (n,).

    until : ndarray of shape (n,), seconds (race clock) when the penalty ends.
    factor : ndarray of shape (n,), speed factor while it runs.
    """
    covered = np.clip(until - t, 0.0, dt).astype(np.float32)
    covered *= np.float32(1.0 / dt)
    return np.float32(1.0) - (np.float32(1.0) - factor) * covered
