"""Forwarding the pre-checked dossier to the authority competent on the day of forwarding, as a
delivery contract (DESIGN.md "Forwarding is a delivery contract"; models.py for the states).

`case_forward` freezes a submission and queues its delivery on commit; the task
(`tasks.submission_deliver`) runs `submission_send`, which claims the submission for a lease,
checks every frozen file against its SHA-256, lets the receiver write its receipt in its own
transaction keyed by the submission id, and marks the submission delivered. A failed attempt is
retried with backoff and fails for good after `LOTSE_SUBMISSION_MAX_ATTEMPTS` (the chamber's
adviser is alerted). The scheduler's sweep (`jobs.py`) re-queues what a killed worker or a lost
task left queued or sending, and marks the delivery task rows that a killed worker left running
as failed. The receiver's answer (accepted, rejected with reasons) comes from the authority's
page (`dossier_accept`, `dossier_reject`) or its own system (`submission_acknowledge`).
"""

import datetime
import hashlib
import logging
from functools import partial

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q

from lotse.cases import events, notifications
from lotse.cases.errors import CaseError
from lotse.cases.event_types import EventType
from lotse.cases.guards import acts_for_authority, case_can_forward, dossier_problems
from lotse.cases.models import Case, ParticipantRole
from lotse.cases.services import participant_add, participant_end
from lotse.cases.states import CaseState, apply
from lotse.core import clock
from lotse.core.decision import Decision
from lotse.core.errors import DomainError
from lotse.core.faults import fault_point
from lotse.documents.models import Document
from lotse.forwarding.errors import ForwardingError
from lotse.forwarding.manifest import manifest_build
from lotse.forwarding.models import OPEN, Receipt, Submission, SubmissionState
from lotse.orgs.models import Membership, Organisation
from lotse.routing.services import agreement_authority_for, authority_choice_window

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024


@transaction.atomic
def case_forward(*, case: Case, actor: Membership, reason: str = "") -> Case:
    """The chamber forwards the checked dossier to the authority that the region's dated rules name
    today (in Hannover: local authority until 30 Jun 2025, the employer's choice until 31 Dec 2025,
    the Zentralstelle at LAB NI from 1 Jan 2026; domain/authorities.md). The authority takes part
    from now on. A dossier whose pre-check is stale or missing, or whose checklist has gaps, goes
    only with the adviser's stated `reason`; the event records it with what was missing. The
    dossier is frozen as a new submission and delivered after commit."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    reason = reason.strip()
    decision = case_can_forward(case=case, actor=actor, reason=reason)
    if not decision.allowed:
        raise DomainError(decision.code, **decision.details)
    override = {"override_reason": reason, "gaps": dossier_problems(case)} if reason else {}
    answer = agreement_authority_for(case=case, on=clock.today())
    if answer.status == "choice_required":
        window = authority_choice_window(region=case.company.region, on=clock.today())
        raise DomainError(CaseError.CHOICE_MISSING, **({"text": window.missing} if window else {}))
    if answer.organisation is None:
        raise DomainError(CaseError.NO_COMPETENT_AUTHORITY, reason=answer.reason)
    submission = _submission_freeze(
        case=case, actor=actor, destination=answer.organisation, rule=answer.rule_id
    )
    case.state = apply(case.state, EventType.DOSSIER_FORWARDED)
    case.save(update_fields=["state", "updated_at"])
    event = events.event_dossier_forwarded(
        case=case,
        actor=actor,
        authority=answer.organisation,
        reason=answer.reason,
        rule=answer.rule_id,
        **override,
        submission=str(submission.pk),
    )
    participant_add(
        case=case, actor=actor, organisation=answer.organisation, role=ParticipantRole.AUTHORITY
    )
    notifications.notify(event)
    # robust: a queue that cannot be reached must not undo the forwarding; the sweep queues it
    transaction.on_commit(partial(submission_enqueue, submission_id=submission.pk), robust=True)
    return case


def _submission_freeze(
    *, case: Case, actor: Membership, destination: Organisation, rule: str
) -> Submission:
    """The submission with the case's current documents and its manifest, as they are now."""
    documents = list(
        Document.objects.filter(case=case, replaced_by__isnull=True, erased_at__isnull=True)
        .select_related("family_member")
        .order_by("kind", "uploaded_at", "pk")
    )
    submission = Submission.objects.create(
        case=case, destination=destination, rule=rule, forwarded_by=actor
    )
    submission.documents.set(documents)
    submission.manifest = manifest_build(submission=submission, documents=documents)
    submission.save(update_fields=["manifest"])
    return submission


# --- delivery -------------------------------------------------------------------------------------


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.LOTSE_SUBMISSION_LEASE_SECONDS)


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the `attempts`-th failed attempt: base · 2^(attempts − 1)."""
    return datetime.timedelta(
        seconds=settings.LOTSE_SUBMISSION_BACKOFF_SECONDS * 2 ** (attempts - 1)
    )


def submission_enqueue(*, submission_id) -> None:
    """Queue the delivery task of one submission and note when (the sweep re-queues a submission
    whose task never ran or whose worker died)."""
    from lotse.forwarding.tasks import submission_deliver

    Submission.objects.filter(pk=submission_id).update(queued_at=clock.now())
    submission_deliver.enqueue(str(submission_id))


class DeliveryFailed(Exception):
    """A frozen file is missing or no longer matches its SHA-256."""


def _locked(submission_id) -> tuple[Case, Submission] | None:
    """The submission's case and the submission, both row-locked (always case first, as every
    service on a case locks it first)."""
    case_id = Submission.objects.filter(pk=submission_id).values_list("case_id", flat=True).first()
    if case_id is None:
        return None
    case = Case.objects.select_for_update().get(pk=case_id)
    return case, Submission.objects.select_for_update().get(pk=submission_id)


def _claim(submission_id) -> Submission | None:
    """Take a due submission for one delivery attempt, or None if it is delivered, answered,
    failed, not yet due, or being delivered by another worker whose lease still runs."""
    now = clock.now()
    with transaction.atomic():
        locked = _locked(submission_id)
        if locked is None:
            return None
        case, submission = locked
        stale = submission.claimed_at is not None and submission.claimed_at >= now - _lease()
        if submission.state not in OPEN or submission.next_attempt_at > now or stale:
            return None
        submission.state = SubmissionState.SENDING
        submission.claimed_at = now
        submission.attempts += 1
        submission.save(update_fields=["state", "claimed_at", "attempts", "updated_at"])
        events.event_submission_changed(
            case=case,
            type=EventType.SUBMISSION_SENDING,
            submission=str(submission.pk),
            attempt=submission.attempts,
        )
    return submission


def file_sha256(storage_name: str) -> str:
    """The SHA-256 of a stored file, read in chunks (never the whole file in memory)."""
    digest = hashlib.sha256()
    with default_storage.open(storage_name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _check_files(submission: Submission) -> None:
    """Every frozen document is still there, unchanged: its hash matches the manifest's."""
    stored = {str(pk): name for pk, name in submission.documents.values_list("pk", "storage_name")}
    for entry in submission.manifest.get("documents", []):
        name = stored.get(entry["id"])
        if name is None or not default_storage.exists(name):
            raise DeliveryFailed(f"document {entry['id']} is missing")
        if file_sha256(name) != entry["sha256"]:
            raise DeliveryFailed(f"document {entry['id']} does not match its SHA-256")


def receipt_record(*, submission: Submission) -> Receipt:
    """The receiver (the authority's inbox) takes the submission in its own transaction, keyed by
    the submission id: a second delivery finds the receipt and writes nothing."""
    with transaction.atomic():
        receipt, _created = Receipt.objects.get_or_create(
            submission_id=submission.pk, defaults={"attempt": submission.attempts}
        )
    return receipt


def submission_send(*, submission_id) -> bool:
    """One delivery attempt of a submission, if it is due and nobody else is delivering it; True
    if it was delivered now. A redelivered task finds it delivered (or claimed) and does nothing."""
    submission = _claim(submission_id)
    if submission is None:
        return False
    try:
        _check_files(submission)
        fault_point("forwarding.building")
        receipt_record(submission=submission)
        fault_point("forwarding.received")
    except Exception as error:  # any failure of this attempt is recorded on the submission
        _record_failure(submission, error)
        return False
    return _mark_delivered(submission)


def _mark_delivered(submission: Submission) -> bool:
    with transaction.atomic():
        case, current = _locked(submission.pk)
        if current.state != SubmissionState.SENDING or current.claimed_at != submission.claimed_at:
            return False  # another worker took over after this one's lease ran out
        current.state = SubmissionState.DELIVERED
        current.delivered_at = clock.now()
        current.claimed_at = None
        current.last_error = ""
        current.save(
            update_fields=["state", "delivered_at", "claimed_at", "last_error", "updated_at"]
        )
        events.event_submission_changed(
            case=case,
            type=EventType.SUBMISSION_DELIVERED,
            submission=str(current.pk),
            attempt=current.attempts,
        )
    return True


def _record_failure(submission: Submission, error: Exception) -> None:
    """Keep the error; try again later, or give up after the last allowed attempt and alert the
    chamber's adviser (the named contact of the chamber)."""
    now = clock.now()
    message = f"{type(error).__name__}: {error}"[:500]
    with transaction.atomic():
        case, current = _locked(submission.pk)
        if current.state != SubmissionState.SENDING or current.claimed_at != submission.claimed_at:
            return
        failed = current.attempts >= settings.LOTSE_SUBMISSION_MAX_ATTEMPTS
        current.state = SubmissionState.FAILED if failed else SubmissionState.QUEUED
        current.next_attempt_at = now + backoff(current.attempts)
        current.claimed_at = None
        current.last_error = message
        current.save(
            update_fields=["state", "next_attempt_at", "claimed_at", "last_error", "updated_at"]
        )
        event = events.event_submission_changed(
            case=case,
            type=EventType.SUBMISSION_FAILED if failed else EventType.SUBMISSION_RETRYING,
            submission=str(current.pk),
            attempt=current.attempts,
            error=type(error).__name__,
        )
        if failed:
            notifications.notify(event)
    logger.warning("submission %s attempt %s failed: %s", submission.pk, submission.attempts, error)


def submissions_due(*, limit: int = 1000) -> list:
    """Ids of submissions to queue now: queued or sending, due, no live lease, and no task on the
    way — never queued (the process died between commit and enqueue), queued before the attempt
    fell due (a retry), or queued or claimed longer than a lease ago (the worker died)."""
    now = clock.now()
    stale = now - _lease()
    rows = Submission.objects.filter(state__in=OPEN, next_attempt_at__lte=now).filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)
    )
    rows = rows.filter(
        Q(queued_at__isnull=True) | Q(queued_at__lt=F("next_attempt_at")) | Q(queued_at__lt=stale)
    )
    return list(rows.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])


def orphaned_tasks_fail() -> int:
    """Mark the delivery task rows that a killed worker left running longer than a lease as
    failed (the backend never retries them; the submission, not the task row, is the truth)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from lotse.forwarding.tasks import submission_deliver

    now = clock.now()
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        task_path=submission_deliver.module_path,
        started_at__lt=now - _lease(),
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="lotse.forwarding.services.WorkerLost",
        traceback="The worker stopped while delivering; the sweep re-queued the submission.",
    )


def submissions_sweep() -> int:
    """The scheduler's sweep: fail orphaned delivery tasks, queue every due submission; returns
    how many were queued."""
    orphaned_tasks_fail()
    due = submissions_due()
    for submission_id in due:
        submission_enqueue(submission_id=submission_id)
    return len(due)


# --- the receiver's answer ------------------------------------------------------------------------


def current_submission(case: Case) -> Submission | None:
    """The case's newest submission (a rejected dossier forwarded again has a newer one)."""
    return case.submissions.order_by("-created_at").first()


def dossier_can_receive(*, case: Case, actor: Membership | None) -> Decision:
    """The authority's caseworker accepts or rejects a dossier delivered to its organisation."""
    if not acts_for_authority(actor, case):
        return Decision.no(CaseError.NOT_YOUR_STEP)
    if case.state != CaseState.FORWARDED:
        return Decision.no(CaseError.WRONG_STATE)
    submission = current_submission(case)
    if submission is None or submission.destination_id != actor.organisation_id:
        return Decision.no(CaseError.NOT_YOUR_STEP)
    if submission.state != SubmissionState.DELIVERED:
        return Decision.no(ForwardingError.NOT_DELIVERED)
    return Decision.yes()


@transaction.atomic
def dossier_accept(*, case: Case, actor: Membership) -> Case:
    """The authority accepts the delivered dossier: the § 81a procedure starts (§ 81a Abs. 2
    AufenthG, the agreement)."""
    return _receive(case=case, actor=actor, accepted=True, reasons="")


@transaction.atomic
def dossier_reject(*, case: Case, actor: Membership, reasons: str) -> Case:
    """The authority rejects the delivered dossier with reasons: the case goes back to the chamber,
    which completes it and forwards again (a new submission)."""
    return _receive(case=case, actor=actor, accepted=False, reasons=reasons)


def _receive(*, case: Case, actor: Membership, accepted: bool, reasons: str) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    decision = dossier_can_receive(case=case, actor=actor)
    if not decision.allowed:
        raise DomainError(decision.code, **decision.details)
    submission = Submission.objects.select_for_update().get(pk=current_submission(case).pk)
    _answer(
        case=case,
        submission=submission,
        actor=actor,
        authority=actor.organisation,
        accepted=accepted,
        reasons=reasons,
        via="page",
    )
    return case


def _answer(*, case, submission, actor, authority, accepted, reasons, via) -> None:
    submission.state = SubmissionState.ACCEPTED if accepted else SubmissionState.REJECTED
    submission.acknowledged_at = clock.now()
    submission.reasons = reasons
    submission.save(update_fields=["state", "acknowledged_at", "reasons", "updated_at"])
    kind = EventType.DOSSIER_ACCEPTED if accepted else EventType.DOSSIER_REJECTED
    case.state = apply(case.state, kind)
    case.save(update_fields=["state", "updated_at"])
    event = events.event_dossier_received(
        case=case,
        actor=actor,
        accepted=accepted,
        submission=str(submission.pk),
        authority=authority,
        reasons=reasons,
        via=via,
    )
    notifications.notify(event)
    if not accepted:
        # the rejecting authority keeps only what it saw: the case up to its rejection, its own
        # submissions; the chamber forwards again as a new submission, perhaps elsewhere
        participant_end(
            case=case, organisation=authority, role=ParticipantRole.AUTHORITY, until=event.seq
        )


@transaction.atomic
def submission_acknowledge(
    *, submission_id, organisation: Organisation, accepted: bool, reasons: str = ""
) -> Submission:
    """The authority's own system acknowledges a submission by its id (no case version): the
    same answer again changes nothing; a different answer to an answered submission is refused.
    A submission of another organisation is not found."""
    locked = _locked(submission_id)
    if locked is None or locked[1].destination_id != organisation.pk:
        raise Submission.DoesNotExist
    case, submission = locked
    wanted = SubmissionState.ACCEPTED if accepted else SubmissionState.REJECTED
    if submission.state == wanted:
        return submission  # a second acknowledgement with the same id: a no-op
    if submission.state != SubmissionState.DELIVERED or case.state != CaseState.FORWARDED:
        raise DomainError(ForwardingError.NOT_DELIVERED)
    if not accepted and not reasons.strip():
        raise DomainError(ForwardingError.REASONS_MISSING)
    _answer(
        case=case,
        submission=submission,
        actor=None,
        authority=organisation,
        accepted=accepted,
        reasons=reasons,
        via="api",
    )
    return submission
