"""Finished results on disk: files named by cache key, facts in memory, bounded in bytes.

A relief of a large photograph is tens of MB of STL: kept in memory for an hour (and in the
result cache), a hundred jobs held a gigabyte. Here each result (an STL, or a sliced
``.gcode.3mf``) is written once to a private temporary directory and served from there; memory
holds only the facts.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import uuid
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Protocol

from ..stl.engine import StlResult

# The kinds of file the store holds: models (binary STL) and sliced plates.
SUFFIXES: Final = (".stl", ".gcode.3mf")


class Facts(Protocol):
    """What the API reports of a stored result; ``stored_bytes`` is its file's size."""

    @property
    def stored_bytes(self) -> int:
        """Return the size of the result's file in bytes."""

    def as_dict(self, *, cached: bool) -> dict[str, Any]:
        """Return the API's ``result`` object; ``cached`` says whether a job reused it."""


@dataclass(frozen=True, slots=True)
class StoredResult:
    """A finished result: its file (an STL or a ``.gcode.3mf``) and the facts the API reports."""

    path: Path
    facts: Facts

    def read_stl(self) -> bytes:
        """Return the file's bytes (blocking file I/O)."""

        return self.path.read_bytes()


class ResultStore:
    """Result files by cache key, and an LRU of the keys a new request may reuse.

    The LRU holds at most ``cache_bytes`` of files; a file stays on disk while the LRU or a job
    still refers to it (``in_use``, ``delete_except``): the disk holds the cache and the jobs.
    """

    def __init__(self, cache_bytes: int) -> None:
        """Create the private directory (removed by ``close``)."""

        self.directory = Path(tempfile.mkdtemp(prefix="holomat-results-"))
        self._max = cache_bytes
        self._cache: OrderedDict[str, StoredResult] = OrderedDict()
        self._size = 0

    def path_for(self, key: str, suffix: str) -> Path:
        """Return where the result of ``key`` lives (``suffix``: one of ``SUFFIXES``).

        A writer there must write aside and rename, as ``write`` and the slicer do.
        """

        return self.directory / f"{hashlib.sha256(key.encode()).hexdigest()}{suffix}"

    def write(self, key: str, result: StlResult) -> StoredResult:
        """Write the model ``result`` to disk under ``key`` (blocking file I/O, any thread)."""

        path = self.path_for(key, ".stl")
        # Written aside then renamed: a response streaming the same key never sees half a file.
        partial = path.with_suffix(f".{uuid.uuid4().hex}.part")
        partial.write_bytes(result.stl)
        partial.replace(path)
        return StoredResult(path=path, facts=result.facts)

    def get(self, key: str) -> StoredResult | None:
        """Return the cached result for ``key`` and mark it recently used, or ``None``."""

        result = self._cache.get(key)
        if result is not None:
            self._cache.move_to_end(key)
        return result

    def remember(self, key: str, result: StoredResult) -> None:
        """Put ``result`` in the LRU, dropping the least recently used beyond the limit."""

        if result.facts.stored_bytes > self._max or key in self._cache:
            return
        self._cache[key] = result
        self._size += result.facts.stored_bytes
        while self._size > self._max:
            _, dropped = self._cache.popitem(last=False)
            self._size -= dropped.facts.stored_bytes

    def in_use(self, held: Iterable[StoredResult]) -> set[Path]:
        """Return the files the cache or ``held`` results refer to."""

        return {result.path for result in (*self._cache.values(), *held)}

    def delete_except(self, keep: set[Path]) -> None:
        """Delete the result files not in ``keep`` (blocking file I/O, any thread).

        Files still being written (under a temporary name) are left alone.
        """

        for suffix in SUFFIXES:
            for path in self.directory.glob(f"*{suffix}"):
                if path not in keep:
                    path.unlink(missing_ok=True)

    def close(self) -> None:
        """Delete the directory and every file in it."""

        shutil.rmtree(self.directory, ignore_errors=True)
