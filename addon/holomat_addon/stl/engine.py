"""Run one image → STL conversion: pick the method, build, check, encode. No HTTP here."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PIL import Image

from .errors import JobCancelledError, MethodUnavailableError
from .params import Params
from .printable import PrintableMesh, stl_bytes
from .relief import relief
from .silhouette import silhouette

CPU_METHODS = ("relief", "silhouette")
Progress = Callable[[float], None]


class ShapeModel(Protocol):
    """A loaded image → 3D model (Hunyuan3D): runs on the GPU, one job at a time."""

    name: str
    device: str

    def generate(
        self, image: Image.Image, params: Params, progress: Progress, cancel: threading.Event
    ) -> PrintableMesh:
        """Return a printable mesh of ``image``; check ``cancel`` often."""


@dataclass(frozen=True, slots=True)
class StlResult:
    """A finished model: binary STL bytes and the facts the API reports."""

    stl: bytes
    method: str
    triangles: int
    size_mm: tuple[float, float, float]
    volume_mm3: float
    watertight: bool


class Engine:
    """The methods this server offers: always the CPU ones, Hunyuan3D when it is loaded."""

    def __init__(self, model: ShapeModel | None = None) -> None:
        """Offer the CPU methods, and ``model`` as ``hunyuan3d`` when given."""

        self.model = model

    @property
    def methods(self) -> list[str]:
        """Return the method names a request may use now."""

        extra = ["hunyuan3d"] if self.model is not None else []
        return ["auto", *CPU_METHODS, *extra]

    def resolve(self, method: str) -> str:
        """Return the concrete method for ``method``: ``auto`` is Hunyuan3D if loaded, else relief.

        Raises ``MethodUnavailableError`` for ``hunyuan3d`` while no model is loaded.
        """

        if method == "auto":
            return "hunyuan3d" if self.model is not None else "relief"
        if method == "hunyuan3d" and self.model is None:
            raise MethodUnavailableError(
                "The hunyuan3d method is not available on this server (not enabled, or no "
                "weights found): use relief or silhouette, or see GET /info for the reason."
            )
        return method

    def uses_gpu(self, method: str) -> bool:
        """Return whether ``method`` runs on the model's single GPU slot."""

        return method == "hunyuan3d"

    def run(
        self, image: Image.Image, params: Params, progress: Progress, cancel: threading.Event
    ) -> StlResult:
        """Make the printable STL for ``image`` with the resolved ``params`` (blocking)."""

        progress(0.05)
        if params.method == "relief":
            mesh = relief(image, params)
        elif params.method == "silhouette":
            mesh = silhouette(image, params)
        else:
            if self.model is None:
                raise MethodUnavailableError("The hunyuan3d method is not loaded.")
            mesh = self.model.generate(image, params, progress, cancel)
        if cancel.is_set():
            raise JobCancelledError("The job ran past its time limit and was stopped.")
        progress(0.9)
        data = stl_bytes(mesh)
        return StlResult(
            stl=data,
            method=params.method,
            triangles=mesh.triangles,
            size_mm=mesh.size_mm,
            volume_mm3=mesh.volume_mm3,
            watertight=mesh.watertight,
        )
