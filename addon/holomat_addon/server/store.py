"""Finished models on disk: STL files named by cache key, facts in memory, bounded in bytes.

A relief of a large photograph is tens of MB of STL: kept in memory for an hour (and in the
result cache), a hundred jobs held a gigabyte. Here each STL is written once to a private
temporary directory and served from there; memory holds only the facts.
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

from ..stl.engine import StlFacts, StlResult


@dataclass(frozen=True, slots=True)
class StoredResult:
    """A finished model: its STL file and the facts the API reports."""

    path: Path
    facts: StlFacts

    def read_stl(self) -> bytes:
        """Return the binary STL (blocking file I/O)."""

        return self.path.read_bytes()


class ResultStore:
    """STL files by cache key, and an LRU of the keys a new request may reuse.

    The LRU holds at most ``cache_bytes`` of STL; a file stays on disk while the LRU or a job
    still refers to it (``in_use``, ``delete_except``): the disk holds the cache and the jobs.
    """

    def __init__(self, cache_bytes: int) -> None:
        """Create the private directory (removed by ``close``)."""

        self.directory = Path(tempfile.mkdtemp(prefix="holomat-results-"))
        self._max = cache_bytes
        self._cache: OrderedDict[str, StoredResult] = OrderedDict()
        self._size = 0

    def write(self, key: str, result: StlResult) -> StoredResult:
        """Write ``result`` to disk under ``key`` (blocking file I/O, any thread)."""

        path = self.directory / f"{hashlib.sha256(key.encode()).hexdigest()}.stl"
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

        if result.facts.stl_bytes > self._max or key in self._cache:
            return
        self._cache[key] = result
        self._size += result.facts.stl_bytes
        while self._size > self._max:
            _, dropped = self._cache.popitem(last=False)
            self._size -= dropped.facts.stl_bytes

    def in_use(self, held: Iterable[StoredResult]) -> set[Path]:
        """Return the files the cache or ``held`` results refer to."""

        return {result.path for result in (*self._cache.values(), *held)}

    def delete_except(self, keep: set[Path]) -> None:
        """Delete the STL files not in ``keep`` (blocking file I/O, any thread)."""

        for path in self.directory.glob("*.stl"):
            if path not in keep:
                path.unlink(missing_ok=True)

    def close(self) -> None:
        """Delete the directory and every file in it."""

        shutil.rmtree(self.directory, ignore_errors=True)
