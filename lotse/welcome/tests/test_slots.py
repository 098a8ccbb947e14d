"""First consultations: slots, booking into a draft case with the adviser in the advice role, no
double booking, .ics for both sides, cancel and move."""

import datetime

import pytest
from django.urls import reverse

from lotse.cases.models import CaseContact, Participant, ParticipantRole
from lotse.cases.need_to_know import Audience, Part, view_for
from lotse.cases.services import case_create, case_update
from lotse.cases.visibility import visible_to
from lotse.core import clock
from lotse.core.errors import DomainError
from lotse.welcome import slots
from lotse.welcome.models import Slot
from lotse.welcome.tests.helpers import START, calendars, mails_to

pytestmark = pytest.mark.django_db
NOW = START - datetime.timedelta(days=5)


def offer(adviser, *, at=START) -> Slot:
    return slots.slot_publish(
        actor=adviser, starts_at=at, ends_at=at + datetime.timedelta(minutes=45), place="Online"
    )


def test_booking_opens_a_draft_with_the_adviser_advising_and_named(cast):
    adviser, company = cast("ihk_adviser"), cast("company_hr")
    with clock.travel_to(NOW):
        slot = offer(adviser)
        slot = slots.slot_book(actor=company, slot=slot, need="Two welders from Vietnam")
    participant = Participant.objects.get(case_id=slot.case_id, organisation=adviser.organisation)
    assert participant.role == ParticipantRole.ADVICE
    contact = CaseContact.objects.get(case_id=slot.case_id, organisation=adviser.organisation)
    assert contact.membership == adviser  # that adviser, not the chamber's default contact
    case = visible_to(adviser.user).get(pk=slot.case_id)
    assert case.state == "draft" and case.company == company.organisation
    view = view_for(user=adviser.user, case=case, active=adviser)
    assert view.audiences == {Audience.ADVICE}
    assert view.sees(Part.QUALIFICATION) and view.sees(Part.JOB) and view.sees(Part.NAME)
    assert not view.sees(Part.PASSPORT) and not view.sees(Part.DOCUMENTS)


def test_the_adviser_sees_intake_facts_but_no_passport_on_the_case_page(cast, client):
    adviser, company = cast("welcome_adviser"), cast("company_hr")
    with clock.travel_to(NOW):
        slot = slots.slot_book(actor=company, slot=offer(adviser), need="Nurses")
        case = visible_to(company.user).get(pk=slot.case_id)
        case_update(
            case=case,
            actor=company,
            fields={
                "worker_last_name": "Nguyễn",
                "worker_passport_number": "C7731904",
                "job_title": "Pflegefachkraft",
            },
        )
    client.force_login(adviser.user)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Nguyễn" in page and "Pflegefachkraft" in page
    assert "C7731904" not in page


def test_booking_joins_a_case_the_company_chose(cast):
    adviser, company = cast("hwk_adviser"), cast("company_hr")
    with clock.travel_to(NOW):
        case = case_create(actor=company, fields={})
        slot = slots.slot_book(actor=company, slot=offer(adviser), need="x", case_id=case.pk)
    assert slot.case_id == case.pk
    assert Participant.objects.filter(case=case, role=ParticipantRole.ADVICE).count() == 1


def test_a_slot_is_booked_once(cast):
    adviser = cast("ihk_adviser")
    with clock.travel_to(NOW):
        slot = offer(adviser)
        slots.slot_book(actor=cast("company_hr"), slot=slot, need="a")
        with pytest.raises(DomainError) as refusal:
            slots.slot_book(actor=cast("other_company_hr"), slot=slot, need="b")
    assert refusal.value.code == "slot_taken"
    slot.refresh_from_db()
    assert slot.booked_by == cast("company_hr")


def test_only_companies_book_and_only_advisers_offer(cast):
    with clock.travel_to(NOW):
        with pytest.raises(DomainError) as not_adviser:
            offer(cast("company_hr"))
        slot = offer(cast("welcome_adviser"))
        with pytest.raises(DomainError) as not_company:
            slots.slot_book(actor=cast("aa_caseworker"), slot=slot, need="x")
        with pytest.raises(DomainError) as clash:
            offer(cast("welcome_adviser"))
    assert not_adviser.value.code == "not_adviser"
    assert not_company.value.code == "not_company"
    assert clash.value.code == "slot_clash"


def test_both_sides_get_the_ics_and_a_move_keeps_the_uid(cast):
    adviser, company = cast("ihk_adviser"), cast("company_hr")
    with clock.travel_to(NOW):
        slot = slots.slot_book(actor=company, slot=offer(adviser), need="x")
    (for_adviser,) = calendars(mails_to(adviser.user.email)[-1])
    (for_company,) = calendars(mails_to(company.user.email)[-1])
    first = for_company.walk("VEVENT")[0]
    assert first["UID"] == for_adviser.walk("VEVENT")[0]["UID"]
    assert first.decoded("DTSTART") == START
    later = START + datetime.timedelta(days=1)
    with clock.travel_to(NOW):
        slots.slot_reschedule(
            actor=adviser, slot=slot, starts_at=later, ends_at=later + datetime.timedelta(hours=1)
        )
    (moved,) = calendars(mails_to(company.user.email)[-1])
    entry = moved.walk("VEVENT")[0]
    assert entry["UID"] == first["UID"] and entry["SEQUENCE"] > first["SEQUENCE"]
    assert entry.decoded("DTSTART") == later
    with clock.travel_to(NOW):
        slots.slot_cancel(actor=company, slot=slot)
    (cancelled,) = calendars(mails_to(adviser.user.email)[-1])
    assert cancelled["METHOD"] == "CANCEL"
    assert cancelled.walk("VEVENT")[0]["SEQUENCE"] > entry["SEQUENCE"]
    slot.refresh_from_db()
    assert slot.booked_by is None and slot.withdrawn_at is None  # free again for others


def test_the_company_moves_its_booking_to_another_slot(cast):
    adviser, company = cast("ihk_adviser"), cast("company_hr")
    with clock.travel_to(NOW):
        first = slots.slot_book(actor=company, slot=offer(adviser), need="welders")
        other = offer(adviser, at=START + datetime.timedelta(hours=2))
        moved = slots.slot_move(actor=company, slot=first, to=other)
    first.refresh_from_db()
    assert moved.case_id is not None and first.booked_by is None
    assert moved.need == "welders" and moved.booked_by == company


def test_a_stranger_cannot_cancel(cast):
    with clock.travel_to(NOW):
        slot = slots.slot_book(actor=cast("company_hr"), slot=offer(cast("ihk_adviser")), need="x")
        with pytest.raises(DomainError) as refusal:
            slots.slot_cancel(actor=cast("other_company_hr"), slot=slot)
    assert refusal.value.code == "not_your_slot"


def test_the_page_books_and_leads_to_the_case(cast, login):
    with clock.travel_to(NOW):
        slot = offer(cast("welcome_adviser"))
    client = login("company_hr")
    page = client.get(reverse("welcome:slots"))
    assert page.status_code == 200 and str(slot.pk) in page.content.decode()
    with clock.travel_to(NOW):
        response = client.post(reverse("welcome:slot_book", args=[slot.pk]), {"need": "x"})
    slot.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[slot.case_id])


def test_erasure_removes_what_the_company_wrote_when_booking(cast):
    from lotse.cases.erasure import personal_data_erase

    with clock.travel_to(NOW):
        slot = slots.slot_book(
            actor=cast("company_hr"), slot=offer(cast("ihk_adviser")), need="Frau Nguyễn, Pflege"
        )
    case = visible_to(cast("company_hr").user).get(pk=slot.case_id)
    personal_data_erase(case=case, basis="retention")
    slot.refresh_from_db()
    assert slot.need == ""
