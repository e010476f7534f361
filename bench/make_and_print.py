"""Benchmark: the time of each stage of "make it and print it" (not a test; it prints figures).

Run from the repository root::

    .venv/bin/python -m bench.make_and_print [--runs 3] [--printer P1S]

A Home Assistant (the test harness's core) with HoloMat, the real add-on (``addon/.venv``, CPU
methods, PrusaSlicer) on 127.0.0.1, and one simulated printer with its FTPS storage on a real
mosquitto. Per method (relief, silhouette) and run, it times each stage as HoloMat does it:

- model: ``holomat.generate_3d_model`` from a picture (80 mm), upload to STL in media;
- slice: the STL → ``.gcode.3mf`` on the add-on for the printer (``model_server.slice``),
  including HTTP and the plate kept in media;
- upload: the plate over implicit FTPS to the printer's storage (loopback here: a P1 or A1 takes
  about 70 kB/s, so a real upload is the plate's size / 70 kB/s, also printed);
- start: ``project_file`` until the printer reports the job preparing;
- told: from the print's end to the notification that says so.

The print itself runs on the simulator's clock; the slicer's estimate is printed instead. An
80 mm cube (``holomat_dev.stl_files``) is sliced too, for the STL → ``.gcode.3mf`` time alone.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable, Iterator
import contextlib
from pathlib import Path
import secrets
import socket
import statistics
import subprocess
import tempfile
import time
from typing import Any
import urllib.request

from homeassistant.components import persistent_notification
from homeassistant.const import CONF_HOST, CONF_PORT, CONF_TOKEN, CONF_URL
from homeassistant.core import HomeAssistant, callback
from homeassistant.loader import DATA_CUSTOM_COMPONENTS
from homeassistant.setup import async_setup_component
from PIL import Image, PngImagePlugin
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_test_home_assistant

from custom_components.holomat.bambu import (
    BambuFtpClient,
    PrinterCertificate,
    PrintOptions,
    UrlForm,
)
from custom_components.holomat.const import CONF_ENTRY_TYPE, DOMAIN, EntryType
from custom_components.holomat.model_server.plates import SliceSettings
from custom_components.holomat.model_server.slice import async_slice_for_printer
from custom_components.holomat.printer.announce import Recipient, async_arm
from custom_components.holomat.printer.const import (
    CONF_ACCESS_CODE,
    CONF_CERTIFICATE,
    CONF_CERTIFICATE_SHA256,
    CONF_FTPS_PORT,
    CONF_MODEL,
    CONF_SERIAL,
)
from custom_components.holomat.printer.coordinator import PrinterCoordinator
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.mosquitto import Mosquitto
from holomat_dev.stl_files import box

from .printer_telemetry import _until

ROOT = Path(__file__).resolve().parents[1]
PICTURE = ROOT / "addon/tests/fixtures/horse.png"
SERIAL = "01P00A000000001"
SLOW_FTP_BYTES_S = 70_000  # P1 / A1 (shared notes, workshop-surface §3.2)
STAGES = ("model", "slice", "upload", "start", "told")


@contextlib.contextmanager
def addon(data_dir: Path) -> Iterator[tuple[str, str]]:
    """Run the real add-on on a free port; yield its URL and token."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = secrets.token_hex(16)
    command = [str(ROOT / "addon/.venv/bin/python"), "-m", "holomat_addon", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--token", token, "--data-dir", str(data_dir)]
    process = subprocess.Popen(command, cwd=ROOT / "addon", stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the add-on did not start") from None
                time.sleep(0.2)
        yield url, token
    finally:
        process.terminate()
        process.wait(10)


async def timed[T](work: Awaitable[T]) -> tuple[T, float]:
    """Return what ``work`` gives and the seconds it took."""
    start = time.perf_counter()
    result = await work
    return result, time.perf_counter() - start


async def _setup(
    hass: HomeAssistant, *, url: str, token: str, sim: PrinterSimulator, model: str, media: Path
) -> PrinterCoordinator:
    """Add the model server and the printer to HoloMat; wait until the printer is online."""
    await hass.async_add_executor_job(media.mkdir)
    hass.config.media_dirs = {"local": str(media)}
    hass.config.allowlist_external_dirs = {str(media), str(PICTURE.parent)}
    certificate = PrinterCertificate.from_pem(sim.cert_pem)
    server = MockConfigEntry(
        domain=DOMAIN,
        unique_id="bench",
        data={CONF_ENTRY_TYPE: EntryType.MODEL_SERVER, CONF_URL: url, CONF_TOKEN: token},
    )
    printer = MockConfigEntry(
        domain=DOMAIN,
        title=f"Bambu Lab {model}",
        unique_id=SERIAL,
        data={
            CONF_ENTRY_TYPE: EntryType.PRINTER,
            CONF_HOST: sim.host,
            CONF_PORT: sim.port,
            CONF_SERIAL: SERIAL,
            CONF_ACCESS_CODE: sim.access_code,
            CONF_MODEL: model,
            CONF_CERTIFICATE: certificate.pem,
            CONF_CERTIFICATE_SHA256: certificate.sha256,
            CONF_FTPS_PORT: sim.service_ports["ftps_port"],
        },
    )
    server.add_to_hass(hass)
    printer.add_to_hass(hass)
    assert await async_setup_component(hass, DOMAIN, {})
    await hass.async_block_till_done()
    coordinator: PrinterCoordinator = printer.runtime_data
    if not await _until(lambda: coordinator.online and coordinator.data.state.ready, 60):
        raise RuntimeError("the printer did not come online")
    return coordinator


def picture(folder: Path, run: int) -> Path:
    """Return the picture for ``run``: the same pixels, other bytes (no cached result)."""
    info = PngImagePlugin.PngInfo()
    info.add_text("run", str(run))
    path = folder / f"horse_{run}.png"
    with Image.open(PICTURE) as image:
        image.save(path, pnginfo=info)
    return path


async def one_print(
    hass: HomeAssistant,
    coordinator: PrinterCoordinator,
    sim: PrinterSimulator,
    method: str,
    run: int,
) -> dict[str, Any]:
    """Run the loop once with ``method``; return each stage's seconds and the plate's facts."""
    figures: dict[str, Any] = {}
    name = f"horse_{method}_{run}"
    media = Path(hass.config.media_dirs["local"])
    image = await hass.async_add_executor_job(picture, media, run)
    response, figures["model"] = await timed(
        hass.services.async_call(
            DOMAIN,
            "generate_3d_model",
            {"image_path": str(image), "method": method, "name": name},
            blocking=True,
            return_response=True,
        )
    )
    assert response is not None
    settings = SliceSettings(printer=sim.model.code, name=name)
    sliced, figures["slice"] = await timed(
        async_slice_for_printer(
            hass,
            settings,
            job_id=str(response["job_id"]),
            stl=lambda: hass.async_add_executor_job(Path(str(response["path"])).read_bytes),
            within=600,
        )
    )
    data = coordinator.config_entry.data
    ftp = BambuFtpClient(
        sim.host, data[CONF_ACCESS_CODE], data[CONF_CERTIFICATE], port=data[CONF_FTPS_PORT]
    )
    remote = f"/{name}.gcode.3mf"
    async with ftp:
        _, figures["upload"] = await timed(ftp.async_upload(sliced.data, remote))
    _, figures["start"] = await timed(
        coordinator.client.print_project(remote, settings.name, PrintOptions(), UrlForm.FTP)
    )
    shown: list[str] = []

    @callback
    def on_notifications(_: object, notifications: dict[str, Any]) -> None:
        shown.extend(note["message"] for note in notifications.values())

    stop = persistent_notification.async_register_callback(hass, on_notifications)
    async_arm(hass, coordinator, Recipient())
    start = time.perf_counter()
    sim.finish()
    told = await _until(lambda: any("finished" in message for message in shown), 30)
    figures["told"] = time.perf_counter() - start if told else float("nan")
    stop()
    figures.update(
        bytes=len(sliced.data),
        estimate_h=sliced.plate.print_seconds / 3600,
        size_mm=sliced.plate.size_mm,
    )
    return figures


async def slice_cube(hass: HomeAssistant, printer: str) -> float:
    """Return the seconds the add-on takes to slice an 80 mm cube for ``printer``."""
    cube = box(80, 80, 80)

    async def stl() -> bytes:
        return cube

    settings = SliceSettings(printer=printer, name=f"cube_{secrets.token_hex(3)}")
    _, seconds = await timed(
        async_slice_for_printer(hass, settings, job_id=None, stl=stl, within=600)
    )
    return seconds


async def bench(runs: int, model: str, workdir: Path) -> None:
    """Run the loop ``runs`` times per method; print the medians."""
    broker = Mosquitto(workdir / "broker")
    broker.add_printer(SERIAL, "12345678")
    await broker.start()
    try:
        with addon(workdir / "addon") as (url, token):
            async with (
                PrinterSimulator(
                    SERIAL, model, broker=broker, delta_interval=0.5, file_server=True
                ) as sim,
                async_test_home_assistant() as hass,
            ):
                hass.data.pop(DATA_CUSTOM_COMPONENTS, None)
                for component in ("network", "persistent_notification"):
                    assert await async_setup_component(hass, component, {})
                coordinator = await _setup(
                    hass, url=url, token=token, sim=sim, model=model, media=workdir / "media"
                )
                for method in ("relief", "silhouette"):
                    results = []
                    for run in range(runs):
                        results.append(await one_print(hass, coordinator, sim, method, run))
                        sim.time_scale = 1.0
                    _report(method, results)
                cubes = [await slice_cube(hass, model) for _ in range(runs)]
                print(f"80 mm cube, STL → .gcode.3mf: {statistics.median(cubes):.1f} s")
                await hass.async_stop()
    finally:
        await broker.stop()


def _report(method: str, results: list[dict[str, Any]]) -> None:
    """Print the median of each stage for ``method``."""
    median: Callable[[str], float] = lambda key: statistics.median(r[key] for r in results)  # noqa: E731
    x, y, z = results[0]["size_mm"]
    stages = " | ".join(f"{median(stage):.2f}" for stage in STAGES)
    slow = median("bytes") / SLOW_FTP_BYTES_S
    print(
        f"| {method} ({x:.0f} x {y:.0f} x {z:.0f} mm) | {stages} | "
        f"{median('bytes') / 1e6:.2f} MB (≈ {slow:.0f} s at 70 kB/s) | "
        f"{median('estimate_h'):.2f} h |"
    )


def main() -> None:
    """Parse the arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--printer", default="P1S", choices=["P1S", "P1P", "A1", "X1C"])
    args = parser.parse_args()
    print(f"| model (as placed) | {' | '.join(STAGES)} (s) | plate | print estimate |")
    print("|---|" + "---|" * (len(STAGES) + 2))
    with tempfile.TemporaryDirectory(prefix="holomat-bench-") as folder:
        asyncio.run(bench(args.runs, args.printer, Path(folder)))


if __name__ == "__main__":
    main()
