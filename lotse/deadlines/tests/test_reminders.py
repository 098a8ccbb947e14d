"""Reminders before a period ends and, after it, escalation of binding periods to the lead (others
only inform): one mail (outbox) and one inbox notice per person and deadline, however often
`periodic` runs."""

import datetime

import pytest

from lotse.cases.log import event_append
from lotse.core import clock
from lotse.core.models import OutboxMail
from lotse.core.periodic import run_once
from lotse.deadlines.models import Reminder, ReminderKind
from lotse.deadlines.services import reminders_send
from lotse.inbox.models import Thread
from lotse.orgs.models import Organisation, Role
from lotse.orgs.services import membership_create

D = datetime.date
KATRIN = "aa_caseworker"  # the agency's contact for Kaya's case: the week ends Mon 24 Mar 2025


@pytest.fixture
def agency_lead(db):
    return membership_create(
        organisation=Organisation.objects.get(key="aa-hannover"),
        email="leitung@aa-hannover.example",
        first_name="Ines",
        last_name="Berger",
        role=Role.LEAD,
    )


def _told(case, kind):
    return Reminder.objects.filter(case=case, kind=kind)


def test_nobody_is_reminded_before_the_lead_time(story, settings):
    settings.LOTSE_REMINDER_LEAD_DAYS = 3
    assert reminders_send(today=D(2025, 3, 20)) == 0
    assert not Reminder.objects.exists()


def test_the_contact_is_reminded_once_by_mail_and_notice(story, cast, settings):
    settings.LOTSE_REMINDER_LEAD_DAYS = 3
    kaya = story("Kaya")
    assert reminders_send(today=D(2025, 3, 21)) == 1
    assert reminders_send(today=D(2025, 3, 21)) == 0
    assert reminders_send(today=D(2025, 3, 24)) == 0  # the same deadline: told already
    reminder = _told(kaya, ReminderKind.REMIND).get()
    assert reminder.user == cast(KATRIN).user and reminder.end == D(2025, 3, 24)
    mail = OutboxMail.objects.get(kind="deadlines.reminder", user=cast(KATRIN).user)
    assert mail.context["reference"] == kaya.reference and mail.context["end"] == "24.03.2025"
    notice = Thread.objects.get(pk=reminder.notice)
    assert (notice.case_id, notice.person, notice.organisation.key) == (
        kaya.pk,
        cast(KATRIN).user,
        "aa-hannover",
    )


def test_a_binding_period_passed_is_escalated_to_the_lead_once(story, cast, agency_lead):
    kaya = story("Kaya")
    assert reminders_send(today=D(2025, 3, 25)) == 1
    assert reminders_send(today=D(2025, 3, 26)) == 0
    escalated = _told(kaya, ReminderKind.ESCALATE).get()
    assert escalated.user == agency_lead.user
    assert not _told(kaya, ReminderKind.REMIND).exists()  # the lead, not the contact, hears
    assert (
        OutboxMail.objects.filter(kind="deadlines.reminder", to=agency_lead.user.email).count() == 1
    )
    assert Thread.objects.filter(person=agency_lead.user, case_id=kaya.pk).count() == 1


def test_periodic_runs_twice_and_tells_once(story, agency_lead):
    with clock.travel_to(D(2025, 3, 25)):
        run_once()
        run_once()
    assert Reminder.objects.filter(kind=ReminderKind.ESCALATE).count() == 1
    assert OutboxMail.objects.filter(kind="deadlines.reminder").count() == 1


def test_a_period_that_is_not_binding_only_informs_the_contact(story, cast, settings):
    """The IHK Hannover's recognition office decides "as a rule" within 2 months (§ 14a Abs. 3
    BQFG, "soll"): passed, its contact is informed and its lead is not. The recognition's events
    are the procedure's; they are appended here as its services will."""
    settings.LOTSE_REMINDER_LEAD_DAYS = 3
    raman = story("Raman")
    with clock.travel_to(D(2026, 1, 5)):
        event_append(case=raman, actor=None, type="recognition.applied", payload={})
    with clock.travel_to(D(2026, 1, 12)):
        event_append(case=raman, actor=None, type="recognition.receipt_confirmed", payload={})
    reminders_send(today=D(2026, 3, 8))
    assert not Reminder.objects.filter(case=raman).exists()
    reminders_send(today=D(2026, 3, 9))  # 3 days before Thursday 12 March
    assert _told(raman, ReminderKind.REMIND).count() == 1
    reminders_send(today=D(2026, 3, 13))
    reminders_send(today=D(2026, 3, 17))
    passed = _told(raman, ReminderKind.OVERDUE).get()
    assert (passed.clock, passed.end, passed.organisation.key) == (
        "recognition_decision",
        D(2026, 3, 12),
        "ihk-hannover",
    )
    assert passed.user != cast("ihk_lead").user
    assert not _told(raman, ReminderKind.ESCALATE).exists()


def test_without_a_lead_on_the_platform_the_contact_hears_of_the_missed_period(story, cast):
    kaya = story("Kaya")  # the demo's agency has no lead
    assert reminders_send(today=D(2025, 3, 25)) == 1
    assert _told(kaya, ReminderKind.ESCALATE).get().user == cast(KATRIN).user
