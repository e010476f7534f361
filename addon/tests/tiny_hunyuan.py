"""Build a tiny random-weight Hunyuan3D checkpoint in the real on-disk layout (no download)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MODEL_PATH = "local/tiny-hunyuan"
SUBFOLDER = "hunyuan3d-dit-tiny"

CONFIG: dict[str, Any] = {
    "model": {
        "target": "hy3dgen.shapegen.models.Hunyuan3DDiT",
        "params": {
            "in_channels": 8,
            "context_in_dim": 32,
            "hidden_size": 32,
            "mlp_ratio": 2.0,
            "num_heads": 2,
            "depth": 1,
            "depth_single_blocks": 1,
            "axes_dim": [16],
            "theta": 10000,
            "qkv_bias": True,
            "guidance_embed": False,
        },
    },
    "vae": {
        "target": "hy3dgen.shapegen.models.ShapeVAE",
        "params": {
            "num_latents": 16,
            "embed_dim": 8,
            "width": 32,
            "heads": 2,
            "num_decoder_layers": 1,
            "num_freqs": 4,
            "include_pi": False,
            "qkv_bias": False,
            "qk_norm": True,
            "scale_factor": 1.0,
        },
    },
    "conditioner": {
        "target": "hy3dgen.shapegen.models.SingleImageEncoder",
        "params": {
            "main_image_encoder": {
                "type": "DinoImageEncoder",
                "kwargs": {
                    "image_size": 56,
                    "config": {
                        "model_type": "dinov2",
                        "hidden_size": 32,
                        "num_hidden_layers": 1,
                        "num_attention_heads": 2,
                        "intermediate_size": 64,
                        "image_size": 56,
                        "patch_size": 14,
                        "mlp_ratio": 2,
                    },
                },
            }
        },
    },
    "scheduler": {
        "target": "hy3dgen.shapegen.schedulers.FlowMatchEulerDiscreteScheduler",
        "params": {"num_train_timesteps": 1000},
    },
    "image_processor": {
        "target": "hy3dgen.shapegen.preprocessors.ImageProcessorV2",
        "params": {"size": 64, "border_ratio": 0.15},
    },
}


def build_tiny_checkpoint(models_dir: Path) -> Path:
    """Write ``config.yaml`` and ``model.fp16.safetensors`` (seeded random weights).

    Returns the subfolder. Needs hy3dgen and torch (imported here, after the add-on's
    torchvision shim).
    """

    from holomat_addon.stl.hunyuan import import_shapegen

    import_shapegen()
    import torch
    from hy3dgen.shapegen.pipelines import instantiate_from_config
    from safetensors.torch import save_file

    folder = models_dir / MODEL_PATH / SUBFOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.yaml").write_text(yaml.safe_dump(CONFIG), encoding="utf-8")
    torch.manual_seed(0)
    state: dict[str, torch.Tensor] = {}
    for block in ("model", "vae", "conditioner"):
        module = instantiate_from_config(CONFIG[block])
        for key, tensor in module.state_dict().items():
            state[f"{block}.{key}"] = tensor.to(torch.float16).contiguous()
    save_file(state, str(folder / "model.fp16.safetensors"))
    return folder
