"""Separate the subject of an image from its background, and say how cleanly it came apart.

Three cases, in order: a transparent cut-out (alpha is the answer), a graphic (the colour of
the border is the background), a photograph (OpenCV's GrabCut, seeded with a border prior:
no weights, nothing downloaded). Masks are ``bool (h, w)`` at the image's size, True on the
subject.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

from .classify import is_graphic
from .quality import Quality

BoolArray = NDArray[np.bool_]

MIN_ALPHA_COVER = 0.005  # below this share of transparent pixels, alpha is not a cut-out
WORK_SIDE = 240  # px: GrabCut runs on a copy this large, its mask is scaled back
GRABCUT_ITERATIONS = 5
BORDER_SHARE = 0.04  # outer band taken as sure background (share of the shorter side)
RING_SHARE = 0.12  # band inside it taken as probable background
COVER_RANGE = (0.05, 0.9)  # a subject outside this share of the frame is not a subject
HIST_LEVELS = 8  # bins per channel for the colour-overlap measure
USABLE_SCORE = 0.8  # below this a photo is refused: see bench/photo_quality.py


def subject_mask(image: Image.Image) -> tuple[BoolArray, Quality]:
    """Return the subject's mask of ``image`` (RGBA) and the quality of the separation."""

    alpha = np.asarray(image.getchannel("A"))
    if (alpha < 128).mean() >= MIN_ALPHA_COVER:
        return alpha >= 128, Quality(1.0, "The image's transparency gives the outline.")
    rgb = np.asarray(image.convert("RGB"))
    if is_graphic(image):
        return graphic_mask(rgb), Quality(1.0, "A drawing: the border colour is the background.")
    return photo_mask(rgb)


def graphic_mask(rgb: NDArray[np.uint8]) -> BoolArray:
    """Return the pixels unlike the border's main colour (Otsu split of the colour distance)."""

    border = np.concatenate((rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1])).astype(np.int32)
    keys = ((border >> 4) * np.array([256, 16, 1])).sum(axis=1)
    main = np.bincount(keys).argmax()
    background = border[keys == main].mean(axis=0)
    distance = np.linalg.norm(rgb.astype(np.float64) - background, axis=2)
    scaled = np.clip(distance * (255.0 / 442.0), 0, 255).astype(np.uint8)
    threshold, _ = cv2.threshold(scaled, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return np.asarray(scaled > max(threshold, 8), dtype=np.bool_)


def photo_mask(rgb: NDArray[np.uint8]) -> tuple[BoolArray, Quality]:
    """Segment a photograph with GrabCut, return the mask at full size and its quality.

    The outer ``BORDER_SHARE`` of the frame is sure background, the next ``RING_SHARE``
    probable background, the centre probable subject: a subject is expected to be framed,
    not cut by the edges. OpenCV's random generator is seeded, so results repeat.
    """

    height, width = rgb.shape[:2]
    scale = min(1.0, WORK_SIDE / max(height, width))
    size = (max(8, round(width * scale)), max(8, round(height * scale)))
    small = np.asarray(cv2.resize(rgb, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)
    bgr = np.ascontiguousarray(small[..., ::-1])
    h, w = bgr.shape[:2]
    band = max(2, round(BORDER_SHARE * min(h, w)))
    ring = max(band + 1, round(RING_SHARE * min(h, w)))
    seeds = np.full((h, w), cv2.GC_PR_BGD, dtype=np.uint8)
    seeds[ring:-ring, ring:-ring] = cv2.GC_PR_FGD
    seeds[:band, :] = seeds[-band:, :] = cv2.GC_BGD
    seeds[:, :band] = seeds[:, -band:] = cv2.GC_BGD
    cv2.setRNGSeed(0)
    background_model = np.zeros((1, 65), np.float64)
    subject_model = np.zeros((1, 65), np.float64)
    cv2.grabCut(
        bgr,
        seeds,
        (0, 0, w, h),  # unused with GC_INIT_WITH_MASK
        background_model,
        subject_model,
        GRABCUT_ITERATIONS,
        cv2.GC_INIT_WITH_MASK,
    )
    mask = (seeds == cv2.GC_FGD) | (seeds == cv2.GC_PR_FGD)
    mask, largest_share = _main_bodies(mask)
    quality = _quality(small, mask, band, largest_share)
    full = cv2.resize(mask.astype(np.float32), (width, height), interpolation=cv2.INTER_LINEAR)
    return full >= 0.5, quality


def _main_bodies(mask: BoolArray) -> tuple[BoolArray, float]:
    """Drop specks: keep parts with at least 10 % of the largest part's area.

    Returns the cleaned mask and the largest part's share of the subject's area.
    """

    opened = cv2.morphologyEx(
        mask.astype(np.uint8), cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (3, 3))
    )
    count, labels, stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=8)
    if count <= 1:
        return np.zeros_like(mask), 0.0
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep = np.flatnonzero(areas >= 0.1 * areas.max()) + 1
    return np.isin(labels, keep), float(areas.max() / areas.sum())


def _quality(rgb: NDArray[np.uint8], mask: BoolArray, band: int, largest_share: float) -> Quality:
    """Score a photo's segmentation from 0 to 1 and name its weakest point.

    Two measures: colour separation, 1 minus the Bhattacharyya overlap of the subject's
    colour histogram (``HIST_LEVELS`` bins a channel) with that of the frame's outer band,
    which GrabCut was told is background and cannot choose (a subject cut from the same
    clutter as its surroundings scores near 0); and the share of the subject in its
    largest part. The score is ``separation * sqrt(share)``, and 0 when the subject
    covers less or more than ``COVER_RANGE`` of the frame.
    """

    cover = float(mask.mean())
    if cover < COVER_RANGE[0]:
        return Quality(0.0, "No subject stands out from the background.")
    if cover > COVER_RANGE[1]:
        return Quality(0.0, "The subject could not be told from the background: it fills it.")
    keys = (rgb.astype(np.int32) * HIST_LEVELS // 256) @ np.array([HIST_LEVELS**2, HIST_LEVELS, 1])
    frame = np.zeros(mask.shape, dtype=np.bool_)
    frame[:band, :] = frame[-band:, :] = frame[:, :band] = frame[:, -band:] = True
    bins = HIST_LEVELS**3
    inside = np.bincount(keys[mask], minlength=bins) / mask.sum()
    outside = np.bincount(keys[frame], minlength=bins) / frame.sum()
    separation = float(1.0 - np.sqrt(inside * outside).sum())
    score = separation * float(np.sqrt(largest_share))
    facts = f"colour separation {separation:.2f}, main part {largest_share:.2f}"
    if score >= USABLE_SCORE:
        return Quality(score, f"The subject stands out from its background ({facts}).")
    if separation < largest_share:
        return Quality(score, f"The subject has the same colours as the background ({facts}).")
    return Quality(score, f"The subject falls apart into several pieces ({facts}).")
