"""CPU method ``silhouette``: separate the subject from its background and extrude its outline."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter

from .errors import NoSubjectError
from .grid import BoolArray, columns_mesh, remove_diagonal_contacts
from .params import Params
from .printable import PrintableMesh, finalize

MAX_GRID = 320  # cells along the longest side
MIN_PITCH_MM = 0.25  # about a nozzle line: thinner features would not print
MIN_ALPHA_COVER = 0.005  # below this share of transparent pixels, alpha is not a cut-out


def subject_mask(image: Image.Image) -> Image.Image:
    """Return an ``L`` mask (255 = subject) from alpha, else from an Otsu threshold.

    Without transparency the class that covers most of the image border is taken as
    the background, so dark-on-light and light-on-dark drawings both work.
    """

    alpha = np.asarray(image.getchannel("A"))
    if (alpha < 128).mean() >= MIN_ALPHA_COVER:
        return Image.fromarray(np.where(alpha >= 128, 255, 0).astype(np.uint8))
    gray = np.asarray(image.convert("L"), dtype=np.uint8)
    threshold = _otsu(gray)
    dark = gray <= threshold
    border = np.concatenate((dark[0], dark[-1], dark[:, 0], dark[:, -1]))
    subject = ~dark if border.mean() > 0.5 else dark
    return Image.fromarray(np.where(subject, 255, 0).astype(np.uint8))


def _otsu(gray: np.ndarray) -> int:
    """Return the Otsu threshold of an 8-bit image (the last level of the dark class)."""

    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    weight = np.cumsum(hist)
    mean = np.cumsum(hist * np.arange(256))
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean[-1] * weight / total - mean) ** 2 / (weight * (total - weight))
    between = np.nan_to_num(between[:-1], nan=0.0, posinf=0.0)
    return int(np.argmax(between))


def silhouette(image: Image.Image, params: Params) -> PrintableMesh:
    """Extrude the subject's outline ``thickness_mm`` high, on a ``base_mm`` plate if > 0.

    Raises ``NoSubjectError`` when nothing, or everything, is taken for the subject.
    """

    assert params.thickness_mm is not None
    mask_image = subject_mask(image)
    width, height = image.size
    longest = max(width, height)
    cells = max(2, min(longest, MAX_GRID, int(params.size_mm / MIN_PITCH_MM)))
    scale = cells / longest
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    small = mask_image.resize(size, Image.Resampling.BOX)
    # An opening drops specks and hairlines thinner than about two cells.
    small = small.filter(ImageFilter.MinFilter(3)).filter(ImageFilter.MaxFilter(3))
    mask: BoolArray = np.asarray(small) >= 128
    share = float(mask.mean())
    if share == 0.0:
        raise NoSubjectError(
            "No subject was found: the outline vanished at this size. Use an image with a "
            "transparent background or a clear contrast, or a larger size_mm."
        )
    if share > 0.995:
        raise NoSubjectError(
            "The whole image was taken for the subject: give it a transparent or plain "
            "background, or use the relief method."
        )
    mask = _crop(mask, margin=2 if params.base_mm > 0 else 0)
    mask = remove_diagonal_contacts(mask)
    if params.base_mm > 0:
        levels = np.where(mask, 2, 1).astype(np.int64)
        z_levels = np.array([0.0, params.base_mm, params.base_mm + params.thickness_mm])
    else:
        levels = mask.astype(np.int64)
        z_levels = np.array([0.0, params.thickness_mm])
    pitch = params.size_mm / max(levels.shape)
    vertices, faces = columns_mesh(levels, z_levels, pitch)
    return finalize(vertices, faces, params.size_mm)


def _crop(mask: BoolArray, margin: int) -> BoolArray:
    """Crop ``mask`` to its subject's bounding box plus ``margin`` empty cells each side."""

    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    cropped = mask[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    return np.pad(cropped, margin) if margin else cropped
