"""Image → STL on real-world inputs: busy photos, thin lines, 16-bit PNGs, contrast, auto."""

from __future__ import annotations

import io
import threading

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from holomat_addon.server.jobs import Job
from holomat_addon.server.store import ResultStore
from holomat_addon.stl import errors
from holomat_addon.stl.engine import Engine, StlResult
from holomat_addon.stl.loader import load_image
from holomat_addon.stl.outline import printable_outline
from holomat_addon.stl.params import Params, parse_params
from holomat_addon.stl.quality import Quality
from holomat_addon.stl.relief import relief
from holomat_addon.stl.segmentation import USABLE_SCORE, subject_mask

from .conftest import FIXTURES, png_bytes
from .photos import grey16, line_art, synthetic_photo
from .test_stl_core import assert_printable

LIMIT = 4_000_000


def run(image: Image.Image, **fields: object) -> StlResult:
    """Run the engine as the server does: parse, resolve, convert."""

    engine = Engine()
    requested = parse_params(fields)
    params = requested.resolved(engine.resolve(requested.method))
    return engine.run(image, params, lambda _: None, threading.Event())


def top_heights(result: StlResult) -> np.ndarray:
    """Return the z of every vertex of the STL above the plate's floor."""

    triangles = np.frombuffer(
        result.stl[84:], dtype=np.dtype([("n", "<f4", 3), ("v", "<f4", (3, 3)), ("a", "<u2")])
    )
    z = triangles["v"][:, :, 2].ravel()
    return z[z > 1e-6]


def test_16_bit_grey_png_is_scaled_not_clipped() -> None:
    image, values = grey16()
    loaded = load_image(png_bytes(image), max_pixels=LIMIT)
    assert Image.open(io.BytesIO(png_bytes(image))).mode == "I;16"
    grey = np.asarray(loaded.convert("L"), dtype=np.int64)[0]
    np.testing.assert_allclose(grey, np.rint(values[0] / 257), atol=1)
    assert grey.min() == 0
    assert grey.max() == 255


def test_16_bit_grey_png_makes_a_relief_not_a_blank_plate() -> None:
    image, _ = grey16()
    loaded = load_image(png_bytes(image), max_pixels=LIMIT)
    result = run(loaded, method="relief", size_mm=60, base_mm=1, thickness_mm=3)
    z = top_heights(result)
    assert z.min() == pytest.approx(1.0, abs=0.05)
    assert z.max() == pytest.approx(4.0, abs=0.05)
    assert np.unique(np.round(z, 1)).size > 20  # a ramp, not two levels


def test_relief_stretches_a_dim_photo_over_the_whole_thickness() -> None:
    ramp = np.tile(np.linspace(100, 140, 120), (80, 1)).astype(np.uint8)
    image = Image.fromarray(ramp).convert("RGBA")
    mesh, quality = relief(image, Params(size_mm=50, base_mm=1, thickness_mm=2).resolved("relief"))
    loaded = assert_printable(mesh, 50)
    assert loaded.bounds[1][2] == pytest.approx(3.0, abs=0.02)
    z = np.asarray(loaded.vertices)[:, 2]
    assert z[z > 0].min() == pytest.approx(1.0, abs=0.02)
    assert quality.score < 0.5
    assert "stretched" in quality.reason


def test_relief_of_a_plain_image_is_flat_with_no_quality() -> None:
    image = Image.new("RGBA", (64, 64), (90, 90, 90, 255))
    mesh, quality = relief(image, Params(size_mm=30, base_mm=1).resolved("relief"))
    assert assert_printable(mesh, 30).bounds[1][2] == pytest.approx(1.0)
    assert quality.score == 0.0


def test_lithophane_defaults_follow_makers() -> None:
    params = parse_params({"invert": "true"})
    assert (params.size_mm, params.base_mm) == (100.0, 0.8)
    resolved = params.resolved("relief")
    assert resolved.thickness_mm == pytest.approx(2.2)
    photo = load_image((FIXTURES / "astronaut.jpg").read_bytes(), max_pixels=LIMIT)
    result = run(photo, invert=True)
    assert result.facts.method == "relief"
    assert max(result.facts.size_mm) == pytest.approx(100.0)
    z = top_heights(result)
    assert z.min() == pytest.approx(0.8, abs=0.02)
    assert z.max() == pytest.approx(3.0, abs=0.02)
    # Given sizes win over the lithophane defaults; a plain relief keeps its own.
    assert parse_params({"invert": "true", "size_mm": "60"}).size_mm == 60.0
    assert parse_params({}).size_mm == 80.0
    assert parse_params({}).resolved("relief").thickness_mm == 3.0


def test_lithophane_is_thick_where_the_photo_is_dark() -> None:
    image = Image.new("RGBA", (100, 50), (255, 255, 255, 255))
    ImageDraw.Draw(image).rectangle((0, 0, 49, 49), fill=(0, 0, 0, 255))
    result = run(image, invert=True, size_mm=50)
    mesh = np.frombuffer(
        result.stl[84:], dtype=np.dtype([("n", "<f4", 3), ("v", "<f4", (3, 3)), ("a", "<u2")])
    )
    points = mesh["v"].reshape(-1, 3)
    top = points[points[:, 2] > 0.5]
    left, right = top[top[:, 0] < -5], top[top[:, 0] > 5]
    assert left[:, 2].max() == pytest.approx(3.0, abs=0.02)
    assert right[:, 2].min() == pytest.approx(0.8, abs=0.02)


@pytest.mark.parametrize("line_mm", [0.4, 0.5, 0.6])
def test_thin_lines_survive_at_80_mm(line_mm: float) -> None:
    image, _ = line_art(line_mm)
    result = run(image.convert("RGBA"), method="silhouette", size_mm=80, base_mm=0)
    # Ink area in mm² on the source (10 px/mm), scaled to the subject's 80 mm extent.
    ink = np.asarray(image.convert("L")) < 128
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    extent_px = max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1
    area_mm2 = ink.sum() * (80 / extent_px) ** 2
    assert result.facts.volume_mm3 >= 0.9 * area_mm2 * 5.0
    assert result.facts.volume_mm3 <= 1.6 * area_mm2 * 5.0


@pytest.mark.parametrize("line_mm", [0.3, 0.4, 0.6])
def test_outline_keeps_every_line_of_a_drawing(line_mm: float) -> None:
    image, _ = line_art(line_mm)
    mask, quality = subject_mask(image.convert("RGBA"))
    assert quality.score == 1.0
    grid = printable_outline(mask, 80.0, 0.4)
    # Frame, cross, diagonals and circle cut the plane into 16 cells, plus the outside.
    count, _ = cv2.connectedComponents((~np.pad(grid, 1)).astype(np.uint8), connectivity=4)
    assert count - 1 == 17
    assert max(grid.shape) == 400  # 0.2 mm cells: half the nozzle


@pytest.mark.parametrize("seed", range(4))
def test_busy_background_photo_is_cut_out(seed: int) -> None:
    image, truth = synthetic_photo(seed)
    assert truth is not None
    mask, quality = subject_mask(image.convert("RGBA"))
    iou = (mask & truth).sum() / (mask | truth).sum()
    assert iou >= 0.85
    assert quality.score >= USABLE_SCORE
    result = run(image.convert("RGBA"), method="silhouette", size_mm=50)
    assert result.facts.method == "silhouette"
    assert result.facts.quality is not None
    assert result.facts.quality.score == pytest.approx(quality.score)
    assert "stands out" in result.facts.quality.reason


@pytest.mark.parametrize(
    "image",
    [
        *(synthetic_photo(seed, "camouflage")[0] for seed in range(3)),
        *(synthetic_photo(seed, "no_subject")[0] for seed in range(3)),
        *(Image.open(FIXTURES / name) for name in ("astronaut.jpg", "chelsea.jpg")),
    ],
    ids=[
        *(f"camouflage-{i}" for i in range(3)),
        *(f"clutter-{i}" for i in range(3)),
        "astronaut",
        "chelsea",
    ],
)
def test_unusable_photo_is_refused_with_a_way_out(image: Image.Image) -> None:
    with pytest.raises(errors.UnusablePhotoError) as caught:
        run(image.convert("RGBA"), method="silhouette")
    error = caught.value
    assert (error.status, error.code) == (422, "unusable_photo")
    assert error.quality < USABLE_SCORE
    message = str(error)
    assert "plain background" in message
    assert "crop" in message
    assert message.endswith(".")


def test_auto_picks_silhouette_for_line_art_and_logos() -> None:
    art, _ = line_art(0.5)
    assert run(art.convert("RGBA"), size_mm=80, base_mm=0).facts.method == "silhouette"
    logo = Image.new("RGB", (300, 200), (250, 250, 245))
    draw = ImageDraw.Draw(logo)
    draw.ellipse((30, 30, 170, 170), fill=(200, 20, 30))
    draw.rectangle((150, 70, 280, 130), fill=(20, 40, 160))
    draw.text((60, 90), "HOLO", fill=(255, 255, 255))
    jpeg = load_image(png_bytes(logo, "JPEG"), max_pixels=LIMIT)
    result = run(jpeg)
    assert result.facts.method == "silhouette"
    assert result.facts.quality == Quality(1.0, "A drawing: the border colour is the background.")


@pytest.mark.parametrize("source", ["astronaut.jpg", "chelsea.jpg", "synthetic"])
def test_auto_picks_relief_for_photos(source: str) -> None:
    if source == "synthetic":
        image = synthetic_photo(0)[0].convert("RGBA")
    else:
        image = load_image((FIXTURES / source).read_bytes(), max_pixels=LIMIT)
    result = run(image)
    assert result.facts.method == "relief"
    assert result.facts.quality is not None
    assert 0.0 < result.facts.quality.score <= 1.0


def test_auto_with_invert_makes_a_lithophane_even_of_a_logo() -> None:
    art, _ = line_art(0.5)
    assert run(art.convert("RGBA"), invert=True).facts.method == "relief"


def test_bad_parameters_of_auto_fail_in_the_job() -> None:
    art, _ = line_art(0.5)
    with pytest.raises(errors.BadParameterError, match=r"at least 0\.4 mm"):
        run(synthetic_photo(1)[0].convert("RGBA"), base_mm=0)
    assert run(art.convert("RGBA"), base_mm=0).facts.method == "silhouette"
    with pytest.raises(errors.BadParameterError, match="smaller than size_mm"):
        parse_params({"size_mm": "6", "thickness_mm": "5"}).resolved("auto")


def test_nozzle_is_a_parameter() -> None:
    assert parse_params({}).nozzle_mm == 0.4
    assert parse_params({"nozzle_mm": "0.6"}).nozzle_mm == 0.6
    with pytest.raises(errors.BadParameterError, match="nozzle_mm"):
        parse_params({"nozzle_mm": "3"})
    assert "nozzle=0.6" in parse_params({"nozzle_mm": "0.6"}).cache_key()


def test_job_reports_the_quality() -> None:
    image, _ = synthetic_photo(2)
    result = run(image.convert("RGBA"), method="silhouette", size_mm=40)
    store = ResultStore(cache_bytes=1 << 20)
    try:
        stored = store.write("x", result)
    finally:
        store.close()
    job = Job(job_id="x", method="silhouette", status="done", result=stored)
    reported = job.as_dict()["result"]["quality"]
    assert reported["score"] == pytest.approx(
        result.facts.quality.score if result.facts.quality else -1, abs=1e-3
    )
    assert "stands out" in reported["reason"]
