"""A printer's reports: decoded, merged into one, parsed into a ``PrinterState``; answers routed.

Protocol facts (OpenBambuAPI ``mqtt.md``; recorded reports in ``holomat_dev/recordings``): the
report topic carries ``print`` reports (``push_status``: a full one, ``msg`` 0, after
``pushall``; P1/A1 firmware then sends deltas, ``msg`` 1), the ``info.get_version`` answer, and
the answers to commands (any other ``command``, under the key it was sent with).
"""

from __future__ import annotations

from collections.abc import Mapping
import logging
import time
from typing import Any, Final

from .commands import PendingCommands
from .merge import merge_report
from .models import PrinterModel, PrinterState
from .payload import MalformedPayloadError, decode_payload
from .state import parse_state
from .version import VersionInfo, parse_version

_LOGGER = logging.getLogger(__name__)

_LOGGED_PAYLOAD: Final = 120  # characters of a malformed payload that reach the log
DROP_LOG_INTERVAL: Final = 60.0  # s between two log lines about dropped messages


class PrinterReports:
    """The merged report of one printer and its state; malformed messages dropped and counted."""

    def __init__(
        self, serial: str, model_hint: PrinterModel | None, commands: PendingCommands
    ) -> None:
        """Start from an empty report; ``commands`` get the answers and the state changes."""
        self.serial = serial
        self._model_hint = model_hint
        self._commands = commands
        self._raw: dict[str, Any] = {}
        self._version: VersionInfo | None = None
        self._full_report_seen = False
        # (version, raw, state) of the last parse, to reuse what a delta left untouched
        self._last_parse: tuple[VersionInfo | None, Mapping[str, Any], PrinterState] | None = None
        self.state = PrinterState(model=model_hint)
        self.dropped = 0
        self._dropped_unlogged = 0
        self._drop_logged_at = -DROP_LOG_INTERVAL

    def handle(self, payload: bytes) -> bool | None:
        """Take one message's payload; return whether the state changed, ``None`` if dropped.

        Never raises. A malformed message (``decode_payload``'s limits, or one the merge cannot
        take) is dropped whole and changes nothing; values of the wrong type or out of range in
        an otherwise good report are dropped by ``merge_report`` field by field.
        """
        try:
            return self._dispatch(decode_payload(payload))
        except MalformedPayloadError as err:
            self._drop(str(err), payload)
        except Exception as err:  # noqa: BLE001 - a bad message must never reach paho
            self._drop(f"{type(err).__name__}: {err}", payload)
        return None

    def _drop(self, reason: str, payload: bytes) -> None:
        """Count a dropped message; log one warning a minute at most, with the count since.

        A burst of malformed messages logs its first one at once and the rest as one summary
        line per minute, so a hostile or broken printer cannot flood the log.
        """
        self.dropped += 1
        self._dropped_unlogged += 1
        now = time.monotonic()
        if now - self._drop_logged_at < DROP_LOG_INTERVAL:
            return
        _LOGGER.warning(
            "Printer %s: dropped %d malformed message(s) since last logged, %d in all (%s): %s",
            self.serial,
            self._dropped_unlogged,
            self.dropped,
            reason,
            repr(payload[:_LOGGED_PAYLOAD])[:_LOGGED_PAYLOAD],
        )
        self._drop_logged_at = now
        self._dropped_unlogged = 0

    def _dispatch(self, message: Mapping[str, Any]) -> bool:
        """Apply one decoded message; return whether the state changed."""
        changed = False
        for key, body in message.items():
            if not isinstance(body, Mapping):
                continue
            command = body.get("command")
            if key == "print" and command in (None, "push_status"):
                self._raw = merge_report(self._raw, body)
                self._full_report_seen |= body.get("msg") == 0
                changed |= self._update_state()
            elif key == "info" and command == "get_version":
                self._version = parse_version(body)
                changed |= self._update_state()
            elif isinstance(command, str):
                self._commands.answer(key, command, body, self.state)
        return changed

    def _update_state(self) -> bool:
        """Re-parse the state; settle commands it confirms; return whether it changed."""
        state = parse_state(
            self._raw,
            self._version,
            ready=self._full_report_seen and self._version is not None,
            model_hint=self._model_hint,
            previous=(last[1], last[2])
            if (last := self._last_parse) is not None and last[0] is self._version
            else None,
        )
        self._last_parse = (self._version, self._raw, state)
        if state == self.state:
            return False
        self.state = state
        self._commands.settle(state)
        return True
