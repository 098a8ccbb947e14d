"""The fault run (issue 20, part 2): one case through its whole journey while processes die.

A private PostgreSQL cluster (`bench/pgcluster.py`, its own port, never the shared server), an SMTP
server on loopback (aiosmtpd) that counts every mail it receives by its Message-ID (the outbox
row's, `core.outbox.message_id`), real `db_worker` processes and `manage.py periodic --once`. The
journey is driven through the services, as the company, the IHK, the worker's upload link, the
authority and the Agentur für Arbeit would: created, submitted, returned for completion, the missing
document uploaded through the worker's link, forwarded, accepted, agreement, consent, recognition,
pre-approval, visa. On the way:

1. a worker is killed (SIGKILL, fault point `outbox.claimed`) while mails are pending: one mail is
   claimed and never sent by it;
2. a worker is killed (fault point `forwarding.building`) while the dossier is being forwarded;
3. the cluster is restarted with `pg_ctl restart -m immediate` while a long-running worker waits on
   it (a worker that dies of the lost connection is started again, as its supervisor would);
4. `periodic --once` after the leases ran out re-queues the stuck mail and submission.

At the end every submission is delivered exactly once (one receipt, one `submission.delivered`
event), every outbox mail is sent and was received exactly once, `manage.py audit verify` holds and
the case is completed by its pre-approval (§ 81a Abs. 3 Nr. 6 AufenthG). The last line reads
`faults: … PASS|FAIL`.

    .venv/bin/python bench/faults.py
"""

from __future__ import annotations

import argparse
import collections
import email
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pgcluster import PrivateCluster, free_port, unavailable  # noqa: E402

LEASE_SECONDS = 8  # the outbox's and the submissions' lease in this run (production: minutes)


class Received:
    """aiosmtpd's handler: every mail received, by Message-ID."""

    def __init__(self):
        self.ids: collections.Counter[str] = collections.Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.ids[str(message["Message-ID"]).strip()] += 1
        return "250 OK"


class Run:
    def __init__(self, cluster: PrivateCluster, env: dict[str, str]):
        self.cluster = cluster
        self.env = env
        self.log: list[str] = []
        self.started = time.monotonic()

    def say(self, text: str) -> None:
        line = f"[{time.monotonic() - self.started:6.1f}s] {text}"
        self.log.append(line)
        print(line, flush=True)

    def manage(self, *arguments: str, timeout: int = 300) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def worker(self, *, fault: str = "", batch: bool = True) -> subprocess.Popen:
        command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
        if batch:
            command.append("--batch")
        else:
            command += ["--interval", "0.5"]
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env={**self.env, "LOTSE_FAULT_POINTS": fault},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    def periodic(self) -> None:
        done = self.manage("periodic", "--once")
        self.say(f"periodic --once: exit {done.returncode}")
        if done.returncode:
            raise RuntimeError(f"periodic failed: {done.stderr[-2000:]}")


class Supervised:
    """A long-running worker started again whenever it exits (systemd's Restart=always)."""

    def __init__(self, run: Run):
        self.run = run
        self.process = run.worker(batch=False)
        self.restarts = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        while not self.stopping.is_set():
            if self.process.poll() is not None and not self.stopping.is_set():
                self.run.say(f"supervisor: worker exited ({self.process.returncode}), restarting")
                self.restarts += 1
                time.sleep(1)
                self.process = self.run.worker(batch=False)
            time.sleep(0.2)

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join()
        self.process.send_signal(signal.SIGTERM)
        _out, err = self.process.communicate(timeout=60)
        errors = [line for line in err.splitlines() if "Error" in line]
        self.run.say(f"long-running worker stopped; {len(errors)} error lines, e.g. {errors[-1:]}")


def wait_until(predicate, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise RuntimeError(f"timed out after {seconds:.0f} s waiting for {what}")


def journey(run: Run, received: Received) -> list[str]:
    """Drive the case and return the failures found at the end (empty: PASS)."""
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connections

    from lotse.cases import services as cases
    from lotse.cases.event_types import EventType
    from lotse.cases.models import Case
    from lotse.cases.prechecks import case_run_precheck
    from lotse.cases.states import CaseState
    from lotse.core.models import MailStatus, OutboxMail
    from lotse.core.outbox import message_id
    from lotse.demo.cast import cast_membership as cast
    from lotse.demo.load import demo_load
    from lotse.demo.stories import PAPER_DOSSIER, valid_intake
    from lotse.documents.links import link_send
    from lotse.documents.services import document_upload
    from lotse.documents.tests.files import pdf
    from lotse.forwarding.models import RECEIVED, Receipt, Submission, SubmissionState
    from lotse.forwarding.services import case_forward, current_submission, dossier_accept
    from lotse.orgs.models import Organisation
    from lotse.procedure import services as procedure

    def scan(case, member, kind, *, link=None):
        upload = SimpleUploadedFile(f"{kind}.pdf", pdf(pages=1), "application/pdf")
        actor = None if link else cast(member)
        return document_upload(case=case, actor=actor, link=link, kind=kind, upload=upload)

    def fresh(case) -> Case:
        return Case.objects.get(pk=case.pk)

    def killed(process: subprocess.Popen, what: str) -> None:
        _out, err = process.communicate(timeout=180)
        if process.returncode != -signal.SIGKILL:
            raise RuntimeError(f"{what}: exit {process.returncode}, not SIGKILL: {err[-2000:]}")
        run.say(f"{what}: killed by SIGKILL as planned")

    run.say("migrate and the demo data")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    demo_load()

    # the company opens the case with one of its two documents and submits it to the IHK
    hr, ihk = cast("company_hr"), cast("ihk_adviser")
    intake = valid_intake(worker_first_name="Thị Lan", worker_last_name="Nguyễn")
    worker_email = intake["worker_email"]
    case = cases.case_create(actor=hr, fields=intake)
    scan(case, "company_hr", "passport")
    chamber = Organisation.objects.get(key="ihk-hannover")
    case = cases.case_submit(case=fresh(case), actor=hr, chamber=chamber, warnings_confirmed=True)
    case_run_precheck(case=fresh(case), actor=ihk)
    cases.case_return(case=fresh(case), actor=ihk, missing="Der Arbeitsvertrag fehlt.")
    link = link_send(case=fresh(case), actor=hr, email=worker_email)
    pending = OutboxMail.objects.filter(status=MailStatus.PENDING).count()
    run.say(f"case submitted and returned; {pending} mails pending (the demo's and the case's)")

    # 1. a worker killed while mails are pending: it dies holding the first mail it claimed
    killed(run.worker(fault="outbox.claimed"), "worker sending mail")
    claimed = OutboxMail.objects.filter(status=MailStatus.PENDING, claimed_at__isnull=False)
    if claimed.count() != 1:
        raise RuntimeError(f"expected one mail claimed by the killed worker, not {claimed.count()}")
    stuck_mail = claimed.get()

    # the worker uploads the missing document through the link from the mail; the IHK forwards
    scan(fresh(case), "", "employment_contract", link=link)
    case = cases.case_submit(case=fresh(case), actor=hr, chamber=chamber, warnings_confirmed=True)
    case_run_precheck(case=fresh(case), actor=ihk)
    case_forward(case=fresh(case), actor=ihk, reason=PAPER_DOSSIER)
    submission = current_submission(fresh(case))
    run.say("forwarded: the dossier's delivery is queued")

    # 2. a worker killed while the dossier is being forwarded (it sends the other mails first)
    killed(run.worker(fault="forwarding.building"), "worker forwarding the dossier")
    submission.refresh_from_db()
    if submission.state != SubmissionState.SENDING:
        raise RuntimeError(f"the submission should be left sending, is {submission.state}")

    # 3. a long-running worker, and the database restarted under it (a crash and its recovery)
    supervised = Supervised(run)
    time.sleep(2)
    connections.close_all()
    run.cluster.restart_immediate()
    run.say("PostgreSQL restarted with -m immediate")
    connections.close_all()

    # 4. once the leases ran out, the scheduler re-queues what the killed workers held
    time.sleep(LEASE_SECONDS + 1)
    run.periodic()
    wait_until(
        lambda: Submission.objects.get(pk=submission.pk).state == SubmissionState.DELIVERED,
        seconds=120,
        what="the dossier's delivery after the sweep",
    )
    wait_until(
        lambda: OutboxMail.objects.get(pk=stuck_mail.pk).status == MailStatus.SENT,
        seconds=120,
        what="the mail the killed worker held",
    )
    run.say("after the sweep: the dossier delivered, the held mail sent")

    # the rest of the journey, with the worker sending its mails meanwhile
    abh, aa = cast("zentralstelle_caseworker"), cast("aa_caseworker")
    case = dossier_accept(case=fresh(case), actor=abh)
    procedure.agreement_draft(case=fresh(case), actor=abh)
    for member in ("company_hr", "zentralstelle_caseworker"):
        signed = scan(fresh(case), member, "agreement_signed")
        procedure.agreement_sign(case=fresh(case), actor=cast(member), document=signed.pk)
    procedure.agreement_conclude(case=fresh(case), actor=abh, fee_debtor="employer")
    cases.case_request_consent(case=fresh(case), actor=abh)
    cases.case_decide_consent(case=fresh(case), actor=aa, given=True, reason="")
    procedure.recognition_apply(case=fresh(case), actor=abh, occupation="ihk_occupation")
    record = procedure.recognition_recorder
    record("recognition.receipt_confirmed")(case=fresh(case), actor=ihk)
    record("recognition.decided")(case=fresh(case), actor=ihk, outcome="full", measure="")
    procedure.preapproval_issue(case=fresh(case), actor=abh)
    for event in ("visa.appointment_requested", "visa.appointment_booked", "visa.applied"):
        procedure.visa_reporter(event)(case=fresh(case), actor=hr, person="worker")
    run.say(f"journey done: the case is {fresh(case).state}")

    # drain: the worker sends what is left, then stops; periodic and a last batch catch the rest
    wait_until(
        lambda: not OutboxMail.objects.filter(status=MailStatus.PENDING).exists(),
        seconds=180,
        what="every pending mail sent",
    )
    supervised.stop()
    run.periodic()
    finished = run.worker()
    finished.communicate(timeout=300)

    # the checks
    failures = []
    case = fresh(case)
    if case.state != CaseState.COMPLETED:
        failures.append(f"the case is {case.state}, not completed")
    for each in Submission.objects.all():
        receipts = Receipt.objects.filter(submission=each).count()
        delivered = each.case.events.filter(
            type=EventType.SUBMISSION_DELIVERED, payload__submission=str(each.pk)
        ).count()
        if each.state not in RECEIVED or receipts != 1:
            failures.append(f"submission {each.pk}: {each.state}, {receipts} receipts")
        if delivered != 1:
            failures.append(f"submission {each.pk}: {delivered} delivered events")
    mails = list(OutboxMail.objects.all())
    expected = {message_id(mail): mail for mail in mails}
    not_sent = [str(mail.pk) for mail in mails if mail.status != MailStatus.SENT]
    lost = [key for key in expected if received.ids[key] == 0]
    doubled = {key: n for key, n in received.ids.items() if n > 1}
    strangers = [key for key in received.ids if key not in expected]
    if not_sent:
        failures.append(f"mails not sent: {not_sent}")
    if lost:
        failures.append(f"mails never received: {lost}")
    if doubled:
        failures.append(f"mails received more than once: {doubled}")
    if strangers:
        failures.append(f"mails received that no outbox row sent: {strangers}")
    verify = run.manage("audit", "verify")
    if verify.returncode:
        failures.append(f"audit verify failed: {verify.stdout[-1500:]}{verify.stderr[-1500:]}")
    run.say(
        f"{Submission.objects.count()} submissions, {len(mails)} mails sent, "
        f"{sum(received.ids.values())} received, {supervised.restarts} worker restarts, "
        f"audit verify exit {verify.returncode}"
    )
    run.counts = {
        "mails": len(mails),
        "received": sum(received.ids.values()),
        "lost": len(lost) + len(not_sent),
        "duplicated": sum(n - 1 for n in doubled.values()),
        "submissions": Submission.objects.count(),
    }
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args()
    reason = unavailable()
    if reason:
        print(f"faults: skipped ({reason}) SKIP")
        return 0
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's line per SMTP command

    received = Received()
    smtp = Controller(received, hostname="127.0.0.1", port=free_port())
    smtp.start()
    media = Path(tempfile.mkdtemp(prefix="lotse-faults-media-"))
    cluster = PrivateCluster("faults")
    started = time.monotonic()
    failures: list[str] = []
    run = None
    try:
        cluster.start()
        url = cluster.createdb("lotse_faults")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lotse.settings.test",
            "DATABASE_URL": url,
            "LOTSE_TEST_TASKS": "db",
            "LOTSE_TEST_MEDIA": str(media),
            "LOTSE_TEST_SMTP_PORT": str(smtp.port),
            "LOTSE_OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
            "LOTSE_SUBMISSION_LEASE_SECONDS": str(LEASE_SECONDS),
            "LOTSE_FAULT_POINTS": "",
            # the run's own seals: a seal of another database's cases would not verify here
            "LOTSE_SEAL_DIR": str(media / "seals"),
        }
        os.environ.update(env)
        run = Run(cluster, env)
        failures = journey(run, received)
    except Exception as error:  # the run reports every failure in its last line
        failures.append(f"{type(error).__name__}: {error}")
        import traceback

        traceback.print_exc()
    finally:
        smtp.stop()
        if failures:
            print(
                f"server log (tail):\n{cluster.log.read_text()[-3000:]}"
                if cluster.log.exists()
                else ""
            )
        cluster.stop()
        import shutil

        shutil.rmtree(media, ignore_errors=True)
    seconds = time.monotonic() - started
    counts = getattr(run, "counts", {})
    for failure in failures:
        print(f"FAIL: {failure}")
    summary = ", ".join(f"{key} {value}" for key, value in counts.items())
    verdict = "FAIL" if failures else "PASS"
    print(f"faults: {summary}; 2 workers killed, 1 database restart; {seconds:.0f} s {verdict}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
