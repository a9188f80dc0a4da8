"""The per-tick frame: a copy of what players see, and its snapshot bytes for the fan-out.

A million players polling their race must not cost a million queries: the tick
builds one frame (copies of the arrays the API reads, so requests never see a
tick half done) and one snapshot, a compact binary file every client fetches
byte for byte (an ETag per tick, cacheable by any proxy or CDN).

Snapshot layout, little-endian, `HEADER` then one array per field, each of
`n` boats (boat i is the i-th element):

    magic  b"CQRS", version u16 (1), header bytes u16 (32), tick u32,
    race time f64 (s), n u32, bots u32, reserved u32
    lat f32[n], lon f32[n]            degrees
    heading u16[n]                    centidegrees true, 0..35999
    speed u16[n]                      centiknots
    rank u32[n]                       1 = leader, 0 = not racing
    status u8[n]                      bit 0 racing, 1 finished, 2 bot, 3 aground
"""

from __future__ import annotations

import struct
import threading
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from calanque.race.simulation import Race

__all__ = ["HEADER", "Frame", "build_frame", "read_snapshot"]

HEADER = struct.Struct("<4sHHIdIII")
MAGIC, VERSION = b"CQRS", 1
FIELDS: tuple[str, ...] = (
    "lat",
    "lon",
    "heading",
    "speed",
    "twa",
    "tws",
    "dtf",
    "rank",
    "next_mark",
)
FIELDS += ("finished", "finish_time", "active", "grounded", "mode", "value")
STATUS_RACING, STATUS_FINISHED, STATUS_BOT, STATUS_AGROUND = 1, 2, 4, 8
SNAPSHOT_BYTES_PER_BOAT = 4 + 4 + 2 + 2 + 4 + 1


@dataclass(eq=False)
class Frame:
    """The race as of one tick: state copies, the snapshot bytes and their ETag."""

    tick: int
    t: float
    arrays: dict[str, NDArray]
    n_bots: int
    snapshot: bytes
    etag: str
    _order: NDArray[np.intp] | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __getattr__(self, name: str) -> NDArray:
        try:
            return self.__dict__["arrays"][name]
        except KeyError:
            raise AttributeError(name) from None

    def ranking(self) -> NDArray[np.intp]:
        """Boats racing, best first (by rank, then boat): sorted once per frame, on demand."""
        with self._lock:
            if self._order is None:
                on = np.flatnonzero(self.arrays["active"])
                self._order = on[np.lexsort((on, self.arrays["rank"][on]))]
            return self._order


def build_frame(race: Race, tag: str = "") -> Frame:
    """Copy the state players see and pack the snapshot (call between ticks).

    The ETag is the tick and `tag` (the server's start: a restarted server re-runs
    ticks whose state is the same, but a client must not keep bytes across it).
    """
    st = race.state
    arrays = {k: getattr(st, k).copy() for k in FIELDS}
    n = len(st.lat)
    # Each field is cast straight into its place in one buffer (no temporaries, one copy
    # to bytes at the end): at a million boats a tick allocates tens of MB fewer.
    buf = bytearray(HEADER.size + SNAPSHOT_BYTES_PER_BOAT * n)
    HEADER.pack_into(buf, 0, MAGIC, VERSION, HEADER.size, st.tick, st.t, n, race.n_bots, 0)
    at = HEADER.size

    def slot(dtype: str) -> NDArray:
        nonlocal at
        a = np.frombuffer(buf, dtype, n, at)
        at += a.nbytes
        return a

    slot("<f4")[:] = arrays["lat"]
    slot("<f4")[:] = arrays["lon"]
    heading = slot("<u2")
    np.rint(
        np.mod(arrays["heading"], np.float32(360.0)) * np.float32(100.0),
        out=heading,
        casting="unsafe",
    )
    heading[heading >= 36000] -= 36000  # 359.996° rounds up to 360.00°
    speed = np.rint(arrays["speed"] * np.float32(100.0))
    np.clip(speed, 0, 65535, out=speed)
    slot("<u2")[:] = speed
    slot("<u4")[:] = arrays["rank"]
    status = slot("u1")
    np.multiply(arrays["active"], np.uint8(STATUS_RACING), out=status, casting="unsafe")
    status |= arrays["finished"].view(np.uint8) * np.uint8(STATUS_FINISHED)
    status |= arrays["grounded"].view(np.uint8) * np.uint8(STATUS_AGROUND)
    status[: race.n_bots] |= np.uint8(STATUS_BOT)
    body = bytes(buf)
    etag = f'"{st.tick}-{tag}"'
    return Frame(st.tick, st.t, arrays, race.n_bots, body, etag)


def read_snapshot(data: bytes) -> dict[str, NDArray | int | float]:
    """Decode a snapshot (what a client does): header fields and arrays."""
    magic, version, size, tick, t, n, bots, _ = HEADER.unpack_from(data)
    if magic != MAGIC or version != VERSION:
        raise ValueError("not a race snapshot of version 1")
    out: dict[str, NDArray | int | float] = {"tick": tick, "t": t, "n": n, "bots": bots}
    offset = size
    for name, dtype in (
        ("lat", "<f4"),
        ("lon", "<f4"),
        ("heading", "<u2"),
        ("speed", "<u2"),
        ("rank", "<u4"),
        ("status", "u1"),
    ):
        a = np.frombuffer(data, dtype, n, offset)
        offset += a.nbytes
        out[name] = a
    if offset != len(data):
        raise ValueError("snapshot length does not match its header")
    return out
