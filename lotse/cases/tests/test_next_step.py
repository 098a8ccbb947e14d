"""The stored next step says what the guards say: for every demo case, the working members of the
projected organisation (and nobody else) may take the projected step."""

from lotse.cases import guards
from lotse.cases.guards import WORKING_ROLES
from lotse.cases.models import Case, NextStep
from lotse.cases.next_step import Step
from lotse.demo.stories import PAPER_DOSSIER
from lotse.forwarding.services import dossier_can_receive
from lotse.orgs.models import Membership

# The guard of each step the projection can name for the demo's states; a step without a guard
# here (the agreement after consent) gets one with its track.
STEP_GUARDS = {
    Step.INTAKE: guards.case_can_edit,
    Step.PRECHECK: guards.case_can_precheck,
    Step.RECEIVE: dossier_can_receive,
    Step.CONSENT_REQUEST: guards.case_can_request_consent,
    Step.CONSENT_DECIDE: guards.case_can_decide_consent,
}


def _allowed(case: Case, people: list[Membership]) -> set[tuple[str, str]]:
    return {
        (person.pk, step)
        for person in people
        for step, guard in STEP_GUARDS.items()
        if guard(case=case, actor=person)
    }


def test_the_next_step_of_every_demo_case_is_what_the_guards_allow(db):
    people = list(Membership.objects.filter(active=True, role__in=WORKING_ROLES))
    seen = set()
    for case in Case.objects.all():
        projected = NextStep.objects.get(case=case)
        seen.add(projected.step)
        if projected.step not in STEP_GUARDS:
            continue  # the procedure's steps: their guards are tested with their tracks
        expected = {
            (person.pk, projected.step)
            for person in people
            if person.organisation_id == projected.organisation_id
        }
        assert _allowed(case, people) == expected, case.reference
        if projected.organisation_id is not None:
            assert expected, f"{case.reference}: nobody at the projected organisation may act"
            assert projected.contact.organisation_id == projected.organisation_id
    # The demo covers every step that has a guard.
    assert set(STEP_GUARDS) <= seen


def test_a_withdrawn_case_waits_for_nobody(cast, story):
    from lotse.cases.services import case_withdraw

    case = case_withdraw(case=story("Nair"), actor=cast("company_hr"))
    projected = NextStep.objects.get(case=case)
    assert (projected.organisation, projected.contact, projected.step) == (None, None, Step.NONE)
    people = Membership.objects.filter(active=True, role__in=WORKING_ROLES)
    assert _allowed(case, list(people)) == set()


def test_what_needs_me_is_one_query(cast, django_assert_num_queries):
    contact = cast("ihk_adviser")
    with django_assert_num_queries(1):
        waiting = list(NextStep.objects.filter(contact=contact).order_by("due", "since"))
    assert {step.case.reference for step in waiting} == {
        case.reference
        for case in Case.objects.filter(state="submitted", chamber__key="ihk-hannover")
    }


def test_the_case_page_says_who_acts_next_and_the_tracks(login, story):
    from django.urls import reverse

    case = story("Kaya")
    text = login("abh_city_caseworker").get(reverse("cases:detail", args=[case.pk])).content
    text = text.decode()
    assert "Wer:</strong> Agentur für Arbeit Hannover · Katrin Wolff" in text
    assert "Zustimmung erteilen oder versagen (§ 39 AufenthG)" in text
    assert "Zustimmung der Bundesagentur für Arbeit:</strong> angefragt" in text


def test_waiting_since_moves_with_the_step_not_with_the_contact(cast, story):
    import datetime

    from lotse.cases.services import case_contact_assign
    from lotse.core import clock
    from lotse.forwarding.services import case_forward

    case = story("Raman")
    submitted = NextStep.objects.get(case=case).since
    lead = cast("ihk_lead")
    with clock.travel_to(datetime.date(2026, 11, 20)):
        case_contact_assign(case=case, actor=lead, membership=lead)
    handed_over = NextStep.objects.get(case=case)
    assert (handed_over.contact, handed_over.since) == (lead, submitted)
    with clock.travel_to(datetime.date(2026, 11, 21)):
        case_forward(case=case, actor=lead, reason=PAPER_DOSSIER)
    forwarded = NextStep.objects.get(case=case)
    assert forwarded.step == Step.RECEIVE
    assert forwarded.since.date() == datetime.date(2026, 11, 21)
