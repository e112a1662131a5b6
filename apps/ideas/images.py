"""Photo uploads: only real JPEG, PNG or WebP images, re-encoded so no metadata survives."""

import io
import warnings
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

ALLOWED_FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 2400


def reencode_image(upload) -> SimpleUploadedFile:
    """Check an uploaded photo and return a freshly encoded copy without EXIF or other metadata.

    The format is taken from the file's content, never from its name. Large pictures are scaled
    down to at most MAX_SIDE pixels on the long side."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The photo is too large (at most 5 MB)."), code="file_too_large")
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as original:
                image_format = original.format
                if image_format not in ALLOWED_FORMATS:
                    raise ValidationError(_("Please upload a JPEG, PNG or WebP image."), code="image_type")
                original.load()
                image = ImageOps.exif_transpose(original)
    except ValidationError:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(_("Please upload a JPEG, PNG or WebP image."), code="image_type") from error
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    buffer = io.BytesIO()
    options = {"quality": 85, "optimize": True} if image_format == "JPEG" else {}
    image.info.clear()  # no EXIF, ICC, XMP or text chunks in the saved file
    image.save(buffer, image_format, **options)
    extension, content_type = ALLOWED_FORMATS[image_format]
    name = f"{PurePosixPath(upload.name or 'photo').stem[:50] or 'photo'}.{extension}"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)
