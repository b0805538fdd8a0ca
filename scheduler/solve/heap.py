"""Memory the process freed, given back to the system.

glibc keeps what a thread frees for that thread's next allocations (each CP-SAT solve runs in
threads of its own, solve/control.py), and gives back only the free memory at the very top of
a heap: after a solve of a county's model the pages it freed stay the process's, gigabytes
that no later solve in another thread reuses. `release` returns every free page.
"""

from __future__ import annotations

import ctypes
import ctypes.util

LARGE = 20_000  # variables: a model whose solve is worth releasing after (not a neighbourhood's)


def _trim():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to do
        return None


_MALLOC_TRIM = _trim()


def release() -> None:
    """Give the system back every whole free page the allocator holds (glibc's malloc_trim)."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)
