"""Cost of personal-value commitments and of `audit verify`, on a throw-away SQLite database
(or the database `DATABASE_URL` names; its tables are migrated and the demo loaded first).

Measures
1. cases opened per second through `case_create` with one family member (two events, 14 sealed
   personal values, each with its own salt and HMAC);
2. cases verified per second by `audit verify` (chain, commitments, intake and family folded
   against the columns);
3. the queries and time to open one case's timeline.

    python bench/audit.py [--n 500]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=500)
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="lotse-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lotse.cases import services
    from lotse.cases.audit import audit_report
    from lotse.cases.selectors import case_timeline
    from lotse.demo.cast import cast_membership
    from lotse.demo.load import demo_load
    from lotse.demo.stories import valid_intake

    call_command("migrate", verbosity=0)
    demo_load()
    actor = cast_membership("company_hr")
    spouse = {"relation": "spouse", "first_name": "A", "last_name": "B", "birth_date": "1990-01-01"}
    started = time.perf_counter()
    for number in range(args.n):
        case = services.case_create(
            actor=actor, fields=valid_intake(worker_passport_number=f"B{number:07d}")
        )
        services.family_member_add(case=case, actor=actor, data=spouse)
    created = args.n / (time.perf_counter() - started)
    started = time.perf_counter()
    report = audit_report()
    verified = report.checked / (time.perf_counter() - started)
    assert not report.broken, report.broken[:3]
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        case_timeline(case=case)
    opened_ms = (time.perf_counter() - started) * 1000
    print(f"case_create + family_member_add: {created:.0f} cases/s ({args.n} cases)")
    print(f"audit verify: {verified:.0f} cases/s ({report.checked} cases, none broken)")
    print(f"timeline of one case: {len(queries)} queries, {opened_ms:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
