"""The scheduler: every registered job once per run; a broken job does not stop the others."""

import io

import pytest
from django.core.management import CommandError, call_command

from lotse.core import periodic

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """A clean registry holding only the jobs a test registers (the apps' own stay untouched)."""
    jobs = {}
    monkeypatch.setattr(periodic, "_JOBS", jobs)
    monkeypatch.setattr(periodic, "autodiscover_modules", lambda name: None)
    return jobs


def test_the_outbox_job_is_registered():
    assert "core.outbox_requeue" in [job.name for job in periodic.jobs()]


def test_once_runs_every_job_and_reports_it(registry):
    runs = []
    periodic.periodic_job("test.b")(lambda: runs.append("b") or 2)
    periodic.periodic_job("test.a")(lambda: runs.append("a") or 1)
    out = io.StringIO()
    call_command("periodic", "--once", stdout=out)
    assert runs == ["a", "b"]
    assert out.getvalue().splitlines() == ["test.a: 1", "test.b: 2"]


def test_job_names_one_job_to_run(registry):
    runs = []
    periodic.periodic_job("test.b")(lambda: runs.append("b") or 2)
    periodic.periodic_job("test.a")(lambda: runs.append("a") or 1)
    out = io.StringIO()
    call_command("periodic", "--once", "--job", "test.b", stdout=out)
    assert runs == ["b"]
    assert out.getvalue().splitlines() == ["test.b: 2"]


def test_a_failing_job_does_not_stop_the_others_but_fails_the_run(registry):
    runs = []

    def broken():
        raise ValueError("boom")

    periodic.periodic_job("test.a_broken")(broken)
    periodic.periodic_job("test.b_fine")(lambda: runs.append("b"))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("periodic", "--once", stdout=out)
    assert runs == ["b"]
    assert "test.a_broken: FAILED (ValueError)" in out.getvalue()


def test_once_or_loop_must_be_chosen():
    with pytest.raises(CommandError):
        call_command("periodic")
    with pytest.raises(CommandError):
        call_command("periodic", "--loop", "--interval", "0")


def test_lock_keys_are_stable_and_distinct():
    assert periodic.lock_key("core.outbox_requeue") == periodic.lock_key("core.outbox_requeue")
    assert periodic.lock_key("a") != periodic.lock_key("b")
    assert -(2**63) <= periodic.lock_key("a") < 2**63
