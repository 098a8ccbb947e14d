"""The reminder and escalation mails (`services.reminders_send`), rendered in the recipient's
language when sent. Like every case mail they name only the case's reference and link to it."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from lotse.core.models import OutboxMail
from lotse.core.outbox import mail_kind

MAIL_KIND = "deadlines.reminder"


@mail_kind(MAIL_KIND)
def render_reminder(mail: OutboxMail) -> tuple[str, str]:
    from lotse.deadlines.selectors import LABELS

    context = mail.context
    link = settings.LOTSE_BASE_URL.rstrip("/") + reverse("cases:detail", args=[context["case"]])
    values = {
        "reference": context["reference"],
        "clock": LABELS.get(context.get("clock", ""), context.get("clock", "")),
        "basis": context["basis"],
        "end": context["end"],
        "link": link,
        "name": (mail.user.get_full_name() if mail.user else "") or _("colleague"),
    }
    if context["kind"] == "remind":
        subject = _("Lotse: deadline on %(end)s in case %(reference)s") % values
        body = _(
            "Hello %(name)s,\n\nin case %(reference)s the period “%(clock)s” (%(basis)s) ends "
            "on %(end)s. Please act in time.\n\nOpen the case: %(link)s\n\n"
            "This message was sent by Lotse."
        )
    elif context["kind"] == "escalate":
        subject = _("Lotse: binding period missed in case %(reference)s") % values
        body = _(
            "Hello %(name)s,\n\nin case %(reference)s the binding period “%(clock)s” "
            "(%(basis)s) ended on %(end)s without the step it waits for. As your "
            "organisation's lead you are told of it.\n\nOpen the case: %(link)s\n\n"
            "This message was sent by Lotse."
        )
    else:
        subject = _("Lotse: period passed in case %(reference)s") % values
        body = _(
            "Hello %(name)s,\n\nin case %(reference)s the period “%(clock)s” (%(basis)s) "
            "ended on %(end)s without the step it waits for. It is not binding; this is for "
            "your information.\n\nOpen the case: %(link)s\n\nThis message was sent by Lotse."
        )
    return subject, body % values
