"""Run Debian's real mosquitto as the MQTT broker of one or more simulated BambuLab printers.

A real printer in LAN mode is its own MQTT broker: TLS on port 8883 with a certificate whose CN
is the serial, user ``bblp`` with the access code as password, topics ``device/<serial>/...``
(shared/notes/bambu-printers.md §1-2). One mosquitto plays every printer: with
``per_listener_settings true`` each printer gets its own TLS listener on 127.0.0.1 (own
certificate, password file and ACL), and a plain-TCP listener lets the printer simulators
(``holomat_dev.bambu_simulator``) publish as the printers.

Ports are chosen at the first start and kept in ``<state_dir>/broker.json``, so restarts (and
later runs on the same state directory) keep them, as a printer keeps its address.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import contextlib
import ctypes
from dataclasses import dataclass
import getpass
import hashlib
import json
import os
from pathlib import Path
import secrets
import shutil
import signal
import socket
from types import TracebackType
from typing import Any, Self

from .certificates import CertificateAuthority, PrinterCertificate

MOSQUITTO_BINARY = Path("/usr/sbin/mosquitto")
HOST = "127.0.0.1"
PRINTER_USERNAME = "bblp"
SIMULATOR_USERNAME = "simulator"
_PBKDF2_ITERATIONS = 101  # mosquitto_passwd's default for its "$7$" (PBKDF2-SHA512) hashes
_PR_SET_PDEATHSIG = 1
_MAX_LOG_BYTES = 4 * 1024 * 1024  # a longer log is dropped at the next start

# Brokers started by this process, killed at exit if a test or a crash left them running.
_RUNNING: set[int] = set()


@atexit.register
def _kill_leftovers() -> None:
    """Kill any broker this process started and did not stop."""
    for pid in list(_RUNNING):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _die_with_parent() -> None:
    """Ask Linux to terminate the broker when the process that started it dies."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class MosquittoError(RuntimeError):
    """The broker could not be started or stopped; the message says why."""


class MosquittoNotInstalledError(MosquittoError):
    """The mosquitto binary is missing."""


@dataclass(frozen=True, slots=True)
class BrokerPrinter:
    """How a client reaches one simulated printer: TLS ``host:port``, ``bblp`` / access code.

    ``certificate.cert_pem`` is the PEM the printer presents (what a config flow should pin).
    """

    serial: str
    access_code: str
    host: str
    port: int
    certificate: PrinterCertificate

    @property
    def cert_pem(self) -> str:
        """Return the PEM certificate this printer's listener presents."""
        return self.certificate.cert_pem

    def as_dict(self) -> dict[str, str | int]:
        """Return ``{"host", "port", "serial", "access_code"}`` as in ``printers.json``."""
        return {
            "host": self.host,
            "port": self.port,
            "serial": self.serial,
            "access_code": self.access_code,
        }


@dataclass(frozen=True, slots=True)
class SimulatorEndpoint:
    """The plain-TCP listener printer simulators connect to, with its credentials."""

    host: str
    port: int
    username: str
    password: str


def password_hash(password: str) -> str:
    """Return a mosquitto password-file hash (``$7$``: PBKDF2-SHA512, as mosquitto_passwd)."""
    salt = secrets.token_bytes(12)
    digest = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, _PBKDF2_ITERATIONS)
    return (
        f"$7${_PBKDF2_ITERATIONS}${base64.b64encode(salt).decode()}"
        f"${base64.b64encode(digest).decode()}"
    )


def _free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _port_free(port: int) -> bool:
    """Return whether nothing listens on 127.0.0.1:port (a bind succeeds)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
        return True


class Mosquitto:
    """A mosquitto process playing the brokers of the printers added to it.

    Usage::

        broker = Mosquitto(tmp_path / "broker")
        printer = broker.add_printer("01S00C123456789", "12345678")
        await broker.start()            # every port accepts connections on return
        ... printer.host, printer.port, printer.access_code, printer.cert_pem ...
        ... broker.simulator (host, port, username, password for the simulators) ...
        await broker.restart()          # same ports
        await broker.replace_certificate(printer.serial)  # new certificate, same CN
        await broker.stop()

    Also an async context manager (start / stop). Raises ``MosquittoNotInstalledError`` when the
    binary is missing and ``MosquittoError`` when the broker does not come up (with its log).
    """

    def __init__(
        self,
        state_dir: Path,
        *,
        ca: CertificateAuthority | None = None,
        binary: Path = MOSQUITTO_BINARY,
    ) -> None:
        """Prepare a broker whose config, passwords, certificates and log live in state_dir."""
        self.state_dir = state_dir
        state_dir.mkdir(parents=True, exist_ok=True)
        self.ca = ca or CertificateAuthority(state_dir / "certs")
        self.binary = binary
        self._process: asyncio.subprocess.Process | None = None
        self._printers: dict[str, BrokerPrinter] = {}
        saved = self._load_saved()
        self._saved_ports: dict[str, int] = dict(saved.get("printers", {}))
        self.simulator = SimulatorEndpoint(
            host=HOST,
            port=int(saved.get("simulator_port") or _free_port()),
            username=SIMULATOR_USERNAME,
            password=str(saved.get("simulator_password") or secrets.token_hex(12)),
        )
        self._save()

    @property
    def host(self) -> str:
        """Return the address every listener binds to (127.0.0.1)."""
        return HOST

    @property
    def printers(self) -> dict[str, BrokerPrinter]:
        """Return the printers by serial (a copy)."""
        return dict(self._printers)

    @property
    def running(self) -> bool:
        """Return whether the broker process is running."""
        return self._process is not None and self._process.returncode is None

    @property
    def log_path(self) -> Path:
        """Return the broker's log file."""
        return self.state_dir / "mosquitto.log"

    def printer(self, serial: str) -> BrokerPrinter:
        """Return the printer with this serial; raise ``KeyError`` if it was never added."""
        return self._printers[serial]

    def add_printer(self, serial: str, access_code: str) -> BrokerPrinter:
        """Add a printer listener (TLS, ``bblp`` / access_code, CN = serial).

        Takes effect at the next ``start()`` or ``restart()``. The port is kept from an earlier
        run on the same state directory, else chosen now; the certificate likewise.
        """
        port = self._saved_ports.get(serial) or _free_port()
        self._saved_ports[serial] = port
        printer = BrokerPrinter(
            serial=serial,
            access_code=access_code,
            host=HOST,
            port=port,
            certificate=self.ca.get_or_issue(serial),
        )
        self._printers[serial] = printer
        self._save()
        return printer

    async def start(self, within: float = 10.0) -> None:
        """Write the config, start mosquitto and wait until every listener accepts connections.

        Raises ``MosquittoNotInstalledError`` (run scripts/setup) or ``MosquittoError``.
        """
        if self.running:
            return
        if not self.binary.exists() and shutil.which(str(self.binary)) is None:
            raise MosquittoNotInstalledError(
                f"mosquitto is not installed ({self.binary} is missing): run scripts/setup"
            )
        busy = [port for port in self._ports() if not _port_free(port)]
        if busy:
            raise MosquittoError(
                f"Port(s) {', '.join(map(str, busy))} on {HOST} are in use: is another broker "
                f"running on {self.state_dir}? Stop it, or delete {self.state_dir / 'broker.json'}"
                " to choose new ports"
            )
        with contextlib.suppress(OSError):
            if self.log_path.stat().st_size > _MAX_LOG_BYTES:
                self.log_path.unlink()
        config = self._write_config()
        self._process = await asyncio.create_subprocess_exec(
            str(self.binary),
            "-c",
            str(config),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )
        _RUNNING.add(self._process.pid)
        try:
            await self._wait_ready(within)
        except BaseException:
            await self.stop()
            raise

    async def stop(self) -> None:
        """Stop the broker (SIGTERM, then SIGKILL after 5 s); a no-op when not running."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 5)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        _RUNNING.discard(process.pid)

    async def restart(self, within: float = 10.0) -> None:
        """Stop and start the broker on the same ports (clients see the broker go away)."""
        await self.stop()
        await self.start(within)

    async def replace_certificate(self, serial: str) -> PrinterCertificate:
        """Give a printer a new certificate with the same CN and restart a running broker.

        Returns the new certificate; clients pinning the old one must now refuse the printer.
        """
        printer = self._printers[serial]
        certificate = self.ca.issue(serial)
        self._printers[serial] = BrokerPrinter(
            serial=serial,
            access_code=printer.access_code,
            host=printer.host,
            port=printer.port,
            certificate=certificate,
        )
        if self.running:
            await self.restart()
        return certificate

    async def __aenter__(self) -> Self:
        """Start the broker."""
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop the broker."""
        await self.stop()

    def _ports(self) -> list[int]:
        """Return every port the broker listens on."""
        return [self.simulator.port, *(p.port for p in self._printers.values())]

    def _load_saved(self) -> dict[str, Any]:
        """Return what an earlier run saved in broker.json (ports, simulator password)."""
        path = self.state_dir / "broker.json"
        if not path.exists():
            return {}
        try:
            saved = json.loads(path.read_text())
        except ValueError:
            return {}
        return saved if isinstance(saved, dict) else {}

    def _save(self) -> None:
        """Save the ports and the simulator password for restarts and later runs."""
        data = {
            "simulator_port": self.simulator.port,
            "simulator_password": self.simulator.password,
            "printers": self._saved_ports,
        }
        path = self.state_dir / "broker.json"
        path.write_text(json.dumps(data, indent=2))
        path.chmod(0o600)

    def _write_config(self) -> Path:
        """Write mosquitto.conf, the password files and the ACLs; return the config's path."""
        simulator_passwords = self.state_dir / "simulator.passwd"
        simulator_passwords.write_text(
            f"{self.simulator.username}:{password_hash(self.simulator.password)}\n"
        )
        lines = [
            "# Written by holomat_dev.mosquitto: one TLS listener per simulated printer.",
            "per_listener_settings true",
            "persistence false",
            f"user {getpass.getuser()}",
            f"log_dest file {self.log_path}",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "log_type information",
            "connection_messages true",
            "",
            "# Printer simulators (plain TCP, their own user).",
            f"listener {self.simulator.port} {HOST}",
            "allow_anonymous false",
            f"password_file {simulator_passwords}",
        ]
        for printer in self._printers.values():
            passwords = self.state_dir / f"{printer.serial}.passwd"
            passwords.write_text(f"{PRINTER_USERNAME}:{password_hash(printer.access_code)}\n")
            acl = self.state_dir / f"{printer.serial}.acl"
            acl.write_text(f"user {PRINTER_USERNAME}\ntopic readwrite device/{printer.serial}/#\n")
            lines += [
                "",
                f"# Printer {printer.serial}: TLS, {PRINTER_USERNAME} / access code.",
                f"listener {printer.port} {HOST}",
                f"certfile {printer.certificate.chain_path}",
                f"keyfile {printer.certificate.key_path}",
                "allow_anonymous false",
                f"password_file {passwords}",
                f"acl_file {acl}",
            ]
        config = self.state_dir / "mosquitto.conf"
        config.write_text("\n".join(lines) + "\n")
        return config

    async def _wait_ready(self, within: float) -> None:
        """Wait until every listener accepts a TCP connection; raise ``MosquittoError``."""
        assert self._process is not None
        ports = self._ports()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        pending = list(ports)
        while pending:
            if self._process.returncode is not None:
                raise MosquittoError(
                    f"mosquitto exited with status {self._process.returncode}: {self._log_tail()}"
                )
            port = pending[0]
            try:
                _, writer = await asyncio.open_connection(HOST, port)
            except OSError:
                if loop.time() > deadline:
                    raise MosquittoError(
                        f"mosquitto did not listen on {HOST}:{port} within {within} s: "
                        f"{self._log_tail()}"
                    ) from None
                await asyncio.sleep(0.02)
                continue
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
            pending.pop(0)

    def _log_tail(self, lines: int = 10) -> str:
        """Return the last lines of the broker's log, for error messages."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return " | ".join(text.strip().splitlines()[-lines:]) or "(empty log)"
