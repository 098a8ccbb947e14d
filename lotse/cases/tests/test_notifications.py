"""Mails to named contacts go out through the task worker after commit, once per event and person."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from lotse.cases import services
from lotse.cases.models import Notification
from lotse.core import clock
from lotse.core.outbox import mail_send
from lotse.demo.stories import valid_intake
from lotse.orgs.models import Organisation


def test_submission_mails_the_chamber_contact_once(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = services.case_create(actor=cast("company_hr"), fields=valid_intake())
    assert mailoutbox == []  # creating a draft concerns nobody else
    with django_capture_on_commit_callbacks(execute=True):
        services.case_submit(
            case=case,
            actor=cast("company_hr"),
            chamber=Organisation.objects.get(key="ihk-hannover"),
        )
    recipients = sorted(address for mail in mailoutbox for address in mail.to)
    assert recipients == ["jana.petersen@hannover.ihk.example"]
    mail = mailoutbox[0]
    assert case.reference in mail.subject and f"/cases/{case.pk}/" in mail.body
    assert "Petrović" not in mail.body + mail.subject  # no worker data by mail
    event = case.events.get(type="case.submitted")
    row = Notification.objects.select_related("mail").get(event=event)
    assert row.mail.status == "sent" and row.mail.attempts == 1
    assert mail_send(mail_id=row.mail_id) is False  # a redelivered task sends nothing again
    assert len(mailoutbox) == 1


def test_mail_speaks_the_recipients_language(cast, mailoutbox, django_capture_on_commit_callbacks):
    adviser = cast("ihk_adviser").user
    adviser.language = "en"
    adviser.save()
    with (
        clock.travel_to(datetime.date(2026, 11, 2)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        case = services.case_create(actor=cast("company_hr"), fields=valid_intake())
        services.case_submit(
            case=case,
            actor=cast("company_hr"),
            chamber=Organisation.objects.get(key="ihk-hannover"),
        )
    assert "Submitted to the chamber" in mailoutbox[0].subject


def test_returned_case_mails_the_company_contact(
    story, cast, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.case_return(case=story("Raman"), actor=cast("ihk_adviser"), missing="Vertrag")
    assert [mail.to for mail in mailoutbox] == [["hr@mueller-technik.example"]]


def test_handover_and_involved_partner_mail_the_new_contact(
    story, cast, mailoutbox, django_capture_on_commit_callbacks
):
    case = story("Raman")
    with django_capture_on_commit_callbacks(execute=True):
        services.case_contact_assign(case=case, actor=cast("ihk_lead"), membership=cast("ihk_lead"))
    assert mailoutbox == []  # the lead took the case over: nobody else to tell
    with django_capture_on_commit_callbacks(execute=True):
        services.case_involve_partner(
            case=case,
            actor=cast("ihk_lead"),
            organisation=Organisation.objects.get(key="jobcenter-region"),
        )
    # the new partner's contact is named; the company hears who sees its case now
    assert sorted(mail.to for mail in mailoutbox) == [
        ["hr@mueller-technik.example"],
        ["lukas.hoffmann@jobcenter-region-hannover.example"],
    ]


# --- The outbox behind the mails (issue 9: a transactional outbox and a scheduler) ---------------

START = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def smtp(settings):
    """Django's SMTP backend whose connection fails a set number of times (core tests' backend)."""
    from lotse.core.tests.backends import FlakySMTPBackend

    settings.EMAIL_BACKEND = "lotse.core.tests.backends.FlakySMTPBackend"
    FlakySMTPBackend.calls = 0
    return FlakySMTPBackend


def _submit(cast, callbacks, *, execute=True):
    with clock.travel_to(START), callbacks(execute=execute):
        case = services.case_create(actor=cast("company_hr"), fields=valid_intake())
        services.case_submit(
            case=case,
            actor=cast("company_hr"),
            chamber=Organisation.objects.get(key="ihk-hannover"),
        )
    return case, Notification.objects.select_related("mail").get(event__case=case)


def _periodic_at(moment):
    with clock.travel_to(moment):
        call_command("periodic", "--once", stdout=io.StringIO())


def _about(case, mailoutbox) -> list:
    """The mails about `case` (the periodic run also writes other jobs' mails, e.g. the demo
    case whose consent week passed)."""
    return [mail for mail in mailoutbox if case.reference in mail.subject]


def test_the_mail_row_is_written_in_the_events_transaction(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    case, row = _submit(cast, django_capture_on_commit_callbacks, execute=False)
    assert row.mail.status == "pending" and row.mail.to == "jana.petersen@hannover.ihk.example"
    assert row.organisation.key == "ihk-hannover" and row.event.type == "case.submitted"
    assert mailoutbox == []


def test_smtp_failing_twice_then_succeeding_sends_one_mail(
    cast, smtp, mailoutbox, django_capture_on_commit_callbacks
):
    smtp.failures = 2
    case, row = _submit(cast, django_capture_on_commit_callbacks)
    row.mail.refresh_from_db()
    assert (row.mail.status, row.mail.attempts) == ("pending", 1)
    _periodic_at(row.mail.next_attempt_at)
    row.mail.refresh_from_db()
    assert (row.mail.status, row.mail.attempts) == ("pending", 2)
    assert "service not available" in row.mail.last_error
    _periodic_at(row.mail.next_attempt_at)
    row.mail.refresh_from_db()
    assert (row.mail.status, row.mail.attempts, row.mail.last_error) == ("sent", 3, "")
    assert [mail.to for mail in _about(case, mailoutbox)] == [
        ["jana.petersen@hannover.ihk.example"]
    ]


def test_smtp_always_failing_shows_the_failed_mail_to_the_lead_only(
    cast, smtp, settings, client, mailoutbox, django_capture_on_commit_callbacks
):
    smtp.failures = -1
    settings.LOTSE_OUTBOX_MAX_ATTEMPTS = 3
    case, row = _submit(cast, django_capture_on_commit_callbacks)
    for _attempt in range(2):
        row.mail.refresh_from_db()
        _periodic_at(row.mail.next_attempt_at)
    row.mail.refresh_from_db()
    assert (row.mail.status, row.mail.attempts) == ("failed", 3)
    assert mailoutbox == []
    _periodic_at(row.mail.next_attempt_at + datetime.timedelta(days=1))
    row.mail.refresh_from_db()
    assert row.mail.attempts == 3  # a failed mail stays failed

    url = reverse("cases:failed_mails")
    client.force_login(cast("ihk_lead").user)
    assert url in client.get(reverse("cases:list")).content.decode()  # in the lead's header
    page = client.get(url).content.decode()
    assert case.reference in page and "jana.petersen@hannover.ihk.example" in page
    client.force_login(cast("company_lead").user)
    assert case.reference not in client.get(url).content.decode()  # another organisation's
    client.force_login(cast("ihk_adviser").user)
    assert client.get(url).status_code == 403
    assert url not in client.get(reverse("cases:list")).content.decode()


def test_the_platform_admin_sees_failed_mails_without_the_case_and_can_retry_them(
    cast, smtp, settings, client, mailoutbox, django_capture_on_commit_callbacks
):
    smtp.failures = -1
    settings.LOTSE_OUTBOX_MAX_ATTEMPTS = 1
    case, row = _submit(cast, django_capture_on_commit_callbacks)
    row.mail.refresh_from_db()
    assert row.mail.status == "failed"
    client.force_login(cast("platform_admin").user)
    listing = client.get("/admin/core/outboxmail/?status=failed")
    detail = client.get(f"/admin/core/outboxmail/{row.mail.pk}/change/")
    for response in (listing, detail):
        page = response.content.decode()
        assert response.status_code == 200
        assert "jana.petersen@hannover.ihk.example" in page
        assert case.reference not in page and str(case.pk) not in page
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/core/outboxmail/", {"action": "retry", "_selected_action": [row.mail.pk]}
        )
    row.mail.refresh_from_db()
    assert (row.mail.status, row.mail.attempts) == ("sent", 1)
    assert [mail.to for mail in mailoutbox] == [["jana.petersen@hannover.ihk.example"]]


def test_a_committed_event_whose_task_was_never_queued_is_mailed_by_the_next_periodic_run(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    case, row = _submit(cast, django_capture_on_commit_callbacks, execute=False)
    assert mailoutbox == []  # the process died between commit and queuing
    _periodic_at(START)
    assert [mail.to for mail in _about(case, mailoutbox)] == [
        ["jana.petersen@hannover.ihk.example"]
    ]
    _periodic_at(START + datetime.timedelta(hours=1))
    assert len(_about(case, mailoutbox)) == 1


def test_who_is_told_is_not_in_the_hashed_payload(story, cast, django_capture_on_commit_callbacks):
    case = story("Raman")
    with django_capture_on_commit_callbacks(execute=True):
        services.case_involve_partner(
            case=case,
            actor=cast("ihk_lead"),
            organisation=Organisation.objects.get(key="jobcenter-region"),
        )
    event = case.events.filter(type="contact.assigned").order_by("-seq").first()
    assert "announce" not in event.payload
    assert event.notifications.get().user == cast("jobcenter_employer_service").user
