"""The clocks in the work list's due date, on the case page, and the deemed consent's week."""

import datetime

from django.urls import reverse

from lotse.cases import services
from lotse.cases.event_types import EventType
from lotse.cases.models import CaseEvent, NextStep, Notification
from lotse.cases.replay import projections_verify
from lotse.core import clock
from lotse.core.periodic import run_once
from lotse.deadlines.services import consent_weeks_expire

D = datetime.date


def test_the_agencys_week_is_the_due_date_of_its_step(story):
    kaya = story("Kaya")  # consent requested on Monday 17 March 2025
    assert NextStep.objects.get(case=kaya).due == D(2025, 3, 24)


def test_a_case_without_a_running_clock_has_no_due_date(story):
    assert NextStep.objects.get(case=story("Nair")).due is None


def test_the_due_date_rebuilds_from_the_log(story):
    kaya = story("Kaya")
    assert projections_verify(kaya, list(kaya.events.order_by("seq"))) is None
    NextStep.objects.filter(case=kaya).update(due=D(2025, 3, 31))
    assert "due" in projections_verify(kaya, list(kaya.events.order_by("seq")))[1]


def test_the_expired_week_is_written_once_and_the_authority_asked_once(story):
    kaya = story("Kaya")
    with clock.travel_to(D(2025, 3, 24)):
        assert consent_weeks_expire() == 0  # the week's last day still counts
    with clock.travel_to(D(2025, 3, 25)):
        assert consent_weeks_expire() == 1
        assert consent_weeks_expire() == 0
    expired = CaseEvent.objects.filter(case=kaya, type=EventType.CONSENT_WEEK_EXPIRED)
    assert expired.count() == 1
    event = expired.get()
    assert (event.payload["ended"], event.payload["basis"]) == (
        "2025-03-24",
        "§ 36 Abs. 2 S. 2 BeschV",
    )
    assert event.payload["authority"] == "abh-lhh"
    told = Notification.objects.filter(event=event)
    assert told.count() == 1 and told.get().organisation.key == "abh-lhh"


def test_the_periodic_run_marks_the_week_once(story):
    kaya = story("Kaya")
    with clock.travel_to(D(2025, 4, 1)):
        run_once()
        run_once()
    assert CaseEvent.objects.filter(case=kaya, type=EventType.CONSENT_WEEK_EXPIRED).count() == 1


def test_an_answer_inside_the_week_leaves_nothing_to_mark(story, cast):
    kaya = story("Kaya")
    with clock.travel_to(D(2025, 3, 20)):
        services.case_decide_consent(case=kaya, actor=cast("aa_caseworker"), given=True)
    with clock.travel_to(D(2025, 4, 1)):
        assert consent_weeks_expire() == 0
    assert NextStep.objects.get(case=kaya).due is None


def test_the_case_page_lists_the_clock_with_start_end_and_basis(login, story):
    kaya = story("Kaya")
    page = login("abh_city_caseworker").get(reverse("cases:detail", args=[kaya.pk]))
    text = page.content.decode()
    assert "§ 36 Abs. 2 S. 2 BeschV" in text
    assert 'datetime="2025-03-17"' in text and 'datetime="2025-03-24"' in text


def test_the_work_list_shows_the_due_date_with_its_light(login, story):
    page = login("aa_caseworker").get(reverse("cases:list"))
    text = page.content.decode()
    assert 'datetime="2025-03-24"' in text and "due-overdue" in text


def test_the_light_turns_amber_within_the_lead_time_and_red_after_the_day(settings):
    from lotse.cases.templatetags.due import due_light_of

    settings.LOTSE_REMINDER_LEAD_DAYS = 3
    today = D(2026, 5, 11)
    assert due_light_of(D(2026, 5, 15), today) == "in_time"
    assert due_light_of(D(2026, 5, 14), today) == "soon"
    assert due_light_of(D(2026, 5, 11), today) == "soon"
    assert due_light_of(D(2026, 5, 10), today) == "overdue"
    assert due_light_of(None, today) == ""
