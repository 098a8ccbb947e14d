"""Benchmark of the clocks (`lotse/deadlines`): every clock of 100,000 open cases, from their events
loaded from PostgreSQL.

Fills a throw-away database `lotse_clocks_bench` (on the server of DATABASE_URL; dropped
afterwards) with the demo, then N generated cases (`lotse.demo.volume`, set-based SQL), and adds
to each forwarded case the events the clocks read, also set-based (`INSERT … SELECT …
generate_series`): the consent request (a third of them answered, some asked for information),
the recognition's application, receipt, request for evidence and documents received, extension
and decision, the pre-approval, the worker's visa appointment request and application, and for a
family member in one case in four. Then it measures, as the platform does it: read the open
cases (region, chamber), load their watched events in batches (`selectors.clock_events`) and fold
every clock (`selectors.clock_runs`), including each due date.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_clocks python bench/deadlines.py [--n 100000]

Last line: `deadlines: X s for N cases (goal < 30) PASS|FAIL`; exits non-zero on FAIL.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

GOAL_SECONDS = 30
DATABASE = "lotse_clocks_bench"

# The events the clocks read, for the generated forwarded cases (`V-<i>`), from seq 100 on, a
# day apart from the case's creation on: `step` the day offset, `share` which cases get it.
CLOCK_EVENTS = [
    # (seq, type, day offset, condition on i, payload)
    (100, "consent.requested", 10, "i % 3 = 0", "{}"),
    (101, "consent.given", 14, "i % 9 = 0", "{}"),
    (102, "consent.information_requested", 13, "i % 9 = 3", "{}"),
    (110, "recognition.applied", 12, "true", "{}"),
    (111, "recognition.receipt_confirmed", 20, "i % 2 = 0", "{}"),
    (112, "recognition.evidence_requested", 30, "i % 4 = 0", "{}"),
    (113, "recognition.documents_received", 45, "i % 8 = 0", "{}"),
    (114, "recognition.extended", 90, "i % 16 = 0", "{}"),
    (115, "recognition.decided", 100, "i % 5 = 0", '{"outcome": "full"}'),
    (116, "authority.employer_invited", 102, "i % 10 = 0", "{}"),
    (120, "preapproval.issued", 110, "i % 5 = 0", '{"person": "worker"}'),
    (121, "visa.appointment_requested", 111, "i % 5 = 0", '{"person": "worker"}'),
    (122, "visa.appointment_requested", 112, "i % 20 = 0", '{"person": "member-1"}'),
    (123, "preapproval.issued", 110, "i % 20 = 0", '{"person": "member-1"}'),
    (124, "visa.applied", 125, "i % 10 = 0", '{"person": "worker"}'),
]
INSERT = """
INSERT INTO cases_caseevent (case_id, seq, type, at, payload, prev_hash, hash, key_id)
SELECT c.id, %(seq)s, %(type)s, c.created_at + %(days)s * interval '1 day', %(payload)s::jsonb,
    '', '', ''
FROM cases_case c, LATERAL (SELECT substr(c.reference, 3)::int AS i) n
WHERE c.reference LIKE 'V-%%' AND c.state = 'forwarded' AND ({condition})
"""


def _fill(n: int, open_cases: int) -> int:
    from lotse.demo.load import demo_load
    from lotse.demo.volume import volume_generate

    demo_load()
    volume_generate(cases=n)
    with transaction.atomic(), connection.cursor() as cursor:
        for seq, kind, days, condition, payload in CLOCK_EVENTS:
            cursor.execute(
                INSERT.format(condition=condition.replace("%", "%%")),
                {"seq": seq, "type": kind, "days": days, "payload": payload},
            )
        # exactly `open_cases` open: the surplus generated ones are withdrawn
        cursor.execute("SELECT count(*) FROM cases_case WHERE state <> 'withdrawn'")
        surplus = cursor.fetchone()[0] - open_cases
        cursor.execute(
            "UPDATE cases_case SET state = 'withdrawn' WHERE id IN (SELECT id FROM cases_case"
            " WHERE reference LIKE 'V-%%' AND state <> 'withdrawn' ORDER BY created_at DESC"
            " LIMIT %s)",
            [max(surplus, 0)],
        )
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM cases_caseevent")
        return cursor.fetchone()[0]


def compute_all() -> tuple[int, int, int]:
    """Every clock of every open case, as the scheduled jobs read them
    (`selectors.open_case_clocks`): (cases with clocks, clock runs, cases with a due date)."""
    from lotse.deadlines.selectors import due_of, open_case_clocks

    cases = runs = due = 0
    for _case_id, found in open_case_clocks():
        cases += 1
        runs += len(found)
        due += due_of(found, None) is not None
    return cases, runs, due


def _open_cases() -> int:
    from lotse.cases.models import Case
    from lotse.cases.states import ENDED

    return Case.objects.exclude(state__in=ENDED).count()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument(
        "--keep", action="store_true", help="keep the database for the next run (and reuse it)"
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("deadlines: needs PostgreSQL (DATABASE_URL=postgres://…)")
        print(f"deadlines: - s for {args.n} cases (goal < {GOAL_SECONDS}) FAIL")
        return 1
    connection.settings_dict["TEST"]["NAME"] = DATABASE
    names = setup_databases(verbosity=0, interactive=False, keepdb=args.keep)
    try:
        if _open_cases() < args.n:
            # one generated case in twenty is withdrawn (`volume`): make enough for N open ones
            generated = args.n * 20 // 19 + 20
            started = time.perf_counter()
            events = _fill(generated, open_cases=args.n)
            took = time.perf_counter() - started
            print(f"filled: {generated} generated cases, {events} events in {took:.0f} s")
        opened = _open_cases()
        started = time.perf_counter()
        cases, runs, due = compute_all()
        elapsed = time.perf_counter() - started
    finally:
        teardown_databases(names, verbosity=0, keepdb=args.keep)
    print(f"open cases: {opened}, with clocks: {cases}, clock runs: {runs}, with a due date: {due}")
    verdict = "PASS" if elapsed < GOAL_SECONDS else "FAIL"
    print(f"deadlines: {elapsed:.1f} s for {opened} cases (goal < {GOAL_SECONDS}) {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
