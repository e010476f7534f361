"""Runtime data of a model server entry and the models it generates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.util.signal_type import SignalType

from ..const import DOMAIN
from .client import ModelServerClient, ServerInfo

type ModelServerConfigEntry = ConfigEntry[ModelServerData]


def model_signal(entry_id: str) -> SignalType[GeneratedModel, bytes, bytes]:
    """Return the signal entry ``entry_id`` sends with each new model, its preview and picture."""
    return SignalType(f"{DOMAIN}_model_server_{entry_id}_model")


def device_id(entry: ModelServerConfigEntry) -> str:
    """Return the device identifier of a model server (from its entry's unique id)."""
    return f"model_server_{entry.unique_id or entry.entry_id}"


@dataclass(frozen=True, slots=True)
class ImageInput:
    """An image to turn into a model; ``source`` says where it came from (for events).

    ``prompt``: the user's words when an AI Task entity drew the image from them.
    """

    data: bytes
    content_type: str
    filename: str
    source: str
    prompt: str | None = None


@dataclass(frozen=True, slots=True)
class GeneratedModel:
    """A model written under the media folder; sizes in mm, volume in mm³.

    Beside the STL (``path``) lie its rendered preview (``preview_path``) and the picture it
    was made from (``picture_path``, ``<name>.picture.<ext>``), each with its media-source id and
    URL when the folder is a media directory; ``prompt`` is the user's words for a drawn picture.
    """

    path: str
    preview_path: str
    picture_path: str
    media_content_id: str | None
    url: str | None
    picture_media_content_id: str | None
    picture_url: str | None
    triangles: int
    size_mm: tuple[float, float, float]
    volume_mm3: float
    watertight: bool
    method: str
    cached: bool
    job_id: str
    source: str
    created: datetime
    quality: float | None = None
    quality_reason: str | None = None
    prompt: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the model as action response / event data."""
        return {
            "path": self.path,
            "preview_path": self.preview_path,
            "picture_path": self.picture_path,
            "media_content_id": self.media_content_id,
            "url": self.url,
            "picture_media_content_id": self.picture_media_content_id,
            "picture_url": self.picture_url,
            "triangles": self.triangles,
            "size_mm": list(self.size_mm),
            "volume_mm3": self.volume_mm3,
            "watertight": self.watertight,
            "method": self.method,
            "cached": self.cached,
            "job_id": self.job_id,
            "source": self.source,
            "quality": self.quality,
            "quality_reason": self.quality_reason,
            "prompt": self.prompt,
        }


@dataclass
class ModelServerData:
    """A loaded model server: its client, what it said at setup, and its last model."""

    client: ModelServerClient
    info: ServerInfo
    last_model: GeneratedModel | None = None
