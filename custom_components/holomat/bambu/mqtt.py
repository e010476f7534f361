"""aiomqtt's client, adapted to a connection that receives a report every second all day.

This overrides three private callbacks of ``aiomqtt.Client`` and uses two of its private
attributes (``_disconnected``, ``_loop``): aiomqtt is pinned to the version they were written
against (``aiomqtt==2.5.1`` in ``manifest.json``) and ``tests/test_private_apis.py`` fails, naming
the hook, when one changes.
"""

from __future__ import annotations

from collections.abc import Callable
import socket
import ssl
from typing import Any

import aiomqtt
from paho.mqtt import client as mqtt

# What paho hands the socket callbacks (aiomqtt 2.5.1 calls it ``aiomqtt.types.PahoSocket``,
# outside its public surface); ``Any`` covers paho's websocket wrapper.
type PahoSocket = socket.socket | ssl.SSLSocket | Any


class MqttClient(aiomqtt.Client):
    """aiomqtt's client (2.5.1) with two changes for a connection that receives all day.

    - Each message's payload goes straight to ``on_payload`` (called in the event loop, where paho
      reads) instead of through aiomqtt's queue and message iterator, which costs a task and a
      wait per message: about 110 µs of a 370 µs receive on a 2-core machine
      (``bench/printer_telemetry.py``). Iterating ``messages`` still waits for the disconnection.
    - When paho asks to be told that its socket is writable, aiomqtt defers ``add_writer`` with
      ``call_soon_threadsafe``; if the socket closes first (a disconnect right after a publish),
      the loop then registers a closed descriptor and logs an ``EBADF`` error, or watches a
      descriptor number already reused. Here the deferred call checks the socket is still open,
      and closing a socket also stops watching it for writes.
    """

    def __init__(self, *args: Any, on_payload: Callable[[bytes], None], **kwargs: Any) -> None:
        """Create the client; ``on_payload`` gets every message's payload."""
        super().__init__(*args, **kwargs)
        self._on_payload = on_payload

    def _on_message(self, client: mqtt.Client, userdata: Any, message: mqtt.MQTTMessage) -> None:
        self._on_payload(message.payload)

    def _on_socket_register_write(
        self, client: mqtt.Client, userdata: Any, sock: PahoSocket
    ) -> None:
        def write() -> None:
            try:
                client.loop_write()
            except Exception as exc:  # noqa: BLE001 - a broken pipe ends the connection
                if not self._disconnected.done():
                    self._disconnected.set_exception(exc)

        def register() -> None:
            if (fileno := sock.fileno()) > -1:
                self._loop.add_writer(fileno, write)

        self._loop.call_soon_threadsafe(register)

    def _on_socket_close(self, client: mqtt.Client, userdata: Any, sock: PahoSocket) -> None:
        if (fileno := sock.fileno()) > -1:
            self._loop.remove_writer(fileno)
        super()._on_socket_close(client, userdata, sock)
