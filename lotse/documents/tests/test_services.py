"""Adding documents: stored under a name of our own, versioned, logged; a refusal leaves nothing."""

from __future__ import annotations

import os

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import override_settings

from lotse.cases.audit import audit_report
from lotse.cases.errors import CaseError
from lotse.cases.models import CaseEvent
from lotse.core.errors import DomainError
from lotse.documents.errors import DocumentError
from lotse.documents.models import Document
from lotse.documents.services import document_upload
from lotse.documents.tests import files
from lotse.documents.tests.conftest import stored_files


def upload(data: bytes, name: str, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_a_document_is_stored_under_a_generated_name_and_logged(cast, case, media):
    document = document_upload(
        case=case,
        actor=cast("company_hr"),
        kind="passport",
        upload=upload(files.pdf(), "../../etc/Pass Petrova.pdf", "application/pdf"),
        language="ru",
    )
    assert document.version == 1 and document.current
    assert document.file_name == "Pass Petrova.pdf"  # Django keeps the base name only
    assert document.storage_name.startswith(f"documents/{case.pk}/")
    assert "Petrova" not in document.storage_name
    assert stored_files(media) == [document.storage_name]
    assert default_storage.open(document.storage_name).read() == files.pdf()
    event = CaseEvent.objects.filter(case=case).latest("seq")
    assert event.type == "document.uploaded"
    assert event.payload["sha256"] == document.sha256
    assert "Petrova" not in str(event.payload)  # the file name is a personal value
    assert audit_report().broken == []


def test_a_new_version_replaces_the_current_one_and_keeps_the_old(cast, case, media):
    actor = cast("company_hr")
    first = document_upload(
        case=case, actor=actor, kind="cv_german", upload=upload(files.pdf(), "cv.pdf", "")
    )
    second = document_upload(
        case=case, actor=actor, kind="cv_german", upload=upload(files.pdf(2), "cv2.pdf", "")
    )
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.replaced_by == second and second.current
    assert len(stored_files(media)) == 2


@pytest.mark.parametrize(
    ("data", "name", "refusal"),
    [
        (files.png(), "vertrag.pdf", "type_mismatch"),
        (files.pdf(user_password="x"), "vertrag.pdf", "pdf_password"),
        (files.pdf_with_javascript(), "vertrag.pdf", "pdf_active_content"),
        (b"", "vertrag.pdf", "empty"),
        (files.pdf(), "vertrag\u202efdp.exe.pdf", "name_control_character"),
    ],
)
def test_a_refused_file_leaves_no_row_event_or_file(cast, case, media, data, name, refusal):
    events_before = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(DomainError) as caught:
        document_upload(
            case=case,
            actor=cast("company_hr"),
            kind="employment_contract",
            upload=upload(data, name, "application/pdf"),
        )
    assert caught.value.code == DocumentError.REFUSED
    assert caught.value.details["refusal"] == refusal
    assert caught.value.details["field"] == "file"
    assert set(caught.value.details["text"]) == {"de", "en"}
    assert not Document.objects.filter(case=case).exists()
    assert CaseEvent.objects.filter(case=case).count() == events_before
    assert stored_files(media) == []


def test_a_temporary_upload_is_scanned_from_its_path(cast, case, media, tmp_path):
    script = tmp_path / "scanner.py"
    script.write_text("import sys; sys.exit(1)")
    temporary = TemporaryUploadedFile("vertrag.pdf", "application/pdf", 0, None)
    temporary.write(files.pdf())
    with override_settings(LOTSE_MALWARE_SCANNER=f"python3 {script}"):
        with pytest.raises(DomainError) as caught:
            document_upload(case=case, actor=cast("company_hr"), kind="passport", upload=temporary)
    assert caught.value.details["refusal"] == "malware"
    assert stored_files(media) == []
    temporary.close()
    assert not os.path.exists(temporary.file.name)


def test_partners_outside_company_and_chamber_cannot_add_documents(cast, case, media):
    with pytest.raises(DomainError) as caught:
        document_upload(
            case=case,
            actor=cast("welcome_adviser"),
            kind="passport",
            upload=upload(files.pdf(), "pass.pdf", ""),
        )
    assert caught.value.code == CaseError.NOT_YOUR_STEP


def test_a_family_document_needs_a_family_member_of_the_same_case(cast, case, media):
    with pytest.raises(DomainError) as caught:
        document_upload(
            case=case,
            actor=cast("company_hr"),
            kind="marriage_certificate",
            upload=upload(files.pdf(), "heirat.pdf", ""),
        )
    assert caught.value.code == DocumentError.FAMILY_MEMBER_NEEDED


def test_a_database_failure_deletes_the_stored_file(cast, case, media, monkeypatch):
    from lotse.documents import services

    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "_record", broken)
    with pytest.raises(RuntimeError):
        document_upload(
            case=case,
            actor=cast("company_hr"),
            kind="passport",
            upload=upload(files.pdf(), "pass.pdf", ""),
        )
    assert stored_files(media) == []
