"""Mail backends for the outbox tests: Django's SMTP backend whose connection fails a given
number of times (class attribute `failures`, -1 for always) before it delivers to
`django.core.mail.outbox`, as the test backend does."""

import smtplib

from django.core import mail
from django.core.mail.backends.smtp import EmailBackend
from django.utils.translation import gettext

from lotse.core.outbox import mail_kind


class FlakySMTPBackend(EmailBackend):
    failures = 2
    calls = 0

    def open(self):
        cls = type(self)
        cls.calls += 1
        if cls.failures < 0 or cls.calls <= cls.failures:
            raise smtplib.SMTPConnectError(421, "mail.example: service not available")
        return False

    def close(self):
        pass

    def send_messages(self, email_messages):
        self.open()
        mail.outbox.extend(email_messages)
        return len(email_messages)


class AlwaysFailingSMTPBackend(FlakySMTPBackend):
    failures = -1


@mail_kind("test.hello")
def render_hello(outbox_mail) -> tuple[str, str]:
    """A plain test mail; its subject is a message the catalogue translates."""
    return gettext("Cases"), "Hello " + outbox_mail.context.get("name", "")
