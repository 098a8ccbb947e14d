"""Benchmark of the mail outbox and its scheduler on the configured database.

Creates a throw-away test database (`test_<name>`, dropped at the end; `DATABASE_URL` selects
PostgreSQL), fills it with `--sent` delivered mails and `--due` mails whose task was lost, then
measures
1. the scheduler's question "which mails are due?" over that table (goal <= 50 ms: it runs every
   minute, and sent mails pile up until retention removes them);
2. mails delivered per second by one `periodic --once` (local-memory mail, immediate tasks: the
   outbox's own cost per mail, without an SMTP server).
The last line reads `outbox: VALUE ms per due-query (goal <= 50) PASS|FAIL`.

    DATABASE_URL=postgres://… python bench/outbox.py [--sent 200000] [--due 2000] [--no-goals]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings.test")

import django  # noqa: E402

django.setup()

from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

QUERY_GOAL_MS = 50


def fill(*, sent: int, due: int) -> None:
    from lotse.core import clock
    from lotse.core.models import MailStatus, OutboxMail

    now = clock.now()
    batch = 5000
    for start in range(0, sent, batch):
        OutboxMail.objects.bulk_create(
            OutboxMail(
                to=f"p{number}@example.org",
                kind="bench.plain",
                status=MailStatus.SENT,
                attempts=1,
                sent_at=now,
                queued_at=now,
            )
            for number in range(start, min(start + batch, sent))
        )
    OutboxMail.objects.bulk_create(
        OutboxMail(to=f"due{number}@example.org", kind="bench.plain") for number in range(due)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sent", type=int, default=200_000)
    parser.add_argument("--due", type=int, default=2_000)
    parser.add_argument("--no-goals", action="store_true")
    args = parser.parse_args()

    from lotse.core.outbox import mail_kind, mails_due

    mail_kind("bench.plain")(lambda row: ("Lotse", "A plain message."))
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0)
    try:
        fill(sent=args.sent, due=args.due)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE core_outboxmail")
        runs = []
        for _ in range(20):
            started = time.perf_counter()
            found = mails_due()
            runs.append(time.perf_counter() - started)
        query_ms = sorted(runs)[len(runs) // 2] * 1000
        print(f"due-query over {args.sent} sent + {args.due} due rows: {query_ms:.1f} ms (median)")
        assert len(found) == min(args.due, 1000)

        started = time.perf_counter()
        while mails_due():
            call_command("periodic", "--once", stdout=io.StringIO())
        elapsed = time.perf_counter() - started
        assert len(mail.outbox) == args.due
        print(f"periodic delivered {args.due} mails in {elapsed:.2f} s: {args.due / elapsed:.0f}/s")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    passed = args.no_goals or query_ms <= QUERY_GOAL_MS
    verdict = "PASS" if passed else "FAIL"
    print(f"outbox: {query_ms:.1f} ms per due-query (goal <= {QUERY_GOAL_MS}) {verdict}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
