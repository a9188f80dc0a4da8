"""Keep the memory a tick frees for the next tick, instead of handing it back to the system.

A tick at a million boats allocates and frees some 70 MB of numpy temporaries and frame
copies. glibc gives freed blocks above its adaptive thresholds back to the system, and the
next tick faults every page in again: 14,000 to 20,000 page faults a tick, 8-15 % of its CPU
time, and more wall time on a virtual machine, whose host backs each fault. With higher
thresholds up to `trim_mb` of freed memory stays in the process, and blocks up to `mmap_mb`
come from (and go back to) that pool.
"""

from __future__ import annotations

import ctypes

__all__ = ["keep_freed_memory"]

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h


def keep_freed_memory(trim_mb: int = 256, mmap_mb: int = 64) -> bool:
    """Raise glibc malloc's trim and mmap thresholds for this process (the race server's);
    return False where that is not possible (no glibc: macOS, musl's stub)."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(M_TRIM_THRESHOLD, trim_mb << 20)) and bool(
        mallopt(M_MMAP_THRESHOLD, mmap_mb << 20)
    )
