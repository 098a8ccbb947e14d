"""The dashboard's tables: each a caption, headers and rows of plain values, built from the
selectors. The page shows them, each chart draws one (`charts.py`), and the exports write them
(`exports.py`), so page, chart, CSV, XLSX and PDF always say the same."""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.deadlines.clocks import statutory_clocks
from lotse.stats import selectors
from lotse.stats.definitions import COURSE, FIGURE, QUALITY, STAGES

MONTHS = range(1, 13)


@dataclass
class Table:
    key: str
    caption: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    definition: str = ""

    def column(self, index: int) -> list:
        return [row[index] for row in self.rows]


# The tables a person may export, by key (the order of the page).
TABLE_KEYS = ("course", "years", "funnel", "durations", "deadlines", "quality", "titles", "backlog")
TABLE_NAMES = {
    "course": gettext_lazy("Procedures per month"),
    "years": gettext_lazy("Procedures per year"),
    "funnel": gettext_lazy("Stages reached"),
    "durations": gettext_lazy("Duration of each stage"),
    "deadlines": gettext_lazy("Statutory deadlines kept"),
    "quality": gettext_lazy("Quality of the dossiers"),
    "titles": gettext_lazy("By target residence title"),
    "backlog": gettext_lazy("Backlog per partner"),
}


def title_label(title: str) -> str:
    """A target residence title (a pre-check pathway id) in words."""
    if not title:
        return _("none chosen")
    return _("§ %(title)s AufenthG") % {"title": title}


def month_label(year: int, month: int) -> str:
    return date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")


@dataclass(frozen=True)
class Filters:
    scope: str
    year: int
    title: str | None = None

    @cached_property
    def counts(self) -> dict:
        """The year's counts, read once per page (several tables use them)."""
        return selectors.year_counts(scope=self.scope, year=self.year, title=self.title)

    @cached_property
    def monthly(self) -> dict:
        return selectors.monthly(scope=self.scope, year=self.year, counts=self.counts)

    @cached_property
    def durations(self) -> dict:
        return selectors.durations(scope=self.scope, year=self.year, title=self.title)


def course(filters: Filters) -> Table:
    counts = filters.monthly
    table = Table(
        "course",
        _("Procedures per month, %(year)s") % {"year": filters.year},
        [_("Month"), *(str(FIGURE[key].label) for key in COURSE)],
    )
    for month in MONTHS:
        values = [counts.get(key, {}).get(month, 0) for key in COURSE]
        table.rows.append([month_label(filters.year, month), *values])
    return table


def years(filters: Filters) -> Table:
    counts = selectors.yearly(scope=filters.scope, title=filters.title)
    table = Table(
        "years",
        _("Procedures per year"),
        [_("Year"), *(str(FIGURE[key].label) for key in COURSE)],
    )
    for year in sorted(counts):
        table.rows.append([year, *(counts[year].get(key, 0) for key in COURSE)])
    return table


def funnel(filters: Filters) -> Table:
    """How many cases reached each step in the year: started, forwarded, accepted, completed."""
    counts = filters.monthly
    spreads = filters.durations

    def reached(stage: str) -> int:
        return spreads[stage].count if stage in spreads else 0

    table = Table("funnel", _("Stages reached, %(year)s") % {"year": filters.year}, [])
    table.headers = [_("Step"), _("Cases")]
    table.rows = [
        [str(FIGURE["started"].label), sum(counts.get("started", {}).values())],
        [_("Forwarded to the authority"), reached("precheck")],
        [_("Dossier accepted by the authority"), reached("acceptance")],
        [str(FIGURE["completed"].label), sum(counts.get("completed", {}).values())],
    ]
    table.definition = _(
        "Each step counted once per case in the year it was reached; the steps of one case may "
        "fall into different years."
    )
    return table


def durations(filters: Filters) -> Table:
    spreads = filters.durations
    table = Table(
        "durations",
        _("Duration of each stage in days, %(year)s") % {"year": filters.year},
        [_("Stage"), _("Cases"), _("Median (days)"), _("80th percentile (days)")],
    )
    for stage in STAGES:
        found = spreads.get(stage.key)
        if found:
            table.rows.append([str(stage.label), found.count, found.median, found.p80])
        else:
            table.rows.append([str(stage.label), 0, None, None])
    return table


def deadlines(filters: Filters) -> Table:
    counts = selectors.deadlines(scope=filters.scope, year=filters.year, counts=filters.counts)
    table = Table(
        "deadlines",
        _("Statutory deadlines kept, %(year)s") % {"year": filters.year},
        [_("Deadline"), _("Legal basis"), _("Kept"), _("Missed"), _("Share kept (%)")],
    )
    rows = [(clock.id, clock.basis) for clock in statutory_clocks().values()]
    rows += [(key, str(basis)) for key, basis in RECOGNITION_BASES.items()]
    for clock_id, basis in rows:
        kept, missed = counts.get(clock_id, (0, 0))
        if clock_id in OPTIONAL_ROWS and not kept + missed:
            continue
        share = round(100 * kept / (kept + missed)) if kept + missed else None
        table.rows.append([clock_label(clock_id), basis, kept, missed, share])
    return table


# The recognition body's periods (`deadlines/recognition.py`): their legal basis is the law the
# region's data name for the body, so the table names § 14a BQFG and says that another law's own
# period counts where it applies.
RECOGNITION_BASES = {
    "recognition_receipt_confirmation": gettext_lazy(
        "§ 14a Abs. 2 BQFG, or the period of the law the body applies"
    ),
    "recognition_decision": gettext_lazy(
        "§ 14a Abs. 3 BQFG, or the period of the law the body applies"
    ),
    "recognition_answer": gettext_lazy("the body's stated practice, not a statutory period"),
}
# A row shown only where something was counted: a body's practice is no statutory deadline.
OPTIONAL_ROWS = frozenset({"recognition_answer"})


CLOCK_LABELS = {
    "agency_consent": gettext_lazy("Consent of the Federal Employment Agency (one week)"),
    "authority_invitation": gettext_lazy("Authority invites the employer (three working days)"),
    "visa_appointment": gettext_lazy("Visa appointment (three weeks)"),
    "visa_decision": gettext_lazy("Visa decision (as a rule three weeks)"),
    "employment_end_notice": gettext_lazy("Notice of early end of employment (four weeks)"),
    "recognition_receipt_confirmation": gettext_lazy(
        "Recognition body confirms receipt (two weeks under § 14a BQFG)"
    ),
    "recognition_decision": gettext_lazy(
        "Recognition body decides (two months from the complete file under § 14a BQFG)"
    ),
    "recognition_answer": gettext_lazy("Recognition body answers (its stated practice)"),
}


def clock_label(clock_id: str) -> str:
    return str(CLOCK_LABELS.get(clock_id, clock_id))


def quality(filters: Filters) -> Table:
    counts = filters.monthly
    table = Table(
        "quality",
        _("Quality of the dossiers, %(year)s") % {"year": filters.year},
        [_("Figure"), _("Count")],
    )
    for key in QUALITY:
        table.rows.append([str(FIGURE[key].label), sum(counts.get(key, {}).values())])
    return table


def titles(filters: Filters) -> Table:
    found = selectors.by_title(
        scope=filters.scope, year=filters.year, figures=("started", "completed")
    )
    started, completed = found["started"], found["completed"]
    table = Table(
        "titles",
        _("By target residence title, %(year)s") % {"year": filters.year},
        [_("Target residence title"), str(FIGURE["started"].label), str(FIGURE["completed"].label)],
    )
    for title in sorted(set(started) | set(completed)):
        table.rows.append([title_label(title), started.get(title, 0), completed.get(title, 0)])
    return table


def backlog(names: dict[str, str]) -> Table:
    """`names`: organisation id → name of the partners whose backlog the viewer may see."""
    counts = selectors.backlog(organisations=list(names))
    table = Table("backlog", _("Backlog per partner, now"), [_("Partner"), _("Open cases")])
    for organisation, name in sorted(names.items(), key=lambda item: item[1]):
        table.rows.append([name, counts.get(organisation, 0)])
    return table


def tables_for(filters: Filters, partners: dict[str, str]) -> dict[str, Table]:
    return {
        "course": course(filters),
        "years": years(filters),
        "funnel": funnel(filters),
        "durations": durations(filters),
        "deadlines": deadlines(filters),
        "quality": quality(filters),
        "titles": titles(filters),
        "backlog": backlog(partners),
    }
