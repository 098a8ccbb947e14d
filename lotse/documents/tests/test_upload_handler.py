"""The size limit stops a file while it streams in; what is refused is said in German and English."""

from __future__ import annotations

import io
import os
import tempfile

import pytest
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.test import RequestFactory, override_settings
from django.utils import translation

from lotse.documents import refusals
from lotse.documents.inspection import Limits, Refused, inspect_bytes
from lotse.documents.tests import files
from lotse.documents.upload_handler import SizeLimitUploadHandler, oversize_fields

BOUNDARY = "lotse-boundary"


def multipart(field: str, name: str, data: bytes) -> bytes:
    """A body built by hand, so the file name reaches the parser exactly as a client sent it."""
    return (
        (
            f"--{BOUNDARY}\r\n"
            f'Content-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


def parse(body: bytes):
    request = RequestFactory().post("/", data=b"", content_type="text/plain")
    meta = {
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(len(body)),
    }
    handlers = [SizeLimitUploadHandler(request), TemporaryFileUploadHandler(request)]
    _, uploaded = MultiPartParser(meta, io.BytesIO(body), handlers, "utf-8").parse()
    return request, uploaded


@override_settings(LOTSE_UPLOAD_MAX_BYTES=300 * 1024)
def test_an_oversize_file_is_stopped_and_leaves_no_temporary_file():
    before = set(os.listdir(tempfile.gettempdir()))
    request, uploaded = parse(multipart("document", "gross.pdf", b"%PDF-" + b"x" * 400 * 1024))
    assert "document" not in uploaded
    assert oversize_fields(request) == {"document"}
    assert set(os.listdir(tempfile.gettempdir())) - before == set()


@override_settings(LOTSE_UPLOAD_MAX_BYTES=300 * 1024)
def test_a_file_within_the_limit_arrives_whole():
    data = files.pdf()
    request, uploaded = parse(multipart("document", "vertrag.pdf", data))
    assert uploaded["document"].read() == data
    assert oversize_fields(request) == set()
    uploaded["document"].close()


def test_every_refusal_code_has_a_message():
    codes = {
        "name_missing",
        "name_too_long",
        "name_control_character",
        "empty",
        "too_large",
        "unsupported_type",
        "type_mismatch",
        "pdf_password",
        "pdf_broken",
        "pdf_active_content",
        "pdf_too_complex",
        "image_broken",
        "image_too_many_pixels",
        "malware",
        "scan_failed",
    }
    assert set(refusals.MESSAGES) == codes


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("de", "Die Datei heißt oder kommt als .pdf (application/pdf), ihr Inhalt ist aber PNG."),
        ("en", "The file is named or sent as .pdf (application/pdf), but its content is PNG."),
    ],
)
def test_a_refusal_names_what_the_file_really_is_in_the_users_language(lang, expected):
    with pytest.raises(Refused) as caught:
        inspect_bytes(files.png(), "vertrag.pdf", "application/pdf", Limits())
    with translation.override(lang):
        assert refusals.message(caught.value).startswith(expected)
