"""An upgrade keeps every entity: the registries stored by an earlier HoloMat load unchanged.

``fixtures/core.entity_registry`` and ``fixtures/core.device_registry`` were stored by main
before entities became descriptions (``fixtures/make_registry.py`` says how): four printers, an
X1C with three AMS units and an AMS HT, a P1S with an AMS, an A1 with an AMS lite, a P1P. Set up
on them, today's code must find every entity and device again exactly as stored (entity ids,
unique ids, names, devices, enabled or not) and register nothing new but the entities of
platforms added since (each printer's camera and cover image).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
import json
from pathlib import Path
from typing import Any

from homeassistant.const import EVENT_HOMEASSISTANT_FINAL_WRITE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest

from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.mosquitto import Mosquitto

from .fixtures.make_registry import STORAGE_KEYS, load_registries, running_printers, set_up_printers

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
async def simulators(mosquitto: Mosquitto) -> AsyncIterator[list[PrinterSimulator]]:
    """Run the four printers the stored registries know."""
    async with running_printers(mosquitto) as simulators:
        yield simulators


def entities(stored: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return a stored entity registry's entities by entity id."""
    return {entity["entity_id"]: entity for entity in stored[er.STORAGE_KEY]["data"]["entities"]}


def devices(stored: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return a stored device registry's devices by id, without ``modified_at``.

    Setting up a printer registers its device with the model stored in the entry ("X1C"); its
    first report puts the product name back ("Bambu Lab X1-Carbon"): the values end as they were,
    but ``modified_at`` moves, as it did before.
    """
    return {
        device["id"]: {key: value for key, value in device.items() if key != "modified_at"}
        for device in stored[dr.STORAGE_KEY]["data"]["devices"]
    }


@pytest.mark.parametrize("load_registries", [False])
async def test_registries_stored_by_main_are_kept(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    simulators: list[PrinterSimulator],
) -> None:
    stored = {key: json.loads((FIXTURES / key).read_text()) for key in STORAGE_KEYS}
    hass_storage.update({key: json.loads((FIXTURES / key).read_text()) for key in STORAGE_KEYS})
    await load_registries(hass)
    await set_up_printers(hass, simulators)
    hass.bus.async_fire(EVENT_HOMEASSISTANT_FINAL_WRITE)
    await hass.async_block_till_done()

    kept = entities(hass_storage)
    # What came after the stored registries: each printer's camera and cover image (issue 11).
    added = [kept.pop(entity_id)["unique_id"] for entity_id in set(kept) - set(entities(stored))]
    assert sorted(unique_id.split("_", 1)[1] for unique_id in added) == 4 * ["camera"] + 4 * [
        "cover_image"
    ]
    assert kept == entities(stored)
    assert devices(hass_storage) == devices(stored)
    for entity_id in entities(hass_storage):
        assert hass.states.get(entity_id) is not None, entity_id
