"""The case's main stage as data: (state, event) → next state. No ORM, no clock.

Stages follow domain/process.md § 3: the regional pre-check (stage 0) ends with forwarding to the
authority; once it accepts the dossier the case is in the § 81a procedure, whose parallel steps
(agreement, recognition, consent, pre-approval and visa per person) are tracks (`tracks.py`). The
worker's pre-approval completes the procedure (the seed's "successfully ended"); visas, entry and
a family member's later pre-approval follow on a completed case.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.cases.errors import CaseError
from lotse.cases.event_types import EventType
from lotse.core.errors import DomainError


class CaseState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("With the chamber for pre-check")
    RETURNED = "returned", _("Returned for completion")
    FORWARDED = "forwarded", _("Forwarded to the authority")
    IN_PROCEDURE = "in_procedure", _("In the § 81a procedure at the authority")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    COMPLETED = "completed", _("Pre-approval issued: procedure completed")
    REFUSED = "refused", _("Procedure refused by the authority")


# What happens next, as the company reads it on the case page (domain/process.md § 3).
NEXT_STEP = {
    CaseState.DRAFT: _(
        "Complete the details and submit the case to the IHK or the Handwerkskammer."
    ),
    CaseState.SUBMITTED: _(
        "The chamber pre-checks the dossier for completeness and prospect of success, then forwards "
        "it to the competent authority."
    ),
    CaseState.RETURNED: _("Complete what the chamber asked for and submit the case again."),
    CaseState.FORWARDED: _(
        "The authority checks the dossier it received and accepts it, or rejects it with reasons "
        "and sends it back to the chamber."
    ),
    CaseState.WITHDRAWN: _("Nothing: the case was withdrawn."),
    CaseState.IN_PROCEDURE: _(
        "The authority concludes the agreement, has the recognition run where it is needed and "
        "asks the Federal Employment Agency for consent; once all is done it issues the "
        "pre-approval (§ 81a Abs. 3 AufenthG)."
    ),
    CaseState.COMPLETED: _(
        "The worker books the visa appointment at the embassy with the pre-approval; the company "
        "reports the appointment, the visa and the entry."
    ),
    CaseState.REFUSED: _("Nothing: the authority refused the procedure; its reasons are shown."),
}

TRANSITIONS: dict[tuple[str, str], str] = {
    (CaseState.DRAFT, EventType.CASE_SUBMITTED): CaseState.SUBMITTED,
    (CaseState.RETURNED, EventType.CASE_SUBMITTED): CaseState.SUBMITTED,
    (CaseState.SUBMITTED, EventType.CASE_RETURNED): CaseState.RETURNED,
    (CaseState.SUBMITTED, EventType.DOSSIER_FORWARDED): CaseState.FORWARDED,
    # the company asks for forwarding nevertheless: after a return the case goes back to the
    # chamber as it is (after advice of no prospect it is still there)
    (CaseState.RETURNED, EventType.FORWARDING_REQUESTED): CaseState.SUBMITTED,
    (CaseState.SUBMITTED, EventType.FORWARDING_REQUESTED): CaseState.SUBMITTED,
    (CaseState.FORWARDED, EventType.DOSSIER_ACCEPTED): CaseState.IN_PROCEDURE,
    (CaseState.FORWARDED, EventType.DOSSIER_REJECTED): CaseState.SUBMITTED,
    (CaseState.DRAFT, EventType.CASE_WITHDRAWN): CaseState.WITHDRAWN,
    (CaseState.SUBMITTED, EventType.CASE_WITHDRAWN): CaseState.WITHDRAWN,
    (CaseState.RETURNED, EventType.CASE_WITHDRAWN): CaseState.WITHDRAWN,
    # withdrawal at any stage before completion (§ 81a: the employer runs the procedure)
    (CaseState.FORWARDED, EventType.CASE_WITHDRAWN): CaseState.WITHDRAWN,
    (CaseState.IN_PROCEDURE, EventType.CASE_WITHDRAWN): CaseState.WITHDRAWN,
    (CaseState.IN_PROCEDURE, EventType.PROCEDURE_REFUSED): CaseState.REFUSED,
    # the worker's pre-approval completes the procedure; a family member's (§ 81a Abs. 4 AufenthG)
    # may come with it or later, on the completed case (the person's track guards each)
    (CaseState.IN_PROCEDURE, EventType.PREAPPROVAL_ISSUED): CaseState.COMPLETED,
    (CaseState.COMPLETED, EventType.PREAPPROVAL_ISSUED): CaseState.COMPLETED,
}
MOVES = frozenset(event for (_state, event) in TRANSITIONS)
# The states in which a case has ended: its retention period runs from the event that led there
# (`cases.retention`). Later parts add theirs (closed, visa decided) here.
ENDED = frozenset({CaseState.WITHDRAWN, CaseState.REFUSED})
ENDING = frozenset(event for (_state, event), target in TRANSITIONS.items() if target in ENDED)
EDITABLE = frozenset({CaseState.DRAFT, CaseState.RETURNED})
INITIAL = CaseState.DRAFT


def apply(state: str, event: str) -> str:
    """The state after one event; services and log replay both use it."""
    if (state, event) in TRANSITIONS:
        return TRANSITIONS[state, event]
    if event in MOVES:
        raise DomainError(CaseError.WRONG_STATE)
    return state  # edits, contacts, messages leave the state alone


def can_move(state: str, event: str) -> bool:
    return (state, event) in TRANSITIONS


def replay(events: list[str]) -> str:
    """The state a log of event types leads to, from the initial state."""
    state = INITIAL
    for event in events:
        state = apply(state, event)
    return state
