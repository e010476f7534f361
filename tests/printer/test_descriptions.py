"""Every printer entity description reads only the fields it declares.

An entity skips an update that changed none of its description's ``fields``: a description that
reads a field it does not declare would show a stale value. Each description is held to its
declaration with generated ``PrinterData``: replacing every undeclared field by another value
never changes what it shows.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from datetime import UTC, datetime
import types
from typing import Any, Union, get_args, get_origin, get_type_hints

from hypothesis import find, given, strategies as st
import pytest

from custom_components.holomat.bambu import AmsTray, AmsUnit, PrinterState
from custom_components.holomat.bambu.models import EXTERNAL_SPOOL_ID
from custom_components.holomat.printer.ams_sensor import climate_sensors, tray_sensor
from custom_components.holomat.printer.binary_sensor import BINARY_SENSORS
from custom_components.holomat.printer.button import BUTTONS
from custom_components.holomat.printer.coordinator import PRINTER_FIELDS, PrinterData
from custom_components.holomat.printer.entity import PrinterEntityDescription
from custom_components.holomat.printer.event import PRINT_EVENT
from custom_components.holomat.printer.light import CHAMBER_LIGHT
from custom_components.holomat.printer.select import SPEED_PROFILE
from custom_components.holomat.printer.sensor import SENSORS

AMS_IDS = (0, 1, 128)
DESCRIPTIONS: tuple[PrinterEntityDescription[Any], ...] = (
    *SENSORS,
    *BINARY_SENSORS,
    *BUTTONS,
    PRINT_EVENT,
    CHAMBER_LIGHT,
    SPEED_PROFILE,
    *(description for ams_id in AMS_IDS for description in climate_sensors(ams_id)),
    *(tray_sensor(ams_id, tray_id) for ams_id in AMS_IDS for tray_id in (0, 1)),
    tray_sensor(None, EXTERNAL_SPOOL_ID),
)


# AMS ids, tray ids and ``tray_now`` values drawn from those of the descriptions above, so that
# generated states often hold the described units and trays, active or not.
FIELD_VALUES: dict[tuple[type, str], st.SearchStrategy[Any]] = {
    (AmsUnit, "ams_id"): st.sampled_from(AMS_IDS),
    (AmsTray, "tray_id"): st.sampled_from((0, 1)),
    (PrinterState, "active_tray"): st.sampled_from((None, 0, 1, 4, 5, 128, 129, 254, 255)),
}


def values_of(hint: Any) -> st.SearchStrategy[Any]:
    """Return a strategy for a field's type: every field of nested dataclasses drawn too."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        return st.one_of(*(values_of(arg) for arg in get_args(hint)))
    if origin is tuple:
        return st.lists(values_of(get_args(hint)[0]), max_size=3).map(tuple)
    if is_dataclass(hint):
        hints = get_type_hints(hint)
        return st.builds(
            hint,
            **{
                field.name: FIELD_VALUES[hint, field.name]
                if (hint, field.name) in FIELD_VALUES
                else values_of(hints[field.name])
                for field in fields(hint)
            },
        )
    if hint is int:
        return st.integers(-1, 300)
    if hint is float:
        return st.floats(-50, 300, allow_nan=False)
    if hint is datetime:
        return st.datetimes(timezones=st.just(UTC))
    return st.from_type(hint)


DATA = st.builds(
    PrinterData,
    state=values_of(PrinterState),
    online=st.booleans(),
    end_time=values_of(datetime | None),
)


def shown(description: PrinterEntityDescription[Any], data: PrinterData) -> tuple[Any, Any]:
    """Return what an entity of ``description`` shows for ``data``: value and attributes."""
    return description.value_fn(data), description.attributes_fn(data)


def with_undeclared(
    description: PrinterEntityDescription[Any], data: PrinterData, other: PrinterData
) -> PrinterData:
    """Return ``data`` with every field ``description`` does not declare taken from ``other``."""
    state_fields = {
        field.name: getattr(other.state, field.name)
        for field in fields(PrinterState)
        if field.name not in description.fields
    }
    own_fields = {
        name: getattr(other, name)
        for name in ("online", "end_time")
        if name not in description.fields
    }
    return replace(data, state=replace(data.state, **state_fields), **own_fields)


def reads_only_declared(
    description: PrinterEntityDescription[Any], data: PrinterData, other: PrinterData
) -> bool:
    """Return whether swapping the undeclared fields left what ``description`` shows as it was."""
    return shown(description, data) == shown(description, with_undeclared(description, data, other))


@pytest.mark.parametrize("description", DESCRIPTIONS, ids=lambda description: description.key)
def test_fields_are_printer_fields(description: PrinterEntityDescription[Any]) -> None:
    assert description.fields <= PRINTER_FIELDS


@given(data=DATA, other=DATA)
def test_descriptions_read_only_their_fields(data: PrinterData, other: PrinterData) -> None:
    wrong = [d.key for d in DESCRIPTIONS if not reads_only_declared(d, data, other)]
    assert not wrong


def test_an_undeclared_read_is_caught() -> None:
    """The check above finds a description that reads a field it does not declare."""
    wrong = replace(SENSORS[0], fields=frozenset({"progress"}))
    found = find(
        st.tuples(DATA, DATA), lambda pair: not reads_only_declared(wrong, pair[0], pair[1])
    )
    assert found[0].state.gcode_state != found[1].state.gcode_state
