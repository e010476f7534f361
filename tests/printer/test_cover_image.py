"""The cover image follows the printer's job, read from the job's 3MF on its storage (FTPS)."""

from __future__ import annotations

import asyncio
from typing import Any

from homeassistant.components import image
from homeassistant.const import STATE_UNKNOWN
from homeassistant.core import HomeAssistant
import pytest

from custom_components.holomat.printer.const import CONF_FTPS_PORT
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.ftps_server import PrinterFtpServer
from holomat_dev.threemf_files import make_3mf, part_colour

from .conftest import WaitFor

COVER = "image.bambu_lab_p1s_cover_image"
RED, BLUE = "#C0392B", "#2E6BC0"


@pytest.fixture
def simulator_options() -> dict[str, Any]:
    """Run the simulated printer with its storage."""
    return {"file_server": True}


@pytest.fixture
def entry_extra_data(simulator: PrinterSimulator) -> dict[str, Any]:
    """Tell the printer entry where the storage is."""
    return {CONF_FTPS_PORT: simulator.service_ports["ftps_port"]}


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


async def shown_colour(hass: HomeAssistant) -> str | None:
    """Return the colour of the part in the cover image shown, None without an image."""
    state = hass.states.get(COVER)
    assert state is not None
    if state.state == STATE_UNKNOWN:
        return None
    cover = await image.async_get_image(hass, COVER)
    assert cover.content_type == "image/png"
    return part_colour(cover.content)


async def wait_for_cover(hass: HomeAssistant, colour: str | None, within: float = 10.0) -> None:
    """Wait until the cover image shows a part of ``colour`` (None: no image)."""
    async with asyncio.timeout(within):
        while await shown_colour(hass) != colour:
            await asyncio.sleep(0.05)
            await hass.async_block_till_done()


@pytest.mark.usefixtures("printer")
async def test_the_cover_follows_the_job(hass: HomeAssistant, simulator: PrinterSimulator) -> None:
    assert await shown_colour(hass) is None  # idle: no job, no image
    await start_job(simulator, "Red part", RED)
    await wait_for_cover(hass, RED)
    await start_job(simulator, "Blue part", BLUE)
    await wait_for_cover(hass, BLUE)

    connections = storage(simulator).connections
    await start_job(simulator, "Red part", None)  # seen before: shown again from the cache
    await wait_for_cover(hass, RED)
    assert storage(simulator).connections == connections

    await simulator.send_delta({"subtask_name": "", "gcode_file": ""})
    await wait_for_cover(hass, None)


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
    await wait_for_cover(hass, BLUE, within=15)
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
