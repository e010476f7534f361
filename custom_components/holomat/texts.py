"""Texts HoloMat says or writes itself (replies, notifications), in the reader's language.

They live with every other string in ``translations/<language>.json``, under ``common``: the
category HA's translation schema (hassfest) gives an integration for its own strings, loaded
with HA's translation helper. Keys are named per feature (``jarvis_...``, ``model_server_...``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from homeassistant.const import MATCH_ALL
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import language as language_util

from .const import DOMAIN

CATEGORY: Final = "common"
# The languages of translations/*.json, English first: HA falls back to it key by key.
LANGUAGES: Final = ("en", "fr")


class Text(StrEnum):
    """Keys of the texts under ``common`` in the translations."""

    JARVIS_DONE = "jarvis_done"
    JARVIS_REPLY_UNREACHABLE = "jarvis_reply_unreachable"
    JARVIS_REPLY_TIMEOUT = "jarvis_reply_timeout"
    JARVIS_REPLY_RATE_LIMITED = "jarvis_reply_rate_limited"
    JARVIS_REPLY_CONTEXT_TOO_LONG = "jarvis_reply_context_too_long"
    JARVIS_REPLY_MODEL_MISSING = "jarvis_reply_model_missing"
    JARVIS_REPLY_INVALID_AUTH = "jarvis_reply_invalid_auth"
    JARVIS_REPLY_TOO_MANY_ROUNDS = "jarvis_reply_too_many_rounds"
    JARVIS_REPLY_NO_ANSWER = "jarvis_reply_no_answer"
    JARVIS_REPLY_UNKNOWN = "jarvis_reply_unknown"
    JARVIS_REPLY_SERVER_BUSY = "jarvis_reply_server_busy"
    JARVIS_REPLY_MODEL_LOADING = "jarvis_reply_model_loading"
    JARVIS_REPLY_MODEL_NOT_LOADED = "jarvis_reply_model_not_loaded"
    JARVIS_REPLY_OUT_OF_CREDITS = "jarvis_reply_out_of_credits"
    JARVIS_REPLY_REGION_UNSUPPORTED = "jarvis_reply_region_unsupported"
    JARVIS_REPLY_PROMPT_REFUSED = "jarvis_reply_prompt_refused"
    JARVIS_CUT_LENGTH = "jarvis_cut_length"
    JARVIS_CUT_FILTER = "jarvis_cut_filter"
    JARVIS_CUT_BROKEN = "jarvis_cut_broken"
    MODEL_SERVER_READY_TITLE = "model_server_ready_title"
    MODEL_SERVER_READY = "model_server_ready"
    MODEL_SERVER_FAILED_TITLE = "model_server_failed_title"
    MODEL_SERVER_FAILED = "model_server_failed"
    # Printing (print_file, print_model, notify_when_done)
    PRINTER_UPLOAD_TITLE = "printer_upload_title"
    PRINTER_UPLOAD_PROGRESS = "printer_upload_progress"
    PRINTER_PRINT_STARTED = "printer_print_started"
    PRINTER_PRINT_NOT_STARTED = "printer_print_not_started"
    PRINTER_DONE_TITLE = "printer_done_title"
    PRINTER_DONE_FINISHED = "printer_done_finished"
    PRINTER_DONE_FAILED = "printer_done_failed"
    PRINTER_DONE_CANCELED = "printer_done_canceled"
    PRINTER_DONE_ATTENTION = "printer_done_attention"
    # HoloMat's intents (assist/): answers about printers.
    ASSIST_THE_MODEL = "assist_the_model"
    ASSIST_OR = "assist_or"
    ASSIST_AND = "assist_and"
    ASSIST_IN_AREA = "assist_in_area"
    ASSIST_WHICH_PRINTER = "assist_which_printer"
    ASSIST_UNKNOWN_PRINTER = "assist_unknown_printer"
    ASSIST_NOT_EXPOSED = "assist_not_exposed"
    ASSIST_NONE_EXPOSED = "assist_none_exposed"
    ASSIST_PROGRESS = "assist_progress"
    ASSIST_TIME_LEFT_PART = "assist_time_left_part"
    ASSIST_TASK_PART = "assist_task_part"
    ASSIST_PREPARING = "assist_preparing"
    ASSIST_PAUSED_AT = "assist_paused_at"
    ASSIST_FINISHED = "assist_finished"
    ASSIST_FAILED = "assist_failed"
    ASSIST_IDLE = "assist_idle"
    ASSIST_OFFLINE = "assist_offline"
    ASSIST_NO_STATE = "assist_no_state"
    ASSIST_UNNAMED_TASK = "assist_unnamed_task"
    ASSIST_TIME_LEFT = "assist_time_left"
    ASSIST_CLOCK_FORMAT = "assist_clock_format"
    ASSIST_JOB = "assist_job"
    ASSIST_JOB_LAYERS = "assist_job_layers"
    ASSIST_TEMPERATURES = "assist_temperatures"
    ASSIST_TEMPERATURES_CHAMBER = "assist_temperatures_chamber"
    ASSIST_NO_TEMPERATURES = "assist_no_temperatures"
    ASSIST_FILAMENT = "assist_filament"
    ASSIST_NO_FILAMENT = "assist_no_filament"
    ASSIST_UNIT = "assist_unit"
    ASSIST_EXTERNAL_SPOOL = "assist_external_spool"
    ASSIST_SLOT = "assist_slot"
    ASSIST_SLOT_LEFT = "assist_slot_left"
    ASSIST_SLOT_EMPTY = "assist_slot_empty"
    ASSIST_SLOT_ACTIVE = "assist_slot_active"
    ASSIST_FILAMENT_NAME = "assist_filament_name"
    ASSIST_LIGHT_ON = "assist_light_on"
    ASSIST_LIGHT_OFF = "assist_light_off"
    ASSIST_PAUSED = "assist_paused"
    ASSIST_RESUMED = "assist_resumed"
    ASSIST_NOT_PRINTING = "assist_not_printing"
    ASSIST_NOT_PAUSED = "assist_not_paused"
    ASSIST_THE_PRINT = "assist_the_print"
    ASSIST_THE_PRINT_OF = "assist_the_print_of"
    ASSIST_STOP_CONFIRM = "assist_stop_confirm"
    ASSIST_STOPPED = "assist_stopped"
    ASSIST_STOP_NEEDS_CONVERSATION = "assist_stop_needs_conversation"
    ASSIST_NOTHING_TO_CONFIRM = "assist_nothing_to_confirm"
    ASSIST_CANCELLED = "assist_cancelled"
    ASSIST_MINUTE = "assist_minute"
    ASSIST_MINUTES = "assist_minutes"
    ASSIST_HOUR = "assist_hour"
    ASSIST_HOURS = "assist_hours"
    ASSIST_UNDER_A_MINUTE = "assist_under_a_minute"
    ASSIST_COLOR_BLACK = "assist_color_black"
    ASSIST_COLOR_WHITE = "assist_color_white"
    ASSIST_COLOR_GREY = "assist_color_grey"
    ASSIST_COLOR_RED = "assist_color_red"
    ASSIST_COLOR_ORANGE = "assist_color_orange"
    ASSIST_COLOR_YELLOW = "assist_color_yellow"
    ASSIST_COLOR_GREEN = "assist_color_green"
    ASSIST_COLOR_BLUE = "assist_color_blue"
    ASSIST_COLOR_PURPLE = "assist_color_purple"
    ASSIST_COLOR_PINK = "assist_color_pink"
    ASSIST_COLOR_BROWN = "assist_color_brown"


def text_language(hass: HomeAssistant, language: str | None) -> str:
    """Return which of ``LANGUAGES`` to write in for ``language`` (``fr-CA``: ``fr``).

    ``None`` or ``*`` (no language, any language) mean Home Assistant's own language; one we
    have no translation for means English.
    """
    if not language or language == MATCH_ALL:
        language = hass.config.language
    return next(iter(language_util.matches(language, LANGUAGES)), LANGUAGES[0])


@dataclass(frozen=True, slots=True)
class Texts:
    """HoloMat's texts in one language: ``texts(Text.KEY, name=...)`` fills one in."""

    language: str
    strings: Mapping[str, str]

    def __call__(self, key: Text, **placeholders: object) -> str:
        """Return text ``key`` with its placeholders filled (``KeyError`` if one is missing)."""
        return self.strings[f"component.{DOMAIN}.{CATEGORY}.{key}"].format(**placeholders)


async def async_get_texts(hass: HomeAssistant, language: str | None) -> Texts:
    """Return HoloMat's texts in ``language`` (see ``text_language``)."""
    language = text_language(hass, language)
    return Texts(language, await async_get_translations(hass, language, CATEGORY, {DOMAIN}))


async def async_get_error_text(
    hass: HomeAssistant, err: HomeAssistantError, language: str | None
) -> str:
    """Return a translated error's message in ``language`` (``str(err)`` is always English)."""
    if err.translation_domain and err.translation_key:
        strings = await async_get_translations(
            hass, text_language(hass, language), "exceptions", {err.translation_domain}
        )
        key = f"component.{err.translation_domain}.exceptions.{err.translation_key}.message"
        if (message := strings.get(key)) is not None:
            return message.format(**(err.translation_placeholders or {}))
    return str(err)


async def async_get_text(
    hass: HomeAssistant, key: Text, language: str | None, **placeholders: str
) -> str:
    """Return text ``key`` in ``language`` (see ``text_language``) with its placeholders filled.

    Raises ``KeyError`` when a placeholder the text names is not given.
    """
    return (await async_get_texts(hass, language))(key, **placeholders)
