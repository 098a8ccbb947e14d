"""Tracks folded from the log, the stored track and next-step projections, and participant events."""

import pytest
from django.db import transaction

from lotse.cases import guards, services
from lotse.cases.event_types import EventType
from lotse.cases.models import Case, CaseEvent, NextStep, Participant, Track
from lotse.cases.next_step import Step
from lotse.cases.personal import events_open
from lotse.cases.projections import next_step_derive, stored_tracks
from lotse.cases.replay import participants_fold
from lotse.cases.tracks import TrackKind, TrackState, fold
from lotse.core import clock
from lotse.core.errors import DomainError
from lotse.deadlines.periods import period_end
from lotse.demo.stories import PAPER_DOSSIER
from lotse.orgs.models import Membership, Organisation

REQUESTED = EventType.CONSENT_REQUESTED
GIVEN = EventType.CONSENT_GIVEN
REFUSED = EventType.CONSENT_REFUSED
DEEMED = EventType.CONSENT_DEEMED_GIVEN
EXPIRED = EventType.CONSENT_WEEK_EXPIRED
CONSENT = (TrackKind.CONSENT, "")


@pytest.mark.parametrize(
    ("log", "tracks"),
    [
        ([], {}),
        ([EventType.CASE_CREATED, EventType.DOSSIER_FORWARDED], {}),
        ([REQUESTED], {CONSENT: TrackState.REQUESTED}),
        ([REQUESTED, EventType.CONTACT_ASSIGNED], {CONSENT: TrackState.REQUESTED}),
        ([REQUESTED, GIVEN], {CONSENT: TrackState.GIVEN}),
        ([REQUESTED, REFUSED], {CONSENT: TrackState.REFUSED}),
        ([REQUESTED, EXPIRED], {CONSENT: TrackState.WEEK_EXPIRED}),
        ([REQUESTED, EXPIRED, DEEMED], {CONSENT: TrackState.DEEMED_GIVEN}),
        ([REQUESTED, EXPIRED, GIVEN], {CONSENT: TrackState.GIVEN}),
        ([REQUESTED, EXPIRED, REFUSED], {CONSENT: TrackState.REFUSED}),
    ],
)
def test_the_consent_track_folds_from_its_events(log, tracks):
    assert fold((event, {}) for event in log) == tracks


@pytest.mark.parametrize(
    "log",
    [
        [GIVEN],
        [REFUSED],
        [DEEMED],
        [REQUESTED, REQUESTED],
        [REQUESTED, REFUSED, GIVEN],
        # § 36 Abs. 2 S. 2 BeschV: deemed given only once the week is marked as passed
        [REQUESTED, DEEMED],
        [REQUESTED, EXPIRED, EXPIRED],
    ],
)
def test_a_track_event_from_the_wrong_state_is_refused(log):
    with pytest.raises(DomainError) as refused:
        fold((event, {}) for event in log)
    assert refused.value.code == "wrong_state"


def _events(case: Case) -> list[CaseEvent]:
    return list(case.events.order_by("seq"))


def test_the_demo_tracks_participants_and_next_steps_rebuild_from_the_log(db):
    for case in Case.objects.all():
        events = _events(case)
        assert stored_tracks(case) == fold((e.type, e.payload) for e in events), case.reference
        stored = set(case.participants.values_list("organisation__key", "role"))
        assert stored == set(participants_fold(events))
        stored_step = NextStep.objects.filter(case=case).values(*next_step_derive(case)).get()
        assert stored_step == next_step_derive(case), case.reference
    assert stored_tracks(Case.objects.get(worker_last_name="Kaya")) == {
        CONSENT: TrackState.REQUESTED
    }


def test_the_track_and_the_next_step_are_written_with_the_event(cast, story):
    case = story("El Amrani")
    step = NextStep.objects.get(case=case)
    assert (step.organisation.key, step.step) == ("lab-ni-zentralstelle", Step.CONSENT_REQUEST)
    assert step.contact == cast("zentralstelle_caseworker")
    services.case_request_consent(case=case, actor=cast("zentralstelle_caseworker"))
    requested = case.events.get(type=EventType.CONSENT_REQUESTED)
    track = Track.objects.get(case=case, kind=TrackKind.CONSENT)
    assert (track.state, track.seq, track.since) == ("requested", requested.seq, requested.at)
    step = NextStep.objects.get(case=case)
    assert (step.organisation.key, step.step) == ("aa-hannover", Step.CONSENT_DECIDE)
    # the agency's week (§ 36 Abs. 2 S. 2 BeschV), which the clocks (`deadlines`) project
    week = period_end(requested.at.astimezone(clock.BERLIN).date(), "1w")
    assert step.contact == cast("aa_caseworker") and step.due == week
    services.case_decide_consent(case=case, actor=cast("aa_caseworker"), given=True)
    assert Track.objects.get(case=case, kind=TrackKind.CONSENT).state == "given"
    step = NextStep.objects.get(case=case)
    assert (step.organisation.key, step.step) == ("lab-ni-zentralstelle", Step.AGREEMENT_DRAFT)


def test_the_projections_roll_back_with_their_event(cast, story):
    case = story("El Amrani")
    before = NextStep.objects.values().get(case=case)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.case_request_consent(case=case, actor=cast("zentralstelle_caseworker"))
        assert Track.objects.filter(case=case).exists()
        raise RuntimeError("the transaction fails after the event")
    assert not Track.objects.filter(case=case).exists()
    assert not case.events.filter(type=EventType.CONSENT_REQUESTED).exists()
    assert NextStep.objects.values().get(case=case) == before


def test_a_contact_handover_moves_the_next_step_to_the_successor(cast, story):
    case = story("Raman")
    successor = Membership.objects.filter(
        organisation__key="ihk-hannover", role="lead", active=True
    ).first()
    services.case_contact_assign(case=case, actor=cast("ihk_lead"), membership=successor)
    assert NextStep.objects.get(case=case).contact == successor


def test_consent_is_decided_by_the_agency_only_and_a_refusal_needs_a_reason(cast, story):
    case = story("Kaya")
    for key in ("abh_city_caseworker", "company_hr", "ihk_adviser"):
        assert guards.case_can_decide_consent(case=case, actor=cast(key)).code == "not_your_step"
    with pytest.raises(DomainError) as refused:
        services.case_decide_consent(case=case, actor=cast("aa_caseworker"), given=False)
    assert refused.value.code == "reason_required"
    services.case_decide_consent(
        case=case, actor=cast("aa_caseworker"), given=False, reason="Vorrangprüfung negativ"
    )
    assert Track.objects.get(case=case).state == "refused"
    [last] = events_open([case.events.order_by("-seq").first()])
    assert last.data == {"reason": "Vorrangprüfung negativ"}  # committed in the payload
    assert set(last.payload["reason"]) == {"$commit"}
    assert guards.case_can_decide_consent(case=case, actor=cast("aa_caseworker")).code == (
        "wrong_state"
    )


def test_the_consent_guard_asks_the_track_not_the_events(cast, story):
    case = story("Kaya")
    actor = cast("abh_city_caseworker")
    assert guards.case_can_request_consent(case=case, actor=actor).code == (
        "consent_already_requested"
    )
    Track.objects.filter(case=case).delete()
    assert guards.case_can_request_consent(case=case, actor=actor)


def test_every_participant_write_is_an_event(cast, story):
    case = story("Raman")
    agency = Organisation.objects.get(key="aa-hannover")
    agency.default_contact.active = False
    agency.default_contact.save(update_fields=["active"])
    services.case_involve_partner(case=case, actor=cast("company_hr"), organisation=agency)
    added = case.events.order_by("-seq").first()
    assert added.type == EventType.PARTICIPANT_ADDED
    assert added.payload | {"organisation_name": ""} == {
        "organisation": "aa-hannover",
        "organisation_name": "",
        "role": "contact",
    }
    assert not case.contacts.filter(organisation=agency).exists()
    from lotse.forwarding.services import case_forward
    from lotse.forwarding.testing import accepted

    case_forward(case=case, actor=cast("ihk_adviser"), reason=PAPER_DOSSIER)
    accepted(case, authority=cast("zentralstelle_caseworker"))
    services.case_request_consent(case=case, actor=cast("zentralstelle_caseworker"))
    changed = case.events.get(type=EventType.PARTICIPANT_ROLE_CHANGED)
    assert changed.payload == {
        "organisation": "aa-hannover",
        "organisation_name": "Agentur für Arbeit Hannover",
        "old": "contact",
        "new": "employment_agency",
    }
    step = NextStep.objects.get(case=case)
    assert (step.organisation, step.contact) == (agency, None)


def test_the_demo_logs_name_every_participant(db):
    for participant in Participant.objects.select_related("organisation"):
        assert participant.case.events.filter(
            type=EventType.PARTICIPANT_ADDED, payload__organisation=participant.organisation.key
        ).exists()


def test_the_timeline_names_the_partner_and_its_part(login, story):
    from django.urls import reverse

    case = story("Kaya")
    text = login("abh_city_caseworker").get(reverse("cases:detail", args=[case.pk])).content
    assert "Agentur für Arbeit Hannover — Bundesagentur für Arbeit (Zustimmung)" in text.decode()
