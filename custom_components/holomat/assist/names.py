"""Which printer a person means: the one resolution every HoloMat agent path uses.

A printer answers to its names (the config entry's title, its device's name and the name the
user gave it, the aliases of its Print status entity, its model code as Bambu Lab writes it and
as it is said, Bambu Lab's product name), to its area ("the workshop printer", the area's
aliases too), to both ("the X1C in the workshop") and, where that leaves one printer, to "the
printer". Names are compared by their keys (``spoken.name_key``), so "x one c", "X1-C" and "the
X1C's" are one name. HoloMat's intents (for Home Assistant's built-in agent and, as tools, for
every LLM agent) call ``resolve``; the built-in agent's sentences and offline speech recognition
get the same names as phrases (``async_printer_phrases``).

Only printers exposed to the assistant count (a printer is exposed when one of its entities is,
under Settings > Voice assistants > Expose). Nothing is guessed: several printers that fit give
``Match.AMBIGUOUS`` (the caller asks which), a name no printer has gives ``Match.UNKNOWN``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from homeassistant.components.homeassistant.exposed_entities import async_should_expose
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import area_registry as ar, device_registry as dr, entity_registry as er

from ..bambu import PrinterModel
from ..const import DOMAIN, EntryType, entry_type
from .spoken import (
    GENERIC_PHRASES,
    is_model_code,
    list_value,
    name_key,
    short_name,
    spoken_forms,
    unique,
)

if TYPE_CHECKING:
    from ..printer.coordinator import PrinterCoordinator

# The entity whose aliases name the whole printer (its Print status sensor's description key).
ALIAS_ENTITY_KEY = "print_status"


@dataclass(frozen=True, slots=True)
class PrinterNames:
    """A loaded printer and what it answers to.

    ``name`` is what HoloMat calls it (the user's name for its device, else the entry's title,
    "Bambu Lab " dropped before a model code); ``names`` every name it answers to, ``areas`` its
    area's name and aliases; ``exposed``: exposed to the assistant the names were read for.
    """

    coordinator: PrinterCoordinator
    name: str
    device_id: str | None
    area_id: str | None
    names: tuple[str, ...]
    areas: tuple[str, ...]
    exposed: bool

    def answers_to(self, key: str) -> bool:
        """Return whether the name key ``key`` (not empty) is this printer's."""
        names = {name_key(form) for name in self.names for form in _forms(name)}
        areas = {name_key(area) for area in self.areas}
        return (
            key in names
            or key in areas
            or any(key in (f"{a} {n}", f"{n} {a}") for a in areas for n in names)
        )


def _forms(name: str) -> list[str]:
    """Return the ways a name is written and said, in every language."""
    return [form for language in ("en", "fr") for form in _said(name, language)]


class Match(StrEnum):
    """What a reference to printers came to (``Resolution.match``)."""

    FOUND = "found"
    AMBIGUOUS = "ambiguous"
    UNKNOWN = "unknown"
    NOT_EXPOSED = "not_exposed"
    NONE_EXPOSED = "none_exposed"


@dataclass(frozen=True, slots=True)
class Resolution:
    """The printers a reference resolved to.

    ``FOUND``: ``printers`` are the one meant (any number, none included, where the caller
    accepts several); ``AMBIGUOUS``: the candidates to ask about; ``UNKNOWN`` and
    ``NOT_EXPOSED``: the exposed printers (to name them); ``NONE_EXPOSED``: empty.
    """

    match: Match
    printers: tuple[PrinterNames, ...]


def _loaded_printers(hass: HomeAssistant) -> list[PrinterCoordinator]:
    """Return the coordinators of the loaded printer entries."""
    return [
        entry.runtime_data
        for entry in hass.config_entries.async_loaded_entries(DOMAIN)
        if entry_type(entry) is EntryType.PRINTER
    ]


def _names(
    hass: HomeAssistant, coordinator: PrinterCoordinator, assistant: str | None
) -> PrinterNames:
    """Read what a printer answers to from its entry, its state and HA's registries."""
    entry = coordinator.config_entry
    device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, coordinator.serial)})
    entities = er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    aliases = [
        alias
        for entity in entities
        if entity.unique_id == f"{coordinator.serial}_{ALIAS_ENTITY_KEY}"
        for alias in entity.aliases
    ]
    own = [device.name_by_user] if device and device.name_by_user else []
    given = [entry.title, device.name if device else None, coordinator.data.state.product_name]
    names = [
        name.strip()
        for name in (*own, *aliases, *given)
        if name and name.strip() and name_key(name)
    ]
    names += [short_name(name) for name in names]
    if (model := coordinator.model) is not None and model is not PrinterModel.UNKNOWN:
        names.append(model.value)
    area = ar.async_get(hass).async_get_area(device.area_id) if device and device.area_id else None
    return PrinterNames(
        coordinator=coordinator,
        name=short_name(own[0] if own else entry.title),
        device_id=device.id if device else None,
        area_id=area.id if area else None,
        names=tuple(unique(names)),
        areas=tuple(unique([area.name, *area.aliases])) if area else (),
        exposed=assistant is None
        or any(async_should_expose(hass, assistant, entity.entity_id) for entity in entities),
    )


@callback
def async_printer_names(hass: HomeAssistant, assistant: str | None) -> list[PrinterNames]:
    """Return every loaded printer with its names; ``exposed`` says if ``assistant`` sees it.

    ``assistant`` ``None`` (code, not a voice assistant) sees every printer.
    """
    return [_names(hass, coordinator, assistant) for coordinator in _loaded_printers(hass)]


def _area_phrases(area: str, language: str) -> list[str]:
    """Return how a printer is called by its area ("workshop printer", "imprimante du garage")."""
    if language == "fr":
        return [f"imprimante {of}{area}" for of in _french_of(area)]
    return [f"{area} printer", f"{area} 3D printer", f"printer in the {area}"]


def _french_of(noun: str) -> list[str]:
    """Return the French "of the" forms that may come before ``noun`` (its gender is unknown)."""
    if noun[:1].casefold() in "aeiouyhàâéèêîôû":
        return ["de l'"]
    return ["du ", "de la ", "de "]


def _with_area(name: str, area: str, language: str) -> list[str]:
    """Return a name told apart by its area ("X1C in the workshop", "X1C de l'atelier")."""
    if language == "fr":
        return [f"{name} {of}{area}" for of in _french_of(area)]
    return [f"{area} {name}", f"{name} in the {area}"]


def _said(name: str, language: str) -> list[str]:
    """Return a name as written and, for a model code, as said."""
    return spoken_forms(name, language) if is_model_code(name) else [name]


def printer_phrases(printer: PrinterNames, language: str) -> list[str]:
    """Return every phrase ``printer`` answers to in ``language`` (one spelling each).

    Its names, with "printer" ("the X1C printer", "l'imprimante X1C"); its area's names as a
    printer's ("the workshop printer"); the name HoloMat calls it by with its area's names (the
    way to tell two X1Cs apart); and the words every printer answers to ("printer").
    """
    names = [form for name in printer.names for form in _said(name, language)]
    own = [*names, *(f"imprimante {n}" if language == "fr" else f"{n} printer" for n in names)]
    by_area = [phrase for area in printer.areas for phrase in _area_phrases(area, language)]
    both = [
        phrase
        for area in printer.areas
        for name in _said(printer.name, language)
        for phrase in _with_area(name, area, language)
    ]
    phrases = [*own, *by_area, *both, *GENERIC_PHRASES.get(language, GENERIC_PHRASES["en"])]
    return unique(value for phrase in phrases if (value := list_value(phrase)))


@callback
def async_printer_phrases(
    hass: HomeAssistant, assistant: str | None, language: str
) -> dict[str, list[str]]:
    """Return, for each printer exposed to ``assistant``, every phrase it answers to.

    Keys are the printers' device ids (their config entry ids while a device is missing);
    values are phrases in ``language`` ("en", "fr"; others get English), each usable as a value
    of a hassil list: names, model codes written and said ("X1C", "x one c"), "the workshop
    printer" forms, names with areas, and the generic "printer" / "imprimante" (which ``resolve``
    reads as the only printer, or the one in the speaker's area). The slot ``printer`` of
    HoloMat's sentence templates (``sentences/<language>/*.yaml``, list ``holomat_printer``)
    takes any of them. ``assistant`` ``None`` means every loaded printer.
    """
    return {
        printer.device_id or printer.coordinator.config_entry.entry_id: printer_phrases(
            printer, language
        )
        for printer in async_printer_names(hass, assistant)
        if printer.exposed
    }


def _narrow(
    candidates: list[PrinterNames],
    area_id: str | None,
    several: bool,
    prefer: Callable[[PrinterCoordinator], bool] | None,
) -> Resolution:
    """Pick among printers that fit: the speaker's area, then all (``several``), then ``prefer``."""
    if area_id and (here := [p for p in candidates if p.area_id == area_id]):
        candidates = here
    if len(candidates) == 1 or (candidates and several):
        return Resolution(Match.FOUND, tuple(candidates))
    if prefer is not None and len(fit := [p for p in candidates if prefer(p.coordinator)]) == 1:
        return Resolution(Match.FOUND, tuple(fit))
    return Resolution(Match.AMBIGUOUS, tuple(candidates))


def choose(
    printers: Sequence[PrinterNames],
    reference: str | None,
    *,
    area_id: str | None = None,
    several: bool = False,
    prefer: Callable[[PrinterCoordinator], bool] | None = None,
) -> Resolution:
    """Return which of ``printers`` ``reference`` means (see ``async_resolve``)."""
    exposed = [p for p in printers if p.exposed]
    key = name_key(reference or "")
    named = [p for p in printers if not key or p.answers_to(key)]
    if candidates := [p for p in named if p.exposed]:
        return _narrow(candidates, area_id, several, prefer)
    if key and named:
        return Resolution(Match.NOT_EXPOSED, tuple(exposed))
    if not exposed:
        # A question about every printer has an answer: there is none.
        return Resolution(Match.FOUND if several and not key else Match.NONE_EXPOSED, ())
    return Resolution(Match.UNKNOWN, tuple(exposed))


@callback
def async_resolve(
    hass: HomeAssistant,
    reference: str | None,
    *,
    assistant: str | None,
    area_id: str | None = None,
    several: bool = False,
    prefer: Callable[[PrinterCoordinator], bool] | None = None,
) -> Resolution:
    """Return the printers ``reference`` (the words the user or a model used) means.

    ``reference`` ``None`` or generic ("the printer") means every exposed printer. Among
    several that fit: those in ``area_id`` (the speaker's area) if any; all of them when the
    caller accepts ``several`` (a question about every printer); else the one ``prefer``
    picks when exactly one fits it (pause: the one printing); else ``AMBIGUOUS``. Printers
    not exposed to ``assistant`` never count (``NOT_EXPOSED`` when only such a printer has
    the name).
    """
    return choose(
        async_printer_names(hass, assistant),
        reference,
        area_id=area_id,
        several=several,
        prefer=prefer,
    )


def speaker_area(hass: HomeAssistant, area_id: str | None, device_id: str | None) -> str | None:
    """Return the speaker's area: ``area_id`` if given, else the area of device ``device_id``."""
    if area_id:
        return area_id
    device = dr.async_get(hass).async_get(device_id) if device_id else None
    return device.area_id if device else None
