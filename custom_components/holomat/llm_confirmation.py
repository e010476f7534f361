"""Confirmation turns for LLM tools that cannot be undone (stopping a print).

A misheard "stop" must not cancel a print, whatever model drives the conversation. So the tool
never acts on its first call: it records a pending confirmation for (conversation, printer) and
tells the model to ask. It acts only when a later user turn of the same conversation is itself
an explicit yes (English or French), read from the user's own words in Home Assistant's chat log
(``conversation.chat_log.current_chat_log``, set for every conversation entity's turn and copied
into the tasks that run its tools). The model's say-so, or a second call within the same turn,
never counts. A pending confirmation expires after ``CONFIRMATION_TTL``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
import re
from typing import Final

from homeassistant.components.conversation import ChatLog, UserContent
from homeassistant.components.conversation.chat_log import current_chat_log
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

CONFIRMATION_TTL: Final = timedelta(seconds=90)
DATA_PENDING: HassKey[dict[tuple[str, str], Pending]] = HassKey("holomat_pending_confirmations")

# Words that make a short answer an explicit yes, and words that undo it ("yes... no, wait").
YES_WORDS: Final = frozenset(
    {"yes", "yeah", "yep", "yup", "confirm", "confirmed", "affirmative", "sure"}
    | {"oui", "ouais", "confirme", "confirmé", "confirmer", "daccord"}
)
YES_PHRASES: Final = ("go ahead", "do it", "vas y", "allez y", "je confirme")
NO_WORDS: Final = frozenset(
    {"no", "nope", "not", "dont", "never", "wait", "negative"}
    | {"non", "pas", "ne", "jamais", "attends", "attendez"}
)
MAX_WORDS: Final = 8
_NOT_A_LETTER = re.compile(r"[^\w]+")


@dataclass(frozen=True, slots=True)
class Pending:
    """A confirmation asked for in one user turn, until ``expires``."""

    turn: UserContent
    expires: datetime


def is_confirmation(text: str) -> bool:
    """Return whether ``text`` (one user turn) is an explicit, unqualified yes (en, fr)."""
    plain = _NOT_A_LETTER.sub(
        " ", text.casefold().replace("'", "").replace("\N{RIGHT SINGLE QUOTATION MARK}", "")
    ).strip()
    words = plain.split()
    if not words or len(words) > MAX_WORDS or NO_WORDS.intersection(words):
        return False
    return bool(YES_WORDS.intersection(words)) or any(
        f" {phrase} " in f" {plain} " for phrase in YES_PHRASES
    )


def _last_user_turn(chat_log: ChatLog) -> UserContent | None:
    """Return the user content of the turn being answered."""
    for content in reversed(chat_log.content):
        if isinstance(content, UserContent):
            return content
    return None


def async_confirmed(hass: HomeAssistant, key: str) -> bool | None:
    """Return whether the user has confirmed the action ``key`` in this conversation.

    ``True``: a confirmation was asked in an earlier turn of this conversation, has not expired,
    and this turn's words are an explicit yes (the pending confirmation is used up). ``False``:
    not confirmed; a confirmation is now pending for this turn (the model must ask). ``None``:
    the call is outside any conversation (no chat log), where no one can confirm.
    """
    chat_log = current_chat_log.get()
    turn = _last_user_turn(chat_log) if chat_log is not None else None
    if chat_log is None or turn is None:
        return None
    pending = hass.data.setdefault(DATA_PENDING, {})
    now = dt_util.utcnow()
    for stale in [k for k, p in pending.items() if p.expires <= now]:
        del pending[stale]
    asked = pending.pop((chat_log.conversation_id, key), None)
    if asked is not None and asked.turn is not turn and is_confirmation(turn.content):
        return True
    pending[(chat_log.conversation_id, key)] = Pending(turn, now + CONFIRMATION_TTL)
    return False
