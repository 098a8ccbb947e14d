import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from lotse.core.periodic import run_once


class Command(BaseCommand):
    help = (
        "Run the scheduled jobs (outbox, and what the apps register in their jobs.py): once "
        "(from cron or a systemd timer) or in a loop (beside the web server in development)."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--once", action="store_true", help="Run every job once, then exit.")
        mode.add_argument("--loop", action="store_true", help="Run every job every --interval s.")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between runs.")
        parser.add_argument(
            "--job",
            action="append",
            default=[],
            dest="jobs",
            help="Run only this job (by name, e.g. core.outbox_requeue); may be repeated.",
        )

    def handle(self, *args, once=False, loop=False, interval=60, jobs=(), **options):
        if interval < 1:
            raise CommandError("--interval must be at least 1 second.")
        self.only = frozenset(jobs)
        if once:
            if not self._run(quiet=False):
                raise CommandError("A job failed; see the log above.")
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        quiet = options.get("verbosity", 1) < 2
        while not stop.is_set():
            self._run(quiet=quiet)
            # A connection idle for a minute may have been closed by the server meanwhile.
            close_old_connections()
            stop.wait(interval)

    def _run(self, *, quiet: bool) -> bool:
        """Run every job once and report each; `quiet` (the loop) reports only failures and jobs
        that did something, so that a minute with nothing to do leaves no line."""
        healthy = True
        for outcome in run_once(self.only):
            if not outcome.ran:
                line = f"{outcome.name}: skipped (another scheduler runs it)"
            elif outcome.error:
                line, healthy = f"{outcome.name}: FAILED ({outcome.error})", False
            elif quiet and not outcome.result:
                continue
            else:
                line = f"{outcome.name}: {outcome.result}"
            self.stdout.write(line)
        return healthy
