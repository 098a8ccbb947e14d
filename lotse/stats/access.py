"""Who reads which statistics: decided here and nowhere else.

Partner staff (every organisation but a company) read their own organisation's figures. The
leads of the organisations that oversee the region — the Region's foreigners authority and the
Zentralstelle (domain/authorities.md) — read the region's and any partner's. The platform
administrator reads the same aggregates (it sees no case data; counts name no case). Companies
have no dashboard: their own cases are their list. Nobody else reads any (404).
"""

from dataclasses import dataclass, field

from lotse.orgs.middleware import membership_of
from lotse.orgs.models import Organisation, OrgKind
from lotse.stats.models import REGION

# The organisations whose leads oversee the region (by key, as in regions/<name>/).
REGION_OVERSIGHT = frozenset({"abh-region", "lab-ni-zentralstelle"})


@dataclass
class Viewer:
    membership: object | None
    region: bool  # may read the region and choose any partner
    # organisation id (text) → name of the partners whose figures the viewer may choose
    partners: dict[str, str] = field(default_factory=dict)

    @property
    def own_scope(self) -> str:
        return REGION if self.region else str(self.membership.organisation_id)

    def scope_for(self, partner: str) -> str | None:
        """The scope a `partner` filter asks for, or None if the viewer may not read it."""
        if not partner:
            return self.own_scope
        return partner if partner in self.partners else None


def partner_names() -> dict[str, str]:
    rows = Organisation.objects.exclude(kind=OrgKind.COMPANY).order_by("name")
    return {str(pk): name for pk, name in rows.values_list("pk", "name")}


def viewer_for(request) -> Viewer | None:
    """The viewer's reach, or None: no dashboard for this person."""
    user = request.user
    membership = membership_of(request)
    if membership is None:
        if user.is_authenticated and user.is_staff:
            return Viewer(None, True, partner_names())
        return None
    organisation = membership.organisation
    if organisation.kind == OrgKind.COMPANY:
        return None
    if organisation.key in REGION_OVERSIGHT and membership.can_lead:
        return Viewer(membership, True, partner_names())
    own = {str(organisation.pk): organisation.name}
    return Viewer(membership, False, own)
