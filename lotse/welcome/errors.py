from django.db import models
from django.utils.translation import gettext_lazy as _


class WelcomeError(models.TextChoices):
    """Refusals of the Welcome Center's services; the label is the message."""

    EVENT_PAST = "event_past", _("This event has already begun; registration is closed.")
    EVENT_CANCELLED = "event_cancelled", _("This event has been cancelled.")
    BAD_EMAIL = "bad_email", _("Please enter a valid e-mail address, e.g. name@example.org.")
    NAME_MISSING = "name_missing", _("Please enter your name.")
    NOT_ORGANISER = "not_organiser", _("Only the organiser's staff may change this event.")
    CAPACITY_BELOW_SEATED = (
        "capacity_below_seated",
        _("More people are registered than this number of seats; cancel registrations first."),
    )
    ENDS_BEFORE_START = "ends_before_start", _("The end must lie after the start.")
    NO_PLACE = "no_place", _("Enter a place or an online link.")
    NOT_WELCOME_STAFF = (
        "not_welcome_staff",
        _("Only the Welcome Center's staff may edit information pages."),
    )
    NOT_ADVISER = (
        "not_adviser",
        _("Only advisers of a chamber or the Welcome Center publish consultation slots."),
    )
    NOT_COMPANY = "not_company", _("Only a company books a first consultation.")
    SLOT_TAKEN = "slot_taken", _("This appointment has just been booked by someone else.")
    SLOT_PAST = "slot_past", _("This appointment lies in the past.")
    NOT_YOUR_SLOT = "not_your_slot", _("This appointment is neither yours nor booked by you.")
    SLOT_CLASH = "slot_clash", _("You already offer an appointment at this time.")
    NOT_HANDLER = "not_handler", _("Only the enquiry's current handler hands it on.")
    NOT_A_PARTNER = "not_a_partner", _("Hand the enquiry on to a partner's active staff member.")
    CONSENT_NEEDED = (
        "consent_needed",
        _("The enquirer has not agreed that the enquiry may go to an authority; ask them first."),
    )
    SUBJECT_MISSING = "subject_missing", _("Please give your enquiry a subject.")
    NOT_REFERRER = (
        "not_referrer",
        _(
            "Only the employer services of the Agentur für Arbeit, the Jobcenter and the Region refer."
        ),
    )
    COMPANY_NAME_MISSING = "company_name_missing", _("Please enter the company's name.")
    NEED_MISSING = "need_missing", _("Please say briefly what you would like advice on.")
    TRADE_MISSING = (
        "trade_missing",
        _(
            "Please choose whether the company is a craft business or in industry, commerce or services."
        ),
    )
    REGISTER_KIND_MISSING = (
        "register_kind_missing",
        _("Please choose the register: commercial register or establishment number."),
    )
    GUEST_NOT_HELD = (
        "guest_not_held",
        _("This request is not waiting for a decision (not yet confirmed, or already decided)."),
    )
