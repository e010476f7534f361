"""What JARVIS remembers of a server's models across restarts: how each opens its reasoning.

Whether a model's chat template writes the opening ``<think>`` itself is a property of the model,
not of how the server was started, so it is kept (``.storage/holomat.jarvis.<entry_id>``): the
first answer of a model is held back once, not after every restart. Refusals are not kept: a
server restarted with other flags (``--jinja``) must be asked afresh, which a reload does.
"""

from __future__ import annotations

from typing import Final, TypedDict

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from ..const import DOMAIN

STORAGE_VERSION: Final = 1
SAVE_DELAY: Final = 10  # seconds


class MemoryData(TypedDict):
    """The stored memory: per model id, whether only ``</think>`` arrives."""

    bare_think: dict[str, bool]


class ModelMemory:
    """The stored memory of one JARVIS server."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Use the entry's own store."""
        self._store: Store[MemoryData] = Store(hass, STORAGE_VERSION, f"{DOMAIN}.jarvis.{entry_id}")
        self.bare_think: dict[str, bool] = {}

    async def async_load(self) -> None:
        """Read what was stored (nothing on a first start)."""
        if (data := await self._store.async_load()) is not None:
            self.bare_think = dict(data.get("bare_think", {}))

    def remember(self, model: str, bare_think: bool | None) -> None:
        """Keep what an answer taught of ``model``; save soon when it is new."""
        if bare_think is None or self.bare_think.get(model) == bare_think:
            return
        self.bare_think[model] = bare_think
        self._store.async_delay_save(lambda: {"bare_think": self.bare_think}, SAVE_DELAY)
