"""Constants of JARVIS, HoloMat's conversation agent."""

from __future__ import annotations

from typing import Final

from homeassistant.helpers import llm
from homeassistant.util.signal_type import SignalTypeFormat

CONF_BASE_URL: Final = "base_url"
CONF_TEMPERATURE: Final = "temperature"
CONF_MAX_TOKENS: Final = "max_tokens"
CONF_MAX_TOOL_ROUNDS: Final = "max_tool_rounds"
CONF_MAX_HISTORY: Final = "max_history"
CONF_PREFER_LOCAL: Final = "prefer_local_intents"
CONF_IMAGE_MODEL: Final = "image_model"

SUBENTRY_AGENT: Final = "conversation"
# As Home Assistant's openai_conversation names it: one AI Task entity per subentry.
SUBENTRY_AI_TASK: Final = "ai_task_data"

# Dispatcher signal sent when an agent (by subentry id) ends a turn.
SIGNAL_USAGE: Final = SignalTypeFormat[()]("holomat_jarvis_usage_{}")

DEFAULT_BASE_URL: Final = "https://api.openai.com/v1"
DEFAULT_MODEL: Final = "gpt-4o-mini"
DEFAULT_NAME: Final = "JARVIS"
DEFAULT_PROMPT: Final = (
    "You are JARVIS, the assistant of this home and its workshop. Be courteous and brief: "
    "answer in one or two short sentences, in the user's language, and address the user "
    "as sir or madam when it fits. Use the tools to act; never invent states or results."
)
DEFAULT_LLM_APIS: Final = [llm.LLM_API_ASSIST, "holomat"]
DEFAULT_MAX_TOOL_ROUNDS: Final = 3
DEFAULT_MAX_HISTORY: Final = 10
DEFAULT_AI_TASK_NAME: Final = "JARVIS AI Task"
# OpenAI's current image model; local servers (LocalAI, vLLM-Omni) name theirs as they like.
DEFAULT_IMAGE_MODEL: Final = "gpt-image-1"
# Drawing takes longer than talking: gpt-image-1 needs up to a minute, a CPU diffusion model more.
AI_TASK_TIMEOUT: Final = 180.0  # seconds; each AI task may set its own

# A voice turn must not hang for the SDK's default of 600 s, nor be retried behind the user's back.
REQUEST_TIMEOUT: Final = 60.0  # seconds; each agent may set its own
VALIDATION_TIMEOUT: Final = 10.0
MAX_RETRIES: Final = 0

# The key sent to servers that need none: the SDK requires one, local servers ignore it.
NO_KEY: Final = "no-key"
