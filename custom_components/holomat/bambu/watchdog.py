"""The watchdog of a printer connection: offline after a silence, asked to push, then dropped.

Protocol facts (OpenBambuAPI ``mqtt.md``; recorded reports in ``holomat_dev/recordings``): a
printing P1/A1 sends a delta about every second and an idle one every few seconds; ``pushall``
asks for a full report, ``pushing.start`` wakes a printer that stopped pushing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import logging
import time
from typing import Final

_LOGGER = logging.getLogger(__name__)

WATCHDOG_TIMEOUT: Final = 60.0  # s of silence before the printer counts as offline
RESYNC_AFTER: Final = 1.0  # s without an answer to pushall before asking again
MAX_RESYNCS: Final = 3

type Publish = Callable[[str, str], Awaitable[None]]


class SilentPrinterError(Exception):
    """The printer stayed silent after being asked to push again: reconnect."""


class Watchdog:
    """When the printer last spoke and whether it is pushing reports.

    ``receiving`` is whether reports arrive (with a live connection: the printer is online);
    ``receiving_since_connect`` whether one arrived on the current connection. Whoever takes a
    message sets ``last_message`` (``time.monotonic()``); ``run`` watches the silence.
    """

    def __init__(self, serial: str, timeout: float, on_offline: Callable[[], None]) -> None:
        """Watch printer ``serial``: offline after ``timeout`` s, ``on_offline()`` then."""
        self.serial = serial
        self.timeout = timeout
        self._on_offline = on_offline
        self.last_message = 0.0
        self.receiving = False
        self.receiving_since_connect = False

    async def run(self, publish: Publish) -> None:
        """Mark the printer offline when it goes silent, ask it to push, then give up.

        Right after connecting, a printer that has not answered ``pushall`` is asked again every
        ``RESYNC_AFTER`` s, a few times (a request sent while its broker was still starting is
        lost). ``publish(key, command)`` sends a request. Runs until cancelled; raises
        ``SilentPrinterError`` after ``2 * timeout`` s without a message.
        """
        interval = min(5.0, max(0.05, self.timeout / 4))
        resyncs = 0
        while True:
            resyncing = not self.receiving_since_connect and resyncs < MAX_RESYNCS
            await asyncio.sleep(min(interval, RESYNC_AFTER) if resyncing else interval)
            silence = time.monotonic() - self.last_message
            if silence >= 2 * self.timeout:
                raise SilentPrinterError
            if not self.receiving_since_connect and resyncs < MAX_RESYNCS:
                resyncs += 1
                await publish("pushing", "pushall")
            if silence >= self.timeout and self.receiving:
                _LOGGER.warning(
                    "Printer %s sent nothing for %.0f s: offline until it reports again",
                    self.serial,
                    silence,
                )
                self.receiving = False
                self._on_offline()
                await publish("pushing", "start")
