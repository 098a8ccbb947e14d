"""The statistics dashboard at a million cases, against a trivial page (issue 19).

A fresh PostgreSQL database `lotse_stats_bench`: migrated, the Hannover demo loaded (through the
services, so its counts come from the live counters), then N generated cases with their events,
participations, contacts and next steps by set-based SQL (`lotse/demo/volume.py`), and the
statistics' aggregate tables for them, also set-based (`AGGREGATES` below: each generated case
started, forwarded, accepted, completed, returned or withdrawn on dates derived from its number,
counted for the region, its company, its chamber and its authority, under its title and under
all titles — the rows the live counters would hold). Then, in one process with a logged-in
session, the same middleware and no response or query cache: the trivial page (`/ping/`, a fixed
small template) and the dashboard as the lead of the Region's foreigners authority reads it (the
whole region, the busiest year: the largest scope there is), interleaved, `--requests` each after
a warm-up; medians compared. The database is dropped afterwards unless `--keep`.

Last line: `stats_ratio: X (goal <= 10) PASS|FAIL` (exit 1 on FAIL); the issue's aim is 3.

    .venv/bin/python bench/stats.py [--cases 1000000] [--requests 40] [--keep]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# a database of its own (dropped afterwards); LOTSE_STATS_BENCH_DB names another, so that two
# runs on one server do not drop each other's
DATABASE = os.environ.get("LOTSE_STATS_BENCH_DB", "lotse_stats_bench")
SERVER = os.environ.get("LOTSE_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
URL = f"{SERVER}/{DATABASE}"
GOAL = 10.0

# Each generated case's counted events, as (figure, time, present); titles by its number.
AGGREGATES = """
WITH generated AS (
    SELECT c.id, c.company_id, c.state, c.created_at AS at, substr(c.reference, 3)::int AS i,
        (ARRAY['18a', '18b', '18g', '19c', '16d', '18c', '', '81a'])[1 + substr(c.reference, 3)::int %% 8] AS title
    FROM cases_case c WHERE c.reference LIKE 'V-%%'
), happened AS (
    SELECT g.id, g.company_id, g.title, e.figure, e.at, e.stage, e.days
    FROM generated g CROSS JOIN LATERAL (VALUES
        ('started', g.at, '', 0, g.state <> 'draft'),
        ('returned', g.at + interval '5 days', '', 0,
            g.state = 'returned' OR (g.state = 'forwarded' AND g.i %% 7 = 0)),
        ('withdrawn', g.at + interval '20 days', '', 0, g.state = 'withdrawn'),
        ('accepted', g.at + (13 + g.i %% 40) * interval '1 day', '', 0, g.state = 'forwarded'),
        ('rejected', g.at + (11 + g.i %% 30) * interval '1 day', '', 0,
            g.state = 'forwarded' AND g.i %% 9 = 0),
        ('completed', g.at + (53 + g.i %% 160) * interval '1 day', '', 0,
            g.state = 'forwarded' AND g.i %% 10 < 8),
        ('deadline_kept', g.at + (20 + g.i %% 40) * interval '1 day', 'agency_consent', 0,
            g.state = 'forwarded' AND g.i %% 3 = 0 AND g.i %% 11 > 0),
        ('deadline_missed', g.at + (20 + g.i %% 40) * interval '1 day', 'agency_consent', 0,
            g.state = 'forwarded' AND g.i %% 3 = 0 AND g.i %% 11 = 0),
        ('duration', g.at + (10 + g.i %% 30) * interval '1 day', 'precheck', 10 + g.i %% 30,
            g.state = 'forwarded'),
        ('duration', g.at + (13 + g.i %% 40) * interval '1 day', 'acceptance', 3 + g.i %% 10,
            g.state = 'forwarded'),
        ('duration', g.at + (53 + g.i %% 160) * interval '1 day', 'authority',
            40 + g.i %% 120, g.state = 'forwarded' AND g.i %% 10 < 8),
        ('duration', g.at + (53 + g.i %% 160) * interval '1 day', 'end_to_end',
            53 + g.i %% 160, g.state = 'forwarded' AND g.i %% 10 < 8)
    ) AS e (figure, at, stage, days, present)
    WHERE e.present
), scoped AS (
    SELECT h.*, s.scope, t.title AS counted_title,
        extract(year FROM h.at AT TIME ZONE 'Europe/Berlin')::int AS year,
        extract(month FROM h.at AT TIME ZONE 'Europe/Berlin')::int AS month
    FROM happened h
    CROSS JOIN LATERAL (
        SELECT '' UNION ALL SELECT h.company_id::text
        UNION ALL SELECT p.organisation_id::text FROM cases_participant p
            WHERE p.case_id = h.id AND p.role IN ('chamber', 'authority')
    ) AS s (scope)
    CROSS JOIN LATERAL (VALUES (h.title), ('*')) AS t (title)
), figures AS (
    INSERT INTO stats_figurecount (scope, year, month, title, figure, stage, n)
    SELECT scope, year, month, counted_title, figure, stage, count(*) FROM scoped
    WHERE figure <> 'duration' GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (scope, year, month, title, figure, stage)
        DO UPDATE SET n = stats_figurecount.n + excluded.n
)
INSERT INTO stats_durationcount (scope, year, title, stage, days, n)
SELECT scope, year, counted_title, stage, days, count(*) FROM scoped
WHERE figure = 'duration' GROUP BY 1, 2, 3, 4, 5
ON CONFLICT (scope, year, title, stage, days) DO UPDATE SET n = stats_durationcount.n + excluded.n
"""
# The backlog, as the live counters hold it: the stored next steps per organisation and contact.
BACKLOG = """
DELETE FROM stats_backlogcount;
INSERT INTO stats_backlogcount (organisation, contact, n)
SELECT organisation_id::text, '', count(*) FROM cases_nextstep
WHERE organisation_id IS NOT NULL GROUP BY 1
UNION ALL
SELECT organisation_id::text, contact_id::text, count(*) FROM cases_nextstep
WHERE organisation_id IS NOT NULL AND contact_id IS NOT NULL GROUP BY 1, 2;
ANALYZE;
"""

MEASURE = """
import statistics, time
from django.test import Client
from django.db import connection
from lotse.demo.cast import cast_membership
from lotse.stats.models import FigureCount, DurationCount
client = Client(); client.force_login(cast_membership("abh_lead").user)
year = FigureCount.objects.filter(scope="", title="*", figure="started").order_by("-n")[0].year
print("rows", FigureCount.objects.count(), DurationCount.objects.count(), "year", year)
pages = {"trivial": "/ping/", "dashboard": f"/stats/?year={year}",
         "chart": f"/stats/chart/durations.svg?year={year}",
         "partner": f"/stats/?year={year}&partner=" + str(cast_membership("ihk_adviser").organisation_id)}
for path in pages.values():
    for _ in range(3):
        assert client.get(path).status_code == 200, path
times = {name: [] for name in pages}
for _ in range(REQUESTS):
    for name, path in pages.items():
        began = time.perf_counter()
        response = client.get(path)
        times[name].append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200
for name, found in times.items():
    print("median", name, statistics.median(found))
"""


def _env() -> dict:
    return os.environ | {
        "DATABASE_URL": URL,
        "DJANGO_SETTINGS_MODULE": "lotse.settings.test",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }


def _python(code: str) -> str:
    prelude = "import django; django.setup()\n"
    done = subprocess.run(
        [sys.executable, "-c", prelude + code],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.stderr.write(done.stderr[-3000:])
        raise SystemExit(f"the child process failed ({done.returncode})")
    return done.stdout


def _psql(sql: str, database: str = "postgres") -> None:
    subprocess.run(["psql", f"{SERVER}/{database}", "-qc", sql], check=True, capture_output=True)


def prepare(cases: int) -> None:
    began = time.perf_counter()
    _psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    _psql(f"CREATE DATABASE {DATABASE}")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=_env(), check=True
    )
    _python(
        "from lotse.demo.load import demo_load; demo_load()\n"
        "from lotse.demo.volume import volume_generate\n"
        f"volume_generate(cases={cases})\n"
    )
    print(f"{cases} cases generated in {time.perf_counter() - began:.0f} s", flush=True)
    aggregates_fill()


def aggregates_fill() -> None:
    began = time.perf_counter()
    _python(
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute(\"SET work_mem = '256MB'\")\n"
        f"    cursor.execute({AGGREGATES.replace('%%', '%')!r})\n"
        f"    cursor.execute({BACKLOG.replace('%%', '%')!r})\n"
    )
    print(f"aggregates filled in {time.perf_counter() - began:.0f} s", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the database")
    args = parser.parse_args(argv)
    reuse = (
        args.keep
        and subprocess.run(["psql", URL, "-qc", "SELECT 1"], capture_output=True).returncode == 0
    )
    try:
        if not reuse:
            prepare(args.cases)
        out = _python(MEASURE.replace("REQUESTS", str(args.requests)))
    finally:
        if not args.keep:
            _psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    medians = {}
    for line in out.splitlines():
        print("  " + line)
        kind, *rest = line.split()
        if kind == "median":
            medians[rest[0]] = float(rest[1])
    ratio = medians["dashboard"] / medians["trivial"]
    print(
        f"  dashboard median {medians['dashboard']:.1f} ms, trivial page {medians['trivial']:.1f} ms"
    )
    ok = ratio <= GOAL
    print(f"stats_ratio: {ratio:.2f} (goal <= {GOAL:g}) {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
