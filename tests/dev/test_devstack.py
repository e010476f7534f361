"""``python -m holomat_dev.devstack``: printers for scripts/develop, stopped cleanly by SIGTERM."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
import signal
import sys

import aiomqtt

from custom_components.holomat.bambu import (
    async_fetch_certificate,
    load_trusted_cas,
    pairing_context,
)
from custom_components.holomat.bambu.tls import pinned_context
from holomat_dev.certificates import CertificateAuthority

ROOT = Path(__file__).parents[2]


async def test_devstack_runs_printers(tmp_path: Path) -> None:
    """Printers come up and print, are listed in printers.json, and SIGTERM stops everything."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "holomat_dev.devstack",
        "--state-dir",
        str(tmp_path),
        "--time-scale",
        "60",
        cwd=ROOT,
        stderr=asyncio.subprocess.PIPE,
    )
    printers_file = tmp_path / "printers.json"
    try:
        async with asyncio.timeout(20):
            while not printers_file.exists():
                assert process.returncode is None
                await asyncio.sleep(0.1)
        printers = json.loads(printers_file.read_text())
        assert [printer["model"] for printer in printers] == ["X1C", "P1S", "A1"]
        first = printers[0]
        assert set(first) == {"host", "port", "serial", "access_code", "model"}
        cert_pem = CertificateAuthority(tmp_path / "broker" / "certs").load(first["serial"])
        assert cert_pem is not None
        # The development CA is trusted where Home Assistant's config flow looks for extra CAs.
        trusted = load_trusted_cas(tmp_path / "config" / "holomat" / "printer_ca")
        assert trusted.files == ("holomat_dev_ca.pem",)
        shown = await async_fetch_certificate(
            first["host"], first["port"], context=pairing_context(trusted)
        )
        assert shown.common_name == first["serial"]

        async with aiomqtt.Client(
            first["host"],
            first["port"],
            username="bblp",
            password=first["access_code"],
            tls_context=pinned_context(cert_pem.cert_pem),
        ) as client:
            await client.subscribe(f"device/{first['serial']}/report")
            async with asyncio.timeout(10):
                async for message in client.messages:
                    assert isinstance(message.payload, bytes)
                    report = json.loads(message.payload)["print"]
                    if report.get("gcode_state") == "RUNNING":
                        break
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(10):
            _, stderr = await process.communicate()

    assert process.returncode == 0, stderr.decode()
    assert b"stopped" in stderr
    assert not printers_file.exists()
