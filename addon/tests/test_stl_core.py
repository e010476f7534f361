"""Image → mesh core: loading errors, the CPU methods, printability, STL and preview."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
import trimesh
from PIL import Image, ImageDraw

from holomat_addon.stl import errors
from holomat_addon.stl.loader import load_image
from holomat_addon.stl.params import Params, parse_params
from holomat_addon.stl.printable import PrintableMesh, finalize, stl_bytes
from holomat_addon.stl.relief import relief
from holomat_addon.stl.render import render_png
from holomat_addon.stl.silhouette import silhouette

from .conftest import FIXTURES, drawing, png_bytes

LIMIT = 4_000_000


def assert_printable(mesh: PrintableMesh, size_mm: float) -> trimesh.Trimesh:
    """Check the mesh as trimesh reads it back from our STL bytes."""

    data = stl_bytes(mesh)
    assert len(data) == 84 + 50 * mesh.triangles
    assert not data.startswith(b"solid")
    assert struct.unpack("<I", data[80:84])[0] == mesh.triangles
    loaded = trimesh.load(io.BytesIO(data), file_type="stl")
    assert isinstance(loaded, trimesh.Trimesh)
    assert loaded.is_watertight
    assert loaded.is_winding_consistent
    assert loaded.is_volume
    assert loaded.volume > 0
    assert loaded.volume == pytest.approx(mesh.volume_mm3, rel=1e-3)
    low, high = loaded.bounds
    assert low[2] == pytest.approx(0.0, abs=1e-4)
    assert max(high - low) == pytest.approx(size_mm, rel=1e-4)
    assert low[0] == pytest.approx(-high[0], abs=1e-3)
    return loaded


@pytest.mark.parametrize("name", ["astronaut.jpg", "chelsea.jpg", "horse.png"])
@pytest.mark.parametrize("invert", [False, True])
def test_relief_of_real_images_is_printable(name: str, invert: bool) -> None:
    image = load_image((FIXTURES / name).read_bytes(), max_pixels=LIMIT)
    params = Params(size_mm=60, base_mm=0.8, thickness_mm=2.4, invert=invert).resolved("relief")
    mesh, _ = relief(image, params)
    loaded = assert_printable(mesh, 60)
    assert loaded.bounds[1][2] <= 0.8 + 2.4 + 1e-6
    assert loaded.bounds[1][2] >= 0.8


@pytest.mark.parametrize("base", [0.0, 1.5])
def test_silhouette_of_a_real_drawing_is_printable(base: float) -> None:
    # Photos with busy backgrounds (chelsea.jpg) are refused: see test_stl_photo.py.
    image = load_image((FIXTURES / "horse.png").read_bytes(), max_pixels=LIMIT)
    mesh, _ = silhouette(image, Params(size_mm=50, base_mm=base).resolved("silhouette"))
    loaded = assert_printable(mesh, 50)
    assert loaded.bounds[1][2] == pytest.approx(base + 5.0)


def test_silhouette_follows_the_alpha_outline() -> None:
    mesh, _ = silhouette(drawing(), Params(size_mm=40, base_mm=0).resolved("silhouette"))
    loaded = assert_printable(mesh, 40)
    # Disc (r=32 px) + bar, scaled to 40 mm over the 105 px wide subject, 5 mm high.
    px = 40 / 105
    expected = (np.pi * 32**2 + 40 * 20) * px**2 * 5
    assert loaded.volume == pytest.approx(expected, rel=0.1)


def test_silhouette_of_a_checkerboard_stays_manifold() -> None:
    board = np.indices((40, 40)).sum(axis=0) % 2 == 0
    pixels = np.where(board, 0, 255).astype(np.uint8)
    image = Image.fromarray(np.kron(pixels, np.ones((1, 1), dtype=np.uint8))).convert("RGBA")
    image.putalpha(Image.fromarray(np.where(board, 255, 0).astype(np.uint8)))
    # 0.5 mm squares are wider than a 0.4 mm nozzle line: kept, joined at their corners.
    mesh, _ = silhouette(image, Params(size_mm=20, base_mm=0).resolved("silhouette"))
    assert_printable(mesh, 20)


def test_silhouette_drops_specks_smaller_than_the_nozzle() -> None:
    board = np.indices((40, 40)).sum(axis=0) % 2 == 0
    image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    alpha = np.zeros((400, 400), dtype=np.uint8)
    alpha[::10, ::10] = np.where(board, 255, 0)  # isolated 1 px dots, 0.05 mm at 20 mm
    image.putalpha(Image.fromarray(alpha))
    with pytest.raises(errors.NoSubjectError):
        silhouette(image, Params(size_mm=20, base_mm=0).resolved("silhouette"))


def test_silhouette_of_diagonal_contacts_is_printable() -> None:
    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 31, 31), fill=(0, 0, 0, 255))
    draw.rectangle((32, 32, 63, 63), fill=(0, 0, 0, 255))
    mesh, _ = silhouette(image, Params(size_mm=30, base_mm=0).resolved("silhouette"))
    assert_printable(mesh, 30)


def test_silhouette_of_a_plain_image_has_no_subject() -> None:
    with pytest.raises(errors.NoSubjectError):
        silhouette(Image.new("RGBA", (64, 64), (90, 90, 90, 255)), Params().resolved("silhouette"))


def test_finalize_refuses_an_open_mesh() -> None:
    box = trimesh.creation.box()
    with pytest.raises(errors.UnprintableMeshError, match="not closed"):
        finalize(np.asarray(box.vertices), np.asarray(box.faces)[:-1], 20)
    with pytest.raises(errors.UnprintableMeshError, match="not closed"):
        finalize(np.asarray(box.vertices), np.asarray(box.faces)[:, ::-1], 20)
    with pytest.raises(errors.UnprintableMeshError, match="no surface"):
        finalize(np.zeros((0, 3)), np.zeros((0, 3), dtype=np.int64), 20)


def test_finalize_repairs_a_mesh_with_a_missing_triangle() -> None:
    sphere = trimesh.creation.icosphere(subdivisions=2)
    faces = np.asarray(sphere.faces)
    mesh = finalize(np.asarray(sphere.vertices), faces[1:], 30, repair=True)
    assert_printable(mesh, 30)


def png_with(mode: str, size: tuple[int, int], colour: int | tuple[int, ...]) -> bytes:
    """Return PNG bytes of a plain image."""

    return png_bytes(Image.new(mode, size, colour))  # type: ignore[arg-type]


NOISE = Image.fromarray(np.random.default_rng(1).integers(0, 255, (64, 64, 3), dtype=np.uint8))
NOISE_PNG = png_bytes(NOISE)
NOISE_JPEG = png_bytes(NOISE, "JPEG")


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"definitely not an image", errors.NotAnImageError),
        (b"", errors.NotAnImageError),
        (NOISE_PNG[: len(NOISE_PNG) // 2], errors.TruncatedImageError),
        (NOISE_JPEG[: len(NOISE_JPEG) // 2], errors.TruncatedImageError),
        (png_with("RGBA", (64, 64), (9, 9, 9, 0)), errors.TransparentImageError),
        (png_with("RGB", (8, 64), (9, 9, 9)), errors.ImageTooSmallError),
        (png_with("RGB", (2100, 2000), (9, 9, 9)), errors.TooManyPixelsError),
        (png_bytes(Image.new("RGB", (64, 64)), "PPM"), errors.UnsupportedFormatError),
    ],
    ids=["text", "empty", "png-cut", "jpeg-cut", "transparent", "small", "pixels", "ppm"],
)
def test_load_image_errors(data: bytes, error: type[errors.ImageToStlError]) -> None:
    with pytest.raises(error) as caught:
        load_image(data, max_pixels=LIMIT)
    assert caught.value.status in (415, 422)
    assert str(caught.value).endswith(".")


def test_decompression_bomb_is_refused_before_decoding() -> None:
    # A tiny PNG claiming 100 000 x 100 000 pixels.
    header = png_with("L", (16, 16), 0)
    bomb = bytearray(header)
    bomb[16:24] = struct.pack(">II", 100_000, 100_000)
    bomb[29:33] = struct.pack(">I", zlib.crc32(bytes(bomb[12:29])))
    with pytest.raises(errors.TooManyPixelsError):
        load_image(bytes(bomb), max_pixels=LIMIT)


def test_load_image_applies_exif_orientation() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    out = io.BytesIO()
    Image.new("RGB", (64, 32), (200, 0, 0)).save(out, format="JPEG", exif=exif)
    assert load_image(out.getvalue(), max_pixels=LIMIT).size == (32, 64)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"method": "magic"}, "Unknown method"),
        ({"colour": "red"}, "Unknown parameter"),
        ({"size_mm": "big"}, "size_mm must be a number"),
        ({"size_mm": 1}, "between 5 and 500"),
        ({"size_mm": 501}, "between 5 and 500"),
        ({"size_mm": "nan"}, "between 5 and 500"),
        ({"base_mm": -1}, "base_mm"),
        ({"thickness_mm": 0.01}, "thickness_mm"),
        ({"thickness_mm": True}, "thickness_mm"),
        ({"invert": "maybe"}, "invert must be true or false"),
    ],
)
def test_parse_params_errors(raw: dict[str, object], message: str) -> None:
    with pytest.raises(errors.BadParameterError, match=message):
        parse_params(raw)


def test_parse_params_from_a_form() -> None:
    params = parse_params({"method": "relief", "size_mm": "40", "base_mm": "1", "invert": "on"})
    assert params == Params("relief", 40.0, 1.0, None, True)
    assert params.resolved("relief").thickness_mm == 2.2  # inverted: a lithophane
    assert params.resolved("silhouette").thickness_mm == 5.0


def test_resolved_checks_sizes_against_each_other() -> None:
    with pytest.raises(errors.BadParameterError, match=r"at least 0\.4 mm"):
        Params(base_mm=0.1).resolved("relief")
    with pytest.raises(errors.BadParameterError, match="smaller than size_mm"):
        Params(size_mm=10, base_mm=5, thickness_mm=6).resolved("silhouette")


def test_preview_is_a_shaded_png() -> None:
    mesh, _ = silhouette(drawing(), Params(size_mm=40, base_mm=1).resolved("silhouette"))
    png = render_png(mesh.vertices, mesh.faces, size=256)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (256, 256)
    pixels = np.asarray(image.convert("RGB")).reshape(-1, 3)
    background = np.all(pixels == (243, 244, 246), axis=1)
    assert 0.1 < (~background).mean() < 0.9
    # Shading: walls and tops get different tones.
    assert len(np.unique(pixels[~background], axis=0)) >= 3
