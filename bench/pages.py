"""Every page as fast at a million cases as at ten thousand, against a trivial page (issue 13).

For each size (default 10^4, then 10^6; `--cases N` for one): a fresh PostgreSQL database
`<name>_<N>` (`<name>` from `DATABASE_URL` if it names a PostgreSQL database, else
`lotse_bench_pages`; dropped and made anew unless `--keep`), migrated, the Hannover demo loaded,
then N generated cases with their events, participations, contacts and next steps by set-based
SQL (`lotse/demo/volume.py`). The app runs under gunicorn (2 workers) and wrk (Debian's
package, installed with apt-get when missing) drives each page over loopback with a logged-in
session: a trivial page (`/ping/`, a fixed small template through the same middleware and
session) as the baseline, the work list of a chamber
adviser, an authority caseworker and a company, page 100 of the company's list (the deepest page
there is, at 10^4), the case page and the API list (pages of 50). It prints p50 and p99 of each,
and each page's ratio to the trivial page's p50 in the same run: in `--rounds` rounds (default
3), each page right after a run of the trivial page, its ratio to the trivial runs on either
side of it, the median over the rounds (`interleaved`).

Last line: `pages: worst p50 ratio X at N cases, growth Y from M (goal ratio <= 3, growth <= 1.2)`
and PASS or FAIL (exit 1 on FAIL); growth = the worst page's ratio at the largest size over its
ratio at the smallest.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_x .venv/bin/python bench/pages.py \
        [--cases 10000] [--seconds 10] [--rounds 3] [--keep]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_GIVEN = os.environ.get("DATABASE_URL", "")
if _GIVEN.startswith(("postgres://", "postgresql://")):
    SERVER, DATABASE = _GIVEN.rsplit("/", 1)
else:
    SERVER, DATABASE = "postgres://postgres@127.0.0.1:5432", "lotse_bench_pages"


def _database(cases: int) -> str:
    """Each size has its own database, so that `--keep` can measure both sizes again."""
    return f"{DATABASE}_{cases}"


def _url(cases: int) -> str:
    return f"{SERVER}/{_database(cases)}"


GOAL_RATIO, GOAL_GROWTH = 3.0, 1.2
PORT = 8765

# What each role's person opens; `{…}` is filled in from the database.
PAGES = [
    ("trivial page", "company_hr", "/ping/"),
    ("work list, chamber adviser", "ihk_adviser", "/cases/?needs=me"),
    ("work list, authority caseworker", "zentralstelle_caseworker", "/cases/?needs=me"),
    ("work list, company", "company_hr", "/cases/?needs=me"),
    ("case list, chamber adviser", "ihk_adviser", "/cases/"),
    ("company's list, page {page}", "company_hr", "/cases/?after={cursor}"),
    ("case page", "ihk_adviser", "/cases/{case}/"),
    ("API list, chamber adviser", "ihk_adviser", "/api/v1/cases"),
]


def _env(cases: int) -> dict:
    return os.environ | {
        "DATABASE_URL": _url(cases),
        "DJANGO_SETTINGS_MODULE": "lotse.settings.test",
    }


def _python(code: str, cases: int) -> str:
    """Run Django code against the bench database in a child process; its stdout."""
    prelude = "import django; django.setup()\n"
    done = subprocess.run(
        [sys.executable, "-c", prelude + code],
        cwd=ROOT,
        env=_env(cases),
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def _psql(sql: str) -> None:
    subprocess.run(["psql", f"{SERVER}/postgres", "-qc", sql], check=True, capture_output=True)


def prepare(cases: int) -> float:
    """A fresh database with the demo and `cases` generated cases; seconds it took."""
    began = time.perf_counter()
    _psql(f"DROP DATABASE IF EXISTS {_database(cases)}")
    _psql(f"CREATE DATABASE {_database(cases)}")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=_env(cases), check=True
    )
    _python(
        "from lotse.demo.load import demo_load; demo_load()\n"
        "from lotse.demo.volume import volume_generate\n"
        f"volume_generate(cases={cases})\n",
        cases,
    )
    return time.perf_counter() - began


def fill_in(cases: int) -> dict:
    """Session cookies per role and the values the page addresses need."""
    out = _python(
        "from django.test import Client\n"
        "from lotse.demo.cast import cast_membership\n"
        "from lotse.cases.models import Case\n"
        "from lotse.core.pagination import cursor_for\n"
        "for key in ('company_hr', 'ihk_adviser', 'zentralstelle_caseworker'):\n"
        "    client = Client(); client.force_login(cast_membership(key).user)\n"
        "    print('session', key, client.cookies['sessionid'].value)\n"
        "own = Case.objects.filter(company=cast_membership('company_hr').organisation)\n"
        "page = min(100, max(1, (own.count() - 1) // 50))\n"
        "row = own.order_by('-created_at', '-pk')[(page - 1) * 50 - 1] if page > 1 else None\n"
        "print('page', page, cursor_for(row.created_at, row.pk) if row else '')\n"
        "print('case', Case.objects.get(worker_last_name='Raman').pk)\n",
        cases,
    )
    found = {"sessions": {}}
    for line in out.splitlines():
        kind, *rest = line.split()
        if kind == "session":
            found["sessions"][rest[0]] = rest[1]
        elif kind == "page":
            found["page"], found["cursor"] = rest[0], rest[1] if len(rest) > 1 else ""
        elif kind == "case":
            found["case"] = rest[0]
    return found


def _wait_for_port() -> None:
    for _ in range(300):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", PORT)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def _wrk() -> str:
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, capture_output=True)
    return "wrk"


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _latency(text: str, percent: str) -> float:
    value, unit = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M).groups()
    return float(value) * UNITS[unit]


def drive(path: str, session: str, seconds: int) -> tuple[float, float]:
    """p50 and p99 in ms of `path` under wrk (2 threads, 8 connections) with the session."""
    command = [_wrk(), "-t2", "-c8", f"-d{seconds}s", "--timeout", "30s", "--latency"]
    command += ["-H", f"Cookie: sessionid={session}", f"http://127.0.0.1:{PORT}{path}"]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"{path} answered with errors:\n{out}")
    return _latency(out, "50"), _latency(out, "99")


def warm_up(path: str, session: str) -> None:
    """One request per worker first (the first loads the region's files and templates)."""
    for _ in range(4):
        request = urllib.request.Request(
            f"http://127.0.0.1:{PORT}{path}", headers={"Cookie": f"sessionid={session}"}
        )
        with urllib.request.urlopen(request, timeout=60) as answer:
            assert answer.status == 200, (path, answer.status)


def measure(cases: int, seconds: int, keep: bool, rounds: int) -> dict[str, float]:
    """Each page's p50 ratio to the trivial page at one size."""
    if not keep:
        print(f"{cases} cases: generated in {prepare(cases):.0f} s", flush=True)
    else:  # a kept database gets the tables added since it was made
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=_env(cases), check=True
        )
    values = fill_in(cases)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "lotse.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=_env(cases),
        start_new_session=True,
    )
    try:
        _wait_for_port()
        addressed = []
        for name, who, path in PAGES:
            name = name.format(page=values["page"])
            path = path.format(cursor=values["cursor"], case=values["case"])
            warm_up(path, values["sessions"][who])
            addressed.append((name, path, values["sessions"][who]))
        ratios = interleaved(addressed, seconds, rounds)
        return {name.replace(f"page {values['page']}", "page k"): r for name, r in ratios.items()}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()


def interleaved(pages: list[tuple[str, str, str]], seconds: int, rounds: int) -> dict:
    """Each page's p50 ratio to the trivial page (`pages[0]`): in each of `rounds` rounds every
    page runs for `seconds / rounds`, right after a run of the trivial page, and its ratio is
    its p50 over the mean of the trivial page's p50 just before and just after it. A page's
    ratio is the median of its rounds'. A shared machine's load changes within minutes; a
    baseline measured seconds from each page follows it, one measured once at the start does not."""
    (_, trivial_path, trivial_session), others = pages[0], pages[1:]
    share = max(1, round(seconds / rounds))
    seen = {name: [] for name, _path, _session in pages}
    for _round in range(rounds):
        before = drive(trivial_path, trivial_session, share)
        seen[pages[0][0]].append((*before, 1.0))
        for name, path, session in others:
            p50, p99 = drive(path, session, share)
            after = drive(trivial_path, trivial_session, share)
            seen[name].append((p50, p99, p50 / ((before[0] + after[0]) / 2)))
            seen[pages[0][0]].append((*after, 1.0))
            before = after
    ratios = {}
    for name, runs in seen.items():
        p50, p99, ratio = (statistics.median(column) for column in zip(*runs, strict=True))
        ratios[name] = ratio
        print(f"  {name:40} p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  ratio {ratio:5.2f}", flush=True)
    return ratios


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, action="append", help="one size (repeatable)")
    parser.add_argument("--seconds", type=int, default=10, help="per page")
    parser.add_argument("--keep", action="store_true", help="reuse the generated database")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every page (default 3)")
    args = parser.parse_args(argv)
    sizes = sorted(args.cases or [10_000, 1_000_000])
    results = {}
    for cases in sizes:
        print(f"{cases} cases:", flush=True)
        results[cases] = measure(cases, args.seconds, args.keep, args.rounds)
    small, large = results[sizes[0]], results[sizes[-1]]
    worst = max((name for name in large if name != "trivial page"), key=large.get)
    growth = large[worst] / small[worst]
    ok = large[worst] <= GOAL_RATIO and growth <= GOAL_GROWTH
    print(
        f"pages: worst p50 ratio {large[worst]:.2f} at {sizes[-1]} cases, growth {growth:.2f} "
        f"from {sizes[0]} (goal ratio <= {GOAL_RATIO:g}, growth <= {GOAL_GROWTH:g}) "
        f"{'PASS' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
