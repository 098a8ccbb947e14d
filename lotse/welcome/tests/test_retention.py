"""Registrations' retention: names and addresses of past events' registrations are erased after
`LOTSE_WELCOME_RETENTION_DAYS`; the rows and their counts stay."""

import datetime

import pytest

from lotse.core import clock
from lotse.core.periodic import jobs
from lotse.welcome import guests, slots
from lotse.welcome.models import GuestBooking, Registration
from lotse.welcome.retention import welcome_retention_erase
from lotse.welcome.tests.helpers import START, make_event, register

pytestmark = pytest.mark.django_db
NOW = START - datetime.timedelta(days=5)


def test_past_registrations_are_erased_after_the_period_and_the_counts_stay(cast, settings):
    settings.LOTSE_WELCOME_RETENTION_DAYS = 30
    organiser = cast("welcome_adviser")
    with clock.travel_to(NOW):
        past = make_event(organiser, capacity=1)
        later = make_event(organiser, starts_at=START + datetime.timedelta(days=60))
        for email in ("a@example.org", "b@example.org"):
            register(past, email, organisation="Firma A")
        register(later, "c@example.org")
    counts = dict(Registration.objects.filter(event=past).values_list("email", "status"))
    assert counts == {"a@example.org": "confirmed", "b@example.org": "waitlisted"}
    with clock.travel_to(past.ends_at + datetime.timedelta(days=29)):
        assert welcome_retention_erase() == 0
    with clock.travel_to(past.ends_at + datetime.timedelta(days=31)):
        assert welcome_retention_erase() == 2
        assert welcome_retention_erase() == 0  # idempotent
    erased = Registration.objects.filter(event=past)
    assert sorted(erased.values_list("status", flat=True)) == ["confirmed", "waitlisted"]
    assert set(erased.values_list("name", "organisation", "email")) == {("", "", "")}
    assert all(row.erased_at for row in erased)
    assert Registration.objects.get(event=later).email == "c@example.org"


def test_requests_without_an_account_are_erased_too_and_the_job_is_registered(cast, settings):
    settings.LOTSE_WELCOME_RETENTION_DAYS = 30
    adviser = cast("ihk_adviser")
    with clock.travel_to(NOW):
        slot = slots.slot_publish(
            actor=adviser, starts_at=START, ends_at=START + datetime.timedelta(hours=1), place="x"
        )
        guests.guest_booking_request(
            slot=slot,
            name="Lena Kraft",
            email="lena@example.org",
            company_name="Kraft GmbH",
            trade="craft",
            register_kind="establishment",
            register_number="12345678",
            need="Welders",
        )
    job = {job.name: job for job in jobs()}["welcome.retention"]
    with clock.travel_to(START + datetime.timedelta(days=31)):
        assert job.run() == 1
    booking = GuestBooking.objects.get()
    assert (booking.name, booking.email, booking.need, booking.register_number) == ("", "", "", "")
    assert booking.status == "pending" and booking.erased_at is not None
