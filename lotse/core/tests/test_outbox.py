"""The outbox: mail written in the caller's transaction, sent after commit, retried with backoff,
failed after the last attempt, and picked up again by the scheduler after a crash."""

import datetime

import pytest
from django.core.management import call_command
from django.db import transaction

from lotse.core import clock
from lotse.core.models import MailStatus, OutboxMail
from lotse.core.outbox import backoff, mail_create, mail_retry, mail_send, mails_due
from lotse.core.tests.backends import FlakySMTPBackend

START = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def flaky(settings):
    """The SMTP backend that fails `FlakySMTPBackend.failures` times, counting from zero."""
    settings.EMAIL_BACKEND = "lotse.core.tests.backends.FlakySMTPBackend"
    FlakySMTPBackend.calls = 0
    FlakySMTPBackend.failures = 2
    return FlakySMTPBackend


def _hello(**extra) -> OutboxMail:
    return mail_create(to="someone@example.org", kind="test.hello", context={"name": "A"}, **extra)


def periodic():
    """The scheduler's outbox job alone: other apps' jobs write mails of their own (the demo has
    a case whose consent week passed long ago), which would share the flaky backend's failures."""
    call_command(
        "periodic", "--once", "--job", "core.outbox_requeue", stdout=open("/dev/null", "w")
    )


def test_mail_goes_out_after_commit_only(db, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        mail = _hello()
        assert mailoutbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    assert [m.to for m in mailoutbox] == [["someone@example.org"]]
    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.last_error) == (MailStatus.SENT, 1, "")
    assert mail_send(mail_id=mail.pk) is False  # a redelivered task sends nothing twice
    assert len(mailoutbox) == 1


def test_mail_of_a_rolled_back_transaction_is_never_written(db, mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        _hello()
        raise RuntimeError("the step failed")
    assert not OutboxMail.objects.exists()
    periodic()
    assert mailoutbox == []


def test_recipient_without_account_is_written_to_in_the_rows_language(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _hello(language="de")
    assert mailoutbox[0].subject == "Vorgänge"


def test_failures_back_off_exponentially_until_the_mail_goes_out(
    db, flaky, mailoutbox, django_capture_on_commit_callbacks
):
    with clock.travel_to(START), django_capture_on_commit_callbacks(execute=True):
        mail = _hello()
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.PENDING, 1)
    assert "service not available" in mail.last_error
    assert mail.next_attempt_at == START + backoff(1) == START + datetime.timedelta(seconds=60)
    with clock.travel_to(START + datetime.timedelta(seconds=59)):
        periodic()  # not due yet
    mail.refresh_from_db()
    assert mail.attempts == 1
    with clock.travel_to(START + datetime.timedelta(seconds=60)):
        periodic()
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.PENDING, 2)
    assert mail.next_attempt_at == START + datetime.timedelta(seconds=60 + 120)
    with clock.travel_to(mail.next_attempt_at):
        periodic()
        periodic()  # a second run finds nothing left to do
    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.last_error) == (MailStatus.SENT, 3, "")
    assert len(mailoutbox) == 1
    # the third attempt carries the row's own Message-ID, as the first did: a receiver can tell
    assert mailoutbox[0].extra_headers["Message-ID"] == f"<outbox.{mail.pk}@lotse.localhost>"


def test_after_the_last_attempt_the_mail_is_failed_and_can_be_retried(
    db, flaky, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.LOTSE_OUTBOX_MAX_ATTEMPTS = 2
    with clock.travel_to(START), django_capture_on_commit_callbacks(execute=True):
        mail = _hello()
    with clock.travel_to(START + datetime.timedelta(hours=1)):
        periodic()
        mail.refresh_from_db()
        assert (mail.status, mail.attempts) == (MailStatus.FAILED, 2)
        periodic()  # a failed mail is not tried again by the scheduler
        assert mailoutbox == []
        with django_capture_on_commit_callbacks(execute=True):
            mail = mail_retry(mail=mail)
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 1)
    assert len(mailoutbox) == 1


def test_a_task_that_never_ran_is_replaced_by_the_scheduler(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        mail = _hello()  # committed, but the process died before queuing the task
    assert list(mails_due()) == [mail.pk]
    periodic()
    assert len(mailoutbox) == 1
    assert list(mails_due()) == []


def test_a_mail_claimed_by_a_killed_worker_waits_for_its_lease(
    db, settings, mailoutbox, django_capture_on_commit_callbacks
):
    with clock.travel_to(START), django_capture_on_commit_callbacks(execute=False):
        mail = _hello()
    # A worker claimed it (attempt 1) and was killed before it could send or record anything.
    OutboxMail.objects.filter(pk=mail.pk).update(claimed_at=START, attempts=1, queued_at=START)
    lease = datetime.timedelta(seconds=settings.LOTSE_OUTBOX_LEASE_SECONDS)
    with clock.travel_to(START + lease - datetime.timedelta(seconds=1)):
        periodic()
        assert mail_send(mail_id=mail.pk) is False  # a redelivered task respects the lease
    assert mailoutbox == []
    with clock.travel_to(START + lease + datetime.timedelta(seconds=1)):
        periodic()
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 2)
    assert len(mailoutbox) == 1
