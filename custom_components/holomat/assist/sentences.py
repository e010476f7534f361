"""HoloMat's sentences in Home Assistant's built-in agent: custom sentence files kept current.

The built-in agent reads sentences from the integrations' intents package and from
``<config>/custom_sentences/<language>/*.yaml`` (``conversation/default_agent.py``,
``_load_intents``); that folder is the only place Home Assistant 2026.2 reads sentences from
that a custom integration may add to without private code. So while a printer is loaded,
HoloMat writes ``custom_sentences/<language>/holomat.yaml``: its templates
(``sentences/<language>/*.yaml``) with the list ``holomat_printer`` holding every phrase the
loaded printers answer to (``names.async_printer_phrases``). It rewrites the file when printers,
their names, areas or aliases change, removes it when no printer is loaded, and then calls the
public ``conversation.reload`` action, which clears the agent's cached sentences.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from hassil.util import merge_dict
from homeassistant.config_entries import SIGNAL_CONFIG_ENTRY_CHANGED, ConfigEntry
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import area_registry as ar, device_registry as dr, entity_registry as er
from homeassistant.helpers.debounce import Debouncer
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.util.yaml import dump, load_yaml_dict

from ..const import DOMAIN, LOGGER
from .names import async_printer_phrases
from .spoken import unique

TEMPLATES: Final = Path(__file__).parent.parent / "sentences"
LIST_NAME: Final = "holomat_printer"
FILE_NAME: Final = "holomat.yaml"
HEADER: Final = (
    "# Written by HoloMat (custom_components/holomat/sentences/) for your printers: do not\n"
    "# edit, it is rewritten when printers change and removed when none is set up.\n"
)
COOLDOWN: Final = 1.0  # s: registry changes come in bursts


def languages() -> list[str]:
    """Return the languages HoloMat has sentences for."""
    return sorted(path.name for path in TEMPLATES.iterdir() if path.is_dir())


def load_templates(language: str) -> dict[str, Any]:
    """Return HoloMat's sentence templates in ``language``, merged (reads files: executor)."""
    merged: dict[str, Any] = {}
    for path in sorted((TEMPLATES / language).glob("*.yaml")):
        merge_dict(merged, dict(load_yaml_dict(path)))
    return merged


def sentence_file(templates: dict[str, Any], phrases: list[str]) -> str:
    """Return the custom sentence file for ``templates`` with the printers' ``phrases``."""
    lists = {**templates.get("lists", {}), LIST_NAME: {"values": phrases}}
    return HEADER + str(dump({**templates, "lists": lists}))


def _sync(config_dir: Path, files: dict[str, str | None]) -> bool:
    """Write (or, for ``None``, remove) each language's file; return whether one changed."""
    changed = False
    for language, text in files.items():
        path = config_dir / "custom_sentences" / language / FILE_NAME
        if text is None:
            if path.exists():
                path.unlink()
                changed = True
        elif not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed = True
    return changed


class SentenceFiles:
    """Keep ``custom_sentences/<language>/holomat.yaml`` in step with the loaded printers."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Prepare the (debounced) updates; ``async_start`` starts listening."""
        self.hass = hass
        self._templates: dict[str, dict[str, Any]] = {}
        self.debouncer = Debouncer(
            hass, LOGGER, cooldown=COOLDOWN, immediate=False, function=self.async_update
        )

    @callback
    def async_start(self) -> None:
        """Update the files when printers load or unload and when their names may change."""
        self.hass.bus.async_listen(dr.EVENT_DEVICE_REGISTRY_UPDATED, self._async_registry_changed)
        self.hass.bus.async_listen(er.EVENT_ENTITY_REGISTRY_UPDATED, self._async_registry_changed)
        self.hass.bus.async_listen(ar.EVENT_AREA_REGISTRY_UPDATED, self._async_registry_changed)
        async_dispatcher_connect(self.hass, SIGNAL_CONFIG_ENTRY_CHANGED, self._async_entry_changed)

    @callback
    def _async_registry_changed(self, event: Event[Any]) -> None:
        """Schedule an update: a name, an alias or an area may have changed."""
        self.debouncer.async_schedule_call()

    @callback
    def _async_entry_changed(self, change: object, entry: ConfigEntry) -> None:
        """Schedule an update when one of HoloMat's entries changes (loaded, renamed...)."""
        if entry.domain == DOMAIN:
            self.debouncer.async_schedule_call()

    async def async_update(self) -> None:
        """Write the files for the loaded printers; reload the built-in agent's sentences."""
        hass = self.hass
        files: dict[str, str | None] = {}
        for language in await hass.async_add_executor_job(languages):
            phrases = unique(
                phrase
                for printer in async_printer_phrases(hass, None, language).values()
                for phrase in printer
            )
            if not phrases:
                files[language] = None
                continue
            if language not in self._templates:
                self._templates[language] = await hass.async_add_executor_job(
                    load_templates, language
                )
            files[language] = sentence_file(self._templates[language], phrases)
        config_dir = Path(hass.config.config_dir)
        if await hass.async_add_executor_job(
            _sync, config_dir, files
        ) and hass.services.has_service("conversation", "reload"):
            await hass.services.async_call("conversation", "reload", blocking=True)
