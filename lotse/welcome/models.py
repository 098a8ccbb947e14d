"""The Welcome Center's offers: events with registrations and waitlists, first-consultation slots
and public information pages."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lotse.core.models import BaseModel


def _in_language(de: str, en: str) -> str:
    """The English text on English pages when there is one, else the German."""
    return en if translation.get_language() == "en" and en else de


class EventKind(models.TextChoices):
    TRAINING = "training", _("Training in intercultural competence")
    EXCHANGE = "exchange", _("Exchange format")
    INFORMATION = "information", _("Information event")


class Audience(models.TextChoices):
    COMPANIES = "companies", _("Companies")
    WORKERS = "workers", _("Skilled workers")
    BOTH = "both", _("Companies and skilled workers")


class Event(BaseModel):
    """A training, exchange format or information event (Veranstaltung) with limited seats.
    `sequence` counts the changes sent to attendees: iCalendar's SEQUENCE (RFC 5545 § 3.8.7.4)."""

    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_de = models.TextField(_("description (German)"))
    description_en = models.TextField(_("description (English)"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    capacity = models.PositiveIntegerField(_("seats"))
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    organiser = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="welcome_events",
    )
    sequence = models.PositiveIntegerField(_("revision"), default=0)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("The end must lie after the start."),
            ),
            models.CheckConstraint(
                condition=~models.Q(place="", online_url=""),
                name="event_has_a_place",
                violation_error_message=_("Enter a place or an online link."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _in_language(self.title_de, self.title_en)

    @property
    def description(self) -> str:
        return _in_language(self.description_de, self.description_en)


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("waiting for confirmation of the e-mail address")
    CONFIRMED = "confirmed", _("registered")
    WAITLISTED = "waitlisted", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


SEATED = (RegistrationStatus.CONFIRMED,)


class Registration(BaseModel):
    """One person's registration (Anmeldung) for an event: pending until the address is confirmed
    through the mailed link (double opt-in), then registered or on the waiting list. One row per
    event and address, whatever the case of its letters."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
    )
    confirmed_at = models.DateTimeField(_("address confirmed"), null=True, blank=True)
    # The waiting list's order: when the person joined it.
    waitlisted_at = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    # Name, organisation and address emptied after the retention period (`welcome.retention`);
    # the row, its status and check-in stay for the counts.
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=~models.Q(email=""),
                name="one_registration_per_event_and_address",
            )
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.event})"


class Slot(BaseModel):
    """An adviser's appointment for a company's first consultation (Erstberatung). Booked by at
    most one company: the partial unique constraint below and the row lock in `slot_book`."""

    adviser = models.ForeignKey(
        "orgs.Membership",
        verbose_name=_("adviser"),
        on_delete=models.PROTECT,
        related_name="welcome_slots",
    )
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    place = models.CharField(_("place or online link"), max_length=200)
    booked_by = models.ForeignKey(
        "orgs.Membership",
        verbose_name=_("booked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="welcome_bookings",
    )
    need = models.TextField(_("what the company needs"), blank=True)
    # The case the booking opened or joined (by id: welcome reaches cases only via its services).
    case_id = models.UUIDField(_("case"), null=True, blank=True)
    booked_at = models.DateTimeField(_("booked"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("revision"), default=0)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("consultation slot")
        verbose_name_plural = _("consultation slots")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="slot_ends_after_start",
                violation_error_message=_("The end must lie after the start."),
            ),
            # One adviser cannot offer the same start twice (no double booking of a person).
            models.UniqueConstraint(
                fields=["adviser", "starts_at"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_open_slot_per_adviser_and_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.adviser} {self.starts_at:%Y-%m-%d %H:%M}"


class GuestBookingStatus(models.TextChoices):
    PENDING = "pending", _("waiting for confirmation of the e-mail address")
    HELD = "held", _("appointment held, waiting for the adviser")
    ACCEPTED = "accepted", _("company invited, appointment booked")
    CANCELLED = "cancelled", _("cancelled")


class GuestBooking(BaseModel):
    """A first consultation asked for on the public page by a company not yet on the platform
    (Erstberatung ohne Konto). The address is confirmed through the mailed link (double opt-in),
    which holds the slot; the adviser then confirms the company by its register number: its
    organisation and first administrator are made through `orgs.services.company_join` (the
    organisation audit log), and the booking opens the new company's draft case. Until then
    nothing but this row exists of the company."""

    slot = models.ForeignKey(
        Slot, verbose_name=_("appointment"), on_delete=models.CASCADE, related_name="guests"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    company_name = models.CharField(_("company"), max_length=200)
    trade = models.CharField(_("trade"), max_length=10)
    register_kind = models.CharField(_("register"), max_length=16)
    register_number = models.CharField(_("register number"), max_length=60)
    need = models.TextField(_("what the company needs"))
    language = models.CharField(_("language"), max_length=8, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=GuestBookingStatus.choices,
        default=GuestBookingStatus.PENDING,
    )
    held_at = models.DateTimeField(_("address confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("accepted or cancelled"), null=True, blank=True)
    # The company's first administrator once the adviser confirmed it.
    membership = models.ForeignKey(
        "orgs.Membership",
        verbose_name=_("company's administrator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking without an account")
        verbose_name_plural = _("bookings without an account")
        ordering = ["created_at"]
        constraints = [
            # a slot is held for one guest at a time; `slot_book` and the hold share its row lock
            models.UniqueConstraint(
                fields=["slot"],
                condition=models.Q(status="held"),
                name="one_guest_hold_per_slot",
            )
        ]

    def __str__(self) -> str:
        return f"{self.company_name} ({self.slot})"


class InfoPage(BaseModel):
    """A public information page (Informationsseite) in German and English, written in Markdown
    by Welcome Center staff and shown sanitised (`welcome.markup`)."""

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_de = models.TextField(_("text (German, Markdown)"))
    body_en = models.TextField(_("text (English, Markdown)"))
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _in_language(self.title_de, self.title_en)

    @property
    def body(self) -> str:
        return _in_language(self.body_de, self.body_en)


class Enquiry(BaseModel):
    """A service-desk enquiry (Anfrage): one inbox thread (`thread_id`) that the Welcome Center
    answers or hands on, the enquirer keeping it from the first to the last answer, with the
    current handler named. An enquirer without an account is reached by mail (`email`) and
    reads the thread through a signed link."""

    thread_id = models.UUIDField(_("conversation"), unique=True)
    # The enquirer: a person acting for an organisation, or a name and an address.
    enquirer = models.ForeignKey(
        "orgs.Membership",
        verbose_name=_("enquirer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    handler = models.ForeignKey(
        "orgs.Membership",
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Handing the enquiry to an authority needs the enquirer's consent (Art. 6 Abs. 1 lit. a GDPR).
    authority_consent_at = models.DateTimeField(
        _("consent to hand on to an authority"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")

    def __str__(self) -> str:
        return str(self.thread_id)


class EnquiryStep(BaseModel):
    """One handing on of an enquiry: from whom to whom, by whom, with a note for the next
    handler. Never changed; the thread's page shows them between its entries."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="steps")
    by = models.ForeignKey(
        "orgs.Membership",
        verbose_name=_("handed on by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    to = models.ForeignKey(
        "orgs.Membership",
        verbose_name=_("handed on to"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("handing on")
        verbose_name_plural = _("handings on")
        ordering = ["created_at"]


class ReferralKind(models.TextChoices):
    CONSULTATION = "consultation", _("to a first consultation")
    CONTACT = "contact", _("to a case's contact person")


class Referral(BaseModel):
    """An employer service (Arbeitgeber-Service of the Agentur für Arbeit or the Jobcenter, the
    Region's business development) refers a company to a first consultation or to a case's contact
    person, and follows its progress — only with the company's consent, and only the stage
    (booked, case opened, forwarded, completed), never case data."""

    referrer = models.ForeignKey(
        "orgs.Membership", verbose_name=_("referred by"), on_delete=models.PROTECT, related_name="+"
    )
    company = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="welcome_referrals",
    )
    kind = models.CharField(_("referred"), max_length=16, choices=ReferralKind.choices)
    note = models.TextField(_("note for the company"), blank=True)
    consented_at = models.DateTimeField(_("company's consent"), null=True, blank=True)
    declined_at = models.DateTimeField(_("company declined"), null=True, blank=True)
    slot = models.ForeignKey(
        Slot,
        verbose_name=_("consultation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    case_id = models.UUIDField(_("case"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["company", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.company} ({self.get_kind_display()})"
