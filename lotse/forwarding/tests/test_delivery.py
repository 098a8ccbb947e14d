"""The submission as a delivery contract: frozen at forwarding, delivered once, retried with
backoff, failed with an alert, swept after a crash (the crash tests with a real worker are in
`test_crash.py`)."""

import datetime
import uuid

import pytest
from django.core.files.storage import default_storage
from django_tasks.base import TaskResultStatus

from lotse.cases.event_types import EventType
from lotse.cases.models import Case
from lotse.core import clock
from lotse.core.models import OutboxMail
from lotse.forwarding import services
from lotse.forwarding.manifest import MANIFEST_VERSION
from lotse.forwarding.models import Receipt, Submission, SubmissionState
from lotse.forwarding.services import file_sha256, submission_send, submissions_sweep
from lotse.forwarding.tests.conftest import ARABIC, VIETNAMESE, forward, ready_case

pytestmark = pytest.mark.usefixtures("media")


def types_since(case: Case, seq: int) -> list[str]:
    return list(case.events.filter(seq__gt=seq).order_by("seq").values_list("type", flat=True))


def test_forwarding_freezes_a_submission_and_delivers_it_once(
    cast, django_capture_on_commit_callbacks
):
    case = ready_case(cast)
    seq = case.events.order_by("-seq").first().seq
    submission = forward(case, cast, deliver=True, capture=django_capture_on_commit_callbacks)
    submission.refresh_from_db()
    assert (submission.state, submission.attempts) == (SubmissionState.DELIVERED, 1)
    assert submission.destination.key == "lab-ni-zentralstelle"
    assert Receipt.objects.get(submission=submission).attempt == 1
    types = types_since(case, seq)
    assert types[0] == EventType.DOSSIER_FORWARDED
    assert types[-2:] == [EventType.SUBMISSION_SENDING, EventType.SUBMISSION_DELIVERED]
    forwarded = case.events.get(type=EventType.DOSSIER_FORWARDED)
    assert forwarded.payload["submission"] == str(submission.pk)
    # the manifest: versioned, the authority's view of the case, the pre-check, every hash
    manifest = submission.manifest
    assert manifest["version"] == MANIFEST_VERSION and manifest["submission"] == str(submission.pk)
    assert manifest["case_data"]["worker_last_name"] == VIETNAMESE[1]
    assert [m["first_name"] for m in manifest["family"]] == [ARABIC[0]]
    assert manifest["precheck"]["outcome"]
    assert {row["kind"] for row in manifest["checklist"]["rows"]} >= {"passport"}
    documents = {d.pk: d for d in submission.documents.all()}
    assert len(manifest["documents"]) == len(documents) == 2
    for entry in manifest["documents"]:
        stored = documents[uuid.UUID(entry["id"])]
        assert entry["sha256"] == stored.sha256 == file_sha256(stored.storage_name)
    # a redelivered task, a second run: nothing changes
    before = case.events.count()
    assert submission_send(submission_id=submission.pk) is False
    assert submissions_sweep() == 0
    assert Receipt.objects.filter(submission=submission).count() == 1
    assert case.events.count() == before
    submission.refresh_from_db()
    assert submission.attempts == 1


def test_a_failed_attempt_is_retried_with_backoff_then_fails_and_alerts_the_adviser(cast, settings):
    settings.LOTSE_SUBMISSION_MAX_ATTEMPTS = 3
    case = ready_case(cast)
    submission = forward(case, cast, deliver=False)
    lost = submission.documents.first()
    default_storage.delete(lost.storage_name)  # the file went missing in storage
    start = clock.now()
    waits = []
    for attempt in range(1, 4):
        with clock.travel_to(start + datetime.timedelta(seconds=sum(waits) + attempt)):
            assert submission_send(submission_id=submission.pk) is False
        submission.refresh_from_db()
        assert submission.attempts == attempt
        assert "missing" in submission.last_error
        waits.append(int(services.backoff(attempt).total_seconds()))
    assert waits == [60, 120, 240]
    assert submission.state == SubmissionState.FAILED
    assert not Receipt.objects.filter(submission=submission).exists()
    types = list(case.events.filter(type__startswith="submission.").values_list("type", flat=True))
    assert types == [
        "submission.sending",
        "submission.retrying",
        "submission.sending",
        "submission.retrying",
        "submission.sending",
        "submission.failed",
    ]
    adviser = cast("ihk_adviser").user
    assert OutboxMail.objects.filter(user=adviser, context__event__isnull=False).exists()
    # failed stays failed: the sweep does not queue it again
    with clock.travel_to(start + datetime.timedelta(days=1)):
        assert submissions_sweep() == 0


def test_a_retry_before_its_time_does_nothing(cast):
    case = ready_case(cast)
    submission = forward(case, cast, deliver=False)
    default_storage.delete(submission.documents.first().storage_name)
    assert submission_send(submission_id=submission.pk) is False
    assert submission_send(submission_id=submission.pk) is False  # not due yet
    submission.refresh_from_db()
    assert (submission.state, submission.attempts) == (SubmissionState.QUEUED, 1)


def test_the_sweep_requeues_a_submission_a_killed_worker_left_sending(cast, settings):
    case = ready_case(cast)
    submission = forward(case, cast, deliver=False)
    assert services._claim(submission.pk) is not None  # the worker claimed it, then died
    assert submissions_sweep() == 0  # its lease still runs
    later = clock.now() + datetime.timedelta(seconds=settings.LOTSE_SUBMISSION_LEASE_SECONDS + 1)
    with clock.travel_to(later):
        assert submissions_sweep() == 1  # the immediate backend delivers at once
    submission.refresh_from_db()
    assert (submission.state, submission.attempts) == (SubmissionState.DELIVERED, 2)
    assert Receipt.objects.get(submission=submission).attempt == 2


def test_the_sweep_queues_a_submission_whose_task_was_never_queued(cast):
    case = ready_case(cast)
    submission = forward(case, cast, deliver=False)  # the commit's callback never ran
    assert Submission.objects.get(pk=submission.pk).queued_at is None
    assert submissions_sweep() == 1
    assert Submission.objects.get(pk=submission.pk).state == SubmissionState.DELIVERED


def test_the_sweep_marks_orphaned_delivery_tasks_failed(cast, settings):
    from django_tasks_db.models import DBTaskResult

    from lotse.forwarding.tasks import submission_deliver

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    case = ready_case(cast)
    submission = forward(case, cast, deliver=False)
    result = submission_deliver.using().enqueue(str(submission.pk))
    row = DBTaskResult.objects.get(pk=result.id)
    long_ago = clock.now() - datetime.timedelta(hours=1)
    DBTaskResult.objects.filter(pk=row.pk).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago
    )
    fresh = submission_deliver.using().enqueue(str(submission.pk))
    DBTaskResult.objects.filter(pk=fresh.id).update(
        status=TaskResultStatus.RUNNING, started_at=clock.now()
    )
    services.orphaned_tasks_fail()
    assert DBTaskResult.objects.get(pk=row.pk).status == TaskResultStatus.FAILED
    assert DBTaskResult.objects.get(pk=fresh.id).status == TaskResultStatus.RUNNING
