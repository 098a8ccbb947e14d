"""Jobs that run on a schedule (`manage.py periodic --once` or `--loop`), registered by the apps.

A job is a function without arguments, idempotent (a second run right after the first finds
nothing to do), registered in its app's `jobs.py`, which the command imports for every installed
app:

    # lotse/deadlines/jobs.py
    from lotse.core.periodic import periodic_job

    @periodic_job("deadlines.remind")
    def remind() -> int:
        \"\"\"Mail the reminders that fell due; returns how many.\"\"\"
        ...

Two schedulers started at once (a second timer, a second machine) do not run one job at the same
time: on PostgreSQL each run holds a session-level advisory lock named after the job, and a
scheduler that does not get it skips the job. SQLite has no such lock, so there exactly one
scheduler process may run (the embedded database is a single-machine setup anyway).
"""

import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection
from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], object]


_JOBS: dict[str, Job] = {}


def periodic_job(name: str) -> Callable:
    """Register `function` as the job `name` (dotted, stable: it names the job's lock)."""

    def register(function: Callable[[], object]) -> Callable[[], object]:
        _JOBS[name] = Job(name, function)
        return function

    return register


def jobs() -> list[Job]:
    """Every registered job, by name (each installed app's `jobs.py` imported first)."""
    autodiscover_modules("jobs")
    return [_JOBS[name] for name in sorted(_JOBS)]


def lock_key(name: str) -> int:
    """A job's advisory-lock key: a signed 64-bit number from its name."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


@contextmanager
def job_lock(name: str) -> Iterator[bool]:
    """Yield whether this process may run job `name` now (PostgreSQL: it holds the job's
    advisory lock until the block ends; other databases: always, as one process runs there)."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = lock_key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        got = cursor.fetchone()[0]
    try:
        yield got
    finally:
        if got:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


@dataclass(frozen=True)
class Outcome:
    name: str
    ran: bool
    result: object = None
    error: str = ""


def run_once(only: frozenset[str] = frozenset()) -> list[Outcome]:
    """Run every job once (`only`: just the jobs so named); a job that fails is logged and does
    not stop the others."""
    outcomes = []
    for job in jobs():
        if only and job.name not in only:
            continue
        with job_lock(job.name) as got:
            if not got:
                outcomes.append(Outcome(job.name, ran=False))
                continue
            try:
                outcomes.append(Outcome(job.name, ran=True, result=job.run()))
            except Exception as error:  # one broken job must not stop the schedule
                logger.exception("periodic job %s failed", job.name)
                outcomes.append(Outcome(job.name, ran=True, error=type(error).__name__))
    return outcomes
