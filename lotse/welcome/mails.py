"""The mails of event registrations, rendered when sent in the person's language (core.outbox);
invitations carry the event's .ics (welcome.ics)."""

from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from lotse.core import clock
from lotse.core.models import OutboxMail
from lotse.core.outbox import mail_kind
from lotse.welcome import ics
from lotse.welcome.models import Enquiry, Event, GuestBooking, Registration, Slot
from lotse.welcome.services import registration_token


def absolute(path: str) -> str:
    return settings.LOTSE_BASE_URL.rstrip("/") + path


def when(event: Event) -> str:
    """Start and end in Berlin time, in the active language's format."""
    start, end = event.starts_at.astimezone(clock.BERLIN), event.ends_at.astimezone(clock.BERLIN)
    day = formats.date_format(start, "DATE_FORMAT")
    return f"{day}, {formats.time_format(start, 'TIME_FORMAT')}–{formats.time_format(end, 'TIME_FORMAT')}"


def event_invitation(event: Event, registration: Registration, *, cancelled: bool = False):
    """The event's .ics for one person: the event's UID; SEQUENCE the event's revision (one more
    for a person's own cancellation, so that it outranks the invitation they hold)."""
    withdrawn = cancelled and event.cancelled_at is None
    data = ics.calendar_bytes(
        uid=ics.uid_for("event", event.pk),
        sequence=event.sequence + (1 if withdrawn else 0),
        summary=event.title,
        description=event.description,
        location=event.online_url or event.place,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        stamp=clock.now(),
        cancelled=cancelled,
        attendee=registration.email,
        organiser=event.organiser.email,
    )
    return [ics.attachment(data, cancelled=cancelled)]


def _registration(mail: OutboxMail) -> Registration:
    return Registration.objects.select_related("event__organiser").get(
        pk=mail.context["registration"]
    )


def _cancel_link(registration: Registration) -> str:
    token = registration_token(registration, purpose="cancel")
    return absolute(reverse("welcome:cancel", args=[token]))


def _facts(registration: Registration) -> dict:
    event = registration.event
    return {
        "name": registration.name,
        "title": event.title,
        "when": when(event),
        "where": event.online_url or event.place,
        "cancel": _cancel_link(registration),
    }


@mail_kind("welcome.confirm_address")
def render_confirm(mail: OutboxMail):
    registration = _registration(mail)
    token = registration_token(registration, purpose="confirm")
    facts = _facts(registration) | {"link": absolute(reverse("welcome:confirm", args=[token]))}
    subject = _("Please confirm your registration: %(title)s") % facts
    body = _(
        "Hello %(name)s,\n\nplease confirm your registration for “%(title)s” (%(when)s) by "
        "opening this link:\n\n%(link)s\n\nIf you did not register, ignore this mail: nothing "
        "happens without your confirmation."
    )
    return subject, body % facts


@mail_kind("welcome.registered")
def render_registered(mail: OutboxMail):
    registration = _registration(mail)
    facts = _facts(registration)
    subject = _("Registered: %(title)s") % facts
    body = _(
        "Hello %(name)s,\n\nyou are registered for “%(title)s” on %(when)s, %(where)s. The "
        "invitation for your calendar is attached.\n\nIf you cannot come, please cancel here, "
        "so that someone from the waiting list gets your seat:\n%(cancel)s"
    )
    return subject, body % facts, event_invitation(registration.event, registration)


@mail_kind("welcome.waitlisted")
def render_waitlisted(mail: OutboxMail):
    registration = _registration(mail)
    facts = _facts(registration)
    subject = _("Waiting list: %(title)s") % facts
    body = _(
        "Hello %(name)s,\n\n“%(title)s” (%(when)s) is fully booked; you are on the waiting "
        "list. When a seat becomes free, you move up by yourself and we tell you by mail.\n\n"
        "To leave the waiting list:\n%(cancel)s"
    )
    return subject, body % facts


@mail_kind("welcome.moved_up")
def render_moved_up(mail: OutboxMail):
    registration = _registration(mail)
    facts = _facts(registration)
    subject = _("A seat for you: %(title)s") % facts
    body = _(
        "Hello %(name)s,\n\na seat has become free: you are now registered for “%(title)s” on "
        "%(when)s, %(where)s. The invitation for your calendar is attached.\n\nIf you cannot "
        "come, please cancel here:\n%(cancel)s"
    )
    return subject, body % facts, event_invitation(registration.event, registration)


@mail_kind("welcome.cancelled")
def render_cancelled(mail: OutboxMail):
    registration = _registration(mail)
    facts = _facts(registration)
    subject = _("Registration cancelled: %(title)s") % facts
    body = _("Hello %(name)s,\n\nyour registration for “%(title)s” (%(when)s) is cancelled.")
    invitation = event_invitation(registration.event, registration, cancelled=True)
    return subject, body % facts, invitation


@mail_kind("welcome.event_changed")
def render_event_changed(mail: OutboxMail):
    registration = _registration(mail)
    facts = _facts(registration)
    subject = _("Changed: %(title)s") % facts
    body = _(
        "Hello %(name)s,\n\nthe event “%(title)s” has changed. It now takes place on %(when)s, "
        "%(where)s. The updated invitation for your calendar is attached.\n\nIf you cannot "
        "come, please cancel here:\n%(cancel)s"
    )
    return subject, body % facts, event_invitation(registration.event, registration)


@mail_kind("welcome.event_cancelled")
def render_event_cancelled(mail: OutboxMail):
    registration = _registration(mail)
    facts = _facts(registration)
    subject = _("Cancelled: %(title)s") % facts
    body = _(
        "Hello %(name)s,\n\nwe are sorry: the event “%(title)s” (%(when)s) has been cancelled "
        "by its organiser. The attached file removes it from your calendar."
    )
    invitation = event_invitation(registration.event, registration, cancelled=True)
    return subject, body % facts, invitation


@mail_kind("welcome.reminder")
def render_reminder(mail: OutboxMail):
    registration = _registration(mail)
    facts = _facts(registration)
    subject = _("Tomorrow: %(title)s") % facts
    body = _(
        "Hello %(name)s,\n\na reminder: “%(title)s” takes place tomorrow, %(when)s, "
        "%(where)s.\n\nIf you cannot come, please cancel here:\n%(cancel)s"
    )
    return subject, body % facts


def _slot_mail(mail: OutboxMail, *, cancelled: bool = False):
    slot = Slot.objects.select_related("adviser__user", "adviser__organisation").get(
        pk=mail.context["slot"]
    )
    start = slot.starts_at.astimezone(clock.BERLIN)
    day, hour = formats.date_format(start, "DATE_FORMAT"), formats.time_format(start, "TIME_FORMAT")
    facts = {
        "when": f"{day}, {hour}",
        "where": slot.place,
        "adviser": f"{slot.adviser.user} ({slot.adviser.organisation})",
        "company": mail.context.get("company", ""),
    }
    data = ics.calendar_bytes(
        uid=ics.uid_for("slot", slot.pk),
        sequence=mail.context["sequence"],
        summary=_("First consultation: %(company)s with %(adviser)s") % facts,
        description=_("First consultation on the immigration of skilled workers."),
        location=slot.place,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        stamp=clock.now(),
        cancelled=cancelled,
        attendee=mail.to,
        organiser=slot.adviser.user.email,
    )
    return facts, [ics.attachment(data, cancelled=cancelled)]


@mail_kind("welcome.slot_booked")
def render_slot_booked(mail: OutboxMail):
    facts, invitation = _slot_mail(mail)
    subject = _("First consultation booked: %(when)s") % facts
    body = _(
        "%(company)s has booked a first consultation with %(adviser)s on %(when)s, %(where)s. "
        "The invitation for your calendar is attached. The case is on the platform; either side "
        "can cancel or move the appointment there."
    )
    return subject, body % facts, invitation


@mail_kind("welcome.slot_moved")
def render_slot_moved(mail: OutboxMail):
    facts, invitation = _slot_mail(mail)
    subject = _("First consultation moved: %(when)s") % facts
    body = _(
        "The first consultation of %(company)s with %(adviser)s now takes place on %(when)s, "
        "%(where)s. The updated invitation for your calendar is attached."
    )
    return subject, body % facts, invitation


@mail_kind("welcome.slot_cancelled")
def render_slot_cancelled(mail: OutboxMail):
    facts, invitation = _slot_mail(mail, cancelled=True)
    subject = _("First consultation cancelled: %(when)s") % facts
    body = _(
        "The first consultation of %(company)s with %(adviser)s on %(when)s has been cancelled. "
        "The attached file removes it from your calendar."
    )
    return subject, body % facts, invitation


def _enquiry_facts(mail: OutboxMail) -> dict:
    from lotse.welcome.desk import enquiry_link

    enquiry = Enquiry.objects.select_related("handler__user", "handler__organisation").get(
        pk=mail.context["enquiry"]
    )
    handler = enquiry.handler
    return {
        "name": enquiry.name,
        "link": enquiry_link(enquiry),
        "handler": f"{handler.user} ({handler.organisation})",
    }


@mail_kind("welcome.enquiry_received")
def render_enquiry_received(mail: OutboxMail):
    facts = _enquiry_facts(mail)
    subject = _("Your enquiry to the Welcome Center")
    body = _(
        "Hello %(name)s,\n\nthank you for your enquiry. %(handler)s takes care of it. You can "
        "read the answers and write back at any time through this link:\n\n%(link)s\n\nKeep "
        "this mail: the link is your access to the conversation."
    )
    return subject, body % facts


@mail_kind("welcome.enquiry_answered")
def render_enquiry_answered(mail: OutboxMail):
    facts = _enquiry_facts(mail)
    subject = _("An answer to your enquiry")
    body = _("Hello %(name)s,\n\n%(handler)s has answered your enquiry:\n\n%(link)s")
    return subject, body % facts


@mail_kind("welcome.enquiry_handed_on")
def render_enquiry_handed_on(mail: OutboxMail):
    facts = _enquiry_facts(mail)
    subject = _("Your enquiry is now handled by %(handler)s") % facts
    body = _(
        "Hello %(name)s,\n\nyour enquiry has been handed on to %(handler)s, who can answer it "
        "best. You keep the same conversation, with everything written so far:\n\n%(link)s"
    )
    return subject, body % facts


# --- first consultations asked for without an account (welcome.guests) -------------------------


def _guest_facts(mail: OutboxMail) -> tuple[GuestBooking, dict]:
    from lotse.welcome.guests import guest_token

    booking = GuestBooking.objects.select_related(
        "slot__adviser__user", "slot__adviser__organisation"
    ).get(pk=mail.context["guest"])
    slot = booking.slot
    start = slot.starts_at.astimezone(clock.BERLIN)
    day, hour = formats.date_format(start, "DATE_FORMAT"), formats.time_format(start, "TIME_FORMAT")
    return booking, {
        "name": booking.name,
        "company": booking.company_name,
        "when": f"{day}, {hour}",
        "where": slot.place,
        "adviser": f"{slot.adviser.user} ({slot.adviser.organisation})",
        "confirm": absolute(
            reverse("welcome:guest_confirm", args=[guest_token(booking, purpose="confirm")])
        ),
        "cancel": absolute(
            reverse("welcome:guest_cancel", args=[guest_token(booking, purpose="cancel")])
        ),
        "page": absolute(reverse("welcome:slots")),
    }


@mail_kind("welcome.guest_confirm")
def render_guest_confirm(mail: OutboxMail):
    _booking, facts = _guest_facts(mail)
    subject = _("Please confirm your request for a first consultation")
    body = _(
        "Hello %(name)s,\n\nplease confirm your request for a first consultation of %(company)s "
        "with %(adviser)s on %(when)s by opening this link:\n\n%(confirm)s\n\nIf you did not ask "
        "for it, ignore this mail: nothing happens without your confirmation."
    )
    return subject, body % facts


@mail_kind("welcome.guest_held")
def render_guest_held(mail: OutboxMail):
    _booking, facts = _guest_facts(mail)
    subject = _("First consultation reserved: %(when)s") % facts
    body = _(
        "Hello %(name)s,\n\nthe appointment with %(adviser)s on %(when)s, %(where)s, is reserved "
        "for %(company)s. The adviser checks the company's register number and then invites you "
        "to the platform: you get a mail to choose your password, and the invitation for your "
        "calendar.\n\nTo call the request off:\n%(cancel)s"
    )
    return subject, body % facts


@mail_kind("welcome.guest_asks")
def render_guest_asks(mail: OutboxMail):
    _booking, facts = _guest_facts(mail)
    subject = _("A company without an account asks for your first consultation: %(when)s") % facts
    body = _(
        "%(company)s, not yet on the platform, asks for your first consultation on %(when)s. "
        "Check its register number and confirm the company (or decline) on the page of first "
        "consultations:\n%(page)s"
    )
    return subject, body % facts


@mail_kind("welcome.guest_declined")
def render_guest_declined(mail: OutboxMail):
    _booking, facts = _guest_facts(mail)
    subject = _("First consultation not possible: %(when)s") % facts
    body = _(
        "Hello %(name)s,\n\n%(adviser)s cannot confirm the first consultation of %(company)s on "
        "%(when)s. If your company is already on the platform, please book with its account or "
        "ask its administrator to add you; otherwise choose another appointment on the "
        "Welcome Center's page."
    )
    return subject, body % facts


@mail_kind("welcome.guest_withdrew")
def render_guest_withdrew(mail: OutboxMail):
    _booking, facts = _guest_facts(mail)
    subject = _("Request withdrawn: %(when)s") % facts
    body = _("%(company)s has called off its request for your first consultation on %(when)s.")
    return subject, body % facts
