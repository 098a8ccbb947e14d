"""Organisations of a region, the people acting for them, and the region's places."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.core.models import BaseModel


class OrgKind(models.TextChoices):
    COMPANY = "company", _("Company")
    IHK = "ihk", _("Chamber of Industry and Commerce (IHK)")
    HWK = "hwk", _("Chamber of Crafts (HWK)")
    FOREIGNERS_AUTHORITY = "foreigners_authority", _("Foreigners authority")
    EMPLOYMENT_AGENCY = "employment_agency", _("Federal Employment Agency")
    JOBCENTER = "jobcenter", _("Jobcenter")
    WELCOME_CENTER = "welcome_center", _("Welcome Center")
    RECOGNITION_BODY = "recognition_body", _("Recognition body")


# The answer "outside the region" where a form asks for one of the region's municipalities.
OUTSIDE_REGION = "outside"

CHAMBER_KINDS = frozenset({OrgKind.IHK, OrgKind.HWK})


class TradeKind(models.TextChoices):
    """A company's trade decides its chamber: craft businesses belong to the Handwerkskammer
    (§ 90 HwO), all other trade businesses to the IHK (§ 2 IHKG)."""

    CRAFT = "craft", _("Craft trade (Handwerk)")
    TRADE = "trade", _("Industry, commerce or services")


class RegisterKind(models.TextChoices):
    """The public register a company is entered in, by which it is known when it joins the
    platform without an account (a first consultation booked on the public page)."""

    COMMERCIAL = "commercial", _("Commercial register (Handelsregister, § 8 HGB)")
    ESTABLISHMENT = "establishment", _("Establishment number (Betriebsnummer, § 18i SGB IV)")


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    ADVISER = "adviser", _("Adviser / caseworker")
    LEAD = "lead", _("Lead")
    ADMIN = "admin", _("Administrator of the organisation")


# An adviser's work is named by the organisation's kind: chambers advise, authorities decide cases.
ADVISER_TITLES = {
    OrgKind.COMPANY: _("HR / case owner"),
    OrgKind.IHK: _("Adviser"),
    OrgKind.HWK: _("Adviser"),
    OrgKind.FOREIGNERS_AUTHORITY: _("Caseworker"),
    OrgKind.EMPLOYMENT_AGENCY: _("Caseworker"),
    OrgKind.JOBCENTER: _("Employer service"),
    OrgKind.WELCOME_CENTER: _("Adviser"),
    OrgKind.RECOGNITION_BODY: _("Caseworker"),
}


def role_title_for(role: str, kind: str) -> str:
    """A role in the words of the organisation's kind: an adviser of a company is its HR / case
    owner, of an authority a caseworker. The people page's column and its select both use it."""
    if role == Role.ADVISER and kind in ADVISER_TITLES:
        return str(ADVISER_TITLES[kind])
    return str(Role(role).label)


def role_choices(kind: str) -> list[tuple[str, str]]:
    """The roles as choices, in the words of the organisation's kind (`role_title_for`)."""
    return [(value, role_title_for(value, kind)) for value in Role.values]


def platform_region() -> str:
    """The region a new organisation belongs to unless told otherwise (`LOTSE_REGION`)."""
    return settings.LOTSE_REGION


class Organisation(BaseModel):
    """A company or a partner of the region (chamber, authority, agency, Welcome Center, body)."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrgKind.choices)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    region = models.CharField(_("region"), max_length=40, default=platform_region)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    trade = models.CharField(_("trade"), max_length=10, choices=TradeKind.choices, blank=True)
    register_kind = models.CharField(
        _("register"), max_length=16, choices=RegisterKind.choices, blank=True
    )
    register_number = models.CharField(_("register number"), max_length=60, blank=True)
    default_contact = models.ForeignKey(
        "orgs.Membership",
        verbose_name=_("default contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            # a company joins once: a second request with its register number finds it
            models.UniqueConstraint(
                fields=["register_kind", "register_number"],
                condition=~models.Q(register_number=""),
                name="one_organisation_per_register_number",
            )
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def is_chamber(self) -> bool:
        return self.kind in CHAMBER_KINDS


class UnitKind(models.TextChoices):
    """The kinds of unit the partners' work is split into where one organisation plays two parts:
    the Agentur für Arbeit's consent team decides on consent (§ 39 AufenthG) while its employer
    service (Arbeitgeber-Service) advises and refers companies; the Region's business development
    runs the Welcome Center."""

    CONSENT_TEAM = "consent_team", _("Consent team (Arbeitsmarktzulassung)")
    EMPLOYER_SERVICE = "employer_service", _("Employer service (Arbeitgeber-Service)")
    BUSINESS_DEVELOPMENT = "business_development", _("Business development")


class Unit(BaseModel):
    """A unit of an organisation (Organisationseinheit). Region data (`regions/<name>/
    organisations.yaml`) names them; a membership may belong to one, and a case participation may
    name the unit that takes part: need to know then follows the unit (`cases.need_to_know`)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="units"
    )
    key = models.SlugField(_("key"), max_length=80)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="one_unit_key_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(BaseModel):
    """A person acting for an organisation in a role: the actor of every service call."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    active = models.BooleanField(_("active"), default=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # The unit the person works in; none: the organisation as a whole (its leads and admins).
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]
        ordering = ["organisation__name", "user__last_name"]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"

    @property
    def role_title(self) -> str:
        return role_title_for(self.role, self.organisation.kind)

    @property
    def can_lead(self) -> bool:
        return self.role in (Role.LEAD, Role.ADMIN)


class Municipality(BaseModel):
    """A city or municipality of a region (region data; routing goes by it, never by postcode)."""

    key = models.SlugField(_("key"), max_length=80)
    region = models.CharField(_("region"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    official_name = models.CharField(_("official name"), max_length=160, blank=True)
    ags = models.CharField(_("municipality key (AGS)"), max_length=8, blank=True)
    postcodes = models.JSONField(_("postcodes"), default=list, blank=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        # Keys come from each region's own data: two regions may both have a "neustadt".
        constraints = [
            models.UniqueConstraint(
                fields=["region", "key"], name="one_municipality_key_per_region"
            )
        ]

    def __str__(self) -> str:
        return self.name


class AuditAction(models.TextChoices):
    MEMBERSHIP_ADDED = "membership.added", _("Membership added")
    MEMBERSHIP_CHANGED = "membership.changed", _("Membership changed")
    MEMBERSHIP_ENDED = "membership.ended", _("Membership ended")
    DEVICE_CONFIRMED = "device.confirmed", _("Second factor set up")
    DEVICE_REMOVED = "device.removed", _("Second factor removed")
    API_KEY_CREATED = "api_key.created", _("API key made")
    API_KEY_REVOKED = "api_key.revoked", _("API key revoked")


class OrgAuditEntry(models.Model):
    """The organisation audit log: who changed what for whom in an organisation's people —
    memberships, roles, second-factor devices — and its API keys (made, revoked; no person:
    `subject` is empty), with the old and the new value. Written only by the services that make
    those changes (`orgs/services.py`, `orgs/audit.py`, `orgs/api_keys.py`); never edited."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("change"), max_length=32, choices=AuditAction.choices)
    old = models.JSONField(_("before"), default=dict, blank=True)
    new = models.JSONField(_("after"), default=dict, blank=True)
    at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("organisation audit entry")
        verbose_name_plural = _("organisation audit log")
        indexes = [models.Index(fields=["organisation", "at"])]
        ordering = ["-at", "-id"]


class ApiScope(models.TextChoices):
    """What an organisation's API key may do (its own system's access to the platform)."""

    READ = "submissions.read", _("Read submissions (list, manifest, files)")
    ACKNOWLEDGE = "submissions.acknowledge", _("Acknowledge submissions (accept or reject)")


class ApiKey(BaseModel):
    """A key an organisation's own system uses to call the API in the organisation's name. The key
    is shown once when made; the database keeps its prefix (to find it) and the SHA-256 of the
    whole key (a random 256-bit secret needs no slow hash). Made and revoked by the
    organisation's admin on its people page (`orgs/api_keys.py`)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="api_keys",
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("key begins with"), max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(_("permissions"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ApiKeyUse(models.Model):
    """Every request made with an API key: when, what, and the answer's status. The rate limit
    counts these rows."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="uses")
    at = models.DateTimeField(_("time"))
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField(null=True)

    class Meta:
        verbose_name = _("API key use")
        verbose_name_plural = _("API key uses")
        indexes = [models.Index(fields=["key", "at"], name="api_key_use_key_at")]
