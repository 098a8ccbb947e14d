"""The last seat and the last slot under concurrency: exactly one wins (PostgreSQL row locks;
SQLite has none, and its single writer makes the race moot)."""

import datetime

import pytest
from django.db import connection

from lotse.core import clock
from lotse.welcome.models import Registration, RegistrationStatus
from lotse.welcome.services import registration_confirm, registration_request
from lotse.welcome.tests.helpers import START, make_event
from tests.test_concurrency import race

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = START - datetime.timedelta(days=3)


@pytest.fixture
def demo(transactional_db):
    from lotse.demo.load import demo_load

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    demo_load()


def confirm_at(registration):
    def step():
        with clock.travel_to(BEFORE):
            return registration_confirm(registration=registration).status

    return step


def test_two_people_confirming_for_the_last_seat_exactly_one_gets_it(demo):
    from lotse.demo.cast import cast_membership

    with clock.travel_to(BEFORE):
        event = make_event(cast_membership("welcome_adviser"), capacity=1)
        for address in ("a@example.org", "b@example.org", "c@example.org"):
            registration_request(event=event, name="X", email=address)
    rows = list(Registration.objects.filter(event=event))
    results = race(*[confirm_at(row) for row in rows])
    assert sorted(results) == sorted(
        [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.WAITLISTED]
    )
    assert event.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 1


def test_two_companies_booking_the_last_slot_exactly_one_gets_it(demo):
    from lotse.core.errors import DomainError
    from lotse.demo.cast import cast_membership
    from lotse.welcome.models import Slot
    from lotse.welcome.slots import slot_book, slot_publish

    with clock.travel_to(BEFORE):
        slot = slot_publish(
            actor=cast_membership("ihk_adviser"),
            starts_at=START,
            ends_at=START + datetime.timedelta(minutes=45),
            place="Online",
        )

    def book(key):
        def step():
            with clock.travel_to(BEFORE):
                return slot_book(actor=cast_membership(key), slot=slot, need=key)

        return step

    results = race(book("company_hr"), book("other_company_hr"))
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], DomainError)
    assert errors[0].code == "slot_taken"
    booked = Slot.objects.get(pk=slot.pk)
    winner = next(r for r in results if not isinstance(r, Exception))
    assert booked.booked_by_id == winner.booked_by_id and booked.case_id == winner.case_id
    # the loser's draft case was rolled back with its booking
    from lotse.cases.models import Participant

    assert (
        Participant.objects.filter(organisation=booked.adviser.organisation, role="advice").count()
        == 1
    )
