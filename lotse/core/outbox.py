"""The transactional outbox: mail is written as a row in the transaction of what it reports, and
sent after commit by the task worker; the scheduler (`manage.py periodic`) re-queues what a crash,
a lost task or an SMTP error left pending. The row, not the task table, is the truth: a task that a
killed worker leaves "running" is never retried by the backend, a pending row always is.

A row's life: pending → (claimed by one sender for a lease) → sent, or back to pending with the
error and a later next attempt (exponential backoff), or failed after `LOTSE_OUTBOX_MAX_ATTEMPTS`.

Message texts are not stored: an app registers a renderer for its `kind`, which turns the row's
context into subject and body when sending, in the recipient's language. A renderer may add a third
item, the attachments as `(filename, content, mimetype)` (an iCalendar invitation, say).
"""

import datetime
import logging
from collections.abc import Callable
from email.utils import parseaddr
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import translation

from lotse.core import clock
from lotse.core.faults import fault_point
from lotse.core.models import MailStatus, OutboxMail

logger = logging.getLogger(__name__)

Renderer = Callable[[OutboxMail], tuple]
_RENDERERS: dict[str, Renderer] = {}


def mail_kind(key: str) -> Callable[[Renderer], Renderer]:
    """Register the renderer of one kind of mail: `(mail) -> (subject, body[, attachments])`,
    called inside the recipient's language. Keys are stored in rows, so they stay stable (`"cases.event"`)."""

    def register(renderer: Renderer) -> Renderer:
        _RENDERERS[key] = renderer
        return renderer

    return register


def mail_create(
    *, to: str, kind: str, context: dict | None = None, user=None, language: str = ""
) -> OutboxMail:
    """Write one pending mail inside the caller's transaction; its sending is queued on commit.
    Rolled back with the caller, it is never sent."""
    mail = OutboxMail.objects.create(
        to=to, user=user, kind=kind, context=context or {}, language=language
    )
    # robust: a queue that cannot be reached must not fail the committed step; the row waits
    # for the scheduler instead.
    transaction.on_commit(partial(mail_enqueue, mail_id=mail.pk), robust=True)
    return mail


def mail_enqueue(*, mail_id) -> None:
    """Queue the task that sends one mail, and note when (the scheduler re-queues a row whose
    task never ran)."""
    from lotse.core.tasks import mail_deliver

    mail_deliver.enqueue(str(mail_id))
    OutboxMail.objects.filter(pk=mail_id).update(queued_at=clock.now())


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.LOTSE_OUTBOX_LEASE_SECONDS)


def backoff(attempts: int) -> datetime.timedelta:
    """How long to wait after the `attempts`-th failed attempt: base · 2^(attempts − 1)."""
    return datetime.timedelta(seconds=settings.LOTSE_OUTBOX_BACKOFF_SECONDS * 2 ** (attempts - 1))


def _claim(mail_id) -> OutboxMail | None:
    """Take a due pending row for sending, or None if it is sent, failed, not yet due or being
    sent by another worker (its row lock is skipped on PostgreSQL; the lease covers SQLite and a
    sender that died after claiming)."""
    now = clock.now()
    with transaction.atomic():
        mail = (
            OutboxMail.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(pk=mail_id, status=MailStatus.PENDING, next_attempt_at__lte=now)
            .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - _lease()))
            .first()
        )
        if mail is None:
            return None
        # Compare-and-set on the attempt count as well: SQLite ignores the row lock.
        taken = OutboxMail.objects.filter(pk=mail.pk, attempts=mail.attempts).update(
            claimed_at=now, attempts=mail.attempts + 1, updated_at=now
        )
        if not taken:
            return None
        mail.claimed_at, mail.attempts = now, mail.attempts + 1
    return mail


def _render(mail: OutboxMail) -> tuple:
    language = (mail.user.language if mail.user else "") or mail.language
    with translation.override(language or settings.LANGUAGE_CODE):
        return _RENDERERS[mail.kind](mail)


def message_id(mail: OutboxMail) -> str:
    """The row's own Message-ID, the same on every attempt: a receiver (and the fault run, which
    counts what an SMTP server received) tells a resent mail from a new one by it."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "lotse.localhost"
    return f"<outbox.{mail.pk}@{domain}>"


def mail_send(*, mail_id) -> bool:
    """Send one mail if it is due and nobody else is sending it; True if it went out now. A
    redelivered task finds the row sent (or claimed) and sends nothing."""
    mail = _claim(mail_id)
    if mail is None:
        return False
    fault_point(
        "outbox.claimed"
    )  # a sender killed here leaves the row claimed until its lease ends
    try:
        subject, body, *rest = _render(mail)
        message = EmailMessage(
            subject, body, None, [mail.to], headers={"Message-ID": message_id(mail)}
        )
        for attachment in rest[0] if rest else ():
            message.attach(*attachment)
        message.send()
    except Exception as error:  # any failure of rendering or SMTP is recorded on the row
        _record_failure(mail, error)
        return False
    OutboxMail.objects.filter(pk=mail.pk, claimed_at=mail.claimed_at).update(
        status=MailStatus.SENT, sent_at=clock.now(), claimed_at=None, last_error=""
    )
    return True


def _record_failure(mail: OutboxMail, error: Exception) -> None:
    """Keep the error; try again later, or give up after the last allowed attempt."""
    now = clock.now()
    failed = mail.attempts >= settings.LOTSE_OUTBOX_MAX_ATTEMPTS
    # The error's class and text, cut short; an SMTP answer names no case data, only the address.
    message = f"{type(error).__name__}: {error}"[:500]
    OutboxMail.objects.filter(pk=mail.pk, claimed_at=mail.claimed_at).update(
        status=MailStatus.FAILED if failed else MailStatus.PENDING,
        next_attempt_at=now + backoff(mail.attempts),
        claimed_at=None,
        last_error=message,
    )
    logger.warning("outbox mail %s attempt %s failed: %s", mail.pk, mail.attempts, type(error))


def mails_due(*, limit: int = 1000) -> list:
    """Ids of pending mails that should be queued now: their next attempt has come and no task is
    on the way — never queued (the process died between commit and enqueue), queued before the
    attempt fell due (a retry), or queued or claimed longer than a lease ago (the worker died)."""
    now = clock.now()
    stale = now - _lease()
    rows = OutboxMail.objects.filter(status=MailStatus.PENDING, next_attempt_at__lte=now).filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)
    )
    rows = rows.filter(
        Q(queued_at__isnull=True) | Q(queued_at__lt=F("next_attempt_at")) | Q(queued_at__lt=stale)
    )
    return list(rows.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])


def mails_requeue() -> int:
    """The scheduler's outbox job: queue a task for every due mail; returns how many."""
    due = mails_due()
    for mail_id in due:
        mail_enqueue(mail_id=mail_id)
    return len(due)


def mail_retry(*, mail: OutboxMail) -> OutboxMail:
    """Give a failed mail a new round of attempts (the platform administrator's action)."""
    with transaction.atomic():
        updated = OutboxMail.objects.filter(pk=mail.pk, status=MailStatus.FAILED).update(
            status=MailStatus.PENDING,
            attempts=0,
            next_attempt_at=clock.now(),
            claimed_at=None,
            queued_at=None,
        )
        if updated:
            transaction.on_commit(partial(mail_enqueue, mail_id=mail.pk), robust=True)
    mail.refresh_from_db()
    return mail
