"""The base model every domain model extends."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.core import clock


class BaseModel(models.Model):
    """A row with a random id (never guessable from another) and its creation and change times."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # From the clock (not auto_now_add), so a case made while the demo travels in time keeps
    # the date its story happened on.
    created_at = models.DateTimeField(_("created"), default=clock.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class MailStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class OutboxMail(BaseModel):
    """One e-mail to one address, written in the transaction of what it reports and sent by the
    task worker after commit (`core.outbox`). Subject and body are rendered only when sending, in
    the recipient's language, from `kind` and `context`: the row stores no message text."""

    to = models.EmailField(_("recipient address"))
    # People without an account (a worker's upload link, a registration) get mail too.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    kind = models.CharField(_("kind"), max_length=80)
    context = models.JSONField(_("context"), default=dict)
    status = models.CharField(
        _("status"), max_length=8, choices=MailStatus.choices, default=MailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=clock.now)
    # When a sender took the row (its lease) and when a task for it was last queued.
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            # The scheduler's question: which pending mails are due?
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="outbox_pending_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to} ({self.status})"
