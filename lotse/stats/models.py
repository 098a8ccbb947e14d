"""The statistics' aggregate tables, kept current by `counters.py` in the transaction of every
event they count, and rebuilt from the log by `manage.py stats_rebuild` (`rebuild.py`).

A scope is the region as a whole ("") or one organisation's id as text: a partner's figures
count the events of the cases it takes part in (`definitions.TERMS["scope"]`). No table holds a
person's data: counts by organisation, year, month, target residence title and stage; the
per-contact backlog names a membership only by id and is shown only where the setting allows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

REGION = ""
# Every count is kept once under its title and once under ALL, so that the dashboard without a
# title filter reads one row per month and stage, not one per title.
ALL = "*"


class FigureCount(models.Model):
    """How many events of one figure (`definitions.FIGURES`, or a deadline kept or missed) came in
    one month, for one scope and target residence title."""

    scope = models.CharField(_("scope"), max_length=36, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    title = models.CharField(_("target residence title"), max_length=8, blank=True)
    figure = models.CharField(_("figure"), max_length=24)
    # a deadline figure's clock (`deadlines/statutory.yaml`); empty otherwise
    stage = models.CharField(_("stage"), max_length=32, blank=True)
    n = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("figure count")
        verbose_name_plural = _("figure counts")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "year", "month", "title", "figure", "stage"], name="one_count"
            )
        ]
        # the dashboard reads one scope's year under one title (ALL without a filter)
        indexes = [
            models.Index(fields=["scope", "title", "year", "figure"], name="count_by_title_year")
        ]

    def __str__(self) -> str:
        return f"{self.scope or 'region'} {self.year}-{self.month:02} {self.figure}: {self.n}"


class DurationCount(models.Model):
    """How many cases took `days` calendar days through one stage that ended in `year`: a
    histogram, so that median and percentiles are exact and still one small indexed read."""

    scope = models.CharField(_("scope"), max_length=36, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("target residence title"), max_length=8, blank=True)
    stage = models.CharField(_("stage"), max_length=32)
    days = models.PositiveIntegerField(_("days"))
    n = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("duration count")
        verbose_name_plural = _("duration counts")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "year", "title", "stage", "days"], name="one_duration_count"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope or 'region'} {self.year} {self.stage} {self.days}d: {self.n}"


class BacklogCount(models.Model):
    """Open cases in which an organisation acts next (contact empty), and per named contact
    person (contact: the membership's id) — the latter shown only where the setting allows."""

    organisation = models.CharField(_("organisation"), max_length=36)
    contact = models.CharField(_("contact person"), max_length=36, blank=True)
    n = models.IntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("backlog count")
        verbose_name_plural = _("backlog counts")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "contact"], name="one_backlog_count")
        ]

    def __str__(self) -> str:
        return f"{self.organisation}/{self.contact}: {self.n}"


class CaseFacts(models.Model):
    """What the counters remember of one case between its events: the partners taking part, the
    target title, the first time of each counted event type, the clocks' events and whom the case
    waits for. Derived from the log alone (the rebuild folds the same way)."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    partners = models.JSONField(_("partners"), default=list)
    title = models.CharField(_("target residence title"), max_length=8, blank=True)
    marks = models.JSONField(_("first events"), default=dict)
    clocks = models.JSONField(_("clock events"), default=list)
    waiting_organisation = models.CharField(_("waiting for"), max_length=36, blank=True)
    waiting_contact = models.CharField(_("waiting for contact"), max_length=36, blank=True)

    class Meta:
        verbose_name = _("case facts")
        verbose_name_plural = _("case facts")

    def __str__(self) -> str:
        return str(self.case_id)


class OfferFacts(models.Model):
    """What one Welcome Center offer (an event with its registrations, a consultation slot, a
    referral) counts now, as (scope, year, month, title, figure, stage, n) rows: a change of the
    offer adds the difference to `FigureCount` (`offers.py`). Counts only, no person."""

    offer = models.CharField(_("offer"), max_length=48, primary_key=True)
    counted = models.JSONField(_("counted"), default=list)

    class Meta:
        verbose_name = _("offer facts")
        verbose_name_plural = _("offer facts")

    def __str__(self) -> str:
        return self.offer
