"""Constants of HoloMat's 3D model server feature."""

from __future__ import annotations

from typing import Final

DEFAULT_PORT: Final = 8099
DEFAULT_TIMEOUT: Final = 600  # s a generation may take before the action gives up
MANUFACTURER: Final = "HoloMat"
MEDIA_FOLDER: Final = "holomat"  # models are written to <media dir>/holomat/

EVENT_MODEL_GENERATED: Final = "holomat_model_generated"
EVENT_MODEL_FAILED: Final = "holomat_model_failed"
SERVICE_GENERATE_3D_MODEL: Final = "generate_3d_model"
