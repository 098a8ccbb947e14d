"""The named demo cast: the same people log in to the demo and act in the tests as `cast(key)`.

Partners' advisers are their organisations' default contact persons from the region data
(`regions/hannover/organisations.yaml`); the companies and the other people are made here.
"""

from dataclasses import dataclass

from lotse.orgs.models import Membership, Organisation, OrgKind, Role, TradeKind
from lotse.orgs.services import membership_create, organisation_create

DEMO_PASSWORD = "lotse-demo-2026"


@dataclass(frozen=True)
class Companion:
    org: str
    role: str
    email: str = ""  # empty: the organisation's default contact from the region data
    first_name: str = ""
    last_name: str = ""


COMPANIES = {
    "mueller-technik": ("Müller Technik GmbH", "Müller Technik", TradeKind.TRADE),
    "baeckerei-sonnenschein": (
        "Bäckerei Sonnenschein GmbH",
        "Bäckerei Sonnenschein",
        TradeKind.CRAFT,
    ),
}

CAST: dict[str, Companion] = {
    "company_hr": Companion(
        "mueller-technik", Role.ADVISER, "hr@mueller-technik.example", "Julia", "Schmidt"
    ),
    "company_lead": Companion(
        "mueller-technik", Role.LEAD, "lead@mueller-technik.example", "Peter", "Müller"
    ),
    "company_admin": Companion(
        "mueller-technik", Role.ADMIN, "admin@mueller-technik.example", "Eva", "Lange"
    ),
    "other_company_hr": Companion(
        "baeckerei-sonnenschein",
        Role.ADVISER,
        "hr@baeckerei-sonnenschein.example",
        "Hannah",
        "Vogel",
    ),
    "ihk_adviser": Companion("ihk-hannover", Role.ADVISER),
    "ihk_lead": Companion(
        "ihk-hannover", Role.LEAD, "lead@hannover.ihk.example", "Martin", "Brandt"
    ),
    "hwk_adviser": Companion("hwk-hannover", Role.ADVISER),
    "abh_city_caseworker": Companion("abh-lhh", Role.ADVISER),
    "abh_region_caseworker": Companion("abh-region", Role.ADVISER),
    "abh_lead": Companion(
        "abh-region", Role.LEAD, "lead@region-hannover.example", "Claudia", "Neumann"
    ),
    "zentralstelle_caseworker": Companion("lab-ni-zentralstelle", Role.ADVISER),
    "aa_caseworker": Companion("aa-hannover", Role.ADVISER),
    "jobcenter_employer_service": Companion("jobcenter-region", Role.ADVISER),
    "welcome_adviser": Companion("welcome-center", Role.ADVISER),
    "welcome_lead": Companion(
        "welcome-center",
        Role.LEAD,
        "lead@wirtschaftsfoerderung-hannover.example",
        "Farid",
        "Mansour",
    ),
}
# Works for two organisations and switches between them.
SECOND_MEMBERSHIPS = {"welcome_lead": ("jobcenter-region", Role.MEMBER)}
PLATFORM_ADMIN = ("admin@lotse.example", "Paula", "Plattform")


def cast_load() -> dict[str, Membership]:
    """Create the companies and the cast (idempotent); every demo login gets DEMO_PASSWORD."""
    for key, (name, short, trade) in COMPANIES.items():
        if not Organisation.objects.filter(key=key).exists():
            organisation_create(
                key=key, kind=OrgKind.COMPANY, name=name, short_name=short, trade=trade
            )
    members = {key: _member(person) for key, person in CAST.items()}
    for key, (org, role) in SECOND_MEMBERSHIPS.items():
        user = members[key].user
        membership_create(
            organisation=Organisation.objects.get(key=org), email=user.email, role=role
        )
    for membership in members.values():
        _set_password(membership.user)
    _platform_admin()
    return members


def _member(person: Companion) -> Membership:
    organisation = Organisation.objects.get(key=person.org)
    if not person.email:
        return organisation.default_contact
    return membership_create(
        organisation=organisation,
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
        role=person.role,
    )


def _set_password(user) -> None:
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])


def _platform_admin() -> None:
    from django.contrib.auth import get_user_model

    email, first, last = PLATFORM_ADMIN
    user_model = get_user_model()
    user = user_model.objects.filter(email=email).first()
    if user is None:
        user_model.objects.create_superuser(
            email=email, password=DEMO_PASSWORD, first_name=first, last_name=last
        )


@dataclass(frozen=True)
class PlatformAdmin:
    """The platform administrator acts for no organisation: no membership, no case data."""

    user: object
    organisation: None = None
    role: None = None


def cast_membership(key: str) -> Membership | PlatformAdmin:
    """The cast member `key` as a Membership (loaded already); the platform admin as itself."""
    if key == "platform_admin":
        from django.contrib.auth import get_user_model

        return PlatformAdmin(get_user_model().objects.get(email=PLATFORM_ADMIN[0]))
    person = CAST[key]
    organisation = Organisation.objects.get(key=person.org)
    if not person.email:
        return organisation.default_contact
    return Membership.objects.select_related("user", "organisation").get(
        organisation=organisation, user__email=person.email
    )


def cast_logins() -> list[tuple[str, str, str]]:
    """(key, e-mail, organisation) of every demo login, for the start command to print."""
    rows = [
        (key, cast_membership(key).user.email, str(cast_membership(key).organisation))
        for key in CAST
    ]
    rows.append(("platform_admin", PLATFORM_ADMIN[0], "Lotse platform"))
    return rows
