"""The authority confirms the deemed consent (§ 36 Abs. 2 S. 2 BeschV) once `periodic` marked the
agency's week as passed: the next step names the authority, its contact finds a notice in the
inbox, the step is the competent authority's caseworker's alone and only after the week, and it
names the case version; the consent track then reads "deemed given"."""

import datetime
import json

from django.urls import reverse

from lotse.cases import services as cases
from lotse.cases.event_types import EventType
from lotse.cases.models import CaseEvent, NextStep, Track
from lotse.cases.next_step import Step
from lotse.cases.selectors import case_version
from lotse.cases.tracks import TrackKind, TrackState
from lotse.core import clock
from lotse.core.errors import DomainError
from lotse.deadlines.services import consent_weeks_expire
from lotse.inbox.models import Thread
from lotse.procedure import services as procedure

D = datetime.date
BASIS = "§ 36 Abs. 2 S. 2 BeschV"


def _expired(story):
    """Kaya's case (consent asked Monday 17 March 2025) after periodic ran on 25 March."""
    kaya = story("Kaya")
    with clock.travel_to(D(2025, 3, 25)):
        assert consent_weeks_expire() == 1
    return kaya


def _consent(case) -> str:
    return Track.objects.get(case=case, kind=TrackKind.CONSENT).state


def test_after_the_week_the_next_step_is_the_authoritys_confirmation(story):
    kaya = story("Kaya")
    assert NextStep.objects.get(case=kaya).step == Step.CONSENT_DECIDE  # the agency's, first
    _expired(story)
    step = NextStep.objects.get(case=kaya)
    assert (step.organisation.key, step.step) == ("abh-lhh", Step.CONSENT_CONFIRM_DEEMED)
    assert step.due == D(2025, 3, 24)  # the week's last day, passed: the light is red
    assert _consent(kaya) == TrackState.WEEK_EXPIRED


def test_the_authoritys_contact_finds_one_notice_in_the_inbox(story, cast):
    kaya = _expired(story)
    with clock.travel_to(D(2025, 3, 26)):
        assert consent_weeks_expire() == 0  # a second run posts nothing
    notices = Thread.objects.filter(case_id=kaya.pk, dedupe_key__contains="consent_week")
    notice = notices.get()
    assert notice.organisation.key == "abh-lhh"
    assert notice.person == cast("abh_city_caseworker").user  # the case's named contact
    assert notice.params == {"reference": kaya.reference, "end": "24.03.2025", "basis": BASIS}


def test_the_page_step_confirms_with_the_citation(login, story, post_step):
    kaya = _expired(story)
    client = login("abh_city_caseworker")
    page = client.get(reverse("cases:detail", args=[kaya.pk])).content.decode()
    # German first: the button and its help with the citation
    assert "Zustimmungsfiktion bestätigen" in page and "§ 36 Abs. 2 S. 2 BeschV: Im" in page
    refused = post_step(client, "consent_confirm_deemed", kaya, follow=True)
    assert "Bitte bestätigen Sie, dass Sie" in refused.content.decode()  # the box, named
    assert _consent(kaya) == TrackState.WEEK_EXPIRED
    done = post_step(client, "consent_confirm_deemed", kaya, follow=True, no_answer_elsewhere="on")
    text = done.content.decode()
    assert "als erteilt erfasst" in text and "24.03.2025" in text and BASIS in text
    assert _consent(kaya) == TrackState.DEEMED_GIVEN
    event = CaseEvent.objects.get(case=kaya, type=EventType.CONSENT_DEEMED_GIVEN)
    assert event.payload == {"ended": "2025-03-24", "basis": BASIS}
    assert event.organisation.key == "abh-lhh"
    assert NextStep.objects.get(case=kaya).step != Step.CONSENT_CONFIRM_DEEMED


def test_the_api_takes_the_same_step_with_the_case_version(login, story):
    kaya = _expired(story)
    client = login("abh_city_caseworker")
    url = f"/api/v1/cases/{kaya.pk}/consent-confirm-deemed"
    old = case_version(case=kaya) - 1
    stale = client.post(
        url, json.dumps({"no_answer_elsewhere": True, "version": old}), "application/json"
    )
    assert (stale.status_code, stale.json()["code"]) == (409, "case_changed")
    body = {"no_answer_elsewhere": True, "version": case_version(case=kaya)}
    answer = client.post(url, json.dumps(body), "application/json")
    assert answer.status_code == 200, answer.content
    assert BASIS in answer.json()["message"]
    assert _consent(kaya) == TrackState.DEEMED_GIVEN


def test_only_after_the_week_and_only_the_competent_authority(story, cast):
    kaya = story("Kaya")
    authority = cast("abh_city_caseworker")
    for actor, code in (
        (authority, "consent_week_running"),  # the week has not been marked passed
        (cast("aa_caseworker"), "not_your_step"),
    ):
        try:
            procedure.consent_confirm_deemed(case=kaya, actor=actor)
        except DomainError as refused:
            assert refused.code == code
        else:
            raise AssertionError(f"{actor} confirmed the deemed consent")
    _expired(story)
    for member in (
        "aa_caseworker",
        "zentralstelle_caseworker",
        "company_hr",
        "abh_region_caseworker",
    ):
        try:
            procedure.consent_confirm_deemed(case=kaya, actor=cast(member))
        except DomainError as refused:
            assert refused.code == "not_your_step", member
        else:
            raise AssertionError(f"{member} confirmed the deemed consent")
    procedure.consent_confirm_deemed(case=kaya, actor=authority)
    try:
        procedure.consent_confirm_deemed(case=kaya, actor=authority)
    except DomainError as refused:
        assert refused.code == "wrong_state"  # confirmed once


def test_the_agency_may_still_record_the_answer_it_gave_elsewhere(story, cast):
    kaya = _expired(story)
    cases.case_decide_consent(case=kaya, actor=cast("aa_caseworker"), given=True)
    assert _consent(kaya) == TrackState.GIVEN
    assert NextStep.objects.get(case=kaya).step != Step.CONSENT_CONFIRM_DEEMED
