"""Run one image → STL conversion: pick the method, build, check, encode. No HTTP here."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PIL import Image

from .classify import is_graphic
from .errors import JobCancelledError, MethodUnavailableError
from .params import Params
from .printable import PrintableMesh, stl_bytes
from .quality import Quality
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
class StlFacts:
    """What the API reports of a finished model (``GET /jobs/{id}``'s ``result``).

    ``method`` is the concrete method that ran (never ``auto``); ``size_mm`` the bounding box
    (x, y, z) in millimetres; ``volume_mm3`` in cubic millimetres; ``stl_bytes`` the binary STL's
    length; ``quality`` how usable the image was for the method (``None`` for hunyuan3d, which
    reports none).
    """

    method: str
    triangles: int
    size_mm: tuple[float, float, float]
    volume_mm3: float
    watertight: bool
    stl_bytes: int
    quality: Quality | None = None

    @property
    def stored_bytes(self) -> int:
        """Return the size of the STL file the server keeps."""

        return self.stl_bytes

    def as_dict(self, *, cached: bool) -> dict[str, Any]:
        """Return the API's ``result`` object; ``cached`` says whether a job reused it."""

        return {
            "triangles": self.triangles,
            "size_mm": list(self.size_mm),
            "volume_mm3": self.volume_mm3,
            "watertight": self.watertight,
            "method": self.method,
            "cached": cached,
            "stl_bytes": self.stl_bytes,
            "quality": self.quality.as_dict() if self.quality else None,
        }


@dataclass(frozen=True, slots=True)
class StlResult:
    """A finished model as the engine makes it: the binary STL bytes and their facts."""

    stl: bytes
    facts: StlFacts


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
        """Return the method a job runs: ``auto`` is Hunyuan3D if loaded, else stays ``auto``.

        A CPU ``auto`` is settled by ``run`` once the image is at hand (``pick_cpu_method``).
        Raises ``MethodUnavailableError`` for ``hunyuan3d`` while no model is loaded.
        """

        if method == "auto":
            return "hunyuan3d" if self.model is not None else "auto"
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
        if params.method == "auto":
            params = params.resolved(pick_cpu_method(image, params))
        quality: Quality | None = None
        if params.method == "relief":
            mesh, quality = relief(image, params)
        elif params.method == "silhouette":
            mesh, quality = silhouette(image, params)
        else:
            if self.model is None:
                raise MethodUnavailableError("The hunyuan3d method is not loaded.")
            mesh = self.model.generate(image, params, progress, cancel)
        if cancel.is_set():
            raise JobCancelledError("The job ran past its time limit and was stopped.")
        progress(0.9)
        data = stl_bytes(mesh)
        facts = StlFacts(
            method=params.method,
            triangles=mesh.triangles,
            size_mm=mesh.size_mm,
            volume_mm3=mesh.volume_mm3,
            watertight=mesh.watertight,
            stl_bytes=len(data),
            quality=quality,
        )
        return StlResult(stl=data, facts=facts)


def pick_cpu_method(image: Image.Image, params: Params) -> str:
    """Return ``silhouette`` for logos and line art, ``relief`` for photos and lithophanes.

    ``invert`` asks for a lithophane, which only a relief makes; otherwise ``is_graphic``
    decides (few colours, large uniform areas, sharp edges).
    """

    if params.invert:
        return "relief"
    return "silhouette" if is_graphic(image) else "relief"
