"""Erasure of a case's personal data: the case's own hooks and the one service that runs all hooks.

The case part stores personal data in four kinds of places, each a hook (`core.erasure`):
the intake (the worker's columns and their values in the log), the family (rows and values), the
pre-check results (their explanations quote age, salary and language level) and the free texts
(reasons, what is missing, notes). The values sit in `PersonalValue` (`cases/personal.py`); a hook
empties value and salt and keeps every row and event, so each chain still verifies.

`personal_data_erase` runs every registered hook (also those of later parts: documents, dossiers,
letters) in one transaction with the case row locked, and appends one `personal_data.erased` event:
who (the administrator, or no one for the retention job), on which basis, whose data, and how many
values each hook erased — no personal value.
"""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from lotse.cases import events
from lotse.cases.errors import CaseError
from lotse.cases.event_types import EventType
from lotse.cases.models import Case, CaseEvent
from lotse.cases.personal import (
    WORKER,
    family_columns_erase,
    places_of,
    values_erase,
    worker_columns_erase,
)
from lotse.core.erasure import erasure_hook, erasure_run
from lotse.core.errors import DomainError


class ErasureBasis(models.TextChoices):
    # Art. 17 Abs. 1 DSGVO: the person's request, decided and carried out by the administrator.
    REQUEST = "request", _("Erasure request (Art. 17 GDPR)")
    # Art. 5 Abs. 1 lit. e DSGVO: stored no longer than needed (`cases.retention`).
    RETENTION = "retention", _("Retention period ended")


# Which event types' personal places each hook of this part erases; together they are every place
# of `personal.PERSONAL_KEYS` (a test holds it, so a new personal place needs a hook).
INTAKE = places_of(EventType.CASE_CREATED, EventType.CASE_UPDATED)
FAMILY = places_of(EventType.FAMILY_ADDED)
PRECHECK = {
    str(type): {"assessment"}
    for type in (
        EventType.PRECHECK_RUN,
        EventType.SELF_CHECK_RUN,
        EventType.NO_PROSPECT_ADVISED,
    )
}
FREE_TEXT = places_of(
    EventType.CASE_WITHDRAWN,
    EventType.CASE_RETURNED,
    EventType.FORWARDING_REQUESTED,
    EventType.RETURN_ANSWERED,
    EventType.DOSSIER_FORWARDED,
    EventType.CONSENT_GIVEN,
    EventType.CONSENT_REFUSED,
    EventType.PERSONAL_DATA_ERASED,
    EventType.RECOGNITION_RECEIPT_CONFIRMED,
    EventType.RECOGNITION_EVIDENCE_REQUESTED,
    EventType.RECOGNITION_DOCUMENTS_RECEIVED,
    EventType.RECOGNITION_EXTENDED,
    EventType.RECOGNITION_DECIDED,
    EventType.CONSENT_INFORMATION_REQUESTED,
    EventType.VISA_REFUSED,
    EventType.EMPLOYMENT_ENDED_EARLY,
    EventType.PROCEDURE_REFUSED,
) | {str(EventType.NO_PROSPECT_ADVISED): {"reasons"}}


@erasure_hook("cases.intake", _("the worker's intake data: case columns and their logged values"))
def intake(*, case: Case, person: str | None) -> int:
    if person not in (None, WORKER):
        return 0
    worker_columns_erase(case=case)
    return values_erase(case=case, person=WORKER, places=INTAKE)


@erasure_hook("cases.family", _("family members' data: their rows and logged values"))
def family(*, case: Case, person: str | None) -> int:
    if person == WORKER:
        return 0
    family_columns_erase(case=case, person=person)
    return values_erase(case=case, person=person, places=FAMILY)


@erasure_hook("cases.precheck", _("pre-check and self-check results with their explanations"))
def precheck(*, case: Case, person: str | None) -> int:
    if person not in (None, WORKER):
        return 0
    return values_erase(case=case, person=WORKER, places=PRECHECK)


@erasure_hook(
    "cases.free_text",
    _(
        "free texts: reasons for withdrawal, return, advice and consent, notes asking for "
        "forwarding, the administrator's reason for an erasure"
    ),
)
def free_text(*, case: Case, person: str | None) -> int:
    if person not in (None, WORKER):
        return 0
    return values_erase(case=case, person=WORKER, places=FREE_TEXT)


def _person_known(case: Case, person: str) -> bool:
    """The worker, or a family member the log ever added (also one removed since)."""
    if person == WORKER:
        return True
    return CaseEvent.objects.filter(
        case=case, type=EventType.FAMILY_ADDED, payload__member=person
    ).exists()


@transaction.atomic
def personal_data_erase(
    *,
    case: Case,
    basis: str,
    user=None,
    reason: str = "",
    person: str | None = None,
) -> CaseEvent:
    """Erase the personal data of `case` (or of one person in it: "worker" or a family member's
    id) through every registered hook, and record it in the case's log.

    On request only a platform administrator (`user`, a superuser) erases, and names the reason;
    the retention job (`cases.retention`) erases with no user. A second erasure erases what was
    added since and records again; the rows, events and chain stay as they were."""
    if basis == ErasureBasis.REQUEST:
        if user is None or not user.is_superuser:
            raise DomainError(CaseError.NOT_ADMINISTRATOR)
        if not reason.strip():
            raise DomainError(CaseError.REASON_REQUIRED)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if person is not None and not _person_known(case, person):
        raise DomainError(CaseError.UNKNOWN_PERSON)
    erased = erasure_run(case=case, person=person)
    return events.event_personal_data_erased(
        case=case,
        user=user,
        basis=str(basis),
        person=person,
        reason=reason.strip(),
        erased=erased,
    )


def last_erasure(case: Case) -> CaseEvent | None:
    """The case's latest erasure of the whole case (the API's `personal_data_erased_at`)."""
    return (
        CaseEvent.objects.filter(
            case=case, type=EventType.PERSONAL_DATA_ERASED, payload__scope="case"
        )
        .order_by("-seq")
        .first()
    )


def last_erasure_in(events: list[CaseEvent]) -> CaseEvent | None:
    """The same from a log already read in order (the case page's timeline): no further query."""
    for event in reversed(events):
        if event.type == EventType.PERSONAL_DATA_ERASED and event.payload.get("scope") == "case":
            return event
    return None
