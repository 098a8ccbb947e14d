"""Registration for events: double opt-in, seats, waiting list, cancellation, reminders, .ics."""

import datetime

import pytest
from django.urls import reverse

from lotse.core import clock
from lotse.core.errors import DomainError
from lotse.core.periodic import run_once
from lotse.welcome import services
from lotse.welcome.models import Registration, RegistrationStatus
from lotse.welcome.tests.helpers import (
    START,
    calendars,
    links_in,
    mails_to,
    make_event,
    register,
    registration_of_link,
    sent,
)

pytestmark = pytest.mark.django_db
BEFORE = START - datetime.timedelta(days=10)


@pytest.fixture
def event(cast):
    with clock.travel_to(BEFORE):
        return make_event(cast("welcome_adviser"), capacity=2)


def test_double_opt_in_confirms_through_the_mailed_link(event, client):
    with clock.travel_to(BEFORE):
        services.registration_request(event=event, name="Anna", email="anna@example.org")
    registration = Registration.objects.get(event=event)
    assert registration.status == RegistrationStatus.PENDING
    (confirm_mail,) = mails_to("anna@example.org")
    (link,) = links_in(confirm_mail)
    assert registration_of_link(link, "confirm") == registration
    with clock.travel_to(BEFORE):
        assert client.get(link).status_code == 200  # a mail scanner's GET confirms nothing
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.PENDING
        response = client.post(link)
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    invitation = mails_to("anna@example.org")[-1]
    (calendar,) = calendars(invitation)
    assert calendar["METHOD"] == "REQUEST"
    cancel_links = [url for url in links_in(invitation) if "/cancel/" in url]
    assert registration_of_link(cancel_links[0], "cancel") == registration


def test_ics_carries_berlin_times_and_an_update_keeps_the_uid_with_higher_sequence(event, cast):
    with clock.travel_to(BEFORE):
        register(event, "anna@example.org")
        (first,) = calendars(mails_to("anna@example.org")[-1])
        entry = first.walk("VEVENT")[0]
        assert entry.decoded("DTSTART") == START
        assert str(entry.decoded("DTSTART").tzinfo) == "Europe/Berlin"
        assert entry["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert first.walk("VTIMEZONE")  # the zone travels with the file
        later = START + datetime.timedelta(hours=1)
        services.event_update(
            actor=cast("welcome_adviser"),
            event=event,
            starts_at=later,
            ends_at=later + datetime.timedelta(hours=2),
        )
        (updated,) = calendars(mails_to("anna@example.org")[-1])
        changed = updated.walk("VEVENT")[0]
        assert changed["UID"] == entry["UID"]
        assert changed["SEQUENCE"] > entry["SEQUENCE"]
        assert changed.decoded("DTSTART") == later
        services.event_cancel(actor=cast("welcome_adviser"), event=event)
        (cancelled,) = calendars(mails_to("anna@example.org")[-1])
        gone = cancelled.walk("VEVENT")[0]
        assert cancelled["METHOD"] == "CANCEL" and gone["STATUS"] == "CANCELLED"
        assert gone["UID"] == entry["UID"] and gone["SEQUENCE"] > changed["SEQUENCE"]


def test_a_change_that_calendars_do_not_show_sends_nothing(event, cast):
    with clock.travel_to(BEFORE):
        register(event, "anna@example.org")
        before = len(sent())
        services.event_update(actor=cast("welcome_adviser"), event=event, capacity=5)
    event.refresh_from_db()
    assert event.sequence == 0 and event.capacity == 5 and len(sent()) == before


def register_at(event, address: str, minutes: int):
    with clock.travel_to(BEFORE + datetime.timedelta(minutes=minutes)):
        return register(event, address)


def test_capacity_then_waiting_list_then_move_up_on_cancellation(event):
    first, second, third, fourth = (
        register_at(event, address, minutes)
        for minutes, address in enumerate(("a@x.org", "b@x.org", "c@example.org", "d@x.org"))
    )
    assert [first.status, second.status] == [RegistrationStatus.CONFIRMED] * 2
    assert [third.status, fourth.status] == [RegistrationStatus.WAITLISTED] * 2
    assert "waiting list" in mails_to("c@example.org")[-1].body
    assert not calendars(mails_to("c@example.org")[-1])
    with clock.travel_to(BEFORE + datetime.timedelta(days=1)):
        services.registration_cancel(registration=second)
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == RegistrationStatus.CONFIRMED  # the first in line moves up
    assert fourth.status == RegistrationStatus.WAITLISTED
    moved = mails_to("c@example.org")[-1]
    assert "seat has become free" in moved.body and calendars(moved)
    (withdrawn,) = calendars(mails_to("b@x.org")[-1])
    assert withdrawn["METHOD"] == "CANCEL"


def test_more_seats_move_the_waiting_list_up(event, cast):
    with clock.travel_to(BEFORE):
        for address in ("a@example.org", "b@example.org", "c@example.org"):
            register(event, address)
        services.event_update(actor=cast("welcome_adviser"), event=event, capacity=3)
    assert Registration.objects.get(email="c@example.org").status == RegistrationStatus.CONFIRMED


def test_capacity_below_the_registered_is_refused(event, cast):
    with clock.travel_to(BEFORE):
        register(event, "a@example.org")
        register(event, "b@example.org")
        with pytest.raises(DomainError) as refusal:
            services.event_update(actor=cast("welcome_adviser"), event=event, capacity=1)
    assert refusal.value.code == "capacity_below_seated"
    event.refresh_from_db()
    assert event.capacity == 2


def test_duplicate_registration_answers_like_a_first_and_changes_nothing(event, client):
    url = reverse("welcome:event", args=[event.pk])
    data = {"name": "Anna", "organisation": "", "email": "anna@example.org"}
    with clock.travel_to(BEFORE):
        first = client.post(url, data)
        registration = Registration.objects.get()
        services.registration_confirm(registration=registration)
        before = len(sent())
        again = client.post(url, data | {"email": "ANNA@example.org", "name": "Someone else"})
    assert (first.status_code, first["Location"]) == (again.status_code, again["Location"])
    assert Registration.objects.count() == 1
    registration.refresh_from_db()
    assert registration.name == "Anna" and registration.status == RegistrationStatus.CONFIRMED
    assert len(sent()) == before


def test_a_past_event_takes_no_registration(event, client):
    with clock.travel_to(START + datetime.timedelta(minutes=1)):
        with pytest.raises(DomainError) as refusal:
            services.registration_request(event=event, name="Anna", email="anna@example.org")
        response = client.get(reverse("welcome:event", args=[event.pk]))
    assert refusal.value.code == "event_past"
    assert Registration.objects.count() == 0
    assert "bereits begonnen" in response.content.decode()


def test_an_invalid_address_gets_a_clear_message_and_nothing_is_stored(event, client):
    with clock.travel_to(BEFORE):
        response = client.post(
            reverse("welcome:event", args=[event.pk]),
            {"name": "Anna", "email": "anna(at)example"},
            HTTP_ACCEPT_LANGUAGE="de",
        )
    assert response.status_code == 400
    assert "gültige E-Mail-Adresse" in response.content.decode()
    assert Registration.objects.count() == 0 and not sent()


def test_public_forms_are_rate_limited(event, client, settings):
    settings.LOTSE_WELCOME_FORMS_PER_ADDRESS = 2
    url = reverse("welcome:event", args=[event.pk])
    with clock.travel_to(BEFORE):
        answers = [
            client.post(url, {"name": "A", "email": f"p{n}@example.org"}).status_code
            for n in range(3)
        ]
    assert answers == [302, 302, 429]
    assert Registration.objects.count() == 2


def test_cancellation_link_cancels_once(event, client):
    with clock.travel_to(BEFORE):
        register(event, "anna@example.org")
        link = next(u for u in links_in(mails_to("anna@example.org")[-1]) if "/cancel/" in u)
        assert client.post(link).status_code == 200
        assert client.post(link).status_code == 200
    assert Registration.objects.get().status == RegistrationStatus.CANCELLED
    assert client.get(link.replace("/cancel/", "/cancel/x")).status_code == 404


def test_reminder_the_day_before_once(event):
    with clock.travel_to(BEFORE):
        register(event, "anna@example.org")
    day_before = START - datetime.timedelta(days=1)
    with clock.travel_to(day_before):
        outcomes = {o.name: o for o in run_once()}
        assert outcomes["welcome.remind"].result == 1
        assert services.reminders_send() == 0
    assert "tomorrow" in mails_to("anna@example.org")[-1].body
    with clock.travel_to(START - datetime.timedelta(days=2)):
        assert services.reminders_send() == 0


def test_a_cancelled_event_tells_registered_and_waiting(event, cast):
    with clock.travel_to(BEFORE):
        for address in ("a@example.org", "b@example.org", "c@example.org"):
            register(event, address)
        services.event_cancel(actor=cast("welcome_adviser"), event=event)
        with pytest.raises(DomainError):
            services.registration_request(event=event, name="X", email="x@example.org")
    for address in ("a@example.org", "b@example.org", "c@example.org"):
        assert "cancelled by its organiser" in mails_to(address)[-1].body


def test_mails_are_in_the_language_of_the_registration(event):
    with clock.travel_to(BEFORE):
        services.registration_request(
            event=event, name="Anna", email="anna@example.org", language="de"
        )
    (message,) = mails_to("anna@example.org")
    assert "Bitte bestätigen" in message.subject


def test_attendee_list_checks_in_and_exports_csv_without_formulas(event, login, cast):
    with clock.travel_to(BEFORE):
        registration = register(event, "anna@example.org", name="=HYPERLINK(1)")
    client = login("welcome_adviser")
    page = client.get(reverse("welcome:attendees", args=[event.pk]))
    assert page.status_code == 200 and "anna@example.org" in page.content.decode()
    client.post(reverse("welcome:check_in", args=[event.pk, registration.pk]))
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    csv_text = client.get(reverse("welcome:attendees_csv", args=[event.pk])).content.decode()
    assert "'=HYPERLINK(1)" in csv_text and "anna@example.org" in csv_text
    other = login("ihk_adviser")  # another organisation's staff: not the organiser
    assert other.get(reverse("welcome:attendees", args=[event.pk])).status_code == 403
