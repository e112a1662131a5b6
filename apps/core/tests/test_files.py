"""The files module on its own: detection, names, pictures, the streaming limit, downloads."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import StopUpload
from django.test import RequestFactory
from PIL import Image

from apps.core.files import (
    DOCUMENT,
    IMAGES,
    JPEG,
    PDF,
    PNG,
    LimitedUploadHandler,
    OversizeUpload,
    UploadFormField,
    clean_title,
    detect,
    download_name,
    reencode_image,
)

from .corpus import jpeg, pdf, png, png_bomb

MB = 1024 * 1024


def test_types_are_detected_by_content_not_by_name():
    assert detect(io.BytesIO(pdf())) is PDF
    assert detect(io.BytesIO(jpeg())) is JPEG
    assert detect(io.BytesIO(png())) is PNG
    assert detect(io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'/>")) is None
    assert detect(io.BytesIO(b"GIF89a")) is None
    assert detect(io.BytesIO(b"")) is None


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("rechnung\u202efdp.exe", "rechnungfdp.exe"),
        ("bericht\x00.php", "bericht.php"),
        ("  ..versteckt.pdf", "versteckt.pdf"),
        ("", ""),
    ],
)
def test_clean_title_keeps_only_a_plain_name(name, title):
    assert clean_title(name) == title


def test_download_name_ends_with_the_verified_type():
    assert download_name("Protokoll der 3. Sitzung", PDF) == "Protokoll_der_3._Sitzung.pdf"
    assert download_name("plan.pdf", PDF) == "plan.pdf"
    assert download_name("..", None) == "download.bin"


def test_picture_is_written_afresh_without_metadata_and_scaled_down():
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Kamerahersteller"
    Image.new("RGB", (5000, 2500), "#48a").save(buffer, "JPEG", exif=exif.tobytes())
    result = reencode_image(SimpleUploadedFile("foto.jpg", buffer.getvalue()), JPEG)
    image = Image.open(io.BytesIO(result.read()))
    assert image.size == (2400, 1200)
    assert not image.getexif()
    assert result.name == "image.jpg"


def test_picture_above_the_pixel_limit_is_refused_before_decoding(settings):
    settings.UPLOAD_MAX_PIXELS = 1_000_000
    assert Image.MAX_IMAGE_PIXELS == 1_000_000  # Pillow's own bomb check follows the setting
    with pytest.raises(ValidationError) as error:
        reencode_image(SimpleUploadedFile("gross.png", png((1200, 1000))), PNG)
    assert error.value.code == "too_many_pixels"


def test_decompression_bomb_is_refused_by_the_form_field():
    with pytest.raises(ValidationError) as error:
        UploadFormField(accept=IMAGES, max_mb=5).clean(SimpleUploadedFile("bombe.png", png_bomb()))
    assert error.value.code == "too_many_pixels"


def test_pdf_keeps_its_content_and_gets_a_name_by_its_type():
    upload = UploadFormField(accept=DOCUMENT, max_mb=5).clean(SimpleUploadedFile("../Antrag.PDF.exe", pdf()))
    assert upload.name == "document.pdf"
    assert upload.title == "Antrag.PDF.exe"
    upload.seek(0)
    assert upload.read() == pdf()


def _handler(settings, request_mb=100):
    settings.UPLOAD_MAX_REQUEST_MB = request_mb
    handler = LimitedUploadHandler(RequestFactory().post("/"))
    handler.new_file("file", "gross.pdf", "application/pdf", None)
    return handler


def test_handler_stops_passing_data_on_at_the_largest_file_limit(settings):
    handler = _handler(settings)
    passed = 0
    chunk = b"0" * (64 * 1024)
    for start in range(0, 25 * MB, len(chunk)):
        passed += len(handler.receive_data_chunk(chunk, start) or b"")
    assert passed <= 20 * MB
    upload = handler.file_complete(25 * MB)
    assert isinstance(upload, OversizeUpload) and not upload.whole_request
    with pytest.raises(ValidationError) as error:
        UploadFormField(accept=DOCUMENT, max_mb=10).clean(upload)
    assert error.value.code == "file_too_large" and "10 MB" in error.value.messages[0]


def test_handler_limits_all_files_of_a_request_and_stops_reading_far_beyond(settings):
    handler = _handler(settings, request_mb=1)
    chunk = b"0" * (64 * 1024)
    assert handler.receive_data_chunk(chunk, 0) == chunk
    for start in range(len(chunk), MB + len(chunk), len(chunk)):
        handler.receive_data_chunk(chunk, start)
    assert handler.file_complete(MB).whole_request
    with pytest.raises(StopUpload):
        for start in range(0, 2 * MB, len(chunk)):
            handler.receive_data_chunk(chunk, start)


def test_handler_passes_a_file_within_the_limits_on_unchanged(settings):
    handler = _handler(settings)
    assert handler.receive_data_chunk(b"%PDF-", 0) == b"%PDF-"
    assert handler.file_complete(5) is None
