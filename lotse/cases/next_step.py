"""Who acts next on a case, and which step: a function of the main state and the tracks. No ORM.

`projections` resolves the acting party to an organisation and its named contact and stores the
answer with every event; a test holds it against the guards for every demo case.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.cases.states import CaseState
from lotse.cases.tracks import CASE_AS_A_WHOLE, TrackKey, TrackKind, TrackState


class Party(models.TextChoices):
    """The acting party, by its part in the case."""

    COMPANY = "company", _("Company")
    CHAMBER = "chamber", _("Chamber")
    AUTHORITY = "authority", _("Authority")
    AGENCY = "agency", _("Federal Employment Agency")


class Step(models.TextChoices):
    INTAKE = "intake", _("Complete the details and submit the case to the chamber")
    PRECHECK = "precheck", _("Pre-check the dossier, then forward it or return it")
    RECEIVE = "dossier.receive", _("Accept the dossier or reject it with reasons")
    CONSENT_REQUEST = "consent.request", _("Ask the Federal Employment Agency for consent")
    CONSENT_DECIDE = "consent.decide", _("Give or refuse consent (§ 39 AufenthG)")
    AGREEMENT = "agreement", _("Conclude the agreement and issue the pre-approval")
    CONSENT_REFUSED = "consent.refused", _("Tell the employer that consent was refused")
    NONE = "none", _("Nothing: the case is closed")


BY_STATE: dict[str, tuple[str | None, str]] = {
    CaseState.DRAFT: (Party.COMPANY, Step.INTAKE),
    CaseState.RETURNED: (Party.COMPANY, Step.INTAKE),
    CaseState.SUBMITTED: (Party.CHAMBER, Step.PRECHECK),
    CaseState.FORWARDED: (Party.AUTHORITY, Step.RECEIVE),
    CaseState.WITHDRAWN: (None, Step.NONE),
}

# Once the authority accepted the dossier, the consent track decides who moves (§ 81a Abs. 3 Nr. 4 AufenthG). The steps
# after the agency's answer get their guards with the agreement and pre-approval tracks.
BY_CONSENT: dict[str | None, tuple[str, str]] = {
    None: (Party.AUTHORITY, Step.CONSENT_REQUEST),
    TrackState.REQUESTED: (Party.AGENCY, Step.CONSENT_DECIDE),
    TrackState.GIVEN: (Party.AUTHORITY, Step.AGREEMENT),
    TrackState.DEEMED_GIVEN: (Party.AUTHORITY, Step.AGREEMENT),
    TrackState.REFUSED: (Party.AUTHORITY, Step.CONSENT_REFUSED),
}


# The states in which the tracks, not the state alone, say who moves.
DECIDED_BY_TRACKS = frozenset({CaseState.IN_PROCEDURE})


def next_step_for(state: str, tracks: dict[TrackKey, str]) -> tuple[str | None, str]:
    """(acting party or None, step) for a case in `state` with these track states."""
    if state == CaseState.IN_PROCEDURE:
        return BY_CONSENT[tracks.get((TrackKind.CONSENT, CASE_AS_A_WHOLE))]
    return BY_STATE[state]
