"""Two schedulers started at once (PostgreSQL only, like test_concurrency: SQLite has neither
row nor advisory locks and runs one scheduler): every pending mail goes out exactly once, and a
job runs in one scheduler at a time."""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from tests.test_concurrency import race as at_once

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("advisory and row locks need PostgreSQL")


def test_two_periodic_runs_at_once_send_each_mail_once(postgres, mailoutbox):
    from lotse.core.models import MailStatus, OutboxMail
    from lotse.core.tests import backends  # noqa: F401 — registers the test mail kind

    # Committed rows whose tasks were never queued (the process died after the commit).
    for number in range(30):
        OutboxMail.objects.create(to=f"person{number}@example.org", kind="test.hello")

    def periodic():
        out = io.StringIO()
        call_command("periodic", "--once", stdout=out)
        return out.getvalue()

    results = at_once(periodic, periodic, periodic)
    assert not [r for r in results if isinstance(r, Exception)], results
    sent = [address for mail in mailoutbox for address in mail.to]
    assert sorted(a for a in sent if a.startswith("person")) == sorted(
        f"person{number}@example.org" for number in range(30)
    )
    # the other jobs' mails (the clocks' about a demo case whose consent week passed) once each
    assert len(sent) == len(set(sent))
    assert set(OutboxMail.objects.values_list("status", "attempts")) == {(MailStatus.SENT, 1)}


def test_a_job_runs_in_one_scheduler_at_a_time(postgres):
    from lotse.core.periodic import job_lock

    holding, release = threading.Event(), threading.Event()

    def hold():
        with job_lock("test.job") as got:
            holding.set()
            release.wait(10)
            return got

    def try_meanwhile():
        holding.wait(10)
        try:
            with job_lock("test.job") as got:
                return got
        finally:
            release.set()

    assert at_once(hold, try_meanwhile) == [True, False]
    with job_lock("test.job") as got:  # released again once the holder is done
        assert got
