"""Image entities of HoloMat: the preview of a model server's last model."""

from __future__ import annotations

from .const import EntryType
from .model_server import image as model_server_image
from .platform import feature_platforms

# The preview changes only when the action generates a model.
PARALLEL_UPDATES = 0

async_setup_entry = feature_platforms({EntryType.MODEL_SERVER: model_server_image})
