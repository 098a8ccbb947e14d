"""E-mails to the named contact persons when a case moves to them. The mail names only the case's
reference and links to it: no personal data of the worker leaves the platform by mail."""

import contextlib
import contextvars
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from lotse.cases.event_types import EventType
from lotse.cases.models import CaseContact, CaseEvent, Notification
from lotse.core import clock

# Whose named contact hears of which event: "company", "chamber", or the organisation the event
# names in its payload ("authority", "agency", the new contact). Keys are the stored strings:
# an Enum member hashes by its name, so a str-valued lookup needs `.value`.
NOTIFY = {
    EventType.CASE_SUBMITTED.value: "chamber",
    EventType.CASE_RETURNED.value: "company",
    EventType.NO_PROSPECT_ADVISED.value: "company",
    EventType.FORWARDING_REQUESTED.value: "chamber",
    EventType.DOSSIER_FORWARDED.value: "authority",
    EventType.CONSENT_REQUESTED.value: "agency",
    EventType.CONTACT_ASSIGNED.value: "new_contact",
}
_suppressed = contextvars.ContextVar("notifications_suppressed", default=False)


@contextlib.contextmanager
def suppressed():
    """No mails for events made inside the block (the demo's history)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def notify_on_commit(event: CaseEvent) -> None:
    """Queue the mails of `event` once its transaction has committed."""
    if event.type in NOTIFY and not _suppressed.get():
        from lotse.cases.tasks import notify_case_event

        transaction.on_commit(partial(notify_case_event.enqueue, event.pk))


def recipients(event: CaseEvent) -> list:
    """The users to tell about `event`: the named contact of the partner it concerns, not the
    person who caused it."""
    target = NOTIFY.get(event.type)
    contacts = CaseContact.objects.filter(case_id=event.case_id).select_related("membership__user")
    if target == "company":
        contacts = contacts.filter(organisation_id=event.case.company_id)
    elif target == "chamber":
        contacts = contacts.filter(organisation_id=event.case.chamber_id)
    elif target == "authority":
        contacts = contacts.filter(organisation__key=event.payload.get("authority"))
    elif target == "agency":
        contacts = contacts.filter(organisation__key=event.payload.get("agency"))
    elif target == "new_contact" and event.payload.get("announce", True):
        contacts = contacts.filter(membership_id=event.payload.get("new"))
    else:
        return []
    users = [contact.membership.user for contact in contacts if contact.membership.active]
    return [user for user in users if user.pk != event.user_id and user.email]


def notifications_send(*, event_id: int) -> int:
    """Send the mails of one event, each once; returns how many were sent now."""
    event = CaseEvent.objects.select_related("case").get(pk=event_id)
    sent = 0
    for user in recipients(event):
        with transaction.atomic():
            row, _created = Notification.objects.select_for_update().get_or_create(
                event=event, user=user
            )
            if row.sent_at is not None:
                continue
            _mail(event, user)
            row.sent_at = clock.now()
            row.save(update_fields=["sent_at"])
            sent += 1
    return sent


def _mail(event: CaseEvent, user) -> None:
    link = settings.LOTSE_BASE_URL.rstrip("/") + reverse("cases:detail", args=[event.case_id])
    with translation.override(user.language or "de"):
        subject = _("Lotse: case %(reference)s — %(what)s") % {
            "reference": event.case.reference,
            "what": event.label,
        }
        body = _(
            "Hello %(name)s,\n\nthere is news on case %(reference)s: %(what)s.\n\n"
            "Open the case: %(link)s\n\nThis message was sent by Lotse."
        ) % {
            "name": user.get_full_name() or _("colleague"),
            "reference": event.case.reference,
            "what": event.label,
            "link": link,
        }
    send_mail(subject, body, None, [user.email])
