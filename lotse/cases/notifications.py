"""E-mails to the named contact persons when a case moves to them. The mail names only the case's
reference and links to it: no personal data of the worker leaves the platform by mail.

The service that appends the event decides who is told and calls `notify` (or `notify_contact`)
inside its transaction, once the case's contacts are in place: the mails are outbox rows
(`core.outbox`) committed with the event, so none is lost between commit and sending. Who is told
is not part of the event's payload: the log records what happened, not whom to mail.
"""

import contextlib
import contextvars

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from lotse.cases.event_types import EventType
from lotse.cases.models import CaseContact, CaseEvent, Notification
from lotse.cases.visibility import visible_to
from lotse.core.models import MailStatus, OutboxMail
from lotse.core.outbox import mail_create, mail_kind

KIND = "cases.event"

# Whose named contact hears of which event: "company", "chamber", or the organisation the event
# names in its payload ("authority", "agency"). Keys are the stored strings: an Enum member hashes
# by its name, so a str-valued lookup needs `.value`. A newly named contact is told by
# `notify_contact`, where the service decides so.
NOTIFY = {
    EventType.CASE_SUBMITTED.value: "chamber",
    EventType.CASE_RETURNED.value: "company",
    EventType.NO_PROSPECT_ADVISED.value: "company",
    EventType.FORWARDING_REQUESTED.value: "chamber",
    EventType.RETURN_ANSWERED.value: "chamber",
    EventType.DOSSIER_FORWARDED.value: "authority",
    EventType.CONSENT_REQUESTED.value: "agency",
    # the agency's week passed (`deadlines`): the authority confirms the deemed consent
    EventType.CONSENT_WEEK_EXPIRED.value: "authority",
    # a delivery that finally failed alerts the chamber's adviser; the authority's answer on the
    # dossier goes to the chamber (rejected: it completes and forwards again) and the company
    EventType.SUBMISSION_FAILED.value: "chamber",
    EventType.DOSSIER_REJECTED.value: "chamber",
    EventType.DOSSIER_ACCEPTED.value: "company",
    # a partner brought in (`case_involve_partner`): the company hears who sees its case now
    EventType.PARTICIPANT_ADDED.value: "company",
    # the § 81a procedure: what the company must act on, and a message to its addressee
    EventType.DOSSIER_ACCEPTED.value: "company",
    EventType.AGREEMENT_DRAFTED.value: "company",
    EventType.AUTHORITY_EMPLOYER_INVITED.value: "company",
    EventType.PREAPPROVAL_ISSUED.value: "company",
    EventType.PROCEDURE_REFUSED.value: "company",
    EventType.MESSAGE_SENT.value: "to",
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


def _contacts_concerned(event: CaseEvent):
    """The named contacts of the partner `event` concerns (NOTIFY), as a queryset or None."""
    target = NOTIFY.get(event.type)
    contacts = CaseContact.objects.filter(case_id=event.case_id)
    if target == "company":
        return contacts.filter(organisation_id=event.case.company_id)
    if target == "chamber":
        return contacts.filter(organisation_id=event.case.chamber_id)
    if target in ("authority", "agency", "to"):
        return contacts.filter(organisation__key=event.payload.get(target))
    return None


def notify(event: CaseEvent) -> list[Notification]:
    """Write the mails about `event` to the named contact of the partner it concerns, not to the
    person who caused it. Call inside the event's transaction, after the step named contacts."""
    contacts = _contacts_concerned(event)
    if contacts is None:
        return []
    contacts = contacts.select_related("membership__user")
    return _tell(event, [contact.membership for contact in contacts])


def notify_contact(event: CaseEvent, membership) -> list[Notification]:
    """Tell `membership` that they were named the case's contact (`event`, contact.assigned)."""
    return _tell(event, [membership])


def _tell(event: CaseEvent, memberships) -> list[Notification]:
    if _suppressed.get():
        return []
    rows, told = [], set()
    for membership in memberships:
        user = membership.user
        if not membership.active or user.pk == event.user_id or not user.email or user.pk in told:
            continue
        told.add(user.pk)
        mail = mail_create(to=user.email, user=user, kind=KIND, context={"event": event.pk})
        rows.append(
            Notification.objects.create(
                event=event, user=user, organisation_id=membership.organisation_id, mail=mail
            )
        )
    return rows


def failed_for(*, membership, limit: int = 200) -> list[Notification]:
    """The newest failed mails to the contacts of `membership`'s organisation, with their case, for
    its lead: the cases are ones the organisation takes part in (its contact was told), and
    `visible_to` confirms it."""
    rows = (
        Notification.objects.filter(
            organisation_id=membership.organisation_id,
            mail__status=MailStatus.FAILED,
            event__case__in=visible_to(membership.user),
        )
        .select_related("event__case", "user", "mail")
        .order_by("-mail__created_at", "-mail_id")
    )
    return list(rows[:limit])


@mail_kind(KIND)
def render_event_mail(mail: OutboxMail) -> tuple[str, str]:
    """Subject and body of a mail about a case event, in the active (the recipient's) language."""
    event = CaseEvent.objects.select_related("case").get(pk=mail.context["event"])
    link = settings.LOTSE_BASE_URL.rstrip("/") + reverse("cases:detail", args=[event.case_id])
    subject = _("Lotse: case %(reference)s — %(what)s") % {
        "reference": event.case.reference,
        "what": event.label,
    }
    body = _(
        "Hello %(name)s,\n\nthere is news on case %(reference)s: %(what)s.\n\n"
        "Open the case: %(link)s\n\nThis message was sent by Lotse."
    ) % {
        "name": (mail.user.get_full_name() if mail.user else "") or _("colleague"),
        "reference": event.case.reference,
        "what": event.label,
        "link": link,
    }
    return subject, body
