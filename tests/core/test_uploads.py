"""Image and document uploads through Wagtail's real admin views (single and multiple upload), with real
files: the pixel limit, decompression bombs, SVG, and file names a browser or an attacker may send."""

import io
import json
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from tests.core.factories import pdf_bytes

pytestmark = pytest.mark.django_db

BOUNDARY = "inducult-test-boundary"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.domain)</script></svg>'


def image_bytes(image_format="PNG", width=40, height=30):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (180, 60, 20)).save(buffer, image_format)
    return buffer.getvalue()


def png_bytes():
    return image_bytes("PNG")


def png_header_claiming(width, height):
    """A tiny PNG whose header claims the given size: a decompression bomb as the server first sees it."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def multipart(fields, file_field, filename, content):
    """A multipart body with the file name exactly as given: Django's test client would strip paths itself,
    and a hostile client does not."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def post_file(client, url, filename, content, file_field="file", **fields):
    body = multipart(fields, file_field, filename, content)
    return client.post(url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


def add_image(client, filename, content):
    return post_file(client, "/admin/images/add/", filename, content, title="An image", collection="1", tags="")


def add_images(client, filename, content):
    return post_file(client, "/admin/images/multiple/add/", filename, content, file_field="files[]")


def add_document(client, filename, content):
    return post_file(client, "/admin/documents/add/", filename, content, title="A document", collection="1", tags="")


def add_documents(client, filename, content):
    return post_file(client, "/admin/documents/multiple/add/", filename, content, file_field="files[]")


@pytest.fixture
def editor(client, admin_user, home_page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_user)
    return client


def stored_files(root):
    return sorted(str(path.relative_to(root)) for path in Path(root).rglob("*") if path.is_file())


def test_a_real_image_is_accepted_by_both_upload_views(editor):
    response = add_image(editor, "photo.png", png_bytes())
    assert response.status_code == 302
    response = add_images(editor, "second.png", png_bytes())
    assert response.json()["success"] is True
    assert Image.objects.count() == 2


def test_the_pixel_limit_is_on(editor):
    assert django_settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    too_many = png_header_claiming(8000, 5001)
    response = add_image(editor, "poster.png", too_many)
    assert response.status_code == 200
    assert "This file has too many pixels (40008000). Maximum pixels 40000000." in response.content.decode()

    payload = add_images(editor, "poster.png", too_many).json()
    assert payload["success"] is False
    assert "too many pixels" in json.dumps(payload)
    assert not Image.objects.exists()
    assert stored_files(django_settings.MEDIA_ROOT) == []


@pytest.mark.parametrize("size", [(30_000, 30_000), (100_000, 100_000), (2**31 - 1, 2**31 - 1)])
def test_a_decompression_bomb_is_refused_with_a_form_error(editor, size):
    bomb = png_header_claiming(*size)
    assert len(bomb) < 100
    response = add_image(editor, "bomb.png", bomb)
    assert response.status_code == 200
    assert "error-message" in response.content.decode()
    assert "too many pixels" in response.content.decode() or "Upload a valid image" in response.content.decode()

    payload = add_images(editor, "bomb.png", bomb).json()
    assert payload["success"] is False
    assert not Image.objects.exists()


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("drawing.svg", SVG, "Not a supported image format. Supported formats: AVIF, GIF, JPG, JPEG, PNG, WEBP."),
        ("drawing.png", SVG, "Not a valid .png image. The extension does not match the file format (svg)"),
        ("photo.png", image_bytes("GIF"), "Not a valid .png image. The extension does not match the file format (gif)"),
        ("photo.png", pdf_bytes(), "Upload a valid image."),
        # A PNG cut off after its header: the image libraries fail while decoding it.
        ("photo.png", png_bytes()[:60], "Upload a valid image."),
    ],
)
def test_svg_and_disguised_files_are_refused(editor, filename, content, message):
    response = add_image(editor, filename, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    payload = add_images(editor, filename, content).json()
    assert payload["success"] is False
    assert not Image.objects.exists()
    assert stored_files(django_settings.MEDIA_ROOT) == []


HOSTILE_NAMES = [
    "../../../../etc/passwd.png",
    "..\\..\\windows\\win.ini.png",
    "/absolute/path.png",
    "%2e%2e%2fencoded.png",
    "bell\x07escape\x1b[31m tab\t.png",
    "Ústí nad Labem – Übersicht 中文 ☃.png",
    "x" * 250 + ".png",
    ".htaccess.png",
    "name.php.png",
]


SAFE_NAME = re.compile(r"^(original_images|images|documents)/[A-Za-z0-9_-]{1,70}\.(png|pdf)$")


def assert_all_stored_names_are_safe():
    names = stored_files(django_settings.MEDIA_ROOT)
    assert names
    for name in names:
        assert SAFE_NAME.match(name), name
        assert len(name) <= 100, name


@pytest.mark.parametrize("filename", HOSTILE_NAMES)
def test_image_file_names_are_sanitised(editor, filename):
    assert add_image(editor, filename, png_bytes()).status_code == 302
    assert add_images(editor, filename, png_bytes()).json()["success"] is True
    assert Image.objects.count() == 2
    assert all((Path(django_settings.MEDIA_ROOT) / image.file.name).is_file() for image in Image.objects.all())
    assert_all_stored_names_are_safe()


@pytest.mark.parametrize("filename", [name.replace(".png", ".pdf") for name in HOSTILE_NAMES])
def test_document_file_names_are_sanitised(editor, client, filename):
    assert add_document(editor, filename, pdf_bytes()).status_code == 302
    assert add_documents(editor, filename, pdf_bytes()).json()["success"] is True
    assert Document.objects.count() == 2
    for document in Document.objects.all():
        response = client.get(document.url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert_all_stored_names_are_safe()


def test_names_keep_what_a_reader_recognises(editor):
    add_image(editor, "Ústí nad Labem – Übersicht.png", png_bytes())
    add_document(editor, "../Strategy 2019 (final).v2.PDF", pdf_bytes())
    assert Image.objects.get().file.name == "original_images/Usti_nad_Labem_-_Ubersicht.png"
    assert Document.objects.get().file.name == "documents/Strategy_2019_final_v2.pdf"


@pytest.mark.parametrize("filename", ["..", ".", "", "../"])
def test_a_file_without_a_usable_name_is_a_form_error(editor, filename):
    response = add_image(editor, filename, png_bytes())
    assert response.status_code == 200
    assert "error-message" in response.content.decode()
    response = add_document(editor, filename, pdf_bytes())
    assert response.status_code == 200
    assert not Image.objects.exists() and not Document.objects.exists()
