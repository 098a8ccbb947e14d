"""The rejecting authority keeps only what it already saw: after it rejects a dossier it sees the
case as it was up to its rejection — its submissions, the events and facts it had — and nothing
new, on the page, in the API, in its lists and inbox, and in the dossier downloads; every
submission it saw stays downloadable by its id, as each is for the company and the chamber."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lotse.cases import services as case_services
from lotse.cases.models import Case, CaseAccess, CaseContact, Participant, ParticipantRole
from lotse.cases.prechecks import case_run_precheck
from lotse.cases.states import CaseState
from lotse.core import clock
from lotse.documents.services import document_upload
from lotse.documents.tests import files
from lotse.forwarding.models import Submission, SubmissionState
from lotse.forwarding.services import dossier_reject
from lotse.forwarding.tests.conftest import TODAY, VIETNAMESE, forward, ready_case

pytestmark = pytest.mark.usefixtures("media")
REASONS = "Arbeitsvertrag ohne Unterschrift (§ 81a Abs. 3 Nr. 1 AufenthG)"
NEW_NAME = "Hoa"


def client_of(cast, key: str) -> Client:
    client = Client()
    client.force_login(cast(key).user)
    return client


@pytest.fixture
def rejected(cast, django_capture_on_commit_callbacks):
    """Forwarded, delivered and rejected by the Zentralstelle; then the chamber returns the case,
    the company renames the worker and adds a document, the chamber checks again: all of that
    is new to the authority."""
    case = ready_case(cast)
    first = forward(case, cast, deliver=True, capture=django_capture_on_commit_callbacks)
    with clock.travel_to(TODAY):
        dossier_reject(
            case=Case.objects.get(pk=case.pk),
            actor=cast("zentralstelle_caseworker"),
            reasons=REASONS,
        )
        end = Case.objects.get(pk=case.pk).events.order_by("-seq").first().seq
        case = case_services.case_return(
            case=Case.objects.get(pk=case.pk), actor=cast("ihk_adviser"), missing="Seite zwei fehlt"
        )
        case = case_services.case_update(
            case=case, actor=cast("company_hr"), fields={"worker_first_name": NEW_NAME}
        )
        document_upload(
            case=case,
            actor=cast("company_hr"),
            kind="qualification_certificate",
            language="de",
            upload=SimpleUploadedFile("zeugnis.pdf", files.pdf(pages=1), "application/pdf"),
        )
        case_services.case_submit(case=case, actor=cast("company_hr"), chamber=case.chamber)
        case_run_precheck(case=Case.objects.get(pk=case.pk), actor=cast("ihk_adviser"))
    return Case.objects.get(pk=case.pk), first, end


def test_the_part_ends_with_the_rejection(rejected, cast):
    case, _first, end = rejected
    part = Participant.objects.get(case=case, role=ParticipantRole.AUTHORITY)
    assert (part.seen_until, part.listed) == (end, False)
    authority = cast("zentralstelle_caseworker").organisation
    assert not CaseContact.objects.filter(case=case, organisation=authority).exists()
    assert case.events.order_by("-seq").first().seq > end  # the case moved on since


def test_the_page_shows_the_case_as_it_was(rejected, cast):
    case, first, end = rejected
    client = client_of(cast, "zentralstelle_caseworker")
    response = client.get(reverse("cases:detail", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Die Beteiligung Ihrer Organisation an diesem Fall ist beendet" in page
    assert VIETNAMESE[0] in page and NEW_NAME not in page  # the facts it saw, not the new ones
    assert REASONS in page  # its own rejection, with its reasons
    at = page.find("zeugnis.pdf")
    assert at < 0, page[at - 300 : at + 100]
    assert "Seite zwei fehlt" not in page  # later events: not shown
    assert reverse("forwarding:submission_dossier", args=[case.pk, first.pk]) in page
    # the read is logged, through the organisation whose part ended
    access = CaseAccess.objects.filter(case=case, action="page").latest("at")
    assert access.organisation_id == cast("zentralstelle_caseworker").organisation_id
    # the company and the chamber see the case as it is
    for member in ("company_hr", "ihk_adviser"):
        now = client_of(cast, member).get(reverse("cases:detail", args=[case.pk]))
        assert NEW_NAME in now.content.decode()


def test_no_step_no_export_no_document_for_the_ended_part(rejected, cast, post_step):
    case, _first, _end = rejected
    client = client_of(cast, "zentralstelle_caseworker")
    events = case.events.count()
    assert post_step(client, "message_send", case, text="Hallo").status_code == 404
    assert client.get(reverse("cases:export", args=[case.pk]) + "?person=worker").status_code == 404
    api = client.post(
        f"/api/v1/cases/{case.pk}/accept-dossier", {"version": 1}, content_type="application/json"
    )
    assert api.status_code == 404
    assert case.events.count() == events


def test_the_api_answers_the_case_and_its_events_as_they_were(rejected, cast):
    case, _first, end = rejected
    client = client_of(cast, "zentralstelle_caseworker")
    answer = client.get(f"/api/v1/cases/{case.pk}").json()
    assert answer["version"] == end and answer["allowed_steps"] == []
    assert answer["state"] == CaseState.SUBMITTED
    assert answer["worker_first_name"] == VIETNAMESE[0]
    events = client.get(f"/api/v1/cases/{case.pk}/events").json()
    assert max(event["seq"] for event in events) == end
    assert "document.uploaded" not in {e["type"] for e in events if e["seq"] > 5}
    # the chamber reads the case as it is
    chamber = client_of(cast, "ihk_adviser").get(f"/api/v1/cases/{case.pk}").json()
    assert chamber["worker_first_name"] == NEW_NAME and chamber["version"] > end


def test_the_lists_no_longer_hold_it_the_inbox_keeps_its_submission(rejected, cast):
    case, first, _end = rejected
    client = client_of(cast, "zentralstelle_caseworker")
    listed = client.get("/api/v1/cases").json()["items"]
    assert str(case.pk) not in {item["id"] for item in listed}
    mine = client.get("/api/v1/cases?mine=true").json()["items"]
    assert str(case.pk) not in {item["id"] for item in mine}
    start = client.get(reverse("cases:list")).content.decode()
    assert case.reference not in start
    inbox = client.get(reverse("forwarding:inbox")).content.decode()
    assert case.reference in inbox
    assert reverse("forwarding:submission_dossier", args=[case.pk, first.pk]) in inbox
    # the chamber still lists it
    chamber = client_of(cast, "ihk_adviser").get("/api/v1/cases").json()["items"]
    assert str(case.pk) in {item["id"] for item in chamber}


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_each_submission_is_downloaded_by_its_id_by_whoever_saw_it(
    rejected, cast, django_capture_on_commit_callbacks
):
    case, first, _end = rejected
    # forwarded again: to the same authority (the rules of the day), which sees it again
    second = forward(case, cast, deliver=True, capture=django_capture_on_commit_callbacks)
    assert second.pk != first.pk and second.state == SubmissionState.DELIVERED
    chamber, company = client_of(cast, "ihk_adviser"), client_of(cast, "company_hr")
    for client in (chamber, company):
        for submission in (first, second):
            url = reverse("forwarding:submission_dossier", args=[case.pk, submission.pk])
            manifest = json.loads(_zip(client.get(url)).read("manifest.json"))
            assert manifest["submission"] == str(submission.pk)
        listed = client.get(f"/api/v1/cases/{case.pk}/submissions").json()
        assert [row["id"] for row in listed] == [str(second.pk), str(first.pk)]
        assert [row["state"] for row in listed] == ["delivered", "rejected"]
        api = client.get(f"/api/v1/cases/{case.pk}/submissions/{first.pk}/dossier")
        assert "cover.pdf" in _zip(api).namelist()
    page = chamber.get(reverse("cases:detail", args=[case.pk])).content.decode()
    for submission in (first, second):
        assert reverse("forwarding:submission_dossier", args=[case.pk, submission.pk]) in page
    # the first manifest holds the facts as they were, the second the new ones
    first_zip = _zip(
        chamber.get(reverse("forwarding:submission_dossier", args=[case.pk, first.pk]))
    )
    assert (
        json.loads(first_zip.read("manifest.json"))["case_data"]["worker_first_name"]
        == (VIETNAMESE[0])
    )
    # the authority takes part again and sees the case as it is now
    authority = client_of(cast, "zentralstelle_caseworker")
    part = Participant.objects.get(case=case, role=ParticipantRole.AUTHORITY)
    assert (part.seen_until, part.listed) == (None, True)
    page = authority.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert NEW_NAME in page
    # another authority downloads none of them
    other = client_of(cast, "abh_city_caseworker")
    assert (
        other.get(reverse("forwarding:submission_dossier", args=[case.pk, first.pk])).status_code
        == 404
    )
    assert other.get(f"/api/v1/cases/{case.pk}/submissions").status_code == 404


def test_an_ended_authority_downloads_only_its_own_submissions(rejected, cast, monkeypatch):
    """A submission of the case that went to another authority stays hidden from the one whose
    part ended; its own stays downloadable, on the page and by the API."""
    case, first, _end = rejected
    other_authority = cast("abh_city_caseworker").organisation
    elsewhere = Submission.objects.create(
        case=case,
        destination=other_authority,
        state=SubmissionState.DELIVERED,
        manifest=first.manifest,
        delivered_at=clock.now(),
    )
    client = client_of(cast, "zentralstelle_caseworker")
    listed = client.get(f"/api/v1/cases/{case.pk}/submissions").json()
    assert [row["id"] for row in listed] == [str(first.pk)]
    hidden = reverse("forwarding:submission_dossier", args=[case.pk, elsewhere.pk])
    assert client.get(hidden).status_code == 404
    own = reverse("forwarding:submission_dossier", args=[case.pk, first.pk])
    assert client.get(own).status_code == 200
    assert (
        client.get(f"/api/v1/cases/{case.pk}/submissions/{elsewhere.pk}/dossier").status_code == 404
    )
