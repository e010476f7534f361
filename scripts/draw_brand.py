"""Draw HoloMat's brand images: custom_components/holomat/brand/{icon,logo}[@2x].png.

Run: ``.venv/bin/python scripts/draw_brand.py``. Everything is drawn from shapes in this file (no
font, no source image), four times larger, then scaled down for smooth edges, so the images come
out the same on every machine with the same Pillow.

The sizes are those of Home Assistant's brand rules (the home-assistant/brands validation, which
HA 2026.3+ applies to a custom integration's ``brand/`` folder): icons 256x256 and 512x512,
logos with their shortest side 128-256 px and 256-512 px; PNG, transparent, trimmed. The icon
is a cube (a printed part) floating in the light of a round mat; the logo adds the name
"HoloMat", in colours that read on light and dark themes alike.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

BRAND = Path(__file__).parents[1] / "custom_components" / "holomat" / "brand"
SUPERSAMPLE = 4

MAT = (21, 101, 192, 255)  # blue
MAT_RING = (66, 165, 245, 255)  # light blue
BEAM = (34, 211, 238, 90)  # translucent cyan
CUBE_TOP = (207, 250, 254, 255)
CUBE_LEFT = (34, 211, 238, 255)
CUBE_RIGHT = (8, 145, 178, 255)
HOLO = (8, 145, 178, 255)  # cyan, "Holo"
MAT_WORD = (21, 101, 192, 255)  # blue, "Mat"

type Point = tuple[float, float]
type Colour = tuple[int, int, int, int]


def icon(size: int) -> Image.Image:
    """Return the icon, ``size`` x ``size`` pixels; the mat touches the left, right and bottom."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    s = float(big)
    # The mat: a flat disc seen from above at an angle, with a ring of light.
    draw.ellipse((0, 0.72 * s, s, s - 1), fill=MAT)
    draw.ellipse((0.16 * s, 0.775 * s, 0.84 * s, 0.945 * s), outline=MAT_RING, width=round(s / 40))
    # The light rising from the ring to the cube.
    beam = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    ImageDraw.Draw(beam).polygon(
        [(0.16 * s, 0.86 * s), (0.84 * s, 0.86 * s), (0.76 * s, 0.42 * s), (0.24 * s, 0.42 * s)],
        fill=BEAM,
    )
    image.alpha_composite(beam)
    # The cube, isometric: a top and two sides.
    cx, top, half, side = 0.5 * s, 0.0, 0.27 * s, 0.32 * s
    upper = half * 0.577  # tan 30°: the slope of an isometric edge
    a, b, c, d = (
        (cx, top),
        (cx + half, top + upper),
        (cx, top + 2 * upper),
        (cx - half, top + upper),
    )
    draw.polygon([a, b, c, d], fill=CUBE_TOP)
    draw.polygon([d, c, (c[0], c[1] + side), (d[0], d[1] + side)], fill=CUBE_LEFT)
    draw.polygon([c, b, (b[0], b[1] + side), (c[0], c[1] + side)], fill=CUBE_RIGHT)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def _stroke(draw: ImageDraw.ImageDraw, points: list[Point], width: float, fill: Colour) -> None:
    """Draw a polyline with round joins and caps."""
    draw.line(points, fill=fill, width=round(width), joint="curve")
    radius = width / 2
    for x, y in (points[0], points[-1]):
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=fill)


def _ring(
    draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float], width: float, fill: Colour
) -> None:
    """Draw an ellipse's outline in ``box`` (outer edges) with a stroke of ``width``."""
    draw.ellipse(box, outline=fill, width=round(width))


def wordmark(height: int) -> Image.Image:
    """Return "HoloMat" in a geometric, rounded hand, ``height`` px high (capitals, baseline)."""
    u = height * SUPERSAMPLE / 1.0  # one unit: the capital height
    stroke, xh, gap = 0.15 * u, 0.72 * u, 0.3 * u
    pad = stroke / 2  # round caps reach half a stroke past the letters' lines
    base = u - pad  # the baseline's y; capitals reach y = pad
    letters: list[tuple[float, Colour, str]] = [
        (0.72 * u, HOLO, "H"),
        (xh, HOLO, "o"),
        (0.0, HOLO, "l"),
        (xh, HOLO, "o"),
        (0.92 * u, MAT_WORD, "M"),
        (xh, MAT_WORD, "a"),
        (0.34 * u, MAT_WORD, "t"),
    ]
    width = sum(w for w, _, _ in letters) + gap * (len(letters) - 1) + 2 * pad
    image = Image.new("RGBA", (round(width), round(u)), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    x = pad
    for w, colour, letter in letters:
        cap, xline = pad, base - xh  # the centre lines of capitals' and small letters' tops
        match letter:
            case "H":
                _stroke(draw, [(x, cap), (x, base)], stroke, colour)
                _stroke(draw, [(x + w, cap), (x + w, base)], stroke, colour)
                _stroke(draw, [(x, (cap + base) / 2), (x + w, (cap + base) / 2)], stroke, colour)
            case "o":
                _ring(draw, (x - pad, xline - pad, x + w + pad, base + pad), stroke, colour)
            case "l":
                _stroke(draw, [(x, cap), (x, base)], stroke, colour)
            case "M":
                middle = (x + w / 2, base - 0.3 * u)
                _stroke(
                    draw, [(x, base), (x, cap), middle, (x + w, cap), (x + w, base)], stroke, colour
                )
            case "a":
                _ring(draw, (x - pad, xline - pad, x + w + pad, base + pad), stroke, colour)
                _stroke(draw, [(x + w, xline), (x + w, base)], stroke, colour)
            case "t":
                _stroke(draw, [(x + w / 2, cap + 0.1 * u), (x + w / 2, base)], stroke, colour)
                _stroke(draw, [(x, xline), (x + w, xline)], stroke, colour)
        x += w + gap
    return image


def logo(height: int) -> Image.Image:
    """Return the logo, ``height`` px high: the icon, then the name, trimmed on every side."""
    mark = icon(height)
    name = wordmark(round(height * 0.46))
    name = name.resize(
        (name.width // SUPERSAMPLE, name.height // SUPERSAMPLE), Image.Resampling.LANCZOS
    )
    gap = round(height * 0.16)
    image = Image.new("RGBA", (mark.width + gap + name.width, height), (0, 0, 0, 0))
    image.alpha_composite(mark, (0, 0))
    image.alpha_composite(name, (mark.width + gap, (height - name.height) // 2))
    bbox = image.getbbox()
    return image.crop(bbox) if bbox else image


def main() -> None:
    """Write the four images."""
    BRAND.mkdir(exist_ok=True)
    for name, image in (
        ("icon.png", icon(256)),
        ("icon@2x.png", icon(512)),
        ("logo.png", logo(128)),
        ("logo@2x.png", logo(256)),
    ):
        image.save(BRAND / name, optimize=True)
        print(f"{BRAND / name}: {image.width}x{image.height}")


if __name__ == "__main__":
    main()
