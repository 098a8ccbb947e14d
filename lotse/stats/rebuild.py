"""The aggregate tables rebuilt from the log: every case's events folded in order by the same
`fold` the live counters use. `manage.py stats_rebuild` runs it; a test compares its tables with
the live ones (`aggregates_read`)."""

from collections import Counter

from django.db import transaction

from lotse.cases.models import Case, CaseEvent, NextStep
from lotse.orgs.models import Organisation
from lotse.stats.counters import (
    BACKLOG_KEY,
    DURATION_KEY,
    FIGURE_KEY,
    backlog_moves,
    counts_add,
)
from lotse.stats.fold import Counts, Facts, fold, organisation_keys
from lotse.stats.models import BacklogCount, CaseFacts, DurationCount, FigureCount

BATCH = 2000


def _facts_row(case_id, facts: Facts, waiting: tuple[str, str]) -> CaseFacts:
    return CaseFacts(
        case_id=case_id,
        partners=facts.partners,
        title=facts.title,
        marks=facts.marks,
        clocks=facts.clocks,
        waiting_organisation=waiting[0],
        waiting_contact=waiting[1],
    )


def _waiting() -> dict:
    """Whom each case waits for, from the stored next steps (themselves a projection of the log
    that `audit verify` checks)."""
    rows = NextStep.objects.values_list("case_id", "organisation_id", "contact_id")
    return {
        case_id: (str(organisation or ""), str(contact or ""))
        for case_id, organisation, contact in rows.iterator(chunk_size=BATCH)
    }


@transaction.atomic
def stats_rebuild() -> int:
    """Empty the statistics' tables and fold the whole log again; the number of events read.
    A system job over every case: it reads the log without `visible_to`, which is for people."""
    for model in (FigureCount, DurationCount, BacklogCount, CaseFacts):
        model.objects.all().delete()
    by_key = {key: str(pk) for key, pk in Organisation.objects.values_list("key", "pk")}
    company, places = {}, {}
    cases = Case.objects.values_list("pk", "company_id", "company__region", "chamber__kind")
    for pk, company_id, region, chamber_kind in cases.iterator(chunk_size=BATCH):
        company[pk], places[pk] = company_id, (region, chamber_kind or "")
    waiting = _waiting()
    counts, backlog, rows = Counts(), Counter(), []
    current, facts, read = None, Facts(), 0
    events = CaseEvent.objects.order_by("case_id", "seq").values_list(
        "case_id", "type", "payload", "at", "organisation_id"
    )
    for case_id, type, payload, at, organisation_id in events.iterator(chunk_size=BATCH):
        if case_id != current:
            if current is not None:
                rows.append(_facts_row(current, facts, waiting.get(current, ("", ""))))
            current, facts = case_id, Facts()
        named = [by_key[key] for key in organisation_keys(payload) if key in by_key]
        acting = [str(organisation_id)] if organisation_id else []
        organisations = [str(company[case_id]), *acting, *named]
        fold(
            facts,
            type=type,
            payload=payload,
            at=at,
            organisations=organisations,
            counts=counts,
            place=places[case_id],
        )
        read += 1
        if len(rows) >= BATCH:
            CaseFacts.objects.bulk_create(rows)
            rows = []
    if current is not None:
        rows.append(_facts_row(current, facts, waiting.get(current, ("", ""))))
    CaseFacts.objects.bulk_create(rows)
    for organisation, contact in waiting.values():
        backlog.update(backlog_moves(("", ""), (organisation, contact)))
    _add_in_batches(FigureCount, FIGURE_KEY, counts.figures)
    _add_in_batches(DurationCount, DURATION_KEY, counts.durations)
    _add_in_batches(BacklogCount, BACKLOG_KEY, backlog)
    return read


def _add_in_batches(model, columns, increments: Counter) -> None:
    items = list(increments.items())
    for start in range(0, len(items), 500):
        counts_add(model, columns, Counter(dict(items[start : start + 500])))


def aggregates_read() -> dict:
    """Every non-zero count of the three tables, keyed as their unique columns: what a rebuild
    must reproduce."""
    tables = {
        "figures": (FigureCount, FIGURE_KEY),
        "durations": (DurationCount, DURATION_KEY),
        "backlog": (BacklogCount, BACKLOG_KEY),
    }
    found = {}
    for name, (model, columns) in tables.items():
        rows = model.objects.exclude(n=0).values_list(*columns, "n")
        found[name] = {tuple(row[:-1]): row[-1] for row in rows}
    return found
