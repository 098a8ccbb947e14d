"""`lotse screenshots --out DIR`: the main pages of the demo for every demo role, as pictures.

Starts the demo on a free port (its own SQLite database in a temporary directory, migrated, demo
loaded, the web server in a subprocess), logs in as every demo role (the demo has no second
factor), opens the worker's upload link (sent in the demo as the company would send it) and saves
full-page PNGs named `{page}-{role}-{lang}.png` of every page of the journey the role has (start
page, a case, the intake, the first consultations, the authority's inbox of dossiers, the worker's
upload page, the people page, the failed mails): German at desktop width and English at phone
width, so that a person can look at the whole platform in a minute. Exits 1 if a page failed (an
error status, the login page instead, a redirect elsewhere), 2 on bad usage.

Needs Playwright (installed with the test dependencies) and Chromium (`LOTSE_CHROMIUM`, by
default Debian's /usr/bin/chromium). Runs in its own process: it configures Django itself.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

# German at desktop width, English at phone width (issue 12): (language, width).
VIEWS = (("de", 1280), ("en", 360))
HEIGHT = 800
ADMIN_ROLE = "platform_admin"  # the platform administrator, no member of any organisation
WORKER_ROLE = "worker"  # the skilled worker: no account, the upload link from the company's mail
WORKER_CASE = "Nair"  # the demo case returned for completion: its worker is asked for documents
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
START_TIMEOUT = 90  # seconds for the demo server to answer


@dataclass(frozen=True)
class Shot:
    page: str  # start, case, intake, consultations, inbox, upload, people, failed-mails
    role: str
    path: str
    exact: bool = True  # the page must stay at `path` (the start page redirects to the role's own)

    def filename(self, language: str) -> str:
        return f"{self.page}-{self.role}-{language}.png"


def planned_shots() -> dict[str, list[Shot]]:
    """Per demo role, the main pages that role has (from the loaded demo)."""
    from django.urls import reverse

    from lotse.cases import guards
    from lotse.cases.visibility import visible_to
    from lotse.demo.cast import CAST, cast_membership
    from lotse.orgs.models import OrgKind, Role
    from lotse.welcome.slots import slot_can_book, slot_can_publish

    plan = {}
    for role in CAST:
        member = cast_membership(role)
        shots = [Shot("start", role, reverse("home"), exact=False)]
        case = visible_to(member.user).order_by("-updated_at").first()
        if case is not None:
            shots.append(Shot("case", role, reverse("cases:detail", kwargs={"case_id": case.pk})))
        if guards.case_can_create(actor=member):
            shots.append(Shot("intake", role, reverse("cases:new")))
        # the journey's first consultation: booked by a company, offered by an adviser
        if slot_can_book(actor=member) or slot_can_publish(actor=member):
            shots.append(Shot("consultations", role, reverse("welcome:slots")))
        if member.organisation.kind == OrgKind.FOREIGNERS_AUTHORITY:  # the dossiers delivered
            shots.append(Shot("inbox", role, reverse("forwarding:inbox")))
        if member.role == Role.ADMIN:
            shots.append(Shot("people", role, reverse("orgs:people")))
        if member.can_lead:
            shots.append(Shot("failed-mails", role, reverse("cases:failed_mails")))
        plan[role] = shots
    # The platform administrator's start page is Django's administration.
    plan[ADMIN_ROLE] = [Shot("start", ADMIN_ROLE, reverse("home"), exact=False)]
    if link := _worker_link():
        plan[WORKER_ROLE] = [Shot("upload", WORKER_ROLE, link)]
    return plan


def _worker_link() -> str:
    """The path of the newest upload link still valid (the worker's page), or ""."""
    from django.urls import reverse

    from lotse.core import clock
    from lotse.documents.links import link_token
    from lotse.documents.models import UploadLink

    link = (
        UploadLink.objects.filter(revoked_at__isnull=True, expires_at__gt=clock.now())
        .order_by("-expires_at")
        .first()
    )
    return reverse("documents:link", args=[link_token(link)]) if link else ""


def worker_link_send() -> None:
    """The company sends the worker of the case returned for completion an upload link, as in
    the journey (the mail stays in the demo's memory), so that the worker's page is planned."""
    from lotse.cases.models import Case
    from lotse.demo.cast import cast_membership
    from lotse.documents.links import link_send

    case = Case.objects.get(worker_last_name=WORKER_CASE)
    link_send(case=case, actor=cast_membership("company_hr"), email="worker@example.org")


def _email(role: str) -> str:
    from lotse.demo.cast import PLATFORM_ADMIN, cast_membership

    if role == WORKER_ROLE:
        return ""  # no account: the link is the key
    return PLATFORM_ADMIN[0] if role == ADMIN_ROLE else cast_membership(role).user.email


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _demo_environment(directory: Path) -> dict[str, str]:
    """The demo's settings: its own database, debug on (runserver serves the static files), no
    second factor, mail kept in memory."""
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "lotse.settings.dev",
        "DATABASE_URL": f"sqlite:///{directory / 'demo.sqlite3'}",
        "DJANGO_DEBUG": "true",
        "LOTSE_REQUIRE_TOTP": "false",
        "LOTSE_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def _prepare_demo() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from lotse.demo.load import demo_load

    demo_load()
    worker_link_send()


def _wait_until_up(base_url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the demo server stopped (exit code {server.returncode})")
        try:
            with urllib.request.urlopen(base_url + "/accounts/login/", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the demo server did not answer within {START_TIMEOUT} seconds")


def _problem(shot: Shot, response, url: str) -> str:
    """What went wrong with the page (empty: nothing)."""
    if response is None:
        return "no answer"
    if response.status >= 400:
        return f"status {response.status}"
    reached = urlsplit(url).path
    if reached.startswith("/accounts/login/"):
        return "sent to the login page"
    if shot.exact and reached != shot.path:
        return f"redirected to {reached}"
    return ""


def _shoot(page, shot: Shot, base_url: str, path: Path) -> str:
    """Save the page of `shot` as a full-page picture at `path`; what went wrong (empty: nothing).
    A failed page is saved too: the picture shows what the person would see."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        response = page.goto(base_url + shot.path)
        # the web fonts, so that the picture shows the page's real type
        page.evaluate("() => document.fonts.ready.then(() => true)")
        page.screenshot(path=path, full_page=True)
    except PlaywrightError as error:
        return str(error).splitlines()[0]
    return _problem(shot, response, page.url)


def take(
    plan: dict[str, list[Shot]], logins: dict[str, str], base_url: str, out: Path, chromium: str
) -> tuple[list[Path], list[str]]:
    """Save every planned page per view; return the files saved and the failures (a line each)."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    from lotse.demo.browser import BrowserError, choose_language, log_in

    saved, failures = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        for role, shots in plan.items():
            # one login per role; the language is chosen again for each view
            context = browser.new_context(locale="de-DE")
            page = context.new_page()
            try:
                if logins[role]:
                    log_in(page, base_url, logins[role])
            except (BrowserError, PlaywrightError) as error:
                failures.append(f"{role}: {error}")
                context.close()
                continue
            for language, width in VIEWS:
                page.set_viewport_size({"width": width, "height": HEIGHT})
                try:
                    choose_language(page, base_url, language)
                except (BrowserError, PlaywrightError) as error:
                    failures.append(f"{role} [{language}]: {error}")
                    continue
                for shot in shots:
                    problem = _shoot(page, shot, base_url, out / shot.filename(language))
                    if problem:
                        failures.append(f"{shot.filename(language)}: {problem}")
                    else:
                        saved.append(out / shot.filename(language))
            context.close()
        browser.close()
    return saved, failures


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lotse screenshots",
        description="Start the demo and save its main pages for every demo role as PNG files "
        "(German at 1280 px, English at 360 px).",
    )
    parser.add_argument("--out", required=True, type=Path, help="directory for the PNG files")
    parser.add_argument(
        "--role",
        action="append",
        default=[],
        help="only this demo role (e.g. ihk_adviser; repeatable); all roles by default",
    )
    return parser


@contextmanager
def demo_server(directory: Path) -> Iterator[str]:
    """The demo's web server on a free port (a subprocess with the environment of this process),
    stopped on leaving; yields its address. Raises RuntimeError with the server's log if it does
    not come up."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = directory / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=os.environ.copy(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            try:
                _wait_until_up(base_url, server)
            except RuntimeError as error:
                raise RuntimeError(f"{error}\n{log_path.read_text()[-3000:]}") from None
            yield base_url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


def _prerequisites() -> str:
    """What is missing to take pictures (empty: nothing)."""
    chromium = os.environ.get("LOTSE_CHROMIUM", "/usr/bin/chromium")
    if not shutil.which(chromium):
        return f"Chromium not found at {chromium} (set LOTSE_CHROMIUM)."
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright is missing: pip install -e '.[test]' (bin/setup does)."
    return ""


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:  # argparse has printed the usage
        return 2 if stop.code else 0
    if missing := _prerequisites():
        sys.stderr.write(missing + "\n")
        return 2
    out = args.out.resolve()
    with tempfile.TemporaryDirectory(prefix="lotse-screenshots-") as temporary:
        directory = Path(temporary)
        os.environ.update(_demo_environment(directory))
        import django

        django.setup()
        from lotse.demo.cast import CAST

        roles = [*CAST, ADMIN_ROLE, WORKER_ROLE]
        if unknown := sorted(set(args.role) - set(roles)):
            sys.stderr.write(f"unknown role {', '.join(unknown)}; the roles: {', '.join(roles)}\n")
            return 2
        print("Loading the demo into a temporary database ...", flush=True)
        _prepare_demo()
        plan = {
            role: shots
            for role, shots in planned_shots().items()
            if role in args.role or not args.role
        }
        logins = {role: _email(role) for role in plan}  # the database before the browser's loop
        from django.db import connections

        connections.close_all()  # the server has the database to itself
        out.mkdir(parents=True, exist_ok=True)
        try:
            with demo_server(directory) as base_url:
                print(f"The demo runs on {base_url}; taking the pictures ...", flush=True)
                chromium = os.environ.get("LOTSE_CHROMIUM", "/usr/bin/chromium")
                saved, failures = take(plan, logins, base_url, out, chromium)
        except RuntimeError as error:
            saved, failures = [], [str(error)]
    print(f"{len(saved)} screenshots in {out}")
    for failure in failures:
        sys.stderr.write(f"failed: {failure}\n")
    return 1 if failures else 0
