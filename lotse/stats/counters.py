"""The live counters: every appended event is folded into its case's facts and the aggregate
tables in the event's own transaction (`cases/listeners.py`), so the dashboard reads counts that
are always current and roll back with the event that made them."""

from collections import Counter

from django.db import connection

from lotse.cases.listeners import event_listener
from lotse.cases.models import NextStep
from lotse.orgs.models import Organisation
from lotse.stats.fold import Counts, Facts, clock_types, fold, organisation_keys
from lotse.stats.models import BacklogCount, CaseFacts, DurationCount, FigureCount

FIGURE_KEY = ("scope", "year", "month", "title", "figure", "stage")
DURATION_KEY = ("scope", "year", "title", "stage", "days")
BACKLOG_KEY = ("organisation", "contact")


def counts_add(model, columns: tuple[str, ...], increments: Counter) -> None:
    """Add `increments` (key tuple → n) to `model`'s counts in one statement: an insert that adds
    to the row already there (`ON CONFLICT … DO UPDATE`, PostgreSQL and SQLite alike), so two
    transactions counting the same month never lose a count."""
    # in key order, so that transactions counting the same rows lock them in the same order
    rows = [(*key, n) for key, n in sorted(increments.items()) if n]
    if not rows:
        return
    table = model._meta.db_table
    names = ", ".join((*columns, "n"))
    one = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
    sql = (
        f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(rows))} "
        f"ON CONFLICT ({', '.join(columns)}) DO UPDATE SET n = {table}.n + excluded.n"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])


def _organisations(case, event) -> list[str]:
    """The company, the acting organisation and those the payload brings in, as id texts."""
    found = [str(case.company_id)]
    if event.organisation_id:
        found.append(str(event.organisation_id))
    keys = organisation_keys(event.payload)
    if keys:
        ids = Organisation.objects.filter(key__in=keys).values_list("pk", flat=True)
        found.extend(str(pk) for pk in ids)
    return found


def _place(case, type: str) -> tuple[str, str]:
    """The case's region and chamber kind, which the clocks read: only for a clock's event (the
    services lock the case with its company and chamber, so this reads nothing more)."""
    if type not in clock_types():
        return ("", "")
    return case.company.region, (case.chamber.kind if case.chamber_id else "")


def backlog_moves(old: tuple[str, str], new: tuple[str, str]) -> Counter:
    """The backlog changes when a case stops waiting for `old` (organisation, contact) and waits
    for `new`: the organisation's total and its contact person's count."""
    moves = Counter()
    for (organisation, contact), delta in ((old, -1), (new, 1)):
        if organisation:
            moves[organisation, ""] += delta
            if contact:
                moves[organisation, contact] += delta
    return moves


@event_listener
def stats_count(*, case, event) -> None:
    """Fold `event` into its case's facts and the aggregate tables (three to five statements)."""
    row = CaseFacts.objects.filter(case_id=case.pk).first() or CaseFacts(case_id=case.pk)
    facts = Facts(partners=row.partners, title=row.title, marks=row.marks, clocks=row.clocks)
    counts = Counts()
    fold(
        facts,
        type=event.type,
        payload=event.payload,
        at=event.at,
        organisations=_organisations(case, event),
        counts=counts,
        place=_place(case, event.type),
    )
    counts_add(FigureCount, FIGURE_KEY, counts.figures)
    counts_add(DurationCount, DURATION_KEY, counts.durations)
    waiting = (
        NextStep.objects.filter(case_id=case.pk)
        .values_list("organisation_id", "contact_id")
        .first()
    )
    new = tuple(str(value) if value else "" for value in (waiting or (None, None)))
    old = (row.waiting_organisation, row.waiting_contact)
    if new != old:
        counts_add(BacklogCount, BACKLOG_KEY, backlog_moves(old, new))
    row.partners, row.title, row.marks, row.clocks = (
        facts.partners,
        facts.title,
        facts.marks,
        facts.clocks,
    )
    row.waiting_organisation, row.waiting_contact = new
    row.save()
