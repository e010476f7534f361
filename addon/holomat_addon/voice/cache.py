"""A small least-recently-used cache of synthesized phrases."""

from __future__ import annotations

from collections import OrderedDict


class PhraseCache:
    """Keep the PCM of the ``size`` most recently spoken (voice, text) pairs."""

    def __init__(self, size: int) -> None:
        """Hold at most ``size`` phrases (0 disables the cache)."""
        self._size = size
        self._items: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self.hits = 0

    def get(self, voice: str, text: str) -> bytes | None:
        """Return the cached PCM of ``text`` in ``voice``, if any."""
        pcm = self._items.get((voice, text))
        if pcm is not None:
            self._items.move_to_end((voice, text))
            self.hits += 1
        return pcm

    def put(self, voice: str, text: str, pcm: bytes) -> None:
        """Remember a phrase, dropping the least recently used one when full."""
        if self._size <= 0:
            return
        self._items[(voice, text)] = pcm
        self._items.move_to_end((voice, text))
        while len(self._items) > self._size:
            self._items.popitem(last=False)
