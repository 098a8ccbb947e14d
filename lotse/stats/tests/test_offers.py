"""The Welcome Center's figures, kept by its services in their transactions and equal to the
rebuild: events held, registrations, attendance, the waiting list, first consultations booked and
held, referrals — each from a small hand-made set of offers whose answer is known."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from lotse.core import clock
from lotse.stats import selectors
from lotse.stats.models import REGION
from lotse.stats.public import offers_table
from lotse.stats.rebuild import aggregates_read, stats_rebuild
from lotse.stats.tables import Filters, welcome
from lotse.welcome import services, slots
from lotse.welcome.models import Registration
from lotse.welcome.referrals import referral_create
from lotse.welcome.tests.helpers import make_event, register

pytestmark = pytest.mark.django_db
# A Wednesday in April 2025, a year the demo's own offers (weeks after its day) leave empty.
APRIL = datetime.datetime(2025, 4, 9, 18, 0, tzinfo=clock.BERLIN)
BEFORE = APRIL - datetime.timedelta(days=20)


def offers_of(scope: str, year: int = 2025) -> dict:
    """figure → stage → month → count, the Welcome Center's figures only; no zeros (a rebuild
    writes no row for them, the live tables keep a row brought down to zero)."""
    found: dict = {}
    for (figure, stage), months in selectors.year_counts(scope=scope, year=year).items():
        months = {month: n for month, n in months.items() if n}
        if figure.startswith("welcome_") and months:
            found.setdefault(figure, {})[stage] = months
    return found


def assert_rebuild_agrees() -> None:
    live = aggregates_read()
    stats_rebuild()
    assert aggregates_read() == live


def test_an_event_counts_its_seats_attendance_and_waiting_list_as_they_stand(cast):
    adviser = cast("welcome_adviser")
    scope = str(adviser.organisation_id)
    with clock.travel_to(BEFORE):
        event = make_event(adviser, capacity=3, starts_at=APRIL, kind="training")
        people = [register(event, f"p{n}@example.org") for n in range(5)]
        services.registration_request(event=event, name="Pending", email="pending@example.org")
    assert [p.status for p in people].count("confirmed") == 3
    with clock.travel_to(APRIL + datetime.timedelta(minutes=5)):
        for registration in people[:2]:
            services.registration_check_in(actor=adviser, registration=registration)
    expected = {
        "welcome_events": {"training": {4: 1}},
        "welcome_registered": {"training": {4: 3}},
        "welcome_attended": {"training": {4: 2}},
        "welcome_waiting": {"training": {4: 2}},
    }
    assert offers_of(scope) == expected
    assert offers_of(REGION) == expected  # the demo's own offers lie in other years
    assert_rebuild_agrees()

    # a seat given back before the event: the first on the waiting list moves up
    with clock.travel_to(BEFORE):
        services.registration_cancel(registration=Registration.objects.get(pk=people[2].pk))
    found = offers_of(scope)
    assert found["welcome_registered"] == {"training": {4: 3}}
    assert found["welcome_waiting"] == {"training": {4: 1}}
    # a check-in undone (the toggle) no longer counts
    with clock.travel_to(APRIL):
        services.registration_check_in(actor=adviser, registration=people[1])
    assert offers_of(scope)["welcome_attended"] == {"training": {4: 1}}
    assert_rebuild_agrees()

    # moved to May: every count moves with it, April keeps nothing
    with clock.travel_to(BEFORE):
        services.event_update(
            actor=adviser,
            event=event,
            starts_at=APRIL + datetime.timedelta(days=30),
            ends_at=APRIL + datetime.timedelta(days=30, hours=2),
        )
    found = offers_of(scope)
    assert found["welcome_events"] == {"training": {5: 1}}
    assert found["welcome_registered"] == {"training": {5: 3}}
    assert_rebuild_agrees()

    # cancelled: not held, nothing counts
    with clock.travel_to(BEFORE):
        services.event_cancel(actor=adviser, event=event)
    assert offers_of(scope) == {}
    assert_rebuild_agrees()


def _slot(adviser, at):
    return slots.slot_publish(
        actor=adviser, starts_at=at, ends_at=at + datetime.timedelta(minutes=45), place="Online"
    )


def test_consultations_count_booked_in_the_booking_month_and_held_in_their_own(cast):
    adviser, company = cast("ihk_adviser"), cast("company_hr")
    scope = str(adviser.organisation_id)
    march = datetime.datetime(2025, 3, 30, 10, tzinfo=clock.BERLIN)
    with clock.travel_to(march):
        first = _slot(adviser, APRIL)
        second = _slot(adviser, APRIL + datetime.timedelta(days=1))
        slots.slot_book(actor=company, slot=first, need="Beratung zu § 18a")
        slots.slot_book(actor=company, slot=second, need="Zweite Stelle")
    found = offers_of(scope)
    assert found["welcome_booked"] == {"": {3: 2}}
    assert found["welcome_held"] == {"": {4: 2}}
    assert_rebuild_agrees()
    with clock.travel_to(march):
        # the company calls one off; the adviser moves the other into May
        slots.slot_cancel(actor=company, slot=second)
        slots.slot_reschedule(
            actor=adviser,
            slot=first,
            starts_at=APRIL + datetime.timedelta(days=30),
            ends_at=APRIL + datetime.timedelta(days=30, minutes=45),
        )
    found = offers_of(scope)
    assert found["welcome_booked"] == {"": {3: 1}}
    assert found["welcome_held"] == {"": {5: 1}}
    assert_rebuild_agrees()
    with clock.travel_to(march):
        slots.slot_cancel(actor=adviser, slot=first)  # withdrawn by the adviser: not held
    assert "welcome_held" not in offers_of(scope)
    assert_rebuild_agrees()


def test_referrals_count_for_the_referring_employer_service(cast):
    referrer, company = cast("jobcenter_employer_service"), cast("company_hr")
    with clock.travel_to(APRIL):
        referral_create(actor=referrer, company=company.organisation, kind="consultation")
        referral_create(actor=referrer, company=company.organisation, kind="contact")
        referral_create(actor=referrer, company=company.organisation, kind="contact")
    assert offers_of(str(referrer.organisation_id))["welcome_referred"] == {
        "consultation": {4: 1},
        "contact": {4: 2},
    }
    assert_rebuild_agrees()


def test_the_dashboard_shows_the_welcome_centre_to_its_staff_with_chart_and_exports(login, cast):
    adviser = cast("welcome_adviser")
    with clock.travel_to(BEFORE):
        event = make_event(adviser, capacity=10, starts_at=APRIL, kind="exchange")
        people = [register(event, f"q{n}@example.org") for n in range(4)]
    with clock.travel_to(APRIL):
        services.registration_check_in(actor=adviser, registration=people[0])
    client = login("welcome_lead")
    page = client.get(reverse("stats:dashboard"), {"year": 2025}, HTTP_ACCEPT_LANGUAGE="de")
    tables = {table.key: table for table in page.context["tables"]}
    april = tables["welcome"].rows[3]
    assert april[1:] == [1, 4, 1, 0, 0, 0, 0]
    exchange = next(row for row in tables["welcome_kinds"].rows if row[1])
    assert exchange[1:] == [1, 4, 1, 25]
    text = page.content.decode()
    assert "Welcome Center je Monat, 2025" in text
    assert "Erstberatungen stattgefunden" in text  # the terms, in German
    chart = client.get(reverse("stats:chart", args=["welcome"]), {"year": 2025})
    assert chart["Content-Type"] == "image/svg+xml"
    response = client.get(reverse("stats:export", args=["welcome", "csv"]), {"year": 2025})
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert rows[0] == tables["welcome"].headers
    assert rows[4][1:4] == ["1", "4", "1"]
    # a title filter does not hide the offers, which have no title
    filtered = Filters(scope=str(adviser.organisation_id), year=2025, title="18a")
    assert welcome(filtered).rows[3][1:4] == [1, 4, 1]
    assert welcome(filtered).definition


def test_public_page_suppresses_small_counts_of_people_but_not_events(client, cast):
    adviser = cast("welcome_adviser")
    with clock.travel_to(BEFORE):
        small = make_event(adviser, capacity=10, starts_at=APRIL)
        big = make_event(adviser, capacity=10, starts_at=APRIL + datetime.timedelta(days=1))
        for n in range(3):
            register(small, f"s{n}@example.org")
    (row,) = [row for row in offers_table().rows if row["year"] == 2025]
    # two events, three registrations (suppressed), nobody attended yet (0 is shown), none held
    assert row["cells"] == [2, None, 0, 0]
    with clock.travel_to(BEFORE):
        for n in range(4):
            register(big, f"b{n}@example.org")
    (row,) = [row for row in offers_table().rows if row["year"] == 2025]
    assert row["cells"] == [2, 7, 0, 0]
    page = client.get(reverse("stats:public"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Angebote des Welcome Centers" in page
