"""The cover image follows the printer's job, read from the job's 3MF on its storage (FTPS)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import io

from homeassistant.components import image
from homeassistant.const import STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from PIL import Image
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.const import DOMAIN
from custom_components.holomat.printer.const import CONF_FTPS_PORT, CONF_OFFLINE_AFTER
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.ftps_server import PrinterFtpServer
from holomat_dev.mosquitto import Mosquitto
from holomat_dev.threemf_files import make_3mf

from .conftest import SERIAL, WaitFor, entry_data

COVER = "image.bambu_lab_p1s_cover_image"
RED, BLUE = "#C0392B", "#2E6BC0"


@pytest.fixture
async def simulator(broker: Mosquitto, model: str) -> AsyncIterator[PrinterSimulator]:
    """Run the simulated printer with its storage, reporting twice a second."""
    async with PrinterSimulator(
        SERIAL, model, broker=broker, delta_interval=0.5, file_server=True
    ) as simulator:
        yield simulator


@pytest.fixture
def entry(simulator: PrinterSimulator, model: str) -> MockConfigEntry:
    """Return a printer entry that reaches the simulated printer's storage."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"Bambu Lab {model}",
        unique_id=SERIAL,
        data=entry_data(simulator, model, **{CONF_FTPS_PORT: simulator.service_ports["ftps_port"]}),
        options={CONF_OFFLINE_AFTER: 2},
    )


def storage(simulator: PrinterSimulator) -> PrinterFtpServer:
    """Return the simulated printer's FTPS server."""
    assert simulator.services is not None
    assert simulator.services.ftps is not None
    return simulator.services.ftps


async def start_job(simulator: PrinterSimulator, name: str, colour: str | None) -> None:
    """Start printing ``name``; with a colour, its sliced file is on the storage first."""
    if colour is not None:
        storage(simulator).add_file(
            f"/cache/{name}.gcode.3mf", make_3mf(name, filaments=(("PLA", colour),))
        )
    simulator.start_print(name, duration_s=36000, send_file=False)
    await simulator.push_full_report()


async def shown_colour(hass: HomeAssistant) -> tuple[int, int, int] | None:
    """Return the colour of the part in the cover image shown, None without an image."""
    state = hass.states.get(COVER)
    assert state is not None
    if state.state == STATE_UNKNOWN:
        return None
    cover = await image.async_get_image(hass, COVER)
    assert cover.content_type == "image/png"
    pixel = Image.open(io.BytesIO(cover.content)).convert("RGB").getpixel((128, 150))
    assert isinstance(pixel, tuple)
    return pixel[0], pixel[1], pixel[2]


def rgb(colour: str) -> tuple[int, int, int]:
    """Return ``#RRGGBB`` as a tuple."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


async def wait_for_cover(
    hass: HomeAssistant, wait_for: WaitFor, colour: str | None, within: float = 10.0
) -> None:
    """Wait until the cover image shows a part of ``colour`` (None: no image)."""
    expected = rgb(colour) if colour else None

    async def shown() -> bool:
        return await shown_colour(hass) == expected

    async with asyncio.timeout(within):
        while not await shown():
            await asyncio.sleep(0.05)
            await hass.async_block_till_done()


@pytest.mark.usefixtures("printer")
async def test_the_cover_follows_the_job(
    hass: HomeAssistant, simulator: PrinterSimulator, wait_for: WaitFor
) -> None:
    assert await shown_colour(hass) is None  # idle: no job, no image
    await start_job(simulator, "Red part", RED)
    await wait_for_cover(hass, wait_for, RED)
    await start_job(simulator, "Blue part", BLUE)
    await wait_for_cover(hass, wait_for, BLUE)

    connections = storage(simulator).connections
    await start_job(simulator, "Red part", None)  # seen before: shown again from the cache
    await wait_for_cover(hass, wait_for, RED)
    assert storage(simulator).connections == connections

    await simulator.send_delta({"subtask_name": "", "gcode_file": ""})
    await wait_for_cover(hass, wait_for, None)


@pytest.mark.usefixtures("printer")
async def test_a_file_that_lands_late_is_found_on_a_retry(
    hass: HomeAssistant, simulator: PrinterSimulator, wait_for: WaitFor
) -> None:
    await start_job(simulator, "Late part", None)
    server = storage(simulator)
    await wait_for(lambda: (server.connections, server.open_connections) == (1, 0))  # no file
    storage(simulator).add_file(
        "/cache/Late part.gcode.3mf", make_3mf("Late part", filaments=(("PLA", BLUE),))
    )
    await wait_for_cover(hass, wait_for, BLUE, within=15)
    assert storage(simulator).connections == 2


@pytest.mark.usefixtures("printer")
async def test_no_storage_means_no_cover_and_no_retry(
    hass: HomeAssistant, simulator: PrinterSimulator, wait_for: WaitFor
) -> None:
    server = storage(simulator)
    server.faults.sd_card = False
    await start_job(simulator, "Part", None)
    await wait_for(lambda: (server.connections, server.open_connections) == (1, 0))
    await asyncio.sleep(3)  # past the first retry's delay
    assert server.connections == 1
    assert await shown_colour(hass) is None
