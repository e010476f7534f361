"""Load an uploaded image with Pillow, safely: size limits, bombs, truncation, transparency."""

from __future__ import annotations

import io

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from .errors import (
    ImageTooSmallError,
    NotAnImageError,
    TooManyPixelsError,
    TransparentImageError,
    TruncatedImageError,
    UnsupportedFormatError,
)
from .pixels import to_rgba

# MPO is how Pillow names the JPEG files many phones and cameras write.
ACCEPTED_FORMATS = frozenset({"PNG", "JPEG", "MPO", "WEBP", "BMP", "GIF", "TIFF"})
MIN_SIDE_PX = 16

# A truncated file must fail, never load half an image silently.
ImageFile.LOAD_TRUNCATED_IMAGES = False


def load_image(data: bytes, *, max_pixels: int) -> Image.Image:
    """Decode ``data`` into an RGBA image, upright as its EXIF orientation says.

    The pixel count is checked from the header before anything is decoded, so a
    decompression bomb costs nothing. Raises ``NotAnImageError``,
    ``UnsupportedFormatError``, ``TooManyPixelsError``, ``TruncatedImageError``,
    ``ImageTooSmallError`` or ``TransparentImageError``.
    """

    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as err:
        raise TooManyPixelsError(
            f"The image has too many pixels to be decoded safely (limit {max_pixels}): "
            "resize it and try again."
        ) from err
    except UnidentifiedImageError as err:
        raise NotAnImageError(
            "The upload is not an image Pillow can read: send a PNG, JPEG or WebP file."
        ) from err
    except OSError as err:
        raise TruncatedImageError(f"The image file is damaged: {err}.") from err
    if image.format not in ACCEPTED_FORMATS:
        raise UnsupportedFormatError(
            f"Images in {image.format} format are not accepted: send a PNG, JPEG or WebP file."
        )
    width, height = image.size
    if width * height > max_pixels:
        raise TooManyPixelsError(
            f"The image is {width}x{height} = {width * height} pixels, more than the limit of "
            f"{max_pixels}: resize it and try again."
        )
    if min(width, height) < MIN_SIDE_PX:
        raise ImageTooSmallError(
            f"The image is {width}x{height} pixels: each side needs at least {MIN_SIDE_PX}."
        )
    try:
        image.load()
    except (OSError, SyntaxError, ValueError) as err:
        raise TruncatedImageError(
            f"The image file is truncated or corrupt ({err}): upload the complete file."
        ) from err
    # In place: a plain copy of a 16 MP image would cost 48 MB more per upload being decoded.
    ImageOps.exif_transpose(image, in_place=True)
    rgba = to_rgba(image)
    image.close()
    _, high = rgba.getchannel("A").getextrema()
    if high == 0:
        raise TransparentImageError(
            "Every pixel of the image is fully transparent: there is nothing to model."
        )
    return rgba
