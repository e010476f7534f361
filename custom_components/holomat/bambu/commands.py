"""Commands sent to a printer, each waiting for its answer or for the report that shows it.

Protocol facts (OpenBambuAPI ``mqtt.md``; recorded answers in ``holomat_dev/recordings``): a
command carries a string ``sequence_id`` that the printer echoes, under the same key and
``command``, with ``result`` (``success`` / ``failed``) and, on newer firmware, ``err_code`` and
``reason``; ``err_code`` ``ERR_CODE_AUTHORIZATION`` means the printer wants Developer mode.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

from .codes import ERR_CODE_AUTHORIZATION
from .errors import (
    BambuAuthorizationRequiredError,
    BambuCommandError,
    BambuCommandTimeoutError,
    BambuConnectionError,
)
from .models import PrinterState

if TYPE_CHECKING:
    from .connection import PrinterConnection

COMMAND_TIMEOUT: Final = 8.0  # s to wait for an answer or the state change

type Expect = Callable[[PrinterState], bool]


class PendingCommand:
    """A command waiting for its answer: the message key it went under and its future."""

    __slots__ = ("accepted", "expect", "future", "key")

    def __init__(self, key: str, future: asyncio.Future[None], expect: Expect) -> None:
        """Remember the command."""
        self.key = key
        self.future = future
        self.expect = expect
        self.accepted = False


class PendingCommands:
    """The commands of one printer that wait, by ``(command, sequence_id)``."""

    def __init__(self, serial: str, timeout: float) -> None:
        """Track the commands of printer ``serial``, each given ``timeout`` s."""
        self.serial = serial
        self.timeout = timeout
        self._pending: dict[tuple[str, str], PendingCommand] = {}

    async def send(
        self,
        connection: PrinterConnection,
        key: str,
        command: str,
        expect: Expect,
        **fields: Any,
    ) -> None:
        """Send a command; return once the state shows its effect (``expect``).

        An accepted command whose effect is not reported within the timeout still returns.

        Raises ``BambuConnectionError`` (not sent, or the connection lost),
        ``BambuAuthorizationRequiredError``, ``BambuCommandError`` (refused) or
        ``BambuCommandTimeoutError``.
        """
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        sequence_id = connection.next_sequence_id()
        pending = PendingCommand(key, future, expect)
        self._pending[(command, sequence_id)] = pending
        try:
            await connection.publish(key, command, sequence_id, **fields)
            async with asyncio.timeout(self.timeout):
                await future
        except TimeoutError as err:
            if pending.accepted:
                return  # the printer accepted it; the report showing it is late
            raise BambuCommandTimeoutError(
                f"printer {self.serial} did not answer {command} in {self.timeout:.0f} s"
            ) from err
        finally:
            del self._pending[(command, sequence_id)]

    def settle(self, state: PrinterState) -> None:
        """Settle the commands whose effect ``state`` shows."""
        for pending in self._pending.values():
            if not pending.future.done() and pending.expect(state):
                pending.future.set_result(None)

    def answer(self, key: str, command: str, body: Mapping[str, Any], state: PrinterState) -> None:
        """Settle the command this answer belongs to (same ``command`` and ``sequence_id``).

        ``state`` is the printer's state now: an accepted command whose effect it already shows
        is done; otherwise it waits for the report that shows it.
        """
        pending = self._pending.get((command, str(body.get("sequence_id"))))
        if pending is None or pending.future.done() or pending.key != key:
            return
        result = str(body.get("result", "")).lower()
        err_code = body.get("err_code")
        reason = body.get("reason") if isinstance(body.get("reason"), str) else None
        if err_code == ERR_CODE_AUTHORIZATION:
            pending.future.set_exception(
                BambuAuthorizationRequiredError(
                    f"printer {self.serial} needs Developer mode for {command}",
                    reason,
                    err_code,
                )
            )
        elif result == "failed" or (isinstance(err_code, int) and err_code):
            pending.future.set_exception(
                BambuCommandError(
                    f"printer {self.serial} refused {command}",
                    reason or (f"error {err_code}" if err_code else None),
                    err_code if isinstance(err_code, int) else None,
                )
            )
        elif pending.expect(state):
            pending.future.set_result(None)
        else:  # accepted: wait for the report that shows the change
            pending.accepted = True

    def fail_all(self, reason: str) -> None:
        """Fail every waiting command with a ``BambuConnectionError`` saying ``reason``."""
        for pending in self._pending.values():
            if not pending.future.done():
                pending.future.set_exception(BambuConnectionError(reason))
