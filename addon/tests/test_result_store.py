"""Finished models live on disk, bounded in bytes; the heap is handed back after each job."""

from __future__ import annotations

from holomat_addon.server.memory import release_memory, tune_malloc
from holomat_addon.server.store import ResultStore
from holomat_addon.stl.engine import StlFacts, StlResult


def result(size: int) -> StlResult:
    """Return a result of ``size`` STL bytes."""

    facts = StlFacts(
        method="relief",
        triangles=(size - 84) // 50,
        size_mm=(80.0, 60.0, 5.0),
        volume_mm3=1234.5,
        watertight=True,
        stl_bytes=size,
    )
    return StlResult(stl=bytes(size), facts=facts)


def test_results_are_files_and_the_cache_is_bounded_in_bytes() -> None:
    store = ResultStore(cache_bytes=1000)
    try:
        first = store.write("a", result(600))
        assert first.path.read_bytes() == bytes(600)
        assert first.read_stl() == bytes(600)
        assert (first.facts.stl_bytes, first.facts.triangles, first.facts.watertight) == (
            600,
            10,
            True,
        )
        store.remember("a", first)
        second = store.write("b", result(600))
        store.remember("b", second)
        assert store.get("a") is None  # 1200 bytes > 1000: the oldest went
        assert store.get("b") == second
        # A job still holds the first: its file stays until the job is forgotten.
        store.delete_except(store.in_use([first]))
        assert first.path.exists()
        assert second.path.exists()
        store.delete_except(store.in_use([]))
        assert not first.path.exists()
        assert second.path.exists()
        huge = store.write("c", result(5000))
        store.remember("c", huge)
        assert store.get("c") is None  # larger than the whole cache: never cached
        assert store.get("b") == second
        # Rewriting a key gives the same file, whole.
        again = store.write("b", result(700))
        assert again.path == second.path
        assert again.path.stat().st_size == 700
        assert sorted(p.suffix for p in store.directory.iterdir()) == [".stl", ".stl"]
    finally:
        store.close()
    assert not store.directory.exists()


def test_memory_is_handed_back_on_glibc() -> None:
    assert tune_malloc(2, 1024 * 1024) is True
    assert isinstance(release_memory(), bool)
