"""What the clocks make the platform do: the deemed consent's expiry, reminders, escalation.

Every function here is run by `periodic` (`deadlines/jobs.py`) and is idempotent: a second run
right after the first finds nothing to do.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_noop

from lotse.cases import notifications
from lotse.cases.event_types import EventType
from lotse.cases.events import event_consent_week_expired
from lotse.cases.models import (
    Case,
    CaseContact,
    CaseEvent,
    Participant,
    ParticipantRole,
    Track,
)
from lotse.cases.tracks import CASE_AS_A_WHOLE, TrackKind, TrackState
from lotse.core import clock
from lotse.core.outbox import mail_create
from lotse.deadlines.clocks import EXPIRED
from lotse.deadlines.mails import MAIL_KIND
from lotse.deadlines.models import Reminder, ReminderKind
from lotse.deadlines.selectors import CaseClock, case_clock_runs, open_case_clocks
from lotse.inbox.services import notice_post
from lotse.orgs.models import Membership, Organisation, Role

AGENCY_CONSENT = "agency_consent"


def _consent_run(case: Case) -> CaseClock | None:
    return next((r for r in case_clock_runs(case) if r.clock.id == AGENCY_CONSENT), None)


def consent_weeks_expire(*, today: datetime.date | None = None) -> int:
    """Mark every case whose Federal Employment Agency let its week pass without an answer on
    the platform, and ask the authority to confirm the deemed consent; returns how many.

    § 36 Abs. 2 S. 2 BeschV: in a § 81a case the consent counts as given if the agency has not
    answered within one week (unless it asked for information within it, which stops the
    clock). The agency may have answered outside the platform, so the platform does not write
    the consent itself: it writes the week's end as an event (once per case) and tells the
    authority's named contact, who confirms the deemed consent or records the answer. A system
    job over all cases: it does not start from `visible_to`, as no person reads the result.
    """
    today = today or clock.today()
    waiting = Track.objects.filter(
        kind=TrackKind.CONSENT, person=CASE_AS_A_WHOLE, state=TrackState.REQUESTED
    ).exclude(
        case__events__type=EventType.CONSENT_WEEK_EXPIRED,
    )
    marked = 0
    for case_id in waiting.values_list("case_id", flat=True).iterator():
        marked += consent_week_expire(case_id=case_id, today=today)
    return marked


@transaction.atomic
def consent_week_expire(*, case_id, today: datetime.date) -> int:
    """Write the expiry of one case's consent week if it has passed and is not written yet
    (under the case's row lock, so two runs at once write it once); 1 if written, else 0."""
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("company", "chamber")
        .get(pk=case_id)
    )
    if CaseEvent.objects.filter(case=case, type=EventType.CONSENT_WEEK_EXPIRED).exists():
        return 0
    run = _consent_run(case)
    if run is None or run.run.state(today) != EXPIRED:
        return 0
    authority = (
        Participant.objects.filter(case=case, role=ParticipantRole.AUTHORITY, seen_until=None)
        .select_related("organisation__default_contact__user")
        .order_by("pk")
        .first()
    )
    authority = authority.organisation if authority is not None else None
    event = event_consent_week_expired(
        case=case,
        ended=run.run.end.isoformat(),
        basis=run.clock.basis,
        authority=authority.key if authority is not None else "",
    )
    notifications.notify(event)
    if authority is not None:
        _week_notice(case=case, authority=authority, ended=run.run.end, basis=run.clock.basis)
    return 1


WEEK_NOTICE = (
    gettext_noop("Confirm the deemed consent: case %(reference)s"),
    gettext_noop(
        "In case %(reference)s the Federal Employment Agency's week ended on %(end)s without an "
        "answer on the platform; its consent is deemed given (%(basis)s). Please confirm the "
        "deemed consent on the case page (“Confirm the deemed consent”), or have the agency "
        "record the answer it gave elsewhere."
    ),
)


def _week_notice(*, case: Case, authority: Organisation, ended: datetime.date, basis: str):
    """The inbox notice beside the mail: to the authority's named contact for the case (else its
    default contact), or to the authority as a whole where it has neither; posted once."""
    people = _contact(case, authority)
    subject, body = WEEK_NOTICE
    return notice_post(
        organisation=authority,
        person=people[0].user if people else None,
        subject=subject,
        body=body,
        dedupe_key=f"deadlines:{case.pk}:consent_week",
        case_id=case.pk,
        params={"reference": case.reference, "end": _date(ended), "basis": basis},
    )


# --- reminders and escalation ----------------------------------------------------------------

# The participant role that plays each statutory clock's owner (`Clock.who`); the company is the
# case's own; a recognition body's clock names the body by its key.
OWNER_ROLE = {
    "employment_agency": ParticipantRole.EMPLOYMENT_AGENCY,
    "authority": ParticipantRole.AUTHORITY,
}
NOTICE_TEXTS = {
    ReminderKind.REMIND: (
        gettext_noop("Deadline on %(end)s: case %(reference)s"),
        gettext_noop(
            "A period in case %(reference)s (%(basis)s) ends on %(end)s. Please act in time."
        ),
    ),
    ReminderKind.OVERDUE: (
        gettext_noop("Period passed: case %(reference)s"),
        gettext_noop(
            "A period in case %(reference)s (%(basis)s) ended on %(end)s without the step it "
            "waits for. It is not binding; this is for your information."
        ),
    ),
    ReminderKind.ESCALATE: (
        gettext_noop("Binding period missed: case %(reference)s"),
        gettext_noop(
            "A binding period in case %(reference)s (%(basis)s) ended on %(end)s without the "
            "step it waits for. As the organisation's lead you are told of it."
        ),
    ),
}


def _owner(case: Case, item: CaseClock, participants: dict) -> Organisation | None:
    """The organisation on the platform that owes the clock, or None (e.g. the mission abroad)."""
    who = item.clock.who
    if who == "company":
        return case.company
    if who in OWNER_ROLE:
        return participants.get(OWNER_ROLE[who])
    return Organisation.objects.filter(key=who).first()  # a recognition body


def _contact(case: Case, organisation: Organisation):
    """The organisation's named contact for the case, else its default contact."""
    named = (
        CaseContact.objects.filter(case=case, organisation=organisation, membership__active=True)
        .select_related("membership__user")
        .first()
    )
    if named is not None:
        return [named.membership]
    if organisation.default_contact_id and organisation.default_contact.active:
        return [organisation.default_contact]
    return []


def _leads(organisation: Organisation) -> list:
    return list(
        Membership.objects.filter(organisation=organisation, role=Role.LEAD, active=True)
        .select_related("user")
        .order_by("created_at")
    )


def _due_kind(item: CaseClock, today: datetime.date, lead_days: int) -> str | None:
    end = item.run.end
    if today > end:
        return ReminderKind.ESCALATE if item.clock.binding else ReminderKind.OVERDUE
    if (end - today).days <= lead_days:
        return ReminderKind.REMIND
    return None


def _date(day: datetime.date) -> str:
    """A day as both languages read it in one text (the notice's placeholders are not translated)."""
    return day.strftime("%d.%m.%Y")


def reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind each open clock's owner before its end (`LOTSE_REMINDER_LEAD_DAYS`), and once it
    has passed tell the lead of the owning organisation where the period is binding ("must":
    escalation) or only the contact person where it is not (as a rule, target, practice);
    returns how many people were told. Each person hears once per case, clock and end: by mail
    (the outbox) and by a notice in the inbox.

    The clocks of all open cases are read in one streamed query (`open_case_clocks`); only a
    case with a clock to tell about, not told yet, is locked and written. A system job over all
    open cases, not from `visible_to`: it writes only to the organisations that owe the step."""
    today = today or clock.today()
    lead_days = settings.LOTSE_REMINDER_LEAD_DAYS
    told_before = set(
        Reminder.objects.values_list("case_id", "clock", "person", "end", "kind").distinct()
    )
    told = 0
    for case_id, runs in open_case_clocks():
        for item in runs:
            kind = _due_kind(item, today, lead_days) if item.open else None
            key = (case_id, item.clock.id, item.person, item.run.end, kind)
            if kind is not None and key not in told_before:
                told += case_reminders_send(case_id=case_id, today=today)
                break
    return told


@transaction.atomic
def case_reminders_send(*, case_id, today: datetime.date) -> int:
    """The reminders of one case that are due and not yet written (under its row lock)."""
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("company", "chamber")
        .get(pk=case_id)
    )
    lead_days = settings.LOTSE_REMINDER_LEAD_DAYS
    participants = {}
    running = Participant.objects.filter(case=case, seen_until__isnull=True)
    for participant in running.select_related("organisation"):
        participants.setdefault(participant.role, participant.organisation)
    told = 0
    for item in case_clock_runs(case):
        if not item.open:
            continue
        kind = _due_kind(item, today, lead_days)
        owner = _owner(case, item, participants) if kind else None
        if owner is None:
            continue
        people = _leads(owner) if kind == ReminderKind.ESCALATE else []
        # an organisation without a lead on the platform: its contact hears of it instead
        people = people or _contact(case, owner)
        for membership in people:
            told += _tell(case=case, item=item, kind=kind, membership=membership, owner=owner)
    return told


def _tell(*, case: Case, item: CaseClock, kind: str, membership, owner) -> int:
    key = {
        "case": case,
        "clock": item.clock.id,
        "person": item.person,
        "end": item.run.end,
        "kind": kind,
        "user": membership.user,
    }
    if Reminder.objects.filter(**key).exists():
        return 0
    params = {"reference": case.reference, "basis": item.clock.basis, "end": _date(item.run.end)}
    subject, body = NOTICE_TEXTS[kind]
    notice = notice_post(
        organisation=owner,
        person=membership.user,
        subject=subject,
        body=body,
        dedupe_key=f"deadlines:{case.pk}:{item.clock.id}:{item.person}:{item.run.end}:{kind}:"
        f"{membership.user_id}",
        case_id=case.pk,
        params=params,
    )
    mail = None
    if membership.user.email:
        mail = mail_create(
            to=membership.user.email,
            user=membership.user,
            kind=MAIL_KIND,
            context={"case": str(case.pk), "kind": kind, "clock": item.clock.id} | params,
        )
    Reminder.objects.create(**key, organisation=owner, mail=mail, notice=notice.pk)
    return 1
