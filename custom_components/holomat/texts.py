"""Texts HoloMat says or writes itself (replies, notifications), in the reader's language.

They live with every other string in ``translations/<language>.json``, under ``common``: the
category HA's translation schema (hassfest) gives an integration for its own strings, loaded
with HA's translation helper. Keys are named per feature (``jarvis_...``, ``model_server_...``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from homeassistant.const import MATCH_ALL
from homeassistant.core import HomeAssistant
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


def text_language(hass: HomeAssistant, language: str | None) -> str:
    """Return which of ``LANGUAGES`` to write in for ``language`` (``fr-CA``: ``fr``).

    ``None`` or ``*`` (no language, any language) mean Home Assistant's own language; one we
    have no translation for means English.
    """
    if not language or language == MATCH_ALL:
        language = hass.config.language
    return next(iter(language_util.matches(language, LANGUAGES)), LANGUAGES[0])


async def async_get_text(
    hass: HomeAssistant, key: Text, language: str | None, **placeholders: str
) -> str:
    """Return text ``key`` in ``language`` (see ``text_language``) with its placeholders filled.

    Raises ``KeyError`` when a placeholder the text names is not given.
    """
    texts = await async_get_translations(hass, text_language(hass, language), CATEGORY, {DOMAIN})
    return texts[f"component.{DOMAIN}.{CATEGORY}.{key}"].format(**placeholders)
