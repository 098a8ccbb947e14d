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
    CONSENT_CONFIRM_DEEMED = (
        "consent.confirm_deemed",
        _("The agency's week passed: confirm the deemed consent (§ 36 Abs. 2 S. 2 BeschV)"),
    )
    CONSENT_INFORMATION = (
        "consent.information",
        _("Obtain the information the Federal Employment Agency asked for"),
    )
    AGREEMENT_DRAFT = "agreement.draft", _("Draft the agreement (§ 81a Abs. 2 AufenthG)")
    AGREEMENT_SIGN = "agreement.sign", _("Sign the agreement and upload the signed copy")
    AGREEMENT_CONCLUDE = "agreement.conclude", _("Conclude the agreement with its fee debtor")
    RECOGNITION = "recognition", _("Follow the recognition and pass its letters on")
    PREAPPROVAL = "preapproval", _("Issue the pre-approval (§ 81a Abs. 3 Nr. 6 AufenthG)")
    VISA = "visa", _("Report the visa appointment, the visa and the entry")
    RESIDENCE_PERMIT = (
        "residence_permit",
        _("Report the residence permit at the foreigners authority of the residence"),
    )
    NONE = "none", _("Nothing: the case is closed")


BY_STATE: dict[str, tuple[str | None, str]] = {
    CaseState.DRAFT: (Party.COMPANY, Step.INTAKE),
    CaseState.RETURNED: (Party.COMPANY, Step.INTAKE),
    CaseState.SUBMITTED: (Party.CHAMBER, Step.PRECHECK),
    CaseState.FORWARDED: (Party.AUTHORITY, Step.RECEIVE),
    CaseState.WITHDRAWN: (None, Step.NONE),
    CaseState.REFUSED: (None, Step.NONE),
}

# While the consent is open, its track decides who moves (§ 81a Abs. 3 Nr. 4 AufenthG); once it is
# given, the agreement and the pre-approval decide (`_in_procedure`).
BY_CONSENT: dict[str | None, tuple[str, str]] = {
    None: (Party.AUTHORITY, Step.CONSENT_REQUEST),
    TrackState.REQUESTED: (Party.AGENCY, Step.CONSENT_DECIDE),
    TrackState.REFUSED: (Party.AUTHORITY, Step.CONSENT_REFUSED),
    # the week passed without an answer on the platform (`consent.week_expired`): the authority
    # confirms the deemed consent, or the agency records the answer it gave elsewhere
    TrackState.WEEK_EXPIRED: (Party.AUTHORITY, Step.CONSENT_CONFIRM_DEEMED),
}


BY_AGREEMENT: dict[str | None, tuple[str, str]] = {
    None: (Party.AUTHORITY, Step.AGREEMENT_DRAFT),
    TrackState.DRAFTED: (Party.COMPANY, Step.AGREEMENT_SIGN),
    TrackState.PARTLY_SIGNED: (Party.AUTHORITY, Step.AGREEMENT_SIGN),
    TrackState.SIGNED: (Party.AUTHORITY, Step.AGREEMENT_CONCLUDE),
}
BY_CONSENT_IN_PROCEDURE = BY_CONSENT | {
    TrackState.INFORMATION_REQUESTED: (Party.AUTHORITY, Step.CONSENT_INFORMATION),
}
OPEN_RECOGNITION = frozenset(
    {
        TrackState.APPLIED,
        TrackState.RECEIPT_CONFIRMED,
        TrackState.EVIDENCE_REQUESTED,
        TrackState.EXAMINING,
    }
)

# The states in which the tracks, not the state alone, say who moves.
DECIDED_BY_TRACKS = frozenset({CaseState.IN_PROCEDURE, CaseState.COMPLETED})
# A person's visa track has ended: entered, or the visa refused.
VISA_ENDED = frozenset({TrackState.ENTERED, TrackState.REFUSED})


def _completed(tracks: dict[TrackKey, str]) -> tuple[str | None, str]:
    """After the pre-approval the company reports each person's visa and entry, then the residence
    permit of each person who entered (§ 71 Abs. 1 AufenthG: at the authority of the residence);
    once every person with a pre-approval has their permit (or was refused a visa), nothing waits
    on the platform."""
    persons = [person for kind, person in tracks if kind == TrackKind.PREAPPROVAL]
    if not all(tracks.get((TrackKind.VISA, person)) in VISA_ENDED for person in persons):
        return Party.COMPANY, Step.VISA
    entered = [p for p in persons if tracks.get((TrackKind.VISA, p)) == TrackState.ENTERED]
    if any(tracks.get((TrackKind.RESIDENCE_PERMIT, p)) != TrackState.ISSUED for p in entered):
        return Party.COMPANY, Step.RESIDENCE_PERMIT
    return None, Step.NONE


def _in_procedure(tracks: dict[TrackKey, str]) -> tuple[str | None, str]:
    """In the § 81a procedure: a refused consent ends the way; the agency's week passed asks the
    authority to confirm the deemed consent; a drafted agreement waits for its signatures; then the consent (its statutory week, § 36 Abs. 2 BeschV), the agreement's draft
    and the recognition; with all done, the authority issues the pre-approval."""
    consent = tracks.get((TrackKind.CONSENT, CASE_AS_A_WHOLE))
    if consent in (TrackState.REFUSED, TrackState.WEEK_EXPIRED):
        return BY_CONSENT[consent]
    agreement = tracks.get((TrackKind.AGREEMENT, CASE_AS_A_WHOLE))
    if agreement is not None and agreement != TrackState.CONCLUDED:
        return BY_AGREEMENT[agreement]  # a drafted agreement waits for its signatures
    if consent not in (TrackState.GIVEN, TrackState.DEEMED_GIVEN):
        return BY_CONSENT_IN_PROCEDURE[consent]
    if agreement is None:
        return BY_AGREEMENT[agreement]
    if tracks.get((TrackKind.RECOGNITION, CASE_AS_A_WHOLE)) in OPEN_RECOGNITION:
        return Party.AUTHORITY, Step.RECOGNITION
    return Party.AUTHORITY, Step.PREAPPROVAL


def next_step_for(state: str, tracks: dict[TrackKey, str]) -> tuple[str | None, str]:
    """(acting party or None, step) for a case in `state` with these track states."""
    if state == CaseState.IN_PROCEDURE:
        return _in_procedure(tracks)
    if state == CaseState.COMPLETED:
        return _completed(tracks)
    return BY_STATE[state]
