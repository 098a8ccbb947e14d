"""Benchmark of the "what needs me" query over the stored next steps.

Fills a throw-away test database (from DATABASE_URL; PostgreSQL is the point) with N cases and
their next steps spread over 20 partner organisations of 10 people each, then measures the first
page of one person's work list (`NextStep` by contact, due date first, then waiting time) and of one
organisation's. It prints the median time per query and PostgreSQL's plan, and fails if the plan
does not use the next-step indexes or the median exceeds the goal.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_x python bench/next_step.py [--n 1000000]
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

GOAL_MS = 20.0
BATCH = 10_000
PAGE = 50
ORDER = ("due", "since")  # what is due first, then what has waited longest


def _fill(n: int, rng: random.Random) -> tuple:
    from lotse.cases.models import Case, NextStep
    from lotse.cases.next_step import Step

    company, opener, partners = bench_people(per_partner=10)
    orgs = list(partners)
    steps = [step for step in Step.values if step != Step.NONE]
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    for first in range(0, n, BATCH):
        cases = Case.objects.bulk_create(
            Case(reference=f"B-{i}", company=company, created_by=opener)
            for i in range(first, min(n, first + BATCH))
        )
        rows = []
        for case in cases:
            org = rng.choice(orgs)
            waiting = start + datetime.timedelta(minutes=rng.randrange(600_000))
            due = waiting.date() + datetime.timedelta(days=7) if rng.random() < 0.5 else None
            rows.append(
                NextStep(
                    case=case,
                    organisation=org,
                    contact=rng.choice(partners[org]),
                    step=rng.choice(steps),
                    due=due,
                    since=waiting,
                )
            )
        NextStep.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return partners


def _measure(queryset_for, keys: list, runs: int) -> tuple[float, str]:
    timings = []
    for run in range(runs):
        queryset = queryset_for(keys[run % len(keys)])
        began = time.perf_counter()
        page = list(queryset)
        timings.append((time.perf_counter() - began) * 1000)
        assert len(page) <= PAGE
    plan = queryset_for(keys[0]).explain() if connection.vendor == "postgresql" else ""
    return statistics.median(timings), plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=81)
    args = parser.parse_args(argv)

    from lotse.cases.models import NextStep

    old = setup_databases(verbosity=0, interactive=False)
    try:
        began = time.perf_counter()
        partners = _fill(args.n, random.Random(args.seed))
        print(f"filled {args.n} cases in {time.perf_counter() - began:.0f} s ({connection.vendor})")
        contacts = [person.pk for people in partners.values() for person in people]
        organisations = [org.pk for org in partners]

        def mine(contact):
            return NextStep.objects.filter(contact_id=contact).order_by(*ORDER)[:PAGE]

        def ours(organisation):
            return NextStep.objects.filter(organisation_id=organisation).order_by(*ORDER)[:PAGE]

        failed = False
        for name, queryset_for, keys, index in (
            ("by contact", mine, contacts, "next_step_by_contact"),
            ("by organisation", ours, organisations, "next_step_by_organisation"),
        ):
            median, plan = _measure(queryset_for, keys, args.runs)
            uses_index = not plan or index in plan
            ok = median <= GOAL_MS and uses_index
            failed |= not ok
            print(f"what needs me, {name}: {median:.2f} ms median over {args.runs} queries")
            print("  plan: " + plan.replace("\n", "\n        "))
            print(f"  goal <= {GOAL_MS} ms with index {index}: {'PASS' if ok else 'FAIL'}")
    finally:
        teardown_databases(old, verbosity=0)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
