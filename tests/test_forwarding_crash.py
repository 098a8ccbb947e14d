"""Crash tests of forwarding with real `db_worker` processes on PostgreSQL (the test settings'
immediate task backend replaced by the database backend, here and in the worker): a worker killed
with SIGKILL at a named fault point (`core.faults`) (a) while building the delivery and (b) right
after the receiver committed its receipt leaves its task row running and its submission sending;
after the periodic sweep each submission is delivered exactly once, with one receipt and the right
attempt count. Several workers on duplicate tasks of one submission deliver it once.

PostgreSQL only (SQLite is one process's database); each test starts one to three workers."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django_tasks.base import TaskResultStatus

from lotse.cases.event_types import EventType
from lotse.forwarding.models import Receipt, Submission, SubmissionState
from lotse.forwarding.services import submissions_sweep

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgresql]
ROOT = Path(__file__).resolve().parent.parent
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    """The demo, the database task backend and documents on disk, shared with the workers."""
    from lotse.demo.load import demo_load

    if connection.vendor != "postgresql":
        pytest.skip("a worker process needs the server database PostgreSQL")
    demo_load()
    settings.TASKS = DB_TASKS
    media = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media)},
        },
    }
    return media


def worker(media: Path, *, fault: str = "", lease: int = 300) -> subprocess.Popen:
    """A `db_worker` that runs the queued tasks and exits (or is killed at `fault`)."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lotse.settings.test",
        "DATABASE_URL": url,
        "LOTSE_TEST_TASKS": "db",
        "LOTSE_TEST_MEDIA": str(media),
        "LOTSE_FAULT_POINTS": fault,
        "LOTSE_SUBMISSION_LEASE_SECONDS": str(lease),
    }
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload"]
    command.append("--no-startup-delay")
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def finished(process: subprocess.Popen) -> int:
    _out, err = process.communicate(timeout=60)
    return process.returncode


def forwarded(cast) -> Submission:
    from lotse.forwarding.tests.conftest import forward, ready_case

    case = ready_case(cast)
    return forward(case, cast, deliver=False)  # autocommit: its task row is queued at once


def task_states(submission: Submission) -> list[str]:
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(args_kwargs__args=[str(submission.pk)])
    return sorted(rows.values_list("status", flat=True))


@pytest.mark.parametrize(
    ("fault", "receipt_attempt"),
    [("forwarding.building", 2), ("forwarding.received", 1)],
)
def test_a_worker_killed_at_a_fault_point_delivers_once_after_the_sweep(
    world, cast, settings, fault, receipt_attempt
):
    submission = forwarded(cast)
    assert task_states(submission) == [TaskResultStatus.READY]
    assert finished(worker(world, fault=fault)) == -signal.SIGKILL
    submission.refresh_from_db()
    assert (submission.state, submission.attempts) == (SubmissionState.SENDING, 1)
    assert task_states(submission) == [TaskResultStatus.RUNNING]  # left running for ever
    assert Receipt.objects.filter(submission=submission).exists() == (receipt_attempt == 1)
    # the scheduler's sweep, once the lease has run out (lease 0 here)
    settings.LOTSE_SUBMISSION_LEASE_SECONDS = 0
    assert submissions_sweep() == 1
    assert task_states(submission) == [TaskResultStatus.FAILED, TaskResultStatus.READY]
    assert finished(worker(world, lease=0)) == 0
    submission.refresh_from_db()
    assert (submission.state, submission.attempts) == (SubmissionState.DELIVERED, 2)
    assert Receipt.objects.get(submission=submission).attempt == receipt_attempt
    delivered = submission.case.events.filter(type=EventType.SUBMISSION_DELIVERED)
    assert [event.payload["attempt"] for event in delivered] == [2]
    # a second sweep and worker find nothing to do
    assert submissions_sweep() == 0


def test_several_workers_on_duplicate_tasks_deliver_once(world, cast):
    from lotse.forwarding.tasks import submission_deliver

    submission = forwarded(cast)
    for _ in range(5):  # redelivered, re-queued twice over
        submission_deliver.enqueue(str(submission.pk))
    workers = [worker(world) for _ in range(3)]
    assert [finished(process) for process in workers] == [0, 0, 0]
    submission.refresh_from_db()
    assert (submission.state, submission.attempts) == (SubmissionState.DELIVERED, 1)
    assert Receipt.objects.filter(submission=submission).count() == 1
    sending = submission.case.events.filter(type=EventType.SUBMISSION_SENDING).count()
    assert sending == 1
    assert set(task_states(submission)) == {TaskResultStatus.SUCCESSFUL}
