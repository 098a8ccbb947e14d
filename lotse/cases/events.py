"""One constructor per event type: the only place that defines each payload."""

from lotse.cases.canonical import column_value
from lotse.cases.event_types import EventType
from lotse.cases.log import event_append
from lotse.cases.models import Case, CaseEvent, FamilyMember
from lotse.cases.personal import FAMILY_COLUMNS
from lotse.orgs.models import Membership, Organisation

__all__ = ["EventType"]


def event_case_created(*, case: Case, actor: Membership, fields: dict) -> CaseEvent:
    return event_append(
        case=case, actor=actor, type=EventType.CASE_CREATED, payload={"fields": fields}
    )


def event_case_updated(*, case: Case, actor: Membership, changes: dict) -> CaseEvent:
    """`changes` maps each changed field to {"old": …, "new": …}."""
    return event_append(
        case=case, actor=actor, type=EventType.CASE_UPDATED, payload={"changes": changes}
    )


def event_family_added(*, case: Case, actor: Membership, member: FamilyMember) -> CaseEvent:
    """The member's data as stored, so the log alone rebuilds the family (personal values are
    committed, `cases/personal.py`)."""
    payload = {"member": member.pk} | {name: column_value(member, name) for name in FAMILY_COLUMNS}
    return event_append(case=case, actor=actor, type=EventType.FAMILY_ADDED, payload=payload)


def event_family_removed(*, case: Case, actor: Membership, member_id, relation: str) -> CaseEvent:
    payload = {"member": member_id, "relation": relation}
    return event_append(case=case, actor=actor, type=EventType.FAMILY_REMOVED, payload=payload)


def event_case_submitted(
    *, case: Case, actor: Membership, chamber: Organisation, warnings: list[str] = ()
) -> CaseEvent:
    """`warnings`: the codes of the plausibility warnings the company confirmed as checked."""
    payload = {"chamber": chamber.key, "chamber_name": chamber.name}
    if warnings:
        payload["warnings_confirmed"] = list(warnings)
    return event_append(case=case, actor=actor, type=EventType.CASE_SUBMITTED, payload=payload)


def event_case_withdrawn(*, case: Case, actor: Membership, reason: str) -> CaseEvent:
    return event_append(
        case=case, actor=actor, type=EventType.CASE_WITHDRAWN, payload={"reason": reason}
    )


def event_case_returned(
    *, case: Case, actor: Membership, missing: str, gaps: list[dict] | None = None
) -> CaseEvent:
    """`missing` is the adviser's note; `gaps` the checklist's gaps then (absent in old events)."""
    payload = {"missing": missing, "gaps": gaps or []}
    return event_append(case=case, actor=actor, type=EventType.CASE_RETURNED, payload=payload)


def event_return_answered(
    *, case: Case, actor: Membership | None, text: str, link: str | None = None
) -> CaseEvent:
    """The company (or the worker through the upload link) answers a return for completion."""
    payload = {"text": text, "link": link}
    return event_append(case=case, actor=actor, type=EventType.RETURN_ANSWERED, payload=payload)


def event_no_prospect_advised(
    *, case: Case, actor: Membership, reasons: str, assessment: dict | None
) -> CaseEvent:
    outcome = assessment.get("outcome") if assessment else None
    payload = {"reasons": reasons, "outcome": outcome, "assessment": assessment}
    return event_append(case=case, actor=actor, type=EventType.NO_PROSPECT_ADVISED, payload=payload)


def event_forwarding_requested(*, case: Case, actor: Membership, note: str) -> CaseEvent:
    return event_append(
        case=case, actor=actor, type=EventType.FORWARDING_REQUESTED, payload={"note": note}
    )


def event_precheck_run(
    *, case: Case, actor: Membership, assessment: dict, self_check: bool
) -> CaseEvent:
    kind = EventType.SELF_CHECK_RUN if self_check else EventType.PRECHECK_RUN
    # The assessment quotes personal facts and is committed; its outcome stays readable.
    payload = {"outcome": assessment.get("outcome"), "assessment": assessment}
    return event_append(case=case, actor=actor, type=kind, payload=payload)


def event_authority_chosen(*, case: Case, actor: Membership, old: str, new: str) -> CaseEvent:
    payload = {"old": old, "new": new}
    return event_append(case=case, actor=actor, type=EventType.AUTHORITY_CHOSEN, payload=payload)


def event_dossier_forwarded(
    *,
    case: Case,
    actor: Membership,
    authority: Organisation,
    reason: dict,
    rule: str,
    override_reason: str = "",
    gaps: list[str] | None = None,
    submission: str = "",
) -> CaseEvent:
    """`submission`: the id of the frozen submission that delivers the dossier (forwarding)."""
    payload = {
        "authority": authority.key,
        "authority_name": authority.name,
        "reason": reason,
        "rule": rule,
    }
    if override_reason:  # forwarded nevertheless: the adviser's reason and what was missing
        payload |= {"override_reason": override_reason, "gaps": gaps or []}
    if submission:
        payload["submission"] = submission
    return event_append(case=case, actor=actor, type=EventType.DOSSIER_FORWARDED, payload=payload)


def event_submission_changed(
    *, case: Case, type: str, submission: str, attempt: int, error: str = ""
) -> CaseEvent:
    """A delivery attempt of a submission started, succeeded, will be retried or finally failed
    (`submission.sending`, `.delivered`, `.retrying`, `.failed`); made by the platform, not a
    person. `error` names the failure's kind, never case data."""
    payload = {"submission": submission, "attempt": attempt}
    if error:
        payload["error"] = error
    return event_append(case=case, actor=None, type=type, payload=payload)


def event_dossier_received(
    *,
    case: Case,
    actor: Membership | None,
    accepted: bool,
    submission: str,
    authority: Organisation,
    reasons: str = "",
    via: str = "page",
) -> CaseEvent:
    """The authority accepted the delivered dossier, or rejected it with `reasons` (committed:
    they may name the worker); `via` is "page" or "api" (an organisation's API key, then no
    person acts)."""
    payload = {
        "submission": submission,
        "authority": authority.key,
        "authority_name": authority.name,
        "via": via,
    }
    if not accepted:
        payload["reasons"] = reasons
    kind = EventType.DOSSIER_ACCEPTED if accepted else EventType.DOSSIER_REJECTED
    return event_append(case=case, actor=actor, type=kind, payload=payload)


def event_consent_requested(*, case: Case, actor: Membership, agency: Organisation) -> CaseEvent:
    payload = {"agency": agency.key, "agency_name": agency.name}
    return event_append(case=case, actor=actor, type=EventType.CONSENT_REQUESTED, payload=payload)


def event_consent_decided(
    *, case: Case, actor: Membership, given: bool, reason: str = ""
) -> CaseEvent:
    kind = EventType.CONSENT_GIVEN if given else EventType.CONSENT_REFUSED
    return event_append(case=case, actor=actor, type=kind, payload={"reason": reason})


def event_consent_week_expired(*, case: Case, ended: str, basis: str, authority: str) -> CaseEvent:
    """Written by the platform (no actor) once the agency's week ended without an answer on the
    platform; `ended` the period's last day (ISO), `basis` its legal basis, `authority` the key
    of the authority asked to confirm the deemed consent."""
    payload = {"ended": ended, "basis": basis, "authority": authority}
    return event_append(case=case, actor=None, type=EventType.CONSENT_WEEK_EXPIRED, payload=payload)


def event_participant_added(
    *, case: Case, actor: Membership | None, organisation: Organisation, role: str
) -> CaseEvent:
    payload = {
        "organisation": organisation.key,
        "organisation_name": organisation.name,
        "role": role,
    }
    return event_append(case=case, actor=actor, type=EventType.PARTICIPANT_ADDED, payload=payload)


def event_participant_role_changed(
    *, case: Case, actor: Membership | None, organisation: Organisation, old: str, new: str
) -> CaseEvent:
    payload = {
        "organisation": organisation.key,
        "organisation_name": organisation.name,
        "old": old,
        "new": new,
    }
    return event_append(
        case=case, actor=actor, type=EventType.PARTICIPANT_ROLE_CHANGED, payload=payload
    )


def event_contact_assigned(
    *,
    case: Case,
    actor: Membership | None,
    organisation: Organisation,
    old: Membership | None,
    new: Membership,
) -> CaseEvent:
    payload = {
        "organisation": organisation.key,
        "organisation_name": str(organisation),
        "old": str(old.pk) if old else None,
        "old_name": str(old.user) if old else None,
        "new": str(new.pk),
        "new_name": str(new.user),
    }
    return event_append(case=case, actor=actor, type=EventType.CONTACT_ASSIGNED, payload=payload)


def event_personal_data_erased(
    *, case: Case, user, basis: str, person: str | None, reason: str, erased: dict[str, int]
) -> CaseEvent:
    """Who erased (the administrator as `user`; the retention job as no one), on which basis,
    whose data (the whole case, the worker or one family member by id) and how many values each
    erasure hook erased. The reason is committed (`cases/personal.py`): it may name the person."""
    scope = "case" if person is None else ("worker" if person == "worker" else "member")
    payload = {"basis": basis, "scope": scope, "reason": reason, "erased": erased}
    if scope == "member":
        payload["member"] = person
    return event_append(
        case=case, actor=None, user=user, type=EventType.PERSONAL_DATA_ERASED, payload=payload
    )


# The § 81a procedure after forwarding (`lotse/procedure`): each type's payload keys, the one
# place that defines them. Free texts (notes, reasons, questions, the compensation measure) are
# committed as personal values (`cases/personal.py`); `person` is "worker" or a member's id.
PROCEDURE_PAYLOADS: dict[str, tuple[str, ...]] = {
    EventType.AGREEMENT_DRAFTED: ("document",),
    EventType.AGREEMENT_SIGNED: ("party", "document", "sha256"),
    EventType.AGREEMENT_CONCLUDED: ("fee_debtor",),
    EventType.RECOGNITION_APPLIED: (
        "body",
        "body_name",
        "law",
        "on_platform",
        "document",
        "occupation",
        "category",
    ),
    EventType.RECOGNITION_RECEIPT_CONFIRMED: ("body_name", "on_behalf", "document", "note"),
    EventType.RECOGNITION_EVIDENCE_REQUESTED: ("body_name", "on_behalf", "document", "note"),
    EventType.RECOGNITION_DOCUMENTS_RECEIVED: ("body_name", "on_behalf", "document", "note"),
    EventType.RECOGNITION_EXTENDED: ("body_name", "on_behalf", "document", "note"),
    EventType.RECOGNITION_DECIDED: (
        "body_name",
        "on_behalf",
        "document",
        "note",
        "outcome",
        "measure",
    ),
    EventType.AUTHORITY_EMPLOYER_INVITED: ("about", "about_type"),
    EventType.CONSENT_INFORMATION_REQUESTED: ("questions",),
    EventType.CONSENT_DEEMED_GIVEN: ("ended", "basis"),  # the week's last day, its legal basis
    EventType.PREAPPROVAL_ISSUED: ("person", "document"),
    EventType.VISA_APPOINTMENT_REQUESTED: ("person", "date"),
    EventType.VISA_APPOINTMENT_BOOKED: ("person", "date"),
    EventType.VISA_APPLIED: ("person", "date"),
    EventType.VISA_ISSUED: ("person", "date"),
    EventType.VISA_REFUSED: ("person", "date", "reason"),
    EventType.ENTRY_REPORTED: ("person", "date"),
    EventType.FAMILY_COUNSELLING_REFERRED: (
        "member",
        "service",
        "organisation",
        "organisation_name",
        "law",
        "consent",
    ),
    EventType.RESIDENCE_PERMIT_APPLIED: ("person", "date", "authority", "authority_name"),
    EventType.RESIDENCE_PERMIT_ISSUED: ("person", "date", "authority", "authority_name"),
    EventType.EMPLOYMENT_ENDED_EARLY: ("date", "reason"),
    EventType.PROCEDURE_REFUSED: ("reasons",),
    EventType.MESSAGE_SENT: ("thread", "to", "to_name", "internal"),
    EventType.DOSSIER_ACCEPTED: (),
}


def event_procedure(*, case: Case, actor: Membership | None, type: str, **payload) -> CaseEvent:
    """One event of the § 81a procedure, its payload exactly the keys `PROCEDURE_PAYLOADS`
    declares for its type (a missing or an extra key is a mistake in the calling service)."""
    expected = set(PROCEDURE_PAYLOADS[type])
    if set(payload) != expected:
        raise ValueError(f"{type}: payload keys {sorted(payload)} != {sorted(expected)}")
    return event_append(case=case, actor=actor, type=type, payload=payload)
