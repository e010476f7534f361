"""A least-recently-used cache of synthesized phrases, bounded in bytes of PCM."""

from __future__ import annotations

from collections import OrderedDict


class PhraseCache:
    """Keep the PCM of recently spoken (voice, text) pairs, at most ``max_bytes`` in all.

    The bound counts the PCM and the text (UTF-8 size is at most four bytes a character, counted
    as such), so a few long phrases cannot hold more memory than many short ones. A phrase larger
    than the whole budget is not kept.
    """

    def __init__(self, max_bytes: int) -> None:
        """Hold at most ``max_bytes`` (0 disables the cache)."""
        self.max_bytes = max_bytes
        self.size = 0
        self._items: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self.hits = 0

    def __len__(self) -> int:
        """Return how many phrases are kept."""
        return len(self._items)

    def get(self, voice: str, text: str) -> bytes | None:
        """Return the cached PCM of ``text`` in ``voice``, if any."""
        pcm = self._items.get((voice, text))
        if pcm is not None:
            self._items.move_to_end((voice, text))
            self.hits += 1
        return pcm

    def put(self, voice: str, text: str, pcm: bytes) -> None:
        """Remember a phrase, dropping the least recently used ones until it fits."""
        key = (voice, text)
        cost = _cost(key, pcm)
        if cost > self.max_bytes:
            return
        if (old := self._items.pop(key, None)) is not None:
            self.size -= _cost(key, old)
        while self.size + cost > self.max_bytes:
            dropped, dropped_pcm = self._items.popitem(last=False)
            self.size -= _cost(dropped, dropped_pcm)
        self._items[key] = pcm
        self.size += cost


def _cost(key: tuple[str, str], pcm: bytes) -> int:
    """Return the bytes a cached phrase is counted for."""
    return len(pcm) + 4 * (len(key[0]) + len(key[1]))
