"""Routing for the platform: the dated region rules, answered with Organisation rows."""

import datetime
from dataclasses import dataclass

from lotse.cases.models import Case
from lotse.orgs.models import Organisation


@dataclass(frozen=True)
class AuthorityAnswer:
    status: str
    organisation: Organisation | None
    reason: dict
    rule_id: str


def agreement_authority_for(*, case: Case, on: datetime.date) -> AuthorityAnswer:
    """The authority for the pre-entry § 81a procedure on `on` (provisional: Zentralstelle)."""
    organisation = Organisation.objects.filter(key="lab-ni-zentralstelle").first()
    return AuthorityAnswer("competent", organisation, {"de": "", "en": ""}, "zentralstelle-ab-2026")
