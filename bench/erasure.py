"""Benchmark of the retention job: finding the cases past their period, and erasing them.

Fills a throw-away test database (from DATABASE_URL; PostgreSQL is the point) with N cases, each
with an opening event carrying personal values in the value store; a tenth of them withdrawn (half
of those long enough ago to be due), and some of the due ones erased already. It measures the job's
question (`retention.cases_due`, median over several runs) and one run of the job over the due
cases (cases erased per second, every hook and the erasure event included), and fails if the
question's median exceeds its goal or the job erases a case twice.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_x python bench/erasure.py [--n 1000000]
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

GOAL_MS = 1000.0
BATCH = 10_000
DAY = datetime.timedelta(days=1)


def _fill(n: int, rng: random.Random, now: datetime.datetime) -> int:
    """N cases; returns how many are due."""
    from lotse.cases.models import Case, CaseEvent, PersonalValue
    from lotse.orgs.models import OrgKind, Role
    from lotse.orgs.services import membership_create, organisation_create

    company = organisation_create(key="bench-company", kind=OrgKind.COMPANY, name="Bench GmbH")
    opener = membership_create(organisation=company, email="hr@bench.example", role=Role.ADVISER)
    due = 0
    for first in range(0, n, BATCH):
        cases, ended = [], {}
        for i in range(first, min(n, first + BATCH)):
            case = Case(
                reference=f"B-{i}",
                company=company,
                created_by=opener,
                worker_last_name=f"Name {i}",
                worker_passport_number=f"P{i:08d}",
            )
            if rng.random() < 0.1:
                case.state = "withdrawn"
                # Half within the period, half past it (the default period is 1095 days).
                ended[case.pk] = now - DAY * rng.choice([rng.randrange(10, 1000), 1200])
            cases.append(case)
        Case.objects.bulk_create(cases)
        events, values = [], []
        for case in cases:
            opened = ended.get(case.pk, now) - DAY * 30
            events.append(
                CaseEvent(case=case, seq=1, type="case.created", at=opened, prev_hash="0", hash="1")
            )
            if case.pk in ended:
                events.append(
                    CaseEvent(
                        case=case,
                        seq=2,
                        type="case.withdrawn",
                        at=ended[case.pk],
                        prev_hash="1",
                        hash="2",
                    )
                )
        CaseEvent.objects.bulk_create(events)
        for event in events:
            if event.seq == 1:
                for path in ("fields.worker_last_name", "fields.worker_passport_number"):
                    values.append(
                        PersonalValue(
                            case_id=event.case_id,
                            event=event,
                            path=path,
                            person="worker",
                            value="x",
                            salt="00" * 32,
                        )
                    )
        PersonalValue.objects.bulk_create(values)
        due += sum(1 for at in ended.values() if (now - at).days > 1095)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return due


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args(argv)

    from lotse.cases.retention import cases_due, retention_erase
    from lotse.core import clock

    old = setup_databases(verbosity=0, interactive=False)
    try:
        now = clock.now()
        began = time.perf_counter()
        expected = _fill(args.n, random.Random(args.seed), now)
        print(f"filled {args.n} cases in {time.perf_counter() - began:.0f} s ({connection.vendor})")
        timings = []
        for _run in range(args.runs):
            began = time.perf_counter()
            found = len(list(cases_due().values_list("pk", flat=True)))
            timings.append((time.perf_counter() - began) * 1000)
        median = statistics.median(timings)
        print(f"cases due: {found} of {args.n} (expected {expected}), {median:.0f} ms median")

        began = time.perf_counter()
        erased = retention_erase()
        seconds = time.perf_counter() - began
        print(f"retention job: {erased} cases erased in {seconds:.1f} s ({erased / seconds:.0f}/s)")
        again = retention_erase()
        print(f"second run: {again} cases")
        ok = median <= GOAL_MS and found == expected == erased and again == 0
    finally:
        teardown_databases(old, verbosity=0)
    verdict = "PASS" if ok else "FAIL"
    print(f"erasure: {median:.0f} ms (goal <= {GOAL_MS:.0f} ms over {args.n} cases) {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
