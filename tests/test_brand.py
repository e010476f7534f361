"""HoloMat's icon and logo follow Home Assistant's brand rules, where HA and HACS look for them."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
import pytest

BRAND = Path(__file__).parents[1] / "custom_components" / "holomat" / "brand"

# The home-assistant/brands validation (.github/workflows/validate/validate.sh), which HA 2026.3+
# serves a custom integration's brand/ folder by: icons exactly, logos by their shortest side.
ICONS = {"icon.png": 256, "icon@2x.png": 512}
LOGOS = {"logo.png": (128, 256), "logo@2x.png": (256, 512)}


def _open(name: str) -> Image.Image:
    """Return brand image ``name``, loaded."""
    image = Image.open(BRAND / name)
    image.load()
    return image


def test_only_images_ha_serves_are_there() -> None:
    assert {path.name for path in BRAND.iterdir()} == set(ICONS) | set(LOGOS)


@pytest.mark.parametrize(("name", "size"), ICONS.items())
def test_icon_is_a_square_of_the_rule_size(name: str, size: int) -> None:
    image = _open(name)
    assert image.format == "PNG"
    assert image.size == (size, size)


@pytest.mark.parametrize(("name", "shortest"), LOGOS.items())
def test_logo_shortest_side_is_in_the_rule_range(name: str, shortest: tuple[int, int]) -> None:
    image = _open(name)
    assert image.format == "PNG"
    assert shortest[0] <= min(image.size) <= shortest[1]
    assert image.width > image.height  # landscape, the name beside the icon


@pytest.mark.parametrize("name", [*ICONS, *LOGOS])
def test_background_is_transparent_and_the_image_trimmed(name: str) -> None:
    image = _open(name)
    assert image.mode == "RGBA"
    alpha = image.getchannel("A")
    assert alpha.getpixel((0, 0)) == 0  # a corner shows the theme behind
    assert alpha.getbbox() == (0, 0, *image.size)  # no empty border


def test_each_image_differs_from_the_others() -> None:
    data = {name: (BRAND / name).read_bytes() for name in [*ICONS, *LOGOS]}
    assert len(set(data.values())) == len(data)
