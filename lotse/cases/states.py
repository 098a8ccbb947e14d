"""The case's main stage as data: (state, event) → next state. No ORM, no clock.

Stages follow domain/process.md § 3: the regional pre-check (stage 0) ends with forwarding to the
authority; the § 81a steps after it get their own tracks in a later part.
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
    CaseState.IN_PROCEDURE: _(
        "The authority advises and concludes the agreement under § 81a Abs. 2 AufenthG; it then "
        "has the recognition procedure started and asks the Federal Employment Agency for consent."
    ),
    CaseState.WITHDRAWN: _("Nothing: the case was withdrawn."),
}

TRANSITIONS: dict[tuple[str, str], str] = {
    (CaseState.DRAFT, EventType.CASE_SUBMITTED): CaseState.SUBMITTED,
    (CaseState.RETURNED, EventType.CASE_SUBMITTED): CaseState.SUBMITTED,
    (CaseState.SUBMITTED, EventType.CASE_RETURNED): CaseState.RETURNED,
    (CaseState.SUBMITTED, EventType.DOSSIER_FORWARDED): CaseState.FORWARDED,
    (CaseState.FORWARDED, EventType.DOSSIER_ACCEPTED): CaseState.IN_PROCEDURE,
    (CaseState.FORWARDED, EventType.DOSSIER_REJECTED): CaseState.SUBMITTED,
    (CaseState.DRAFT, EventType.CASE_WITHDRAWN): CaseState.WITHDRAWN,
    (CaseState.SUBMITTED, EventType.CASE_WITHDRAWN): CaseState.WITHDRAWN,
    (CaseState.RETURNED, EventType.CASE_WITHDRAWN): CaseState.WITHDRAWN,
}
MOVES = frozenset(event for (_state, event) in TRANSITIONS)
# The states in which a case has ended: its retention period runs from the event that led there
# (`cases.retention`). Later parts add theirs (closed, visa decided) here.
ENDED = frozenset({CaseState.WITHDRAWN})
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
