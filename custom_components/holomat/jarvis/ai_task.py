"""JARVIS's AI Task entities: one per ``ai_task_data`` subentry of a JARVIS server.

Like Home Assistant's ``openai_conversation``, each AI task is a subentry with its own device:
it generates data with the subentry's chat model (``task_data``) and, when the subentry names an
image model, images through the server's ``/v1/images/generations`` (``images``).
"""

from __future__ import annotations

from homeassistant.components import ai_task, conversation
from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import CONF_API_KEY, CONF_MODEL, CONF_TIMEOUT
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..texts import async_get_text
from . import JarvisConfigEntry
from .const import AI_TASK_TIMEOUT, CONF_BASE_URL, CONF_IMAGE_MODEL, SUBENTRY_AI_TASK
from .dialect import ServerDialect
from .entity import add_subentry_entities, agent_device_info
from .images import async_draw
from .stream import Cut
from .task_data import async_generate_data


async def async_setup_entry(
    hass: HomeAssistant,
    entry: JarvisConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add an AI Task entity for each AI task of the server."""
    add_subentry_entities(
        entry,
        async_add_entities,
        SUBENTRY_AI_TASK,
        lambda subentry: JarvisTaskEntity(entry, subentry),
    )


class JarvisTaskEntity(ai_task.AITaskEntity):
    """Generate data (and images, with an image model) on a JARVIS server."""

    _attr_has_entity_name = True
    _attr_name = None

    def __init__(self, entry: JarvisConfigEntry, subentry: ConfigSubentry) -> None:
        """Create the AI task of ``subentry``."""
        self.entry = entry
        self.options = subentry.data
        self._attr_unique_id = subentry.subentry_id
        self._attr_device_info = agent_device_info(subentry)
        self._attr_supported_features = ai_task.AITaskEntityFeature.GENERATE_DATA
        if subentry.data.get(CONF_IMAGE_MODEL):
            self._attr_supported_features |= ai_task.AITaskEntityFeature.GENERATE_IMAGE

    @property
    def _timeout(self) -> float:
        """Return how long a request may take, in seconds."""
        return float(self.options.get(CONF_TIMEOUT, AI_TASK_TIMEOUT))

    async def _async_generate_data(
        self, task: ai_task.GenDataTask, chat_log: conversation.ChatLog
    ) -> ai_task.GenDataTaskResult:
        """Answer the task with the chat model (JSON of ``task.structure`` when it has one)."""
        model = str(self.options[CONF_MODEL])
        data = await async_generate_data(
            self.entry.runtime_data.client.with_options(timeout=self._timeout),
            chat_log,
            name=task.name,
            agent_id=self.entity_id,
            model=model,
            structure=task.structure,
            # What the agents learnt of the model (how it opens its reasoning), when they did.
            dialect=self.entry.runtime_data.dialects.get(model) or ServerDialect(),
            url=self.entry.data[CONF_BASE_URL],
            notes={cut: await async_get_text(self.hass, cut.note, None) for cut in Cut},
        )
        return ai_task.GenDataTaskResult(conversation_id=chat_log.conversation_id, data=data)

    async def _async_generate_image(
        self, task: ai_task.GenImageTask, chat_log: conversation.ChatLog
    ) -> ai_task.GenImageTaskResult:
        """Draw the task's instructions with the image model."""
        model = str(self.options[CONF_IMAGE_MODEL])
        picture = await async_draw(
            self.hass,
            self.entry.runtime_data.client,
            model=model,
            prompt=task.instructions,
            api_key=self.entry.data.get(CONF_API_KEY),
            within=self._timeout,
        )
        return ai_task.GenImageTaskResult(
            image_data=picture.data,
            conversation_id=chat_log.conversation_id,
            mime_type=picture.mime_type,
            width=picture.width,
            height=picture.height,
            model=model,
            revised_prompt=picture.revised_prompt,
        )
