"""Method ``hunyuan3d``: Tencent's Hunyuan3D-2 shape pipeline (``hy3dgen``), loaded once.

Licence: the Tencent Hunyuan 3D 2.0 Community License does not apply in the European
Union, the United Kingdom and South Korea, outputs included, so the server loads this
model only when the user opts in. Weights come from ``$HY3DGEN_MODELS/<model>/<subfolder>``
(``model.fp16.safetensors`` + ``config.yaml``), never from the network.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image

from .errors import JobCancelledError, UnprintableMeshError
from .params import Params
from .printable import PrintableMesh, finalize
from .segmentation import subject_mask

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..options import Options

MAX_VOXEL_CELLS = 256  # fallback remesh resolution across the largest dimension
SEED = 1234


class HunyuanShapeModel:
    """A loaded ``Hunyuan3DDiTFlowMatchingPipeline`` and the settings to run it."""

    def __init__(
        self, pipeline: Any, name: str, device: str, steps: int, octree_resolution: int
    ) -> None:
        """Wrap a pipeline made by ``from_pretrained``."""

        self.pipeline = pipeline
        self.name = name
        self.device = device
        self.steps = steps
        self.octree_resolution = octree_resolution

    @classmethod
    def load(cls, options: Options) -> HunyuanShapeModel:
        """Load the pipeline from the local model folder; raise ``FileNotFoundError`` if absent."""

        models = Path(os.environ.setdefault("HY3DGEN_MODELS", f"{options.data_dir}/models"))
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        folder = models / options.hunyuan3d_model_path / options.hunyuan3d_subfolder
        if not (folder / "config.yaml").is_file():
            raise FileNotFoundError(
                f"no Hunyuan3D weights in {folder} (config.yaml and model.fp16.safetensors)"
            )
        import torch  # noqa: PLC0415 -- only with the model

        pipeline_class = import_shapegen().Hunyuan3DDiTFlowMatchingPipeline
        device = options.hunyuan3d_device
        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        dtype = torch.float16 if device == "cuda" else torch.float32
        pipeline = pipeline_class.from_pretrained(
            options.hunyuan3d_model_path,
            subfolder=options.hunyuan3d_subfolder,
            device=device,
            dtype=dtype,
        )
        if device == "cuda":
            # Fully offline variant of FlashVDM: no turbo VAE swap, plain marching cubes.
            pipeline.enable_flashvdm(replace_vae=False, mc_algo="mc")
        name = f"{options.hunyuan3d_model_path}/{options.hunyuan3d_subfolder}"
        return cls(
            pipeline, name, device, options.hunyuan3d_steps, options.hunyuan3d_octree_resolution
        )

    def generate(
        self,
        image: Image.Image,
        params: Params,
        progress: Callable[[float], None],
        cancel: threading.Event,
    ) -> PrintableMesh:
        """Return a printable mesh of the subject of ``image``, ``size_mm`` at its largest."""

        import torch  # noqa: PLC0415 -- only with the model

        subject = cut_out(image)

        def on_step(step: int, _timestep: Any, _outputs: Any) -> None:
            """Report sampling progress; stop between steps once the job timed out."""

            progress(0.1 + 0.6 * (step + 1) / self.steps)
            if cancel.is_set():
                raise JobCancelledError("The job ran past its time limit and was stopped.")

        def sample(octree_resolution: int) -> Any:
            """Run the pipeline once, seeded, at ``octree_resolution``."""

            return self.pipeline(
                image=subject,
                num_inference_steps=self.steps,
                octree_resolution=octree_resolution,
                generator=torch.Generator(device=self.device).manual_seed(SEED),
                callback=on_step,
                callback_steps=1,
                output_type="trimesh",
                enable_pbar=False,
            )

        try:
            meshes = sample(self.octree_resolution)
        except torch.cuda.OutOfMemoryError:
            # Decoding memory grows with the cube of the resolution: retry once, coarser.
            torch.cuda.empty_cache()
            meshes = sample(max(64, self.octree_resolution // 2))
        mesh = meshes[0] if meshes else None
        if mesh is None or len(mesh.faces) == 0:
            raise UnprintableMeshError("Hunyuan3D found no surface in this image.")
        progress(0.75)
        vertices = y_up_to_z_up(np.asarray(mesh.vertices, dtype=np.float64))
        faces = np.asarray(mesh.faces, dtype=np.int64)
        try:
            return finalize(vertices, faces, params.size_mm, repair=True)
        except UnprintableMeshError:
            cells = min(max(self.octree_resolution, 32), MAX_VOXEL_CELLS)
            return finalize(*voxel_remesh(vertices, faces, cells), params.size_mm, repair=True)


def import_shapegen() -> Any:
    """Import ``hy3dgen.shapegen``, first making torchvision importable on CPU-only torch.

    torchvision's wheels on PyPI carry operators built against CUDA torch; beside torch's
    CPU build their library fails to load, and torchvision's import then stops at
    registering fake kernels for ``torchvision::nms`` and ``qnms``, which no longer exist.
    Declaring those two schemas lets the pure-Python part (``transforms``, all that
    hy3dgen uses) import. A working CUDA install never takes this path.
    """

    import torch  # noqa: PLC0415 -- only with the model

    try:
        import torchvision  # noqa: PLC0415
    except RuntimeError as err:
        if "torchvision::nms" not in str(err):
            raise
        for name in [m for m in sys.modules if m.split(".")[0] == "torchvision"]:
            del sys.modules[name]
        for op in ("nms", "qnms"):
            torch.library.define(
                f"torchvision::{op}", "(Tensor dets, Tensor scores, float iou_threshold) -> Tensor"
            )
        import torchvision  # noqa: F401, PLC0415
    import hy3dgen.shapegen  # noqa: PLC0415

    return hy3dgen.shapegen


def cut_out(image: Image.Image) -> Image.Image:
    """Return ``image`` with the background transparent: its alpha, else the subject's mask."""

    alpha = np.asarray(image.getchannel("A"))
    if (alpha < 128).mean() >= 0.005:
        return image
    out = image.copy()
    mask, _ = subject_mask(image)
    out.putalpha(Image.fromarray(np.where(mask, 255, 0).astype(np.uint8)))
    return out


def y_up_to_z_up(vertices: np.ndarray) -> np.ndarray:
    """Rotate +90° about X: the model's +Y (glTF up) becomes +Z, its front faces -Y."""

    return np.column_stack((vertices[:, 0], -vertices[:, 2], vertices[:, 1]))


def voxel_remesh(
    vertices: np.ndarray, faces: np.ndarray, cells: int
) -> tuple[np.ndarray, np.ndarray]:
    """Close any mesh by voxelising, filling and re-meshing it (loses detail below a cell)."""

    import trimesh  # noqa: PLC0415 -- the repair path only

    mesh = trimesh.Trimesh(vertices=vertices, faces=faces, process=True)
    pitch = float(np.max(mesh.extents)) / cells
    closed = mesh.voxelized(pitch).fill().marching_cubes
    closed.apply_scale(pitch)
    return np.asarray(closed.vertices, dtype=np.float64), np.asarray(closed.faces, dtype=np.int64)
