"""The journey's world: the platform as it runs for its people, on this machine.

A PostgreSQL database of its own on the shared server (created here and dropped afterwards, its
name unique per process, so parallel test workers never meet), migrated and loaded with the demo;
the web server (`manage.py runserver --noreload`), a real task worker (`manage.py db_worker`) and
the scheduler (`manage.py periodic --loop`) as processes; an SMTP server (aiosmtpd) on loopback in
this process that keeps every mail the platform sends. Whatever DATABASE_URL the test run has, the
journey always runs on PostgreSQL: the worker and the web server are separate processes.

`step(name, *pages)` wraps one step of the journey: when it fails, a screenshot and the HTML of
every page in the step are saved and their directory is printed and added to the error.
"""

import email
import email.policy
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVER = os.environ.get("LOTSE_JOURNEY_POSTGRES", "postgres://postgres@127.0.0.1:5432")
START_TIMEOUT = 120  # seconds for the web server to answer
MAIL_TIMEOUT = 60  # seconds for a mail to arrive through outbox, worker and SMTP


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_problem() -> str:
    """Why the journey's PostgreSQL server cannot be used (empty: it can)."""
    import psycopg

    try:
        with psycopg.connect(f"{SERVER}/postgres", connect_timeout=5):
            return ""
    except psycopg.OperationalError as error:
        return f"PostgreSQL at {SERVER} does not answer ({str(error).strip()})"


class Mailbox:
    """aiosmtpd's handler: every message received, as parsed e-mails."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Journey-Rcpt"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if address in m["X-Journey-Rcpt"]]

    def wait_for(self, address: str, pattern: str, timeout: float = MAIL_TIMEOUT) -> str:
        """The first match of `pattern` in a mail to `address` (waits for the mail to arrive)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.to(address):
                for part in message.walk():
                    if part.get_content_maintype() != "text":
                        continue
                    found = re.search(pattern, part.get_content())
                    if found:
                        return found.group(0)
            time.sleep(0.2)
        subjects = [m["Subject"] for m in self.to(address)]
        raise AssertionError(
            f"no mail to {address} matching {pattern!r} within {timeout} s (mails: {subjects})"
        )


@dataclass
class World:
    base_url: str
    directory: Path
    mailbox: Mailbox
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def check_running(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                log = (self.directory / f"{name}.log").read_text()[-3000:]
                raise AssertionError(f"{name} stopped (exit {process.returncode}):\n{log}")


def _database(name: str, action: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        if action == "create":
            connection.execute(f'CREATE DATABASE "{name}"')
        else:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _environment(directory: Path, database: str, base_url: str, smtp_port: int) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LOTSE_", "DJANGO_", "PYTEST_"))
    }
    return env | {
        "DJANGO_SETTINGS_MODULE": "tests.e2e.journey_settings",
        "DATABASE_URL": f"{SERVER}/{database}",
        "DJANGO_DEBUG": "true",  # runserver serves the static files
        "LOTSE_JOURNEY_DIR": str(directory),
        "LOTSE_REQUIRE_TOTP": "false",
        "LOTSE_SMTP_HOST": "127.0.0.1",
        "LOTSE_SMTP_PORT": str(smtp_port),
        "LOTSE_BASE_URL": base_url,
        "PYTHONUNBUFFERED": "1",
    }


def _manage(env: dict, directory: Path, *arguments: str) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{done.stderr[-3000:]}")


def _start(env: dict, directory: Path, name: str, *arguments: str) -> subprocess.Popen:
    log = (directory / f"{name}.log").open("w")
    return subprocess.Popen(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _wait_until_up(world: World) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        world.check_running()
        try:
            with urllib.request.urlopen(world.base_url + "/accounts/login/", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"the web server did not answer within {START_TIMEOUT} s")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


@contextmanager
def world_running(directory: Path) -> Iterator[World]:
    """Database, demo, SMTP server, web server, worker and scheduler; all gone on leaving."""
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's line per command
    database = f"lotse_journey_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    port = free_port()
    world = World(f"http://127.0.0.1:{port}", directory, mailbox)
    env = _environment(directory, database, world.base_url, 0)
    _database(database, "create")
    smtp.start()
    env["LOTSE_SMTP_PORT"] = str(smtp.port)
    try:
        _manage(env, directory, "migrate", "--no-input", "-v0")
        _manage(env, directory, "demo_load")
        world.processes["web"] = _start(
            env, directory, "web", "runserver", f"127.0.0.1:{port}", "--noreload"
        )
        world.processes["worker"] = _start(
            env,
            directory,
            "worker",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.2",
        )
        world.processes["periodic"] = _start(
            env, directory, "periodic", "periodic", "--loop", "--interval", "2"
        )
        _wait_until_up(world)
        yield world
    finally:
        for process in world.processes.values():
            _stop(process)
        smtp.stop()
        _database(database, "drop")


@contextmanager
def step(name: str, place: Path, *pages) -> Iterator[None]:
    """One step of the journey; on failure its pages' screenshot and HTML are kept in `place`."""
    try:
        yield
    except BaseException as error:
        place.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        for number, page in enumerate(pages):
            try:
                page.screenshot(path=place / f"{slug}-{number}.png", full_page=True)
                (place / f"{slug}-{number}.html").write_text(page.content())
            except Exception as saving:  # noqa: BLE001  (the step's own error matters more)
                (place / f"{slug}-{number}.txt").write_text(f"{page.url}: {saving}")
        note = f"journey step {name!r} failed; screenshots and HTML in {place}"
        print(note)
        error.add_note(note)
        raise
