"""Give freed heap memory back to the system (glibc), so that the server's RSS follows its use.

glibc's malloc gives each thread that allocates its own arena (up to 8 per core) and keeps
freed blocks in them; it also raises its mmap threshold (up to 32 MiB) each time a large
block is freed, so the next images' buffers come from the arenas and stay there. The job
pools' threads decode, resize and mesh images of tens of MB: after a few jobs the process held
a gigabyte it no longer used. ``mallopt(M_ARENA_MAX)``, a fixed ``M_MMAP_THRESHOLD`` and
``malloc_trim`` are glibc's own remedies (``man 3 mallopt``, ``man 3 malloc_trim``);
elsewhere (musl, macOS) these are no-ops.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

_LOGGER = logging.getLogger(__name__)
M_MMAP_THRESHOLD = -3  # glibc's malloc.h
M_ARENA_MAX = -8


def _glibc() -> ctypes.CDLL | None:
    """Return glibc, or ``None`` on another C library."""

    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


_LIBC = _glibc()


def tune_malloc(arenas: int, mmap_threshold: int) -> bool:
    """Tune glibc's malloc for large, short-lived buffers; return whether it applied.

    Threads share at most ``arenas`` arenas; blocks of ``mmap_threshold`` bytes or more are
    mapped on their own and given back to the system when freed.
    """

    if _LIBC is None:
        return False
    done = bool(_LIBC.mallopt(M_ARENA_MAX, arenas))
    done = bool(_LIBC.mallopt(M_MMAP_THRESHOLD, mmap_threshold)) and done
    _LOGGER.debug("malloc: %d arenas, mmap from %d bytes: %s", arenas, mmap_threshold, done)
    return done


def release_memory() -> bool:
    """Return the free memory at the top and inside the heap to the system; say if any was."""

    if _LIBC is None:
        return False
    return bool(_LIBC.malloc_trim(0))
