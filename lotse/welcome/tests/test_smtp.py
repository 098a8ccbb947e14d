"""Mails leave through Django's SMTP backend and arrive at a real SMTP server on loopback."""

import datetime
import email
import socket

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar

from lotse.core import clock
from lotse.welcome.tests.helpers import START, make_event, register, sent

pytestmark = pytest.mark.django_db


class Collect:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    yield handler
    controller.stop()


def test_confirmation_and_invitation_arrive_by_smtp(cast, smtp):
    with clock.travel_to(START - datetime.timedelta(days=3)):
        event = make_event(cast("welcome_adviser"))
        register(event, "anna@example.org", language="en")
    sent()
    assert [to for to, _content in smtp.messages] == [["anna@example.org"]] * 2
    confirm = email.message_from_bytes(smtp.messages[0][1])
    assert "Please confirm your registration" in confirm["Subject"]
    invitation = email.message_from_bytes(smtp.messages[1][1])
    parts = [p for p in invitation.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    calendar = Calendar.from_ical(parts[0].get_payload(decode=True))
    entry = calendar.walk("VEVENT")[0]
    assert entry.decoded("DTSTART") == START
    assert calendar["METHOD"] == "REQUEST"
