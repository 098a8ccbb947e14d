"""The authority's inbox and its answer on the platform: accept (the § 81a procedure starts) or
reject with reasons (back to the chamber, which forwards again: a new submission); the dossier as
one streamed ZIP with a cover PDF whose names render."""

import hashlib
import io
import json
import unicodedata
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from lotse.cases.event_types import EventType
from lotse.cases.models import Case, NextStep
from lotse.cases.next_step import Step
from lotse.cases.states import CaseState
from lotse.forwarding.models import Submission, SubmissionState
from lotse.forwarding.tests.conftest import ARABIC, VIETNAMESE, forward, ready_case

pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def delivered(cast, django_capture_on_commit_callbacks):
    case = ready_case(cast)
    forward(case, cast, deliver=True, capture=django_capture_on_commit_callbacks)
    return Case.objects.get(pk=case.pk)


def test_the_inbox_lists_delivered_dossiers_with_their_age(delivered, login):
    page = login("zentralstelle_caseworker").get(reverse("forwarding:inbox"))
    assert page.status_code == 200
    text = page.content.decode()
    assert delivered.reference in text and "zugestellt" in text
    submission = Submission.objects.get(case=delivered)
    assert reverse("forwarding:submission_dossier", args=[delivered.pk, submission.pk]) in text


def test_only_an_authority_has_an_inbox_and_sees_only_its_own(delivered, login):
    assert login("company_hr").get(reverse("forwarding:inbox")).status_code == 403
    other = login("abh_city_caseworker").get(reverse("forwarding:inbox")).content.decode()
    assert delivered.reference not in other


def test_accept_by_page_starts_the_procedure(delivered, login, post_step, cast):
    client = login("zentralstelle_caseworker")
    response = post_step(client, "accept_dossier", delivered, follow=True)
    assert response.status_code == 200
    case = Case.objects.get(pk=delivered.pk)
    assert case.state == CaseState.IN_PROCEDURE
    accepted = case.events.order_by("-seq").first()
    assert (accepted.type, accepted.payload["via"]) == (EventType.DOSSIER_ACCEPTED, "page")
    assert Submission.objects.get(case=case).state == SubmissionState.ACCEPTED
    assert NextStep.objects.get(case=case).step == Step.CONSENT_REQUEST
    company_page = login("company_hr").get(reverse("cases:detail", args=[case.pk]))
    assert "Behörde hat das Dossier angenommen" in company_page.content.decode()


def test_reject_by_page_sends_the_case_back_to_the_chamber_with_reasons(
    delivered, login, post_step, cast, django_capture_on_commit_callbacks
):
    reasons = "Arbeitsvertrag ohne Unterschrift (§ 81a Abs. 3 Nr. 1 AufenthG)"
    client = login("zentralstelle_caseworker")
    events = delivered.events.count()
    post_step(client, "reject_dossier", delivered, text="")
    assert Case.objects.get(pk=delivered.pk).state == CaseState.FORWARDED  # nothing stored
    assert delivered.events.count() == events
    post_step(client, "reject_dossier", delivered, text=reasons)
    case = Case.objects.get(pk=delivered.pk)
    assert case.state == CaseState.SUBMITTED
    assert Submission.objects.get(case=case).state == SubmissionState.REJECTED
    assert NextStep.objects.get(case=case).step == Step.PRECHECK
    chamber_page = login("ihk_adviser").get(reverse("cases:detail", args=[case.pk])).content
    assert reasons in chamber_page.decode()
    # the chamber forwards again: a new submission, delivered on its own
    forward(case, cast, deliver=True, capture=django_capture_on_commit_callbacks)
    states = list(Submission.objects.filter(case=case).order_by("created_at").values_list("state"))
    assert states == [(SubmissionState.REJECTED,), (SubmissionState.DELIVERED,)]
    assert Case.objects.get(pk=case.pk).state == CaseState.FORWARDED


def test_nobody_else_answers_for_the_authority(delivered, login, post_step):
    events = delivered.events.count()
    for member in ("ihk_adviser", "company_hr", "abh_city_caseworker"):
        post_step(login(member), "accept_dossier", delivered)
    assert Case.objects.get(pk=delivered.pk).state == CaseState.FORWARDED
    assert delivered.events.count() == events


def test_a_dossier_not_yet_delivered_cannot_be_answered(cast, post_step, login):
    case = ready_case(cast)
    forward(case, cast, deliver=False)
    from lotse.forwarding.services import dossier_can_receive

    case = Case.objects.get(pk=case.pk)
    refusal = dossier_can_receive(case=case, actor=cast("zentralstelle_caseworker"))
    assert refusal.code == "not_delivered"
    post_step(login("zentralstelle_caseworker"), "accept_dossier", case)
    assert Case.objects.get(pk=case.pk).state == CaseState.FORWARDED


def _zip_of(response) -> zipfile.ZipFile:
    data = b"".join(response.streaming_content)
    assert len(data) == int(response["Content-Length"])
    return zipfile.ZipFile(io.BytesIO(data))


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def test_the_dossier_zip_holds_every_file_unchanged_and_a_cover_with_every_name(delivered, login):
    response = login("zentralstelle_caseworker").get(
        reverse("forwarding:dossier", args=[delivered.pk])
    )
    assert response.status_code == 200 and response.streaming
    archive = _zip_of(response)
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest == Submission.objects.get(case=delivered).manifest
    assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())
    for entry in manifest["documents"]:
        assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]
    text = _normal(
        "".join(page.extract_text() for page in PdfReader(archive.open("cover.pdf")).pages)
    )
    assert _normal(VIETNAMESE[1]) in text
    arabic = _normal(ARABIC[1])
    # right-to-left runs may come back in visual (reversed) order
    assert arabic in text or arabic[::-1] in text, text
    for entry in manifest["documents"]:
        assert entry["sha256"] in text


def test_the_dossier_is_for_those_who_see_the_whole_case(delivered, login):
    url = reverse("forwarding:dossier", args=[delivered.pk])
    assert login("company_hr").get(url).status_code == 200
    assert login("abh_city_caseworker").get(url).status_code == 404
