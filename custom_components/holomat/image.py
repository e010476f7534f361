"""Image entities of HoloMat: a model server's last model, a printer job's cover image."""

from __future__ import annotations

from .const import EntryType
from .model_server import image as model_server_image
from .platform import feature_platforms
from .printer import image as printer_image

# The preview changes only when the action generates a model, the cover when the job changes.
PARALLEL_UPDATES = 0

async_setup_entry = feature_platforms(
    {EntryType.MODEL_SERVER: model_server_image, EntryType.PRINTER: printer_image}
)
