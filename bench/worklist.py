"""Benchmark of the start page's work list (`lotse/cases/worklist.py`) as the page calls it.

Fills a throw-away test database (from DATABASE_URL; PostgreSQL is the point) with N cases of one
company, each taken part in by two of 20 partner organisations, the next step with one of them;
then measures the first page of "needs my action" and of "the rest" for partner members, and the
company's first pages. The goal is relative, so a busy machine does not decide it: the work list's
"needs my action" against the first page of the case list the start page showed before
(`selectors.case_list_for`, newest first), measured alike. Prints the medians (also of the bare
`NextStep` query, as bench/next_step.py measures it) and PostgreSQL's plan with its timings; fails
if the ratio exceeds the goal.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_x python bench/worklist.py [--n 100000]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from population import bench_people  # noqa: E402  (beside this script)

GOAL_RATIO = 1.5  # "needs my action" against the former case list, first pages, medians
BATCH = 10_000


def _fill(n: int, rng: random.Random):
    from lotse.cases.models import Case, NextStep, Participant
    from lotse.cases.next_step import Step

    company, opener, partners = bench_people(per_partner=3)
    orgs = list(partners)
    steps = [step for step in Step.values if step != Step.NONE]
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    for first in range(0, n, BATCH):
        cases = Case.objects.bulk_create(
            Case(
                reference=f"B-{i}",
                company=company,
                created_by=opener,
                created_at=start + datetime.timedelta(minutes=i),
            )
            for i in range(first, min(n, first + BATCH))
        )
        steps_rows, taking_part = [], []
        for case in cases:
            acting, other = rng.sample(orgs, 2)
            taking_part += [
                Participant(
                    case=case,
                    organisation=acting,
                    role="authority",
                    case_created_at=case.created_at,
                ),
                Participant(
                    case=case,
                    organisation=other,
                    role="contact",
                    case_created_at=case.created_at,
                ),
            ]
            waiting = start + datetime.timedelta(minutes=rng.randrange(600_000))
            due = waiting.date() + datetime.timedelta(days=7) if rng.random() < 0.5 else None
            steps_rows.append(
                NextStep(
                    case=case,
                    organisation=acting,
                    contact=rng.choice(partners[acting]),
                    step=rng.choice(steps),
                    due=due,
                    since=waiting,
                )
            )
        Participant.objects.bulk_create(taking_part)
        NextStep.objects.bulk_create(steps_rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return opener, partners


def _median(run, people: list, runs: int) -> float:
    timings = []
    for number in range(runs):
        person = people[number % len(people)]
        began = time.perf_counter()
        page = run(person)
        timings.append((time.perf_counter() - began) * 1000)
        assert page.items is not None
    return statistics.median(timings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)

    from lotse.cases import worklist
    from lotse.cases.models import NextStep
    from lotse.cases.selectors import case_list_for
    from lotse.core.pagination import Page, newest_first

    old = setup_databases(verbosity=0, interactive=False)
    try:
        began = time.perf_counter()
        opener, partners = _fill(args.n, random.Random(args.seed))
        print(f"filled {args.n} cases in {time.perf_counter() - began:.0f} s ({connection.vendor})")
        people = [person for members in partners.values() for person in members]

        def needs(person):
            return worklist.needs_action(user=person.user, membership=person)

        def rest(person):
            return worklist.the_rest(user=person.user, membership=person)

        def bare(person):
            rows = NextStep.objects.filter(organisation_id=person.organisation_id)
            return Page(list(rows.order_by("due", "since")[:51]), None)

        def former(person):
            return newest_first(case_list_for(user=person.user), size=50)

        bare_ms = _median(bare, people, args.runs)
        print(f"bare projection query (partner): {bare_ms:.2f} ms median")
        former_ms = _median(former, people, args.runs)
        print(f"the former case list (partner): {former_ms:.2f} ms median")
        action_ms = _median(needs, people, args.runs)
        print(f"needs my action (partner): {action_ms:.2f} ms median")
        print(f"the rest (partner): {_median(rest, people, args.runs):.2f} ms median")
        print(f"needs my action (company): {_median(needs, [opener], args.runs):.2f} ms median")
        print(f"the rest (company): {_median(rest, [opener], args.runs):.2f} ms median")
        if connection.vendor == "postgresql":
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as sent:
                needs(people[0])
            with connection.cursor() as cursor:  # the page's query: the last one sent
                cursor.execute("EXPLAIN ANALYZE " + sent.captured_queries[-1]["sql"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print("  plan of needs my action: " + plan.replace("\n", "\n    "))
    finally:
        teardown_databases(old, verbosity=0)
    ratio = action_ms / former_ms
    verdict = "PASS" if ratio <= GOAL_RATIO else "FAIL"
    print(f"needs my action against the former case list: {action_ms:.2f} / {former_ms:.2f} ms")
    print(f"worklist: {ratio:.2f} x the former case list (goal <= {GOAL_RATIO:.1f}) {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
