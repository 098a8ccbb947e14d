"""The submission: a forwarded dossier frozen for delivery to the authority, and the receiver's row.

Modelled on the federal FIT-Connect submission contract: a submission has its own id (the
idempotency key of every delivery attempt and acknowledgement), a destination, a versioned
manifest with each document's SHA-256, and a life of

    queued → sending → delivered → accepted | rejected        (or failed after bounded attempts)

The receiver (the authority's inbox) writes its `Receipt` in its own transaction, keyed by the
submission id: a second delivery of the same submission finds it there and writes nothing.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import Case
from lotse.core import clock
from lotse.core.models import BaseModel
from lotse.documents.models import Document
from lotse.orgs.models import Membership, Organisation


class SubmissionState(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("being delivered")
    DELIVERED = "delivered", _("delivered")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    FAILED = "failed", _("delivery failed")


# the states from which a delivery attempt may start (queued, or a sender whose lease ran out)
OPEN = (SubmissionState.QUEUED, SubmissionState.SENDING)
# the states in which the authority has the dossier
RECEIVED = (SubmissionState.DELIVERED, SubmissionState.ACCEPTED, SubmissionState.REJECTED)


class Submission(BaseModel):
    """One forwarding of a case's dossier, frozen: the documents' versions and the manifest do not
    change after forwarding (a new forwarding makes a new submission)."""

    # a case removed by the platform administrator (a tombstone) takes its submissions along
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="submissions")
    destination = models.ForeignKey(
        Organisation,
        verbose_name=_("destination"),
        on_delete=models.PROTECT,
        related_name="submissions_received",
    )
    # the routing rule that named the destination on the day of forwarding
    rule = models.CharField(max_length=80, blank=True)
    forwarded_by = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=SubmissionState.choices,
        default=SubmissionState.QUEUED,
    )
    documents = models.ManyToManyField(Document, related_name="submissions", blank=True)
    manifest = models.JSONField(_("manifest"), default=dict)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=clock.now)
    queued_at = models.DateTimeField(null=True, blank=True)
    # a sender's lease: set when an attempt starts, cleared when it ends
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    # the authority's reasons for rejecting the dossier (personal: they may name the worker)
    reasons = models.TextField(_("reasons"), blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="submission_due"),
            models.Index(fields=["destination", "state"], name="submission_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} ({self.state})"


class Receipt(models.Model):
    """The receiver's row: the authority's inbox holds a submission once. Its primary key is the
    submission's id, so a redelivery cannot write a second one."""

    submission = models.OneToOneField(
        Submission, primary_key=True, on_delete=models.CASCADE, related_name="receipt"
    )
    received_at = models.DateTimeField(_("received"), default=clock.now)
    attempt = models.PositiveSmallIntegerField(_("attempt"))

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
