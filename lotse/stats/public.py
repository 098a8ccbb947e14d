"""The public transparency page's table: completed procedures per year and target residence
title, with row and column totals, and the median duration end to end per year — aggregated so
that no person or company can be identified.

Every count from 1 to 4 is suppressed (primary suppression). Then, so that no suppressed count
can be worked out from the published ones, more are suppressed (secondary suppression) until no
line (a row or column with its total) has exactly one suppressed entry and no suppressed entry is
determined by the published figures — checked exactly, by linear algebra over the table's sum
equations (`determined`). A median is published only over at least five cases.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Sum

from lotse.stats.definitions import OFFER_FIGURE
from lotse.stats.models import ALL, REGION, FigureCount
from lotse.stats.selectors import durations_by_year
from lotse.stats.tables import title_label

THRESHOLD = 5
TOTAL = "total"


def _lines(rows: list, columns: list) -> list[list[tuple]]:
    """Each row with its total, each column with its total, and the totals' own lines; the
    total is the last entry of each line."""
    lines = [[(row, column) for column in [*columns, TOTAL]] for row in [*rows, TOTAL]]
    lines += [[(row, column) for row in [*rows, TOTAL]] for column in [*columns, TOTAL]]
    return lines


def _rank(matrix: list[list[Fraction]]) -> int:
    rows = [list(row) for row in matrix]
    rank, width = 0, len(rows[0]) if rows else 0
    for column in range(width):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][column] != 0:
                factor = rows[r][column] / rows[rank][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def determined(lines: list[list[tuple]], hidden: set[tuple]) -> set[tuple]:
    """The hidden entries whose value the published ones fix: entry i is fixed exactly when the
    unit vector e_i lies in the row space of the sum equations over the hidden entries."""
    unknowns = sorted(hidden, key=str)
    if not unknowns:
        return set()
    index = {entry: number for number, entry in enumerate(unknowns)}
    equations = []
    for line in lines:
        row = [Fraction(0)] * len(unknowns)
        for entry in line[:-1]:
            if entry in index:
                row[index[entry]] += 1
        if line[-1] in index:
            row[index[line[-1]]] -= 1
        if any(row):
            equations.append(row)
    if not equations:
        return set()
    rank = _rank(equations)
    fixed = set()
    for entry, number in index.items():
        unit = [Fraction(int(i == number)) for i in range(len(unknowns))]
        if _rank([*equations, unit]) == rank:
            fixed.add(entry)
    return fixed


def suppress(values: dict[tuple, int], rows: list, columns: list) -> set[tuple]:
    """The entries to hide of a table with totals (`values` holds every entry, totals included)."""
    lines = _lines(rows, columns)
    hidden = {entry for entry, value in values.items() if 0 < value < THRESHOLD}
    while True:
        single = next((line for line in lines if len(hidden & set(line)) == 1), None)
        if single is None:
            fixed = determined(lines, hidden)
            if not fixed:
                return hidden
            entry = min(fixed, key=str)
            single = max(
                (line for line in lines if entry in line),
                key=lambda line: len(set(line) - hidden),
            )
        candidates = [entry for entry in single if entry not in hidden]
        if not candidates:
            return hidden | set(single)
        # the smallest count that is not zero (a hidden zero protects less), interior first
        hidden.add(min(candidates, key=lambda e: (values[e] == 0, values[e], TOTAL in e, str(e))))


@dataclass
class PublicTable:
    columns: list[str]
    column_labels: list[str]
    rows: list[dict] = field(default_factory=list)
    total: dict = field(default_factory=dict)


def completed_by_year_and_title() -> dict[tuple[int, str], int]:
    rows = FigureCount.objects.filter(scope=REGION, figure="completed", stage="")
    rows = rows.exclude(title=ALL)
    grouped = rows.values_list("year", "title").annotate(n=Sum("n"))
    return {(year, title): n for year, title, n in grouped}


def public_table() -> PublicTable:
    counts = completed_by_year_and_title()
    years = sorted({year for year, _title in counts})
    titles = sorted({title for _year, title in counts})
    values: dict[tuple, int] = defaultdict(int)
    for (year, title), n in counts.items():
        values[year, title] += n
        values[year, TOTAL] += n
        values[TOTAL, title] += n
        values[TOTAL, TOTAL] += n
    for year in [*years, TOTAL]:
        for title in [*titles, TOTAL]:
            values.setdefault((year, title), 0)
    hidden = suppress(dict(values), years, titles)
    medians = durations_by_year(scope=REGION, stage="end_to_end")

    def shown(entry):
        return None if entry in hidden else values[entry]

    table = PublicTable(titles, [title_label(title) for title in titles])
    for year in years:
        spread = medians.get(year)
        median = spread.median if spread and spread.count >= THRESHOLD else None
        table.rows.append(
            {
                "year": year,
                "cells": [shown((year, title)) for title in titles],
                "total": shown((year, TOTAL)),
                "median": median,
            }
        )
    table.total = {
        "cells": [shown((TOTAL, title)) for title in titles],
        "total": shown((TOTAL, TOTAL)),
    }
    return table


# The Welcome Center's figures the public page shows per year (`offers.py`). Events are public
# offers and name nobody; the others count people or companies, so 1–4 are suppressed. The
# table publishes no totals over years or figures (they measure different things), so a
# suppressed count cannot be worked out from the published ones.
PUBLIC_OFFERS = ("welcome_events", "welcome_registered", "welcome_attended", "welcome_held")
PEOPLE_COUNTS = frozenset({"welcome_registered", "welcome_attended", "welcome_held"})


@dataclass
class OffersTable:
    columns: list[str]
    column_labels: list[str]
    rows: list[dict] = field(default_factory=list)


def offers_table() -> OffersTable:
    """year → the Welcome Center's events held, registrations, attendance and first consultations
    held in the region, small counts of people suppressed (one query)."""
    rows = FigureCount.objects.filter(scope=REGION, title=ALL, figure__in=PUBLIC_OFFERS)
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for year, figure, n in rows.values_list("year", "figure").annotate(n=Sum("n")):
        found[year][figure] = n
    table = OffersTable(
        list(PUBLIC_OFFERS), [str(OFFER_FIGURE[key].label) for key in PUBLIC_OFFERS]
    )
    for year in sorted(found):
        cells = []
        for figure in PUBLIC_OFFERS:
            n = found[year].get(figure, 0)
            small = figure in PEOPLE_COUNTS and 0 < n < THRESHOLD
            cells.append(None if small else n)
        if any(found[year].values()):
            labelled = list(zip(table.column_labels, cells, strict=True))
            table.rows.append({"year": year, "cells": cells, "labelled": labelled})
    return table
