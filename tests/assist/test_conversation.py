"""Printers by voice through Home Assistant's built-in agent, in English and French.

What a user says goes through ``conversation.async_converse`` to the built-in agent, which
reads HoloMat's sentence files; the printers are simulated on a real mosquitto.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from freezegun import freeze_time
from homeassistant.components.homeassistant.exposed_entities import async_expose_entity
from homeassistant.core import HomeAssistant
from homeassistant.helpers import area_registry as ar, device_registry as dr, entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.holomat.const import DOMAIN
from tests.printer.conftest import WaitFor

from .conftest import AddPrinter, Printer, Say, printing, sentences_written, speech

X1C = "00M09A350100001"
P1S = "01P00A391800002"


@pytest.fixture
async def x1c(add_printer: AddPrinter, wait_for: WaitFor) -> Printer:
    """Return an X1C that is printing Benchy."""
    printer = await add_printer(X1C, "X1C")
    await printing(printer, wait_for)
    return printer


def device_id(hass: HomeAssistant, printer: Printer) -> str:
    """Return the printer's device id."""
    device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, printer.coordinator.serial)})
    assert device is not None
    return device.id


def expose(hass: HomeAssistant, printer: Printer, exposed: bool) -> None:
    """Expose (or hide) every entity of ``printer`` to conversation agents."""
    for entity_id in printer.entity_ids:
        async_expose_entity(hass, "conversation", entity_id, exposed)


def _progress_before_or_after(before: int | None, printer: Printer) -> set[int | None]:
    """Return the progress (%) read before a turn and now: the simulated print may advance."""
    return {before, printer.coordinator.data.state.progress}


async def test_questions_in_english(x1c: Printer, say: Say) -> None:
    state = x1c.coordinator.data.state
    before = state.progress
    assert state.task_name == "Benchy"
    status = speech(await say("how is the X1C doing"))
    done = _progress_before_or_after(before, x1c)
    assert any(status.startswith(f"The X1C is {p} % done, about ") for p in done)
    assert status.endswith(" left, printing Benchy.")
    assert speech(await say("how's the print going?")) == status
    assert speech(await say("What is the progress of the printer")) == status
    assert speech(await say("how long is left on the print")).startswith("The X1C has about ")
    assert "it should finish at" in speech(await say("when will the x one c be done"))
    layer, layers = state.layer, state.total_layers
    assert speech(await say("what is the X1C printing")) == (
        f"The X1C is printing Benchy, layer {layer} of {layers}."
    )
    temperatures = speech(await say("what's the nozzle temperature"))
    assert temperatures.startswith("On the X1C, the nozzle is at ")
    assert "and the chamber at" in temperatures
    filament = speech(await say("how much filament is left in the AMS"))
    assert filament.startswith("Filament on the X1C: AMS 1: slot 1: black PLA Matte, ")


async def test_questions_in_french(x1c: Printer, say: Say) -> None:
    before = x1c.coordinator.data.state.progress
    status = speech(await say("où en est l'impression", language="fr"))
    done = _progress_before_or_after(before, x1c)
    assert any(status.startswith(f"La X1C en est à {p} %, encore environ ") for p in done)
    assert status.endswith(", elle imprime Benchy.")
    left = speech(await say("combien de temps reste-t-il pour l'impression ?", language="fr"))
    assert left.startswith("Il reste environ ")
    assert "fin prévue à" in left
    assert speech(await say("qu'est-ce que la x un c imprime", language="fr")).startswith(
        "La X1C imprime Benchy, couche "
    )
    assert speech(await say("quelle est la température de la buse", language="fr")).startswith(
        "Sur la X1C, la buse est à "
    )
    assert speech(await say("combien de filament reste-t-il", language="fr")).startswith(
        "Filament de la X1C : AMS 1 : emplacement 1 : PLA Matte noir, reste "
    )


# (what the user says, what HoloMat answers), in order: pause, pause again, resume, light off.
COMMANDS = {
    "en": [
        ("pause the X1C's print", "The X1C is paused."),
        ("pause the print", "The X1C is not printing."),
        ("continue printing", "The X1C is printing again."),
        ("turn off the chamber light", "The X1C's chamber light is off."),
    ],
    "fr": [
        ("mets l'imprimante en pause", "La X1C est en pause."),
        ("mets en pause l'impression", "La X1C n'imprime pas."),
        ("reprends l'impression", "La X1C reprend l'impression."),
        ("éteins la lumière du caisson", "La lumière du caisson de la X1C est éteinte."),
    ],
}


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_commands(x1c: Printer, say: Say, wait_for: WaitFor, language: str) -> None:
    (pause, paused), (again, refused), (resume, resumed), (light, light_off) = COMMANDS[language]
    assert speech(await say(pause, language=language)) == paused
    await wait_for(lambda: x1c.gcode_state == "PAUSE")
    assert speech(await say(again, language=language)) == refused
    assert speech(await say(resume, language=language)) == resumed
    await wait_for(lambda: x1c.gcode_state == "RUNNING")
    assert speech(await say(light, language=language)) == light_off
    await wait_for(lambda: x1c.coordinator.data.state.chamber_light is False)


async def test_names_people_use(hass: HomeAssistant, x1c: Printer, say: Say) -> None:
    """Model code written and said, Bambu Lab's name, a nickname, its area, the user's name."""
    registry = er.async_get(hass)
    (status,) = [e for e in x1c.entity_ids if e.endswith("_print_status")]
    registry.async_update_entity(status, aliases={"Bertha"})
    workshop = ar.async_get(hass).async_create("Workshop", aliases={"shed", "atelier"})
    dr.async_get(hass).async_update_device(device_id(hass, x1c), area_id=workshop.id)
    await sentences_written(hass)
    for name in (
        "X1C",
        "x one c",
        "x 1 c",
        "Bambu Lab X1-Carbon",
        "x one carbon",
        "Bertha",
        "workshop printer",
        "printer in the shed",
        "X1C in the workshop",
        "3D printer",
    ):
        assert speech(await say(f"what is the {name} printing")).startswith(
            "The X1C is printing Benchy"
        ), name
    said = speech(await say("qu'est-ce que l'imprimante de l'atelier imprime", language="fr"))
    assert said.startswith("La X1C imprime Benchy")

    dr.async_get(hass).async_update_device(device_id(hass, x1c), name_by_user="Big Bertha")
    await sentences_written(hass)
    assert speech(await say("how is big bertha doing")).startswith("Big Bertha is ")


async def test_which_printer_is_meant(
    hass: HomeAssistant, add_printer: AddPrinter, x1c: Printer, say: Say, wait_for: WaitFor
) -> None:
    p1s = await add_printer(P1S, "P1S")
    await printing(p1s, wait_for)
    await wait_for(lambda: x1c.coordinator.online)

    assert speech(await say("pause the printer")) == "Which printer: the X1C or the P1S?"
    assert (x1c.gcode_state, p1s.gcode_state) == ("RUNNING", "RUNNING")
    assert speech(await say("pause the P1S")) == "The P1S is paused."
    await wait_for(lambda: p1s.gcode_state == "PAUSE")
    # Only the P1S is paused: "resume the print" can only mean it.
    assert speech(await say("resume the print")) == "The P1S is printing again."

    # A question about every printer answers for each.
    both = speech(await say("how are the printers"))
    assert both.startswith("The X1C is ")
    assert " The P1S is " in both

    # A satellite in the garage means the printer in the garage.
    garage = ar.async_get(hass).async_create("Garage")
    dr.async_get(hass).async_update_device(device_id(hass, p1s), area_id=garage.id)
    satellite_entry = MockConfigEntry(domain="test")
    satellite_entry.add_to_hass(hass)
    satellite = dr.async_get(hass).async_get_or_create(
        config_entry_id=satellite_entry.entry_id, identifiers={("test", "satellite")}
    )
    dr.async_get(hass).async_update_device(satellite.id, area_id=garage.id)
    said = speech(await say("pause the printer", device_id=satellite.id))
    assert said == "The P1S is paused."


async def test_only_exposed_printers_count(
    hass: HomeAssistant, add_printer: AddPrinter, x1c: Printer, say: Say, wait_for: WaitFor
) -> None:
    p1s = await add_printer(P1S, "P1S")
    await wait_for(lambda: x1c.coordinator.online)
    expose(hass, x1c, False)
    assert speech(await say("pause the X1C")) == "X1C is not exposed to the assistant."
    assert x1c.gcode_state == "RUNNING"
    # "the printer" is now the P1S, the only one exposed.
    assert speech(await say("what is the printer doing")) == "The P1S is idle."
    expose(hass, p1s, False)
    assert speech(await say("how are the printers")) == "No printer is exposed to the assistant."


async def test_stop_asks_and_only_the_next_yes_stops(
    x1c: Printer, say: Say, wait_for: WaitFor
) -> None:
    asked = await say("stop the print")
    assert speech(asked) == "Stop the print of Benchy on the X1C? Say yes to confirm."
    assert x1c.gcode_state == "RUNNING"
    assert (
        speech(await say("yes", asked.conversation_id)) == "Stopped the print of Benchy on the X1C."
    )
    await wait_for(lambda: x1c.gcode_state in ("FAILED", "IDLE"))


@pytest.mark.parametrize(
    "answer", ["no, keep printing", "what is the X1C printing", "turn on the chamber light"]
)
async def test_anything_but_yes_cancels_the_stop(x1c: Printer, say: Say, answer: str) -> None:
    asked = await say("stop the X1C")
    await say(answer, asked.conversation_id)
    assert speech(await say("yes", asked.conversation_id)) == "Nothing to confirm."
    assert x1c.gcode_state == "RUNNING"


async def test_no_cancels_and_a_yes_elsewhere_confirms_nothing(x1c: Printer, say: Say) -> None:
    asked = await say("cancel the print")
    assert speech(await say("no", asked.conversation_id)) == "All right, nothing was done."
    await say("cancel the print")
    assert speech(await say("yes")) == "Nothing to confirm."  # another conversation
    assert x1c.gcode_state == "RUNNING"


async def test_a_yes_to_another_action_cancels(x1c: Printer, say: Say) -> None:
    asked = await say("stop the print")
    said = speech(await say("yes, start the print", asked.conversation_id))
    assert said == "All right, nothing was done."
    assert x1c.gcode_state == "RUNNING"


async def test_stop_in_french(x1c: Printer, say: Say, wait_for: WaitFor) -> None:
    asked = await say("arrête l'impression", language="fr")
    assert speech(asked) == "Arrêter l'impression de Benchy sur la X1C ? Dites oui pour confirmer."
    said = speech(await say("non", asked.conversation_id, language="fr"))
    assert said == "D'accord, je ne fais rien."
    asked = await say("annule l'impression de la X1C", language="fr")
    said = speech(await say("oui, arrête-la", asked.conversation_id, language="fr"))
    assert said == "J'ai arrêté l'impression de Benchy sur la X1C."
    await wait_for(lambda: x1c.gcode_state in ("FAILED", "IDLE"))


async def test_a_yes_past_its_time_confirms_nothing(x1c: Printer, say: Say) -> None:
    asked = await say("stop the print")
    with freeze_time(dt_util.utcnow() + timedelta(seconds=91), tick=True):
        assert speech(await say("yes", asked.conversation_id)) == "Nothing to confirm."
    assert x1c.gcode_state == "RUNNING"


async def test_the_stop_button_is_not_pressed_from_a_conversation(
    hass: HomeAssistant, x1c: Printer, say: Say
) -> None:
    (button,) = [e for e in x1c.entity_ids if e.endswith("_stop_print")]
    async_expose_entity(hass, "conversation", button, True)
    name = hass.states.get(button).name
    said = speech(await say(f"press {name}"))
    assert x1c.gcode_state == "RUNNING"
    assert said  # Home Assistant's own error reply


async def test_sentence_files_follow_the_printers(
    hass: HomeAssistant, add_printer: AddPrinter, say: Say
) -> None:
    files = Path(hass.config.config_dir) / "custom_sentences"
    assert not files.exists()
    printer = await add_printer(X1C, "X1C")
    english = (files / "en" / "holomat.yaml").read_text()
    assert "x one c" in english
    assert "x un c" in (files / "fr" / "holomat.yaml").read_text()
    assert speech(await say("what is the X1C doing")).startswith("The X1C ")

    await hass.config_entries.async_unload(printer.coordinator.config_entry.entry_id)
    await sentences_written(hass)
    assert not (files / "en" / "holomat.yaml").exists()
    assert not speech(await say("what is the X1C doing")).startswith("The X1C ")
