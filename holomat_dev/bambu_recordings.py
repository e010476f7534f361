"""Recorded BambuLab MQTT payloads and the printer models the simulator builds from them.

The files in ``recordings/`` are message bodies as received on ``device/<serial>/report``
(copied from shared/bambu_payloads/; provenance in shared/notes/bambu-printers.md §14).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
import json
from pathlib import Path
from typing import Any

RECORDINGS_DIR = Path(__file__).parent / "recordings"
RECORDED_VERSION_SERIAL = "MOCK-X1CMULTIAMS"  # the serial in x1c_get_version.json
ENVELOPE_KEYS = ("command", "msg", "sequence_id")


def load_recording(name: str) -> dict[str, Any]:
    """Return a recorded message, e.g. ``load_recording("p1s_pushall_idle")`` (a fresh copy).

    Raises ``FileNotFoundError`` for an unknown name.
    """
    path = RECORDINGS_DIR / f"{name.removesuffix('.json')}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True, slots=True)
class PrinterModel:
    """What the simulator needs to know about a printer model.

    ``pushall`` names the recording whose ``print`` body is the model's full report;
    ``idle_stage`` is the ``stg_cur`` the model reports when no job runs (-1 on X1, 255 on P1,
    0 on A1 in the recordings); ``ams_module`` the get_version module prefix of its AMS units.
    """

    code: str
    product_name: str
    firmware: str
    pushall: str
    idle_stage: int
    ams_module: str
    ams_product: str
    chamber_sensor: bool


MODELS: dict[str, PrinterModel] = {
    "X1C": PrinterModel(
        code="X1C",
        product_name="Bambu Lab X1-Carbon",
        firmware="01.09.00.01",
        pushall="x1c_pushall_finish_multi_ams",
        idle_stage=-1,
        ams_module="ams",
        ams_product="AMS",
        chamber_sensor=True,
    ),
    "P1S": PrinterModel(
        code="P1S",
        product_name="Bambu Lab P1S",
        firmware="01.08.01.00",  # not in the P1S recording: a plausible release
        pushall="p1s_pushall_idle",
        idle_stage=255,
        ams_module="ams",
        ams_product="AMS",
        chamber_sensor=False,
    ),
    "P1P": PrinterModel(
        code="P1P",
        product_name="Bambu Lab P1P",
        firmware="01.08.02.00",
        pushall="p1p_pushall_finish_no_ams",
        idle_stage=255,
        ams_module="ams",
        ams_product="AMS",
        chamber_sensor=False,
    ),
    "A1": PrinterModel(
        code="A1",
        product_name="Bambu Lab A1",
        firmware="01.05.00.00",
        pushall="a1_pushall_idle_ams_lite",
        idle_stage=0,
        ams_module="ams_f1",
        ams_product="AMS Lite",
        chamber_sensor=False,
    ),
}


def printer_model(code: str) -> PrinterModel:
    """Return the model for a code ("X1C", "P1S", "P1P", "A1"); raise ``ValueError`` otherwise."""
    try:
        return MODELS[code.upper()]
    except KeyError:
        raise ValueError(f"Unknown printer model {code!r}; known: {', '.join(MODELS)}") from None


def full_report_body(model: PrinterModel) -> dict[str, Any]:
    """Return the model's recorded full report ``print`` body without its envelope keys."""
    body: dict[str, Any] = load_recording(model.pushall)["print"]
    for key in ENVELOPE_KEYS:
        body.pop(key, None)
    return body


def version_report(model: PrinterModel, serial: str, sequence_id: str) -> dict[str, Any]:
    """Return the ``info.get_version`` answer of a printer of this model and serial.

    Built from the recorded X1C answer: the X1C keeps its recorded modules; other models get an
    ``ota`` module with their product name and firmware, their AMS units (from the full report's
    ``ams.ams`` ids) and the recorded ``mc`` / ``th`` modules. Serials are substituted.
    """
    recorded = load_recording("x1c_get_version")["info"]
    modules: list[dict[str, Any]] = recorded["module"]
    if model.code != "X1C":
        by_name = {module["name"]: module for module in modules}
        ota = {
            **by_name["ota"],
            "product_name": model.product_name,
            "sw_ver": model.firmware,
        }
        units = full_report_body(model).get("ams", {}).get("ams", [])
        ams_modules = [
            {
                **by_name["ams/0"],
                "name": f"{model.ams_module}/{unit['id']}",
                "product_name": f"{model.ams_product} ({int(unit['id']) + 1})",
                "sn": f"{RECORDED_VERSION_SERIAL}-AMS{unit['id']}",
            }
            for unit in units
        ]
        modules = [ota, *ams_modules, copy.deepcopy(by_name["mc"]), copy.deepcopy(by_name["th"])]
    for module in modules:
        if isinstance(module.get("sn"), str):
            module["sn"] = module["sn"].replace(RECORDED_VERSION_SERIAL, serial)
    return {
        "info": {
            "command": "get_version",
            "sequence_id": sequence_id,
            "module": modules,
        }
    }
