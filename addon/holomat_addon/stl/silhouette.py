"""CPU method ``silhouette``: separate the subject from its background and extrude its outline."""

from __future__ import annotations

import numpy as np
from PIL import Image

from .errors import NoSubjectError, UnusablePhotoError
from .grid import BoolArray, columns_mesh, remove_diagonal_contacts
from .outline import printable_outline
from .params import Params
from .printable import PrintableMesh, finalize
from .quality import Quality
from .segmentation import USABLE_SCORE, subject_mask


def silhouette(image: Image.Image, params: Params) -> tuple[PrintableMesh, Quality]:
    """Extrude the subject's outline ``thickness_mm`` high, on a ``base_mm`` plate if > 0.

    Returns the mesh and the quality of the subject's separation. Raises
    ``UnusablePhotoError`` when a photograph's subject cannot be told from its background
    (quality below ``USABLE_SCORE``) and ``NoSubjectError`` when nothing, or everything,
    is taken for the subject.
    """

    assert params.thickness_mm is not None
    full, quality = subject_mask(image)
    if quality.score < USABLE_SCORE:
        raise UnusablePhotoError(
            f"This photo cannot be cut out reliably (quality {quality.score:.2f} of 1): "
            f"{quality.reason} Photograph the subject against a plain background, crop the "
            "photo tightly around it, or upload a PNG with a transparent background; or use "
            "the relief method.",
            quality.score,
        )
    share = float(full.mean())
    if share > 0.995:
        raise NoSubjectError(
            "The whole image was taken for the subject: give it a transparent or plain "
            "background, or use the relief method."
        )
    mask = printable_outline(full, params.size_mm, params.nozzle_mm)
    if not mask.any():
        raise NoSubjectError(
            "No subject was found: the outline vanished at this size. Use an image with a "
            "transparent background or a clear contrast, or a larger size_mm."
        )
    if params.base_mm > 0:
        mask = np.pad(mask, 2)
    mask = remove_diagonal_contacts(mask)
    return _extrude(mask, params), quality


def _extrude(mask: BoolArray, params: Params) -> PrintableMesh:
    """Build the stepped solid: the outline on its optional base plate."""

    assert params.thickness_mm is not None
    if params.base_mm > 0:
        levels = np.where(mask, 2, 1).astype(np.int64)
        z_levels = np.array([0.0, params.base_mm, params.base_mm + params.thickness_mm])
    else:
        levels = mask.astype(np.int64)
        z_levels = np.array([0.0, params.thickness_mm])
    pitch = params.size_mm / max(levels.shape)
    vertices, faces = columns_mesh(levels, z_levels, pitch)
    return finalize(vertices, faces, params.size_mm)
