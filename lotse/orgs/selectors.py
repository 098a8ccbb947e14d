"""Reads of organisations and people."""

from django.db.models import QuerySet

from lotse.orgs.models import Membership, Municipality, Organisation, OrgKind


def chambers(*, region: str) -> QuerySet[Organisation]:
    return Organisation.objects.filter(region=region, kind__in=[OrgKind.IHK, OrgKind.HWK])


def people_of(*, organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "unit")
        .order_by("-active", "user__last_name", "user__first_name")
    )


def municipalities(*, region: str) -> QuerySet[Municipality]:
    return Municipality.objects.filter(region=region).order_by("name")


def municipality_for_postcode(*, region: str, postcode: str) -> Municipality | None:
    """The one municipality whose data lists `postcode`, to pre-select a form field; None when
    none or several do (a postcode area may cross municipal borders)."""
    found = [m for m in municipalities(region=region) if postcode in m.postcodes]
    return found[0] if len(found) == 1 else None
