"""Files: every upload and download of the portal goes through this module.

Uploads are accepted by their content, never by their name: ``filetype`` detects the type
from the first bytes, each field allows a short list (PDF; JPEG, PNG, WebP for images), PDFs
must end like a PDF, and pictures are decoded by Pillow with a pixel limit read before
decoding, scaled down while decoding and written afresh without metadata (EXIF, GPS, ICC,
text chunks). The stored name is a random token with the extension of the detected type; the
uploader's file name survives only as ``file.title`` for a display title.

Public images (slides, news, logos, directory entries) go to the default storage under
MEDIA_ROOT. Everything else (application attachments, receipts, council papers, and photos
that wait for moderation or consent) goes to the "private" storage, which has no URL:
``serve_private_file`` streams it from a view that checked permissions, with the headers that
keep any file from running in the portal's origin.

The request size is limited while the body streams in (``LimitedUploadHandler``); a file
beyond the limit becomes an ``OversizeUpload`` that the form field turns into an error.
"""

import io
import secrets
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.core.signals import setting_changed
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.dispatch import receiver
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MB = 1024 * 1024


# --- Types ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileType:
    extension: str
    mime: str
    label: str

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")


PDF = FileType("pdf", "application/pdf", "PDF")
JPEG = FileType("jpg", "image/jpeg", "JPEG")
PNG = FileType("png", "image/png", "PNG")
WEBP = FileType("webp", "image/webp", "WebP")
MP4 = FileType("mp4", "video/mp4", "MP4")
WEBM = FileType("webm", "video/webm", "WebM")
#: Captions for videos: a text file, recognised by its "WEBVTT" first line (filetype knows only
#: binary formats) and accepted only when all of it is UTF-8 text.
VTT = FileType("vtt", "text/vtt", "WebVTT")
#: The only types the portal ever accepts or serves as what they are, by extension.
TYPES = {t.extension: t for t in (PDF, JPEG, PNG, WEBP, MP4, WEBM, VTT)}
#: Pillow's format name of each image type.
PILLOW_FORMATS = {"JPEG": JPEG, "PNG": PNG, "WEBP": WEBP}

#: Allow-lists for fields (extensions of TYPES).
DOCUMENT = ("pdf",)
IMAGES = ("jpg", "png", "webp")
DOCUMENT_OR_IMAGE = ("pdf", "jpg", "png", "webp")
#: Videos (sign-language information; public, staff upload them in the admin) and their captions.
VIDEOS = ("mp4", "webm")
CAPTIONS = ("vtt",)

#: Pictures are scaled down to at most this many pixels on the long side.
MAX_SIDE = 2400
#: A PDF ends with "%%EOF" within its last KB (PDF 1.7, Implementation note 18: readers look there).
PDF_TAIL = 1024


def detect(file) -> FileType | None:
    """The type of a file by its first bytes (None for anything not in TYPES). Keeps the position."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(8192)
    file.seek(position)
    kind = filetype.guess(head) if head else None
    if kind is None and _is_webvtt_head(head):
        return VTT
    return TYPES.get(kind.extension) if kind else None


def _is_webvtt_head(head: bytes) -> bool:
    """A WebVTT file starts with "WEBVTT" (after an optional BOM), then a space, tab or line end."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    return head.startswith(b"WEBVTT") and head[6:7] in (b"", b" ", b"\t", b"\n", b"\r")


def _is_text(file) -> bool:
    """The whole file is UTF-8 text without NUL characters (captions are small: read at once)."""
    position = file.tell()
    file.seek(0)
    data = file.read()
    file.seek(position)
    try:
        return "\x00" not in data.decode("utf-8")
    except UnicodeDecodeError:
        return False


def _has_pdf_end(file) -> bool:
    position = file.tell()
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(max(size - PDF_TAIL, 0))
    tail = file.read(PDF_TAIL)
    file.seek(position)
    return b"%%EOF" in tail


def clean_title(name: str, default: str = "") -> str:
    """An uploader's file name made fit to show as a title: no folders, no control or
    direction-changing characters (U+202E would show "gpj.exe" as "exe.jpg"), at most 200 characters."""
    name = PureWindowsPath(PurePosixPath(name or "").name).name
    name = "".join(c for c in name if unicodedata.category(c)[0] not in ("C", "Z") or c == " ")
    return " ".join(name.split()).lstrip(". ")[:200] or default


def types_text(accept) -> str:
    labels = [TYPES[ext].label for ext in accept]
    if len(labels) == 1:
        return labels[0]
    return _("%(types)s or %(last)s") % {"types": ", ".join(labels[:-1]), "last": labels[-1]}


# --- Storage and names ---------------------------------------------------------------------


class PrivateStorage(LazyObject):
    """The "private" storage of settings.STORAGES, looked up when first used (like Django's
    default_storage), so a changed STORAGES setting (tests) reaches fields defined at import."""

    def _setup(self):
        self._wrapped = storages["private"]


private_media = PrivateStorage()


@receiver(setting_changed)
def _reset_private_storage(*, setting, **kwargs) -> None:
    if setting == "STORAGES":
        private_media._wrapped = empty


def private_storage():
    """The storage for non-public files (a callable, so migrations stay stable)."""
    return private_media


@deconstructible
class RandomName:
    """``upload_to``: a random token in ``folder`` with the extension of the name it is given
    (``UploadField`` gives it a name made from the detected type, never the uploader's)."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePosixPath(filename).suffix.lower()[:10]
        return f"{self.folder}/{secrets.token_urlsafe(24)}{suffix}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


def stored_files_renamed(model, field_name: str, *, source=None, target=None) -> int:
    """For data migrations: each stored file of ``model.field_name`` gets a new random name with
    the extension of the type detected in its content ("bin" for anything else), so no
    extension an uploader chose survives; given ``source`` and ``target`` storages, the files
    also move (e.g. into the private storage). Returns how many files changed."""
    field = model._meta.get_field(field_name)
    moving = source is not None or target is not None
    source, target = source or field.storage, target or field.storage
    changed = 0
    for pk, name in model.objects.exclude(**{field_name: ""}).values_list("pk", field_name).iterator():
        try:
            handle = source.open(name, "rb")
        except FileNotFoundError:
            continue
        with handle:
            kind = detect(handle)
            suffix = f".{kind.extension if kind else 'bin'}"
            if not moving and name.endswith(suffix):
                continue
            new_name = target.save(f"{PurePosixPath(name).parent}/{secrets.token_urlsafe(24)}{suffix}", handle)
        model.objects.filter(pk=pk).update(**{field_name: new_name})
        source.delete(name)
        changed += 1
    return changed


# --- Validation and processing -------------------------------------------------------------


def megabytes(limit: int | str) -> int:
    """A size limit in MB: a number, or the name of a setting that holds it (read when used,
    so a deployment can change it without a migration, e.g. ``"UPLOAD_VIDEO_MAX_MB"``)."""
    return int(getattr(settings, limit)) if isinstance(limit, str) else limit


@deconstructible
class MaxFileSize:
    """Validator: the file is at most ``megabytes`` MB (a number or a setting's name)."""

    def __init__(self, megabytes: int | str):
        self.megabytes = megabytes

    def __call__(self, file) -> None:
        if getattr(file, "_committed", False):  # a stored file that passed when it was uploaded
            return
        limit = megabytes(self.megabytes)
        if isinstance(file, OversizeUpload) or file.size > limit * MB:
            raise ValidationError(
                _("The file is too large (at most %(max)s MB)."),
                code="file_too_large",
                params={"max": limit},
            )

    def __eq__(self, other):
        return isinstance(other, MaxFileSize) and other.megabytes == self.megabytes


@deconstructible
class AcceptedTypes:
    """Validator: the content is one of the allowed types (a PDF also ends like one)."""

    def __init__(self, accept):
        self.accept = tuple(accept)

    def __call__(self, file) -> FileType:
        if getattr(file, "_committed", False):  # a stored file that passed when it was uploaded
            return None
        kind = detect(file)
        if kind is None or kind.extension not in self.accept:
            raise ValidationError(
                _("Please upload a %(types)s file."), code="file_type", params={"types": types_text(self.accept)}
            )
        if kind is PDF and not _has_pdf_end(file):
            raise ValidationError(_("The PDF file is incomplete or damaged."), code="pdf_damaged")
        if kind is VTT and not _is_text(file):
            raise ValidationError(_("The WebVTT file is not UTF-8 text."), code="vtt_not_text")
        return kind

    def __eq__(self, other):
        return isinstance(other, AcceptedTypes) and other.accept == self.accept


def max_pixels() -> int:
    return settings.UPLOAD_MAX_PIXELS


@receiver(setting_changed)
def _set_pillow_limit(*, setting, **kwargs) -> None:
    if setting == "UPLOAD_MAX_PIXELS":
        configure_pillow()


def configure_pillow() -> None:
    """Pillow refuses to open anything above the portal's pixel limit (its own bomb check)."""
    Image.MAX_IMAGE_PIXELS = max_pixels()


def _image_error() -> ValidationError:
    return ValidationError(_("Please upload a JPEG, PNG or WebP image."), code="image_type")


def _pixels_error() -> ValidationError:
    return ValidationError(
        _("The picture has too many pixels (at most %(max)s megapixels)."),
        code="too_many_pixels",
        params={"max": max_pixels() // 1_000_000},
    )


def reencode_image(upload, kind: FileType, *, max_side: int = MAX_SIDE) -> SimpleUploadedFile:
    """Decode a picture with bounded memory and return a fresh copy without metadata.

    The size is read from the header before any pixel is decoded, and pictures above
    UPLOAD_MAX_PIXELS are refused. JPEGs are decoded at a reduced scale (``draft``); others are
    shrunk by ``reduce`` right after decoding, and the full-size pixels are freed at once. At
    most ``max_side`` pixels on the long side remain."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=list(PILLOW_FORMATS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _pixels_error() from error
    except (OSError, ValueError, SyntaxError) as error:
        raise _image_error() from error
    try:
        if PILLOW_FORMATS.get(image.format) is not kind:
            raise _image_error()
        width, height = image.size
        if width * height > max_pixels():
            raise _pixels_error()
        ratio = min(1.0, max_side / max(width, height))
        target = (max(1, round(width * ratio)), max(1, round(height * ratio)))
        if kind is JPEG:
            image.draft(None, target)  # the decoder scales by 1/2, 1/4 or 1/8 while reading
        image.load()
        factor = max(image.size) // max_side  # what is left is at least max_side: thumbnail() ends it
        if factor > 1:
            try:
                smaller = image.reduce(factor)
            except ValueError:  # modes "1" and "P" cannot be averaged
                smaller = image.resize(target, Image.Resampling.NEAREST)
            image.close()  # frees the full-size pixels before encoding
            image = smaller
        return _encode(image, kind, target)
    except ValidationError:
        raise
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        raise _image_error() from error
    finally:
        image.close()


def _encode(image, kind: FileType, target) -> SimpleUploadedFile:
    image.thumbnail((max(target), max(target)))  # a square box: the same before or after turning
    ImageOps.exif_transpose(image, in_place=True)
    if kind is JPEG and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    buffer = io.BytesIO()
    options = {"quality": 85, "optimize": True} if kind is JPEG else {}
    image.info.clear()  # no EXIF, ICC, XMP or text chunks in the saved file
    image.save(buffer, {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}[kind.extension], **options)
    return SimpleUploadedFile(f"image.{kind.extension}", buffer.getvalue(), content_type=kind.mime)


def accept_upload(file, *, accept, max_mb: int | str):
    """Check an upload and return the file to store: a PDF as it came (named by its type), a
    picture re-encoded. ``title`` on the result is the uploader's cleaned-up file name."""
    MaxFileSize(max_mb)(file)
    title = clean_title(getattr(file, "name", ""))
    kind = AcceptedTypes(accept)(file)
    if kind.is_image:
        file = reencode_image(file, kind)
    else:
        file.name = f"document.{kind.extension}"
    file.title = title or str(_("Document"))
    return file


class OversizeUpload(UploadedFile):
    """What is left of a file the upload handler stopped storing: its name and how many bytes
    arrived, no content. Every form field refuses it with the size limit."""

    def __init__(self, name, size, *, whole_request: bool):
        super().__init__(io.BytesIO(), name=name or "upload", content_type="application/octet-stream", size=size)
        self.whole_request = whole_request


class UploadFormField(forms.FileField):
    """A form field for uploads: content check, size limit, re-encoded pictures, random name."""

    def __init__(self, *, accept=DOCUMENT, max_mb: int | str = 20, **kwargs):
        self.accept, self.max_mb = tuple(accept), max_mb
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": ",".join(TYPES[ext].mime for ext in self.accept)})
        )
        super().__init__(**kwargs)

    def to_python(self, data):
        if isinstance(data, OversizeUpload) and data.whole_request:
            raise ValidationError(
                _("The files are too large: at most %(max)s MB may be sent at once."),
                code="request_too_large",
                params={"max": settings.UPLOAD_MAX_REQUEST_MB},
            )
        file = super().to_python(data)
        if file is None:
            return None
        return accept_upload(file, accept=self.accept, max_mb=self.max_mb)


class PrivateFileUrl:
    """For files in the private storage. It has no address under /media/: its ``url`` is the
    staff-only download ``core:private_file`` (a signed link naming the row and field, checked
    against the staff member's permissions there), which is what the admin's "Currently:" link
    of a file widget shows. Public pages serve private files through their own checking views."""

    @property
    def url(self) -> str:
        self._require_file()
        from django.urls import reverse

        from .signing import make_token

        opts = self.instance._meta
        token = make_token(
            "core.private_file", [opts.app_label, opts.model_name, self.field.name, self.instance.pk, self.name]
        )
        return reverse("core:private_file", args=[token])


class PrivateFieldFile(PrivateFileUrl, FieldFile):
    pass


class PrivateImageFieldFile(PrivateFileUrl, ImageFieldFile):
    pass


class UploadField(models.FileField):
    """A model file field that accepts only ``accept`` types of at most ``max_mb`` MB.

    Its form field checks and converts the upload; whatever way a file is assigned, the stored
    name gets the extension of the type detected in its content ("bin" for anything else)."""

    def __init__(self, verbose_name=None, name=None, *, accept=DOCUMENT, max_mb: int | str = 20, **kwargs):
        self.accept, self.max_mb = tuple(accept), max_mb
        super().__init__(verbose_name, name, **kwargs)
        self.default_validators = [AcceptedTypes(self.accept), MaxFileSize(max_mb)]
        if self.storage is private_media:
            self.attr_class = PrivateImageFieldFile if issubclass(self.attr_class, ImageFieldFile) else PrivateFieldFile

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["accept"] = self.accept
        kwargs["max_mb"] = self.max_mb
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": UploadFormField, "accept": self.accept, "max_mb": self.max_mb,
                                    **kwargs})  # fmt: skip

    def generate_filename(self, instance, filename):
        content = getattr(instance, self.attname)
        kind = detect(content.file) if content and getattr(content, "_file", None) is not None else None
        return super().generate_filename(instance, f"file.{kind.extension if kind else 'bin'}")


class UploadImageField(UploadField, models.ImageField):
    """An ``UploadField`` for pictures that also stores their size (``width_field``/``height_field``,
    read from the header of the re-encoded file)."""

    def __init__(self, verbose_name=None, name=None, *, accept=IMAGES, max_mb: int = 5, **kwargs):
        super().__init__(verbose_name, name, accept=accept, max_mb=max_mb, **kwargs)


# --- Request limits ------------------------------------------------------------------------


#: The largest file any field accepts (UploadField's max_mb is at most this), videos aside.
MAX_FILE_MB = 20


def max_file_mb(request=None) -> int:
    """The largest single file the upload handler passes on: MAX_FILE_MB; for staff (who upload
    the sign-language videos in the admin) the video limit UPLOAD_VIDEO_MAX_MB when that is
    larger. Each field still checks its own limit."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return max(MAX_FILE_MB, settings.UPLOAD_VIDEO_MAX_MB)
    return MAX_FILE_MB


class LimitedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: hands each file's data on to Django's handlers until the
    file reaches ``max_file_mb()`` (MAX_FILE_MB; larger for staff's videos) or all files together UPLOAD_MAX_REQUEST_MB; beyond, the data
    is dropped (never written anywhere) and the file arrives as an ``OversizeUpload``, which the
    form shows as an error next to the field, with everything else the person typed kept.

    The reverse proxy refuses bodies above UPLOAD_MAX_REQUEST_MB (client_max_body_size); should a
    body without one run on to twice that, the handler stops reading it altogether."""

    def __init__(self, request=None):
        super().__init__(request)
        self.request_limit = settings.UPLOAD_MAX_REQUEST_MB * MB
        self.file_limit = max_file_mb(request) * MB
        self.total = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.refused = None

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        self.total += len(raw_data)
        if self.total > 2 * self.request_limit:
            raise StopUpload(connection_reset=True)
        if self.refused is None:
            if self.total > self.request_limit:
                self.refused = "request"
            elif self.received > self.file_limit:
                self.refused = "file"
        return None if self.refused else raw_data

    def file_complete(self, file_size):
        if self.refused:
            return OversizeUpload(self.file_name, self.received, whole_request=self.refused == "request")
        return None


# --- Downloads -----------------------------------------------------------------------------


def download_name(title: str, kind: FileType | None) -> str:
    """A file name for Content-Disposition from a display title and the verified type."""
    stem = get_valid_filename(clean_title(title, "download")) or "download"
    stem = stem[:100].removesuffix(f".{kind.extension}" if kind else "")
    return f"{stem}.{kind.extension if kind else 'bin'}"


def serve_private_file(request, fieldfile, *, title: str = "", inline_ok: bool = True, public: bool = False):
    """Stream a stored file after the view checked who may see it.

    The type is detected from the stored content again, never taken from a name: PDFs and
    pictures keep their type and may open in the browser (``inline_ok``); anything else is
    ``application/octet-stream`` and always an attachment. Every response forbids sniffing and
    runs in a CSP sandbox (no script, no same origin), and is not cached unless ``public``."""
    if not fieldfile:
        raise Http404
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    kind = detect(handle)
    inline = inline_ok and kind is not None
    response = FileResponse(
        handle,
        content_type=kind.mime if kind else "application/octet-stream",
        as_attachment=not inline,
        filename=download_name(title or fieldfile.name, kind),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "public, max-age=600" if public else "private, no-store"
    return response
