"""Reads of the aggregate tables for the dashboard, the exports and the public page: each one
small indexed query over counts, never over cases or events. These read aggregates, which name
no case, so they start from a scope (`access.py` decides which one a person may read), not from
`visible_to`."""

import math
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Min, Sum

from lotse.stats.definitions import KEPT, MISSED
from lotse.stats.models import ALL, BacklogCount, DurationCount, FigureCount


def _narrowed(rows, *, title: str | None):
    """The rows of one title, or (None) those kept for every title together."""
    return rows.filter(title=ALL if title is None else title)


def year_counts(*, scope: str, year: int, title: str | None = None) -> dict:
    """(figure, stage) → month → count in `year`: the course, the quality and the deadlines of
    a year in one query."""
    rows = _narrowed(FigureCount.objects.filter(scope=scope, year=year), title=title)
    found: dict[tuple, dict[int, int]] = defaultdict(dict)
    for figure, stage, month, n in rows.values_list("figure", "stage", "month").annotate(
        n=Sum("n")
    ):
        found[figure, stage][month] = n
    return found


def monthly(*, scope: str, year: int, title: str | None = None, counts=None) -> dict:
    """figure → month → count in `year` (`counts`: `year_counts` read already)."""
    counts = year_counts(scope=scope, year=year, title=title) if counts is None else counts
    return {figure: months for (figure, stage), months in counts.items() if not stage}


def yearly(*, scope: str, title: str | None = None) -> dict[int, dict[str, int]]:
    """year → figure → count, over every year."""
    rows = _narrowed(FigureCount.objects.filter(scope=scope, stage=""), title=title)
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for year, figure, n in rows.values_list("year", "figure").annotate(n=Sum("n")):
        found[year][figure] = n
    return found


def first_year(*, scope: str) -> int | None:
    """The first year with any count (one probe of the unique index's first columns)."""
    return FigureCount.objects.filter(scope=scope).aggregate(first=Min("year"))["first"]


def titles(*, scope: str, year: int) -> list[str]:
    """The target residence titles counted in `year`."""
    rows = FigureCount.objects.filter(scope=scope, year=year, figure="started").exclude(title=ALL)
    return sorted(set(rows.values_list("title", flat=True).distinct()))


def by_title(*, scope: str, year: int, figures: tuple[str, ...]) -> dict[str, dict[str, int]]:
    """figure → target residence title → count in `year`."""
    rows = FigureCount.objects.filter(scope=scope, year=year, figure__in=figures, stage="")
    rows = rows.exclude(title=ALL).values_list("figure", "title").annotate(n=Sum("n"))
    found: dict[str, dict[str, int]] = {figure: {} for figure in figures}
    for figure, title, n in rows:
        found[figure][title] = n
    return found


def deadlines(
    *, scope: str, year: int, title: str | None = None, counts=None
) -> dict[str, tuple[int, int]]:
    """clock id → (kept, missed) in `year` (`counts`: `year_counts` read already)."""
    counts = year_counts(scope=scope, year=year, title=title) if counts is None else counts
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (figure, stage), months in counts.items():
        if figure in (KEPT, MISSED):
            found[stage][0 if figure == KEPT else 1] += sum(months.values())
    return {stage: (kept, missed) for stage, (kept, missed) in found.items()}


@dataclass(frozen=True)
class Spread:
    count: int
    median: int | None
    p80: int | None


def percentile(histogram: dict[int, int], share: float) -> int | None:
    """The nearest-rank percentile of a histogram (value → count): the smallest value that at
    least `share` of all counts do not exceed; for the median of an even count the lower middle."""
    total = sum(histogram.values())
    if not total:
        return None
    rank, seen = max(1, math.ceil(share * total)), 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return None


def spread(histogram: dict[int, int]) -> Spread:
    return Spread(sum(histogram.values()), percentile(histogram, 0.5), percentile(histogram, 0.8))


def durations(*, scope: str, year: int | None, title: str | None = None) -> dict[str, Spread]:
    """stage → count, median and 80th percentile of its days, for stages ended in `year` (every
    year if None)."""
    rows = DurationCount.objects.filter(scope=scope)
    if year is not None:
        rows = rows.filter(year=year)
    histograms: dict[str, dict[int, int]] = defaultdict(dict)
    for stage, days, n in (
        _narrowed(rows, title=title).values_list("stage", "days").annotate(n=Sum("n"))
    ):
        histograms[stage][days] = n
    return {stage: spread(histogram) for stage, histogram in histograms.items()}


def durations_by_year(*, scope: str, stage: str) -> dict[int, Spread]:
    """year → spread of one stage, over every year (the public page)."""
    rows = DurationCount.objects.filter(scope=scope, stage=stage, title=ALL)
    histograms: dict[int, dict[int, int]] = defaultdict(dict)
    for year, days, n in rows.values_list("year", "days").annotate(n=Sum("n")):
        histograms[year][days] = n
    return {year: spread(histogram) for year, histogram in histograms.items()}


def backlog(*, organisations: list[str] | None) -> dict[str, int]:
    """organisation id → open cases waiting for it (every organisation if None)."""
    rows = BacklogCount.objects.filter(contact="")
    if organisations is not None:
        rows = rows.filter(organisation__in=organisations)
    return {organisation: n for organisation, n in rows.values_list("organisation", "n") if n}


def backlog_of_contact(*, organisation: str, contact: str) -> int:
    """Open cases waiting for one named contact person: shown to that person only, and only where
    `LOTSE_STATS_PER_PERSON` allows figures per employee."""
    row = BacklogCount.objects.filter(organisation=organisation, contact=contact).first()
    return row.n if row else 0
