"""Erasing a case's personal data takes its documents' files and names and the links' addresses."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from lotse.cases.audit import audit_report
from lotse.cases.erasure import ErasureBasis, personal_data_erase
from lotse.cases.models import PersonalValue
from lotse.core.models import OutboxMail
from lotse.documents.links import link_send
from lotse.documents.models import Document, UploadLink
from lotse.documents.services import document_upload
from lotse.documents.tests import files
from lotse.documents.tests.conftest import stored_files


def test_erasure_deletes_files_names_and_addresses_and_keeps_the_chain(
    cast,
    case,
    media,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    actor = cast("company_hr")
    with django_capture_on_commit_callbacks(execute=True):
        document = document_upload(
            case=case,
            actor=actor,
            kind="passport",
            upload=SimpleUploadedFile("Pass_Quastenberg.pdf", files.pdf(), "application/pdf"),
        )
        link = link_send(case=case, actor=actor, email="quastenberg@example.org")
    assert stored_files(media) == [document.storage_name]
    with django_capture_on_commit_callbacks(execute=True):
        personal_data_erase(case=case, basis=ErasureBasis.RETENTION)
    document.refresh_from_db()
    link.refresh_from_db()
    assert stored_files(media) == []
    assert not default_storage.exists(document.storage_name)
    assert (document.file_name, document.erased_at is not None) == ("", True)
    assert len(document.sha256) == 64  # what was handed in stays provable
    assert link.email == "" and link.revoked_at is not None
    assert not OutboxMail.objects.filter(to="quastenberg@example.org").exists()
    assert not PersonalValue.objects.filter(case=case, value__isnull=False).exists()
    assert Document.objects.filter(case=case).count() == 1
    assert UploadLink.objects.filter(case=case).count() == 1
    assert audit_report().broken == []
