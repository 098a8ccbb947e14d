"""What the upload inspection accepts and refuses, kind by kind (no database involved)."""

from __future__ import annotations

import pytest

from lotse.documents.inspection import DEFAULT_LIMITS, Limits, Refused, inspect_bytes
from lotse.documents.tests import files


def refusal(data: bytes, name: str, declared: str, limits: Limits = DEFAULT_LIMITS) -> Refused:
    with pytest.raises(Refused) as caught:
        inspect_bytes(data, name, declared, limits)
    return caught.value


@pytest.mark.parametrize(
    ("data", "name", "declared", "kind"),
    [
        (files.pdf(pages=3), "Arbeitsvertrag.pdf", "application/pdf", "pdf"),
        (files.jpeg(), "pass.JPG", "image/jpeg", "jpeg"),
        (files.jpeg(), "pass.jpeg", "image/pjpeg", "jpeg"),
        (files.png(), "zeugnis.png", "image/png", "png"),
        (files.png(), "zeugnis.png", "application/octet-stream", "png"),
        (files.pdf(user_password="", owner_password="owner"), "nur-lesen.pdf", "", "pdf"),
    ],
)
def test_accepts_pdf_jpeg_and_png(data, name, declared, kind):
    inspected = inspect_bytes(data, name, declared)
    assert inspected.kind == kind
    assert inspected.size == len(data)
    assert len(inspected.sha256) == 64


def test_counts_pages_and_measures_images():
    assert inspect_bytes(files.pdf(pages=3), "a.pdf", "application/pdf").pages == 3
    image = inspect_bytes(files.png(40, 30), "a.png", "image/png")
    assert (image.width, image.height) == (40, 30)


def test_a_png_named_pdf_is_refused_naming_what_it_is():
    refused = refusal(files.png(), "vertrag.pdf", "application/pdf")
    assert refused.code == "type_mismatch"
    assert refused.params["actual"] == "PNG"


def test_a_declared_content_type_that_disagrees_is_refused():
    assert refusal(files.pdf(), "vertrag.pdf", "image/png").code == "type_mismatch"


@pytest.mark.parametrize(
    ("data", "actual"), [(files.zip_file(), "ZIP"), (b"just some text\n", "TXT")]
)
def test_other_formats_are_refused_naming_what_they_are(data, actual):
    refused = refusal(data, "vertrag.pdf", "application/pdf")
    assert (refused.code, refused.params["actual"]) == ("unsupported_type", actual)


def test_empty_and_oversize_files_are_refused():
    assert refusal(b"", "a.pdf", "application/pdf").code == "empty"
    refused = refusal(files.pdf(), "a.pdf", "application/pdf", Limits(max_bytes=100))
    assert refused.code == "too_large"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (files.pdf(user_password="geheim"), "pdf_password"),
        (files.pdf()[:-200], "pdf_broken"),
        (files.pdf_with_broken_page_tree(), "pdf_broken"),
        (files.pdf_with_javascript(), "pdf_active_content"),
        (files.pdf_with_attachment(), "pdf_active_content"),
        (files.pdf_with_launch_action(), "pdf_active_content"),
    ],
)
def test_pdfs_that_need_a_password_do_not_parse_or_act_are_refused(data, code):
    assert refusal(data, "a.pdf", "application/pdf").code == code


def test_a_truncated_image_is_refused():
    data = files.jpeg(400, 300)
    assert refusal(data[: len(data) // 2], "a.jpg", "image/jpeg").code == "image_broken"


def test_an_image_declaring_too_many_pixels_is_refused_before_decoding():
    refused = refusal(files.png_declaring(10_000, 10_000), "bomb.png", "image/png")
    assert refused.code == "image_too_many_pixels"
    assert refused.params == {"megapixels": 100.0, "limit": 60}


def test_the_pixel_limit_is_configurable():
    refused = refusal(files.png(40, 30), "a.png", "image/png", Limits(max_pixels=1000))
    assert refused.code == "image_too_many_pixels"


@pytest.mark.parametrize(
    ("name", "codepoint"),
    [("rechnung\u202egpj.exe.pdf", "U+202E"), ("a\x00.pdf", "U+0000"), ("a\nb.pdf", "U+000A")],
)
def test_names_with_control_or_direction_characters_are_refused(name, codepoint):
    refused = refusal(files.pdf(), name, "application/pdf")
    assert (refused.code, refused.params["codepoint"]) == ("name_control_character", codepoint)


def test_an_image_beyond_pillows_own_bomb_limit_is_refused_by_its_header():
    refused = refusal(files.png_declaring(20_000, 10_000), "bomb.png", "image/png")
    assert refused.code == "image_too_many_pixels"
