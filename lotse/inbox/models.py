"""Threads of messages and notices, their entries and each reader's read mark."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from lotse.core import clock
from lotse.core.models import BaseModel


class ThreadKind(models.TextChoices):
    MESSAGE = "message", _("Message")
    NOTICE = "notice", pgettext_lazy("inbox", "Notice")
    ENQUIRY = "enquiry", _("Enquiry")


def _worded(text: str, params: dict, translate: bool) -> str:
    """A notice's text in the reader's language; a person's text as written."""
    if not translate:
        return text
    worded = gettext(text)
    return worded % params if params else worded


class Thread(BaseModel):
    """A conversation or a notice, addressed to an organisation (and optionally one person in it),
    possibly about one case (its id; no foreign key, the inbox sits below `cases`)."""

    kind = models.CharField(_("kind"), max_length=16, choices=ThreadKind.choices)
    case_id = models.UUIDField(_("case"), null=True, blank=True, db_index=True)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("addressed to"),
        on_delete=models.PROTECT,
        related_name="inbox_threads",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("addressed person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sender_organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=200)
    # A notice's subject and body are msgids, translated when read; a person's text is as written.
    translate = models.BooleanField(_("translated when read"), default=False)
    params = models.JSONField(_("placeholders"), default=dict, blank=True)
    dedupe_key = models.CharField(_("dedupe key"), max_length=200, null=True, blank=True)
    last_entry_at = models.DateTimeField(_("last entry"), default=clock.now)
    # Counted, not compared by time: two entries in one instant still count as two.
    entry_count = models.PositiveIntegerField(_("entries"), default=0)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_entry_at"]
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key"], name="inbox_one_thread_per_dedupe_key")
        ]
        indexes = [
            models.Index(fields=["organisation", "-last_entry_at"]),
            models.Index(fields=["sender_organisation", "-last_entry_at"]),
        ]

    def __str__(self) -> str:
        return self.subject_text

    @property
    def subject_text(self) -> str:
        if self.erased_at:
            return gettext("(erased)")
        return _worded(self.subject, self.params, self.translate)


class Entry(BaseModel):
    """One message in a thread, by a person acting for an organisation, or by the platform."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="entries")
    author = models.ForeignKey(
        "orgs.Membership",
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("text"))
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.thread_id} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def body(self) -> str:
        if self.erased_at:
            return gettext("(erased)")
        return _worded(self.text, self.thread.params, self.thread.translate)


class ReadMark(models.Model):
    """Until when one person has read one thread: newer entries are unread for them."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen = models.PositiveIntegerField(_("entries read"), default=0)
    read_at = models.DateTimeField(_("read"), default=clock.now)

    class Meta:
        verbose_name = _("read mark")
        verbose_name_plural = _("read marks")
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="inbox_one_mark_per_reader")
        ]
