"""The repository's blueprint announces print events, loaded by Home Assistant's blueprints."""

# ruff: noqa: F401, F811

from __future__ import annotations

from pathlib import Path
import shutil

from homeassistant.components.automation.helpers import async_get_blueprints
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.setup import async_setup_component
import pytest

from holomat_dev.bambu_simulator import PrinterSimulator
from tests.printer.conftest import start_running_print

from .conftest import WaitFor, broker, entry, model, printer, printer_target, simulator, wait_for
from .satellite import Satellite, satellite

BLUEPRINT = Path(__file__).parents[2] / "blueprints/automation/holomat/announce_print_events.yaml"


async def use_blueprint(hass: HomeAssistant, tmp_path: Path, **inputs: object) -> None:
    """Install the blueprint in HA's configuration and set up an automation from it."""
    hass.config.config_dir = str(tmp_path)
    installed = tmp_path / "blueprints/automation/holomat" / BLUEPRINT.name
    installed.parent.mkdir(parents=True)
    shutil.copy(BLUEPRINT, installed)
    config = {
        "alias": "Announce print events",
        "use_blueprint": {"path": f"holomat/{BLUEPRINT.name}", "input": inputs},
    }
    assert await async_setup_component(hass, "automation", {"automation": [config]})
    await hass.async_block_till_done()


@pytest.mark.usefixtures("printer")
async def test_the_blueprint_announces_and_notifies(
    hass: HomeAssistant,
    simulator: PrinterSimulator,
    satellite: Satellite,
    wait_for: WaitFor,
    tmp_path: Path,
) -> None:
    sent: list[ServiceCall] = []
    hass.services.async_register("notify", "mobile_app_phone", sent.append)
    await use_blueprint(
        hass,
        tmp_path,
        printer=printer_target(hass)["device_id"],
        satellites=[satellite.entity.entity_id],
        notify_action="notify.mobile_app_phone",
    )
    assert hass.states.get("automation.announce_print_events") is not None
    await start_running_print(simulator, wait_for)
    await hass.services.async_call("holomat", "pause_print", printer_target(hass), blocking=True)
    await hass.services.async_call("holomat", "resume_print", printer_target(hass), blocking=True)
    simulator.finish()
    said = satellite.entity.announcements
    await wait_for(lambda: said and sent)
    assert [announcement.message for announcement in said] == [
        "Benchy has finished printing on Bambu Lab P1S."
    ]  # the user's own pause was not announced
    assert sent[0].data == {
        "title": "Bambu Lab P1S",
        "message": "Benchy has finished printing on Bambu Lab P1S.",
    }

    simulator.add_hms(0x0C000300, 0x00030007)  # not asked for: nothing said
    await start_running_print(simulator, wait_for)
    simulator.fail()
    await wait_for(lambda: len(said) == 2)
    assert said[1].message.startswith("Benchy failed on Bambu Lab P1S: ")
    assert len(sent) == 2


async def test_home_assistant_reads_the_blueprint_and_wants_a_printer(
    hass: HomeAssistant, tmp_path: Path
) -> None:
    await use_blueprint(hass, tmp_path)  # no printer given
    state = hass.states.get("automation.announce_print_events")
    assert state is not None
    assert state.state == "unavailable"
    blueprint = await async_get_blueprints(hass).async_get_blueprint(f"holomat/{BLUEPRINT.name}")
    assert blueprint.domain == "automation"
    assert set(blueprint.inputs) == {"printer", "events", "satellites", "notify_action"}
