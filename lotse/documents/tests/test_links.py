"""The worker's upload link: mailed, used without an account, refused alike when not valid."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail as outbox_sent
from django.core import signing
from django.urls import reverse

from lotse.cases import services as case_services
from lotse.cases.models import CaseAccess, CaseEvent
from lotse.core import clock
from lotse.core.errors import DomainError
from lotse.core.models import OutboxMail
from lotse.demo.stories import valid_intake
from lotse.documents.links import link_revoke, link_send, link_token, link_url
from lotse.documents.models import Document
from lotse.documents.tests import files
from lotse.documents.tests.test_upload_handler import BOUNDARY


@pytest.fixture
def case(cast):
    return case_services.case_create(actor=cast("company_hr"), fields=valid_intake())


@pytest.fixture
def link(cast, case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return link_send(case=case, actor=cast("company_hr"), email="worker@example.org")


def page(link) -> str:
    return reverse("documents:link", args=[link_token(link)])


def multipart_body(fields: dict, file_name: str, data: bytes, content_type: str) -> bytes:
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        (
            f"--{BOUNDARY}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode()
        + data
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def post_file(client, url, file_name, data, content_type="application/pdf", kind="passport"):
    body = multipart_body({"kind": kind, "language": "ru"}, file_name, data, content_type)
    return client.generic(
        "POST", url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )


def test_sending_a_link_mails_only_the_link_and_the_companys_name(cast, case, link):
    row = OutboxMail.objects.get(kind="documents.upload_link")
    assert row.to == "worker@example.org"
    message = outbox_sent.outbox[-1]
    assert message.to == ["worker@example.org"]
    assert link_url(link) in message.body
    assert case.company.name in message.body
    assert case.worker_last_name not in message.body and case.reference not in message.body
    event = CaseEvent.objects.filter(case=case).latest("seq")
    assert event.type == "upload_link.sent"
    assert "worker@example.org" not in str(event.payload)  # the address is a personal value


def test_only_the_companys_staff_send_links(cast, case):
    with pytest.raises(DomainError):
        link_send(case=case, actor=cast("ihk_adviser"), email="worker@example.org")
    with pytest.raises(DomainError) as caught:
        link_send(case=case, actor=cast("company_hr"), email="not an address")
    assert caught.value.details["field"] == "email"


def test_the_worker_uploads_through_the_link_without_an_account(client, case, link):
    response = client.get(page(link))
    assert response.status_code == 200
    assert case.company.name in response.content.decode()
    response = post_file(client, page(link), "pass.pdf", files.pdf())
    assert response.status_code == 302
    document = Document.objects.get(case=case)
    assert document.uploaded_via == link and document.uploaded_by is None
    accesses = CaseAccess.objects.filter(case=case, link_id=link.pk)
    assert accesses.filter(user=None).count() == accesses.count() >= 2


def test_a_refused_file_on_the_link_page_names_the_reason_and_keeps_nothing(client, case, link):
    response = post_file(client, page(link), "pass.pdf", files.png(), kind="passport")
    assert response.status_code == 400
    text = response.content.decode()
    assert "PNG" in text and ("Inhalt" in text or "content" in text)
    assert not Document.objects.filter(case=case).exists()


@pytest.mark.parametrize("how", ["expired", "revoked", "forged", "guessed"])
def test_links_that_do_not_open_are_refused_alike(cast, client, case, link, how):
    url = page(link)
    if how == "expired":
        link.expires_at = clock.now() - datetime.timedelta(seconds=1)
        link.save()
    elif how == "revoked":
        link_revoke(link=link, actor=cast("company_hr"))
    elif how == "forged":
        url = reverse("documents:link", args=[signing.Signer(salt="other").sign(str(link.pk))])
    else:
        url = reverse("documents:link", args=["x" * 40])
    response = client.get(url)
    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode() or "nicht gültig" in (
        response.content.decode()
    )
    assert post_file(client, url, "pass.pdf", files.pdf()).status_code == 404
    assert not Document.objects.filter(case=case).exists()


def test_a_link_of_another_case_does_not_reach_this_one(cast, case, link):
    other = case_services.case_create(actor=cast("company_hr"), fields=valid_intake())
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lotse.documents.services import document_upload

    with pytest.raises(DomainError):
        document_upload(
            case=other,
            link=link,
            kind="passport",
            upload=SimpleUploadedFile("pass.pdf", files.pdf(), "application/pdf"),
        )
