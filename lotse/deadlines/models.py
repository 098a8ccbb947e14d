"""What the clocks told whom: one row per person, deadline and kind, so a rerun tells nobody twice."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.core.models import BaseModel


class ReminderKind(models.TextChoices):
    REMIND = "remind", _("Reminder before the end")
    OVERDUE = "overdue", _("Overdue: information")
    ESCALATE = "escalate", _("Overdue: escalated to the lead")


class Reminder(BaseModel):
    """One reminder (or escalation) to one person about one clock's end in one case: written with
    its outbox mail and its inbox notice in one transaction; the unique constraint makes a second
    run, or a second scheduler, write nothing (one mail and one notice per person and deadline)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    clock = models.CharField(_("clock"), max_length=48)
    person = models.CharField(_("person concerned"), max_length=64, blank=True)
    end = models.DateField(_("end of the period"))
    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    mail = models.OneToOneField(
        "core.OutboxMail", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    notice = models.UUIDField(_("inbox notice"), null=True, blank=True)

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "clock", "person", "end", "kind", "user"],
                name="one_reminder_per_person_and_deadline",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.clock} {self.end} ({self.kind})"
