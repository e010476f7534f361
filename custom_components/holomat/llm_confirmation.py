"""One-turn confirmations for actions that cannot be undone (stopping a print, starting one).

A misheard "stop" must not cancel a print, whatever agent hears it: Home Assistant's built-in
agent (HoloMat's intents), JARVIS or any LLM agent (the same intents as tools, or a HoloMat LLM
tool). So such an action never runs on the turn that asks for it: ``async_confirmed`` records
a pending confirmation for the conversation and the caller asks the user. The action runs only
when the user's very next turn of that conversation is itself an explicit yes (English or
French, ``is_confirmation``), within ``CONFIRMATION_TTL``. Anything else as the next turn ("No,
keep printing", another question) cancels it, and a pending confirmation never outlives that
next turn: a later "yes" given to another question confirms nothing.

Turns are counted from Home Assistant's chat logs: every agent's turn adds the user's words to
its conversation's chat log, and ``conversation.chat_log.async_subscribe_chat_logs`` reports
each addition, whether or not HoloMat takes part in that turn. The conversation and the words of
the turn being handled come from ``conversation.chat_log.current_chat_log``, set for every
conversation turn and copied into the tasks that run its tools. The model's say-so, or a second
call within the same turn, never counts.

The yes arrives two ways: the caller's tool or intent is called again in the next turn
(``async_confirmed`` returns ``True``), or the built-in agent hears "yes" and HoloMat's
``HolomatConfirm`` intent calls ``async_answer``, which runs the ``action`` given when asking.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
import re
from typing import Any, Final

from homeassistant.components.conversation import ChatLog, UserContent
from homeassistant.components.conversation.chat_log import (
    async_subscribe_chat_logs,
    current_chat_log,
)
from homeassistant.components.conversation.const import ChatLogEventType
from homeassistant.core import HomeAssistant, callback
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

CONFIRMATION_TTL: Final = timedelta(seconds=90)

# Words that make a short answer an explicit yes, and words that undo it ("yes... no, wait").
YES_WORDS: Final = frozenset(
    {"yes", "yeah", "yep", "yup", "confirm", "confirmed", "affirmative", "sure"}
    | {"oui", "ouais", "ouaip", "confirme", "confirmé", "confirmer", "daccord"}
)
YES_PHRASES: Final = ("go ahead", "do it", "vas y", "allez y", "je confirme")
NO_WORDS: Final = frozenset(
    {"no", "nope", "not", "dont", "never", "wait", "negative"}
    | {"non", "pas", "ne", "jamais", "attends", "attendez"}
)
MAX_WORDS: Final = 8
_NOT_A_LETTER = re.compile(r"[^\w]+")

type Action = Callable[[], Awaitable[str]]


@dataclass(slots=True)
class Pending:
    """An action asked for in one turn of a conversation, waiting for the next turn.

    ``answer`` is the user's next turn once it is said (``None`` until then); ``action`` runs it
    and returns what to say (``None``: only a new call of the asking tool can carry it out).
    """

    key: str
    expires: datetime
    action: Action | None
    answer: str | None = None


DATA_PENDING: HassKey[dict[str, Pending]] = HassKey("holomat_pending_confirmations")


class Answer(StrEnum):
    """What the user's yes or no did (``async_answer``)."""

    NOTHING_PENDING = "nothing_pending"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    LEFT_TO_AGENT = "left_to_agent"


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


@callback
def async_setup(hass: HomeAssistant) -> None:
    """Follow every conversation's turns (once per Home Assistant start)."""
    pending = hass.data[DATA_PENDING] = {}

    @callback
    def _async_chat_log_changed(
        conversation_id: str, event_type: ChatLogEventType, data: dict[str, Any]
    ) -> None:
        """Note the turn after a question; end the pending confirmation at the one after."""
        if (asked := pending.get(conversation_id)) is None:
            return
        if event_type is ChatLogEventType.DELETED:
            del pending[conversation_id]
        elif event_type is ChatLogEventType.CONTENT_ADDED and (
            (content := data.get("content")) and content.get("role") == "user"
        ):
            if asked.answer is None:
                asked.answer = str(content.get("content", ""))
            else:
                del pending[conversation_id]

    async_subscribe_chat_logs(hass, _async_chat_log_changed)


def in_conversation() -> bool:
    """Return whether the caller runs inside a conversation turn (for any agent).

    Actions that cannot be undone use it to refuse being reached from a conversation except
    through the confirmation (Home Assistant's own intents press any exposed button).
    """
    return current_chat_log.get() is not None


def _this_turn(chat_log: ChatLog) -> str | None:
    """Return the user's words in the turn being answered."""
    for content in reversed(chat_log.content):
        if isinstance(content, UserContent):
            return content.content
    return None


def _answerable(hass: HomeAssistant, chat_log: ChatLog, words: str) -> Pending | None:
    """Return (and forget) the confirmation this turn answers: asked in the turn just before."""
    pending = hass.data[DATA_PENDING]
    asked = pending.get(chat_log.conversation_id)
    if asked is None or asked.answer is None:  # nothing asked, or asked in this very turn
        return None
    del pending[chat_log.conversation_id]
    if asked.answer != words or asked.expires <= dt_util.utcnow():
        return None
    return asked


@callback
def async_confirmed(hass: HomeAssistant, key: str, *, action: Action | None = None) -> bool | None:
    """Return whether the user has just confirmed the action ``key`` in this conversation.

    ``True``: the action was asked for in the conversation's previous turn (by a call with the
    same ``key``) and this turn is an explicit yes: carry it out now. ``False``: not confirmed;
    a confirmation is now pending for the next turn only (ask the user). ``None``: the call is
    outside any conversation (no chat log), where no one can confirm.

    ``action`` carries the action out and returns what to say; give it so that a yes heard by
    Home Assistant's built-in agent (the ``HolomatConfirm`` intent) does it too. Keys name an
    action and its target, e.g. ``stop:<config entry id>``.
    """
    chat_log = current_chat_log.get()
    words = _this_turn(chat_log) if chat_log is not None else None
    if chat_log is None or words is None:
        return None
    asked = _answerable(hass, chat_log, words)
    if asked is not None and asked.key == key and is_confirmation(words):
        return True
    hass.data[DATA_PENDING][chat_log.conversation_id] = Pending(
        key, dt_util.utcnow() + CONFIRMATION_TTL, action
    )
    return False


async def async_answer(
    hass: HomeAssistant, yes: bool, action: str | None = None
) -> tuple[Answer, str | None]:
    """Apply the user's yes (``yes``) or no to the confirmation asked in the previous turn.

    ``action`` is what the yes names, if anything ("yes, stop it": ``stop``); a yes naming
    another action than the one asked (its key's first part) cancels it. Returns what
    happened, and on ``CONFIRMED`` what the action says. A yes to a confirmation without an
    ``action`` stays pending (``LEFT_TO_AGENT``): the LLM agent that asked carries it out by
    calling its tool again. Outside a conversation nothing is pending.
    """
    chat_log = current_chat_log.get()
    words = _this_turn(chat_log) if chat_log is not None else None
    if chat_log is None or words is None:
        return Answer.NOTHING_PENDING, None
    asked = _answerable(hass, chat_log, words)
    if asked is None:
        return Answer.NOTHING_PENDING, None
    named_another = action is not None and not asked.key.startswith(f"{action}:")
    if not yes or named_another or not is_confirmation(words):
        return Answer.CANCELLED, None
    if asked.action is None:
        hass.data[DATA_PENDING][chat_log.conversation_id] = asked
        return Answer.LEFT_TO_AGENT, None
    return Answer.CONFIRMED, await asked.action()
