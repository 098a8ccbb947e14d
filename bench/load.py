"""The load run (issue 20, part 3): simulated companies and partners work their cases at once.

A private PostgreSQL cluster (`bench/pgcluster.py`), gunicorn with several workers on loopback, a
`db_worker` sending the mails to an SMTP server on loopback (aiosmtpd), and `--users` clients
(threads of a small HTTP client, default 50: 40 companies, each its own organisation, and 10 IHK
advisers) for `--seconds` (default 120), then they stop by themselves. A company opens cases
through the API, looks at its start page, work list and case page, submits, and submits again
what came back; an adviser reads the work list and a submitted case, runs the pre-check and
returns the case for completion. Two advisers racing for one case get a refusal (409), not a
second step.

Checked at the end: no 5xx (and no broken connection); every action a client saw succeed is in
the cases' event log exactly once, and the log holds no such event that no client saw succeed
(none lost, none duplicated); `manage.py audit verify` holds. Printed: what ran, the requests,
and p50/p95 of each page beside the trivial page's (`/ping/`) from the same run. The last line
reads `load: … PASS|FAIL`.

    .venv/bin/python bench/load.py [--seconds 120] [--users 50] [--partners 10] [--web-workers 4]
"""

from __future__ import annotations

import argparse
import collections
import http.cookiejar
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pgcluster import PrivateCluster, free_port, unavailable  # noqa: E402

PASSWORD = "load-run-password-2026"
# the events a client's action writes, by the action's name
EVENT_OF = {
    "create": "case.created",
    "submit": "case.submitted",
    "precheck": "precheck.run",
    "return": "case.returned",
}


class Sink:
    """aiosmtpd's handler: takes every mail."""

    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        self.count += 1
        return "250 OK"


class Tally:
    """What every client saw, shared: timings per page, statuses, succeeded actions."""

    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = collections.defaultdict(list)
        self.statuses: collections.Counter[int] = collections.Counter()
        self.errors: list[str] = []
        self.done: collections.Counter[tuple[str, str]] = collections.Counter()
        self.refused: collections.Counter[str] = collections.Counter()

    def timed(self, page: str, seconds: float, status: int) -> None:
        with self.lock:
            self.times[page].append(seconds)
            self.statuses[status] += 1

    def succeeded(self, action: str, case_id: str) -> None:
        with self.lock:
            self.done[(EVENT_OF[action], case_id)] += 1


class Client:
    """One person's browser-less session: cookies, the CSRF token, timed requests."""

    def __init__(self, base: str, tally: Tally):
        self.base, self.tally = base, tally
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, page: str, path: str, *, body=None, form=None, method=None):
        headers = {"Accept-Language": "de"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if data is not None or method:
            headers["X-CSRFToken"] = self.csrf()
        request = urllib.request.Request(
            self.base + path, data=data, headers=headers, method=method
        )
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=60) as response:
                status, content = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, content = error.code, error.read()
        except OSError as error:  # a refused or broken connection counts as a server failure
            self.tally.errors.append(f"{page}: {type(error).__name__}: {error}")
            self.tally.timed(page, time.perf_counter() - started, 599)
            return 599, b""
        self.tally.timed(page, time.perf_counter() - started, status)
        if status >= 500:
            self.tally.errors.append(f"{page} {path}: {status}")
        return status, content

    def login(self, email: str) -> None:
        self.request("login form", "/accounts/login/")
        status, _content = self.request(
            "login",
            "/accounts/login/",
            form={
                "username": email,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.csrf(),
            },
        )
        if status != 200 or not any(c.name == "sessionid" for c in self.jar):
            raise RuntimeError(f"login of {email} failed ({status})")

    def step(self, action: str, case: dict, **fields) -> dict | None:
        """A step through the API at the case's version; the case after it, or None if refused."""
        slug = action.replace("_", "-")
        status, content = self.request(
            f"api {action}",
            f"/api/v1/cases/{case['id']}/{slug}",
            body={"version": case["version"], **fields},
        )
        if status in (200, 201):
            self.tally.succeeded(action, case["id"])
            return json.loads(content)
        with self.tally.lock:
            self.tally.refused[f"{action} {status}"] += 1
        return None

    def case(self, case_id: str) -> dict | None:
        status, content = self.request("api case", f"/api/v1/cases/{case_id}")
        return json.loads(content) if status == 200 else None


def think(mean: float) -> None:
    time.sleep(random.uniform(0, 2 * mean))


def company(client: Client, email: str, intake: dict, deadline: float, pause: float) -> None:
    client.login(email)
    mine: list[str] = []
    while time.monotonic() < deadline:
        client.request("start page /", "/")
        client.request("ping /ping/", "/ping/")
        if len(mine) < 3 or random.random() < 0.3:
            status, content = client.request("api create", "/api/v1/cases", body=intake)
            if status == 201:
                created = json.loads(content)
                client.tally.succeeded("create", created["id"])
                mine.append(created["id"])
        think(pause)
        client.request("work list /cases/", "/cases/")
        case_id = random.choice(mine) if mine else None
        if case_id:
            client.request("case page /cases/<id>/", f"/cases/{case_id}/")
            case = client.case(case_id)
            if case and "submit" in case["allowed_steps"]:
                client.step("submit", case, chamber="ihk-hannover", confirm_warnings=True)
        think(pause)


def adviser(client: Client, email: str, deadline: float, pause: float) -> None:
    client.login(email)
    while time.monotonic() < deadline:
        client.request("ping /ping/", "/ping/")
        client.request("work list /cases/", "/cases/")
        status, content = client.request("api case list", "/api/v1/cases")
        items = json.loads(content)["items"] if status == 200 else []
        waiting = [item["id"] for item in items if item.get("state") == "submitted"]
        if waiting:
            case_id = random.choice(waiting)
            client.request("case page /cases/<id>/", f"/cases/{case_id}/")
            case = client.case(case_id)
            if case and "precheck" in case["allowed_steps"]:
                after = client.step("precheck", case)
                case = client.case(case_id) if after is not None else None
            if case and "return" in case["allowed_steps"]:
                client.step("return", case, text="Der Arbeitsvertrag fehlt noch.")
        think(pause)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def prepare(companies: int, partners: int) -> tuple[list[str], list[str], dict]:
    """Region data, the companies and advisers with their logins, an intake as JSON."""
    import django

    django.setup()
    from django.core.management import call_command

    from lotse.demo.load import region_dir
    from lotse.demo.stories import valid_intake
    from lotse.orgs.models import Organisation, OrgKind, Role
    from lotse.orgs.services import membership_create, organisation_create, region_load

    call_command("migrate", verbosity=0)
    region_load(region_dir=region_dir())
    ihk = Organisation.objects.get(key="ihk-hannover")
    people = []
    for number in range(companies):
        organisation = organisation_create(
            key=f"load-company-{number}", kind=OrgKind.COMPANY, name=f"Lastprobe {number} GmbH"
        )
        people.append((organisation, f"hr{number}@load-company.example", Role.ADVISER))
    for number in range(partners):
        people.append((ihk, f"adviser{number}@ihk-load.example", Role.ADVISER))
    emails = []
    for organisation, address, role in people:
        user = membership_create(organisation=organisation, email=address, role=role).user
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        emails.append(address)
    intake = json.loads(json.dumps(valid_intake(), default=str))
    return emails[:companies], emails[companies:], intake


def verify(tally: Tally) -> list[str]:
    """Compare the succeeded actions with the event log; every case's chain is checked apart."""
    from lotse.cases.models import CaseEvent

    # a person's steps only: a case submitted again gets the chamber's pre-check run by nobody
    # (cases.prechecks.precheck_for_chamber), which no client asked for
    rows = CaseEvent.objects.filter(type__in=EVENT_OF.values(), actor__isnull=False)
    rows = rows.values_list("type", "case_id")
    logged = collections.Counter((kind, str(case)) for kind, case in rows)
    failures = []
    lost = {key: n - logged[key] for key, n in tally.done.items() if logged[key] < n}
    extra = {key: n - tally.done[key] for key, n in logged.items() if n > tally.done[key]}
    if lost:
        failures.append(f"{sum(lost.values())} succeeded actions not in the log: {list(lost)[:5]}")
    if extra:
        failures.append(f"{sum(extra.values())} events no client saw succeed: {list(extra)[:5]}")
    tally.lost, tally.duplicated = sum(lost.values()), sum(extra.values())
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--users", type=int, default=50, help="companies and partners together")
    parser.add_argument("--partners", type=int, default=10, help="of them, IHK advisers")
    parser.add_argument("--web-workers", type=int, default=4, help="gunicorn's worker processes")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between actions (s)")
    options = parser.parse_args()
    reason = unavailable()
    if reason:
        print(f"load: skipped ({reason}) SKIP")
        return 0
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's line per SMTP command

    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=free_port())
    smtp.start()
    media = Path(tempfile.mkdtemp(prefix="lotse-load-media-"))
    cluster = PrivateCluster("load")
    processes: list[subprocess.Popen] = []
    tally = Tally()
    failures: list[str] = []
    started = time.monotonic()
    try:
        cluster.start()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lotse.settings.test",
            "DATABASE_URL": cluster.createdb("lotse_load"),
            "LOTSE_TEST_TASKS": "db",
            "LOTSE_TEST_MEDIA": str(media),
            "LOTSE_TEST_SMTP_PORT": str(smtp.port),
            "LOTSE_FAULT_POINTS": "",
            # the run's own seals: a seal of another database's cases would not verify here
            "LOTSE_SEAL_DIR": str(media / "seals"),
        }
        os.environ.update(env)
        companies, partners = options.users - options.partners, options.partners
        company_logins, adviser_logins, intake = prepare(companies, partners)
        port = free_port()
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "lotse.wsgi", "--bind", f"127.0.0.1:{port}"]
                + ["--workers", str(options.web_workers), "--timeout", "120"]
                + ["--log-level", "warning"],
                cwd=ROOT,
                env=env,
            )
        )
        processes.append(
            subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "1"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=5).close()
                break
            except OSError:
                time.sleep(0.5)
        print(
            f"load: {companies} companies and {partners} IHK advisers for {options.seconds:.0f} s "
            f"against gunicorn with {options.web_workers} workers on PostgreSQL (port "
            f"{cluster.port}), think time {options.think} s",
            flush=True,
        )
        deadline = time.monotonic() + options.seconds
        threads = [
            threading.Thread(
                target=company, args=(Client(base, tally), email, intake, deadline, options.think)
            )
            for email in company_logins
        ] + [
            threading.Thread(
                target=adviser, args=(Client(base, tally), email, deadline, options.think)
            )
            for email in adviser_logins
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        ran = time.monotonic() - (deadline - options.seconds)
        # the log is read once the last answers are in
        failures += verify(tally)
        verified = subprocess.run(
            [sys.executable, "manage.py", "audit", "verify"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if verified.returncode:
            failures.append(
                f"audit verify failed: {verified.stdout[-1500:]}{verified.stderr[-800:]}"
            )
        served = sum(tally.statuses.values())
        print(
            f"ran {ran:.0f} s: {served} requests ({served / ran:.1f}/s), statuses {dict(tally.statuses)}"
        )
        print(
            f"actions that succeeded: {dict(collections.Counter(k for k, _c in tally.done.elements()))}"
        )
        print(
            f"refused (a race lost, as it should be): {dict(tally.refused)}; mails received {sink.count}"
        )
        ping = tally.times.get("ping /ping/", [0.0])
        print(f"{'page':28} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'/ping/ p95':>11}")
        for page in sorted(tally.times):
            values = tally.times[page]
            print(
                f"{page:28} {len(values):6d} {statistics.median(values) * 1000:8.0f} "
                f"{percentile(values, 0.95) * 1000:8.0f} {percentile(ping, 0.95) * 1000:11.0f}"
            )
        five = sum(n for status, n in tally.statuses.items() if status >= 500)
        if five:
            failures.append(f"{five} answers 5xx or broken: {tally.errors[:5]}")
        if not tally.done:
            failures.append("no action succeeded")
    except Exception as error:  # the run reports every failure in its last line
        import traceback

        traceback.print_exc()
        failures.append(f"{type(error).__name__}: {error}")
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        smtp.stop()
        cluster.stop()
        shutil.rmtree(media, ignore_errors=True)
    for failure in failures:
        print(f"FAIL: {failure}")
    five = sum(n for status, n in tally.statuses.items() if status >= 500)
    verdict = "FAIL" if failures else "PASS"
    print(
        f"load: {options.users} users {options.seconds:.0f} s, {sum(tally.statuses.values())} "
        f"requests, {sum(tally.done.values())} actions, 5xx {five}, lost "
        f"{getattr(tally, 'lost', '?')}, duplicated {getattr(tally, 'duplicated', '?')}; "
        f"{time.monotonic() - started:.0f} s {verdict}"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
