"""A company not yet on the platform books a first consultation on the public page: double
opt-in, the slot held, the adviser confirming the company by its register number (organisation
and first admin made through the audited services), the draft case attached to the new company."""

import datetime

import pytest
from django.urls import reverse

from lotse.cases.models import Case, CaseContact, Participant, ParticipantRole
from lotse.core import clock
from lotse.core.errors import DomainError
from lotse.orgs.models import AuditAction, Membership, Organisation, OrgAuditEntry, Role
from lotse.orgs.services import register_number_clean
from lotse.welcome import guests, slots
from lotse.welcome.models import GuestBooking, GuestBookingStatus, Slot
from lotse.welcome.tests.helpers import START, calendars, links_in, mails_to, token_of

pytestmark = pytest.mark.django_db
NOW = START - datetime.timedelta(days=5)
ASKER = "lena.kraft@kraft-metallbau.example"
FIELDS = {
    "name": "Lena Kraft",
    "email": ASKER,
    "company_name": "Kraft Metallbau GmbH",
    "trade": "craft",
    "register_kind": "commercial",
    "register_number": "Amtsgericht  Hannover hrb 204711",
    "need": "Two welders from Vietnam",
}


def offer(adviser) -> Slot:
    return slots.slot_publish(
        actor=adviser,
        starts_at=START,
        ends_at=START + datetime.timedelta(minutes=45),
        place="Online",
    )


def ask_and_confirm(slot, **changes) -> GuestBooking:
    booking = guests.guest_booking_request(slot=slot, language="en", **(FIELDS | changes))
    mail = [m for m in mails_to(booking.email) if "confirm your request" in m.subject][-1]
    found = guests.guest_from_token(token_of(links_in(mail)[0]), purpose="confirm")
    return guests.guest_booking_hold(booking=found)


def test_register_numbers_are_checked_and_spelt_one_way():
    assert (
        register_number_clean(kind="commercial", number=" Amtsgericht Hannover  hrb 204711 ")
        == "Amtsgericht Hannover HRB 204711"
    )
    assert register_number_clean(kind="establishment", number="1234 5678") == "12345678"
    for kind, number in [("commercial", "HRB 204711"), ("establishment", "1234567"), ("x", "1")]:
        with pytest.raises(DomainError) as refusal:
            register_number_clean(kind=kind, number=number)
        assert refusal.value.code == "register_number_bad"
        assert refusal.value.details["field"] == "register_number"


def test_the_public_request_holds_the_slot_only_after_the_address_is_confirmed(cast):
    adviser = cast("ihk_adviser")
    with clock.travel_to(NOW):
        slot = offer(adviser)
        booking = guests.guest_booking_request(slot=slot, language="en", **FIELDS)
        assert booking.status == GuestBookingStatus.PENDING
        assert booking.register_number == "Amtsgericht Hannover HRB 204711"
        # nothing is held before the confirmation: a company with an account may still book
        assert not slots.slot_held(slot)
        booking = ask_and_confirm(slot)
    assert booking.status == GuestBookingStatus.HELD
    assert GuestBooking.objects.count() == 1  # asking again resent the link, no second row
    assert not Organisation.objects.filter(name="Kraft Metallbau GmbH").exists()
    asks = [m for m in mails_to(adviser.user.email) if "Kraft Metallbau GmbH" in m.body]
    assert asks and "Registernummer" in asks[-1].body  # in the adviser's language
    with clock.travel_to(NOW), pytest.raises(DomainError) as refusal:
        slots.slot_book(actor=cast("company_hr"), slot=slot, need="x")
    assert refusal.value.code == "slot_taken"


def test_bad_input_names_the_field_and_stores_nothing(cast):
    with clock.travel_to(NOW):
        slot = offer(cast("ihk_adviser"))
        for changes, field in [
            ({"email": "lena@"}, "email"),
            ({"register_number": "12"}, "register_number"),
            ({"company_name": " "}, "company_name"),
            ({"trade": ""}, "trade"),
        ]:
            with pytest.raises(DomainError) as refusal:
                guests.guest_booking_request(slot=slot, **(FIELDS | changes))
            assert refusal.value.details["field"] == field
    assert not GuestBooking.objects.exists()


def test_the_adviser_confirms_the_company_which_joins_with_its_admin_and_draft_case(cast):
    adviser = cast("hwk_adviser")
    with clock.travel_to(NOW):
        slot = offer(adviser)
        booking = ask_and_confirm(slot)
        with pytest.raises(DomainError):  # another adviser cannot decide
            guests.guest_booking_accept(actor=cast("ihk_adviser"), booking=booking)
        booking = guests.guest_booking_accept(actor=adviser, booking=booking)
    company = Organisation.objects.get(name="Kraft Metallbau GmbH")
    assert company.kind == "company" and company.trade == "craft"
    assert company.register_number == "Amtsgericht Hannover HRB 204711"
    admin = Membership.objects.get(organisation=company)
    assert admin.role == Role.ADMIN and admin.user.email == ASKER
    assert booking.status == GuestBookingStatus.ACCEPTED and booking.membership == admin
    (entry,) = OrgAuditEntry.objects.filter(organisation=company)
    assert entry.action == AuditAction.MEMBERSHIP_ADDED and entry.actor == adviser.user
    slot.refresh_from_db()
    assert slot.booked_by == admin and slot.need == "Two welders from Vietnam"
    case = Case.objects.get(pk=slot.case_id)
    assert case.company == company and case.state == "draft"
    assert Participant.objects.get(case=case, organisation=adviser.organisation).role == (
        ParticipantRole.ADVICE
    )
    assert CaseContact.objects.get(case=case, organisation=adviser.organisation).membership == (
        adviser
    )
    # both sides get the invitation for their calendar
    for person in (ASKER, adviser.user.email):
        booked = [m for m in mails_to(person) if calendars(m)]
        assert booked and str(calendars(booked[-1])[0].walk("VEVENT")[0]["UID"]).startswith("slot")


def test_the_register_number_of_a_company_on_the_platform_is_refused_at_confirmation(cast):
    adviser = cast("ihk_adviser")
    with clock.travel_to(NOW):
        first = ask_and_confirm(offer(adviser))
        guests.guest_booking_accept(actor=adviser, booking=first)
        other = slots.slot_publish(
            actor=adviser,
            starts_at=START + datetime.timedelta(hours=2),
            ends_at=START + datetime.timedelta(hours=3),
            place="Online",
        )
        second = ask_and_confirm(
            other,
            email="k.kraft@kraft-metallbau.example",
            register_number="Amtsgericht Hannover HRB 204711",
        )
        with pytest.raises(DomainError) as refusal:
            guests.guest_booking_accept(actor=adviser, booking=second)
    assert refusal.value.code == "register_number_taken"
    assert Organisation.objects.filter(register_number__endswith="204711").count() == 1


def test_either_side_calls_a_request_off_and_the_slot_is_free_again(cast):
    adviser = cast("ihk_adviser")
    with clock.travel_to(NOW):
        slot = offer(adviser)
        booking = ask_and_confirm(slot)
        guests.guest_booking_cancel(booking=booking, actor=adviser)
        assert not slots.slot_held(slot)
        again = ask_and_confirm(slot, email="other@kraft-metallbau.example")
        guests.guest_booking_cancel(booking=again)  # the person, through the mailed link
        slots.slot_book(actor=cast("company_hr"), slot=slot, need="x")
    assert any("not possible" in m.subject for m in mails_to(ASKER))
    assert any("zurückgezogen" in m.subject for m in mails_to(adviser.user.email))


def test_the_public_pages_work_without_login_and_are_rate_limited(cast, client, settings):
    settings.LOTSE_WELCOME_FORMS_PER_ADDRESS = 2  # the refused try counts too
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with clock.travel_to(NOW):
        slot = offer(cast("ihk_adviser"))
        assert client.get(reverse("welcome:guest_slots")).status_code == 200
        url = reverse("welcome:guest_book", args=[slot.pk])
        bad = client.post(url, FIELDS | {"register_number": "HRB"})
        assert bad.status_code == 400 and "register court" in bad.content.decode()
        ok = client.post(url, FIELDS)
        assert ok.status_code == 200 and "check your mail" in ok.content.decode().lower()
        assert client.post(url, FIELDS).status_code == 429
        booking = GuestBooking.objects.get()
        link = reverse(
            "welcome:guest_confirm", args=[guests.guest_token(booking, purpose="confirm")]
        )
        assert client.get(link).status_code == 200
        booking.refresh_from_db()
        assert booking.status == GuestBookingStatus.PENDING  # a GET holds nothing
        assert client.post(link).status_code == 200
    booking.refresh_from_db()
    assert booking.status == GuestBookingStatus.HELD
    assert client.get(reverse("welcome:guest_confirm", args=["forged"])).status_code == 404
