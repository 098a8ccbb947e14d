"""The steps of the § 81a procedure: lock, guard, the step's own checks, state, event.

Every service takes the case, the actor (a Membership) and the step's input; each refusal is a
`DomainError` with a `ProcedureError` code and nothing stored."""

import datetime
from uuid import UUID

from django.db import transaction

from lotse.cases import notifications
from lotse.cases.event_types import EventType
from lotse.cases.events import event_procedure
from lotse.cases.models import Case, CaseEvent, ParticipantRole
from lotse.cases.personal import WORKER
from lotse.cases.selectors import case_organisations
from lotse.cases.services import participant_add
from lotse.cases.states import apply
from lotse.core.decision import Decision
from lotse.core.errors import DomainError
from lotse.documents.models import Document
from lotse.inbox.services import thread_start
from lotse.orgs.models import CHAMBER_KINDS, Membership, Organisation, OrgKind
from lotse.procedure import guards, letters
from lotse.procedure.errors import ProcedureError as E
from lotse.routing import get_region, recognition_body

CONSENT_FICTION = "§ 36 Abs. 2 S. 2 BeschV"


def _locked(case: Case) -> Case:
    return (
        Case.objects.select_related("company", "chamber")
        .select_for_update(of=("self",))
        .get(pk=case.pk)
    )


def _enforce(decision: Decision) -> None:
    if not decision.allowed:
        raise DomainError(decision.code, **decision.details)


def _document(case: Case, document: UUID | None, kinds, *, required: bool) -> Document | None:
    """A current, not erased document of the case of one of `kinds`, or None if not `required`."""
    if document is None:
        if required:
            raise DomainError(E.DOCUMENT_REQUIRED, field="document")
        return None
    found = Document.objects.filter(
        pk=document,
        case=case,
        kind__in=kinds,
        replaced_by__isnull=True,
        erased_at__isnull=True,
    ).first()
    if found is None:
        raise DomainError(E.DOCUMENT_NOT_USABLE, field="document")
    return found


def _record(case: Case, actor: Membership | None, type: str, **payload):
    """State from the table (most steps leave it), then the event, then who hears of it."""
    new_state = apply(case.state, type)
    if new_state != case.state:
        case.state = new_state
        case.save(update_fields=["state", "updated_at"])
    event = event_procedure(case=case, actor=actor, type=type, **payload)
    notifications.notify(event)
    return event


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


# --- the agreement ---------------------------------------------------------------------------


@transaction.atomic
def agreement_draft(*, case: Case, actor: Membership, document: UUID | None = None) -> Case:
    """The authority drafts the agreement under § 81a Abs. 2 AufenthG (its letter, where it has
    one, attached)."""
    case = _locked(case)
    _enforce(guards.agreement_can_draft(case=case, actor=actor))
    letter = _document(case, document, ("procedure_letter",), required=False)
    if letter is None:  # the platform's letter from the case's data, in the region's wording
        letter = letters.letter_store(case=case, actor=actor, letter=letters.AGREEMENT)
    _record(case, actor, EventType.AGREEMENT_DRAFTED, document=str(letter.pk) if letter else None)
    return case


@transaction.atomic
def agreement_sign(*, case: Case, actor: Membership, document: UUID | None) -> Case:
    """One side's signature: its signed copy, uploaded (§ 57 VwVfG, written form; a click is not
    a signature). The company signs as employer, the authority as itself."""
    case = _locked(case)
    _enforce(guards.agreement_can_sign(case=case, actor=actor))
    signed = _document(case, document, ("agreement_signed",), required=True)
    party = guards.signing_party(actor, case)
    _record(
        case,
        actor,
        EventType.AGREEMENT_SIGNED,
        party=party,
        document=str(signed.pk),
        sha256=signed.sha256,
    )
    return case


@transaction.atomic
def agreement_conclude(*, case: Case, actor: Membership, fee_debtor: str) -> Case:
    """The agreement is concluded; the fee (§ 47 Abs. 1 Nr. 15 AufenthV) is owed by the worker
    unless the employer declared to take it over."""
    case = _locked(case)
    _enforce(guards.agreement_can_conclude(case=case, actor=actor))
    _record(case, actor, EventType.AGREEMENT_CONCLUDED, fee_debtor=fee_debtor)
    return case


# --- the recognition ---------------------------------------------------------------------------


def _body_on_platform(key: str | None) -> Organisation | None:
    """The body's organisation if it works on the platform: the partners of the cooperation, i.e.
    the chambers deciding IHK and craft occupations (§ 8 BQFG). The ZAB, the Land bodies for
    regulated professions and the embassy do not: the authority records their steps."""
    if not key:
        return None
    return Organisation.objects.filter(key=key, kind__in=CHAMBER_KINDS).first()


@transaction.atomic
def recognition_apply(*, case: Case, actor: Membership, occupation: str) -> Case:
    """The authority has the recognition started for the worker's reference `occupation` (or
    category) at the body the region's dated data name today, with its law (routing). A body
    working on the platform takes part and records its own steps from now on."""
    from lotse.core import clock

    case = _locked(case)
    _enforce(guards.recognition_can_apply(case=case, actor=actor))
    region = get_region(case.company.region)
    by = "occupation" if occupation in region.occupations else "category"
    answer = recognition_body(**{by: occupation}, on=clock.today(), region=region)
    if not answer.is_competent:
        raise DomainError(E.BODY_NOT_COMPETENT, field="occupation")
    body = _body_on_platform(answer.organisation_key)
    _record(
        case,
        actor,
        EventType.RECOGNITION_APPLIED,
        body=answer.organisation_key,
        body_name=answer.organisation_name,
        law=answer.law.citation if answer.law else "",
        on_platform=body is not None,
        document=None,
        # the clocks read the body's periods by the occupation or category it decides for
        occupation=occupation if by == "occupation" else "",
        category=occupation if by == "category" else "",
    )
    if body is not None:
        participant_add(
            case=case,
            actor=actor,
            organisation=body,
            role=ParticipantRole.RECOGNITION_BODY,
            announce=True,
        )
    return case


def _body_name(case: Case) -> str:
    applied = case.events.filter(type=EventType.RECOGNITION_APPLIED).order_by("-seq").first()
    return applied.payload.get("body_name", "") if applied else ""


def recognition_recorder(event: str):
    """The service of one recognition step, recorded by the body on the platform or by the
    authority on behalf of a body off it — then with the body's notice uploaded."""
    guard = guards.recognition_can_record(event)

    @transaction.atomic
    def record(
        *,
        case: Case,
        actor: Membership,
        note: str = "",
        document: UUID | None = None,
        outcome: str = "",
        measure: str = "",
    ) -> Case:
        case = _locked(case)
        _enforce(guard(case=case, actor=actor))
        on_behalf = not guards.acts_for_body(actor, case)
        notice = _document(case, document, ("recognition_letter",), required=on_behalf)
        payload = {
            "body_name": _body_name(case),
            "on_behalf": on_behalf,
            "document": str(notice.pk) if notice else None,
            "note": note.strip(),
        }
        if event == EventType.RECOGNITION_DECIDED:
            if outcome == "partial" and not measure.strip():
                raise DomainError(E.MEASURE_REQUIRED, field="measure")
            payload |= {"outcome": outcome, "measure": measure.strip()}
        _record(case, actor, event, **payload)
        return case

    record.__name__ = f"recognition_record_{event.split('.')[-1]}"
    record.__doc__ = (
        "A step of the recognition (§ 14a BQFG), recorded by the body on the platform, or by "
        "the authority on behalf of a body off it with the body's notice uploaded."
    )
    return record


@transaction.atomic
def recognition_pass_on(*, case: Case, actor: Membership, about: int) -> Case:
    """The authority passes a body's letter on to the employer and invites it (§ 81a Abs. 3 Nr. 3
    AufenthG: within three working days; § 14a Abs. 2 S. 5 BQFG): the company sees it from now."""
    case = _locked(case)
    _enforce(guards.recognition_can_pass_on(case=case, actor=actor))
    letter = next((e for e in guards.letters_to_pass_on(case) if e.seq == about), None)
    if letter is None:
        raise DomainError(E.NOTHING_TO_PASS_ON, field="about")
    _record(
        case, actor, EventType.AUTHORITY_EMPLOYER_INVITED, about=letter.seq, about_type=letter.type
    )
    return case


# --- the consent --------------------------------------------------------------------------------


@transaction.atomic
def consent_ask_information(*, case: Case, actor: Membership, questions: str) -> Case:
    """The agency asks for missing information within its week; no consent is deemed given then
    (§ 36 Abs. 2 S. 2 BeschV)."""
    case = _locked(case)
    _enforce(guards.consent_can_ask_information(case=case, actor=actor))
    if not questions.strip():
        raise DomainError(E.REASON_REQUIRED, field="text")
    _record(case, actor, EventType.CONSENT_INFORMATION_REQUESTED, questions=questions.strip())
    return case


@transaction.atomic
def consent_confirm_deemed(*, case: Case, actor: Membership) -> Case:
    """The authority confirms that the agency's consent is deemed given: its week passed without
    an answer or a request for information (§ 36 Abs. 2 S. 2 BeschV), as the platform marked it
    (`consent.week_expired`), and no answer reached the authority outside the platform either.
    The event names the week's last day and the legal basis, as the marking did."""
    case = _locked(case)
    _enforce(guards.consent_can_confirm_deemed(case=case, actor=actor))
    expired = (
        CaseEvent.objects.filter(case=case, type=EventType.CONSENT_WEEK_EXPIRED)
        .order_by("-seq")
        .values_list("payload", flat=True)
        .first()
    ) or {}
    _record(
        case,
        actor,
        EventType.CONSENT_DEEMED_GIVEN,
        ended=expired.get("ended", ""),
        basis=expired.get("basis") or CONSENT_FICTION,
    )
    return case


# --- pre-approval, visa, entry, the end of the employment ---------------------------------------


def _person(case: Case, person: str, allowed: list[str]) -> str:
    if person not in allowed:
        raise DomainError(E.NOT_A_PERSON, field="person")
    return person


@transaction.atomic
def preapproval_issue(
    *, case: Case, actor: Membership, person: str = WORKER, document: UUID | None = None
) -> Case:
    """The authority issues the pre-approval (Vorabzustimmung, § 81a Abs. 3 Nr. 6 AufenthG): the
    worker's completes the procedure; a family member's (§ 81a Abs. 4) comes with it or later."""
    case = _locked(case)
    _enforce(guards.preapproval_can_issue(case=case, actor=actor))
    allowed = guards.preapproval_persons(case)
    if person != WORKER and WORKER in allowed:
        raise DomainError(E.WORKER_FIRST, field="person")
    person = _person(case, person, allowed)
    letter = _document(case, document, ("procedure_letter",), required=False)
    if letter is None:  # the platform's letter for this person, in the region's wording
        letter = letters.letter_store(
            case=case, actor=actor, letter=letters.PRE_APPROVAL, person=person
        )
    _record(
        case,
        actor,
        EventType.PREAPPROVAL_ISSUED,
        person=person,
        document=str(letter.pk) if letter else None,
    )
    return case


def visa_reporter(event: str, *, authority_too: bool = False):
    """The service that records one step of a person's visa track (or the entry)."""
    guard = guards.visa_can_report(event, authority_too=authority_too)

    @transaction.atomic
    def report(
        *,
        case: Case,
        actor: Membership,
        person: str,
        date: datetime.date | None = None,
        reason: str = "",
    ) -> Case:
        case = _locked(case)
        _enforce(guard(case=case, actor=actor))
        person = _person(case, person, guards.persons_for(case, event))
        payload = {"person": person, "date": _iso(date)}
        if event == EventType.VISA_REFUSED:
            payload["reason"] = reason.strip()
        _record(case, actor, event, **payload)
        return case

    report.__name__ = f"visa_report_{event.split('.')[-1]}"
    report.__doc__ = "Record a step of one person's visa at the embassy (§ 31a AufenthV)."
    return report


def residence_permit_reporter(event: str):
    """The service that records one step of a person's residence permit after entry, naming the
    foreigners authority of the residence on that day (routing: § 71 Abs. 1 AufenthG)."""
    guard = guards.residence_permit_can_report(event)

    @transaction.atomic
    def report(
        *, case: Case, actor: Membership, person: str, date: datetime.date | None = None
    ) -> Case:
        from lotse.core import clock
        from lotse.routing.services import residence_authority_for

        case = _locked(case)
        _enforce(guard(case=case, actor=actor))
        person = _person(case, person, guards.residence_persons_for(case, event))
        answer = residence_authority_for(case=case, on=date or clock.today(), row=False)
        _record(
            case,
            actor,
            event,
            person=person,
            date=_iso(date),
            authority=answer.organisation_key,
            authority_name=answer.organisation_name or "",
        )
        return case

    report.__name__ = f"residence_permit_report_{event.split('.')[-1]}"
    report.__doc__ = (
        "Record a step of one person's residence permit at the foreigners authority of the "
        "residence (§ 71 Abs. 1 AufenthG)."
    )
    return report


@transaction.atomic
def employment_report_end(
    *, case: Case, actor: Membership, date: datetime.date, reason: str = ""
) -> Case:
    """The employer reports that the employment ended early (§ 4a Abs. 5 S. 3 Nr. 3 AufenthG:
    within four weeks of learning of it)."""
    case = _locked(case)
    _enforce(guards.employment_can_report_end(case=case, actor=actor))
    _record(case, actor, EventType.EMPLOYMENT_ENDED_EARLY, date=_iso(date), reason=reason.strip())
    return case


@transaction.atomic
def family_join(*, case: Case, actor: Membership, data: dict):
    """A spouse or minor child joins the running (or completed) procedure (§ 81a Abs. 4
    AufenthG), recorded as on the intake (`family.added`)."""
    from lotse.cases.events import event_family_added
    from lotse.cases.models import FamilyMember

    case = _locked(case)
    _enforce(guards.family_can_join(case=case, actor=actor))
    member = FamilyMember(case=case, **data)
    member.full_clean(exclude=["case"])
    member.save()
    event_family_added(case=case, actor=actor, member=member)
    return member


# The career counselling a family member may be referred to, with its law: the Agentur für
# Arbeit's for everyone (Berufsberatung, §§ 29 ff. SGB III); the Jobcenter's only where the
# family draws benefits under SGB II (§ 16 Abs. 1 SGB II).
COUNSELLING = {
    "agency": (OrgKind.EMPLOYMENT_AGENCY, "§§ 29 ff. SGB III"),
    "jobcenter": (OrgKind.JOBCENTER, "§ 16 Abs. 1 SGB II"),
}


@transaction.atomic
def counselling_refer(
    *, case: Case, actor: Membership, member: str, service: str, consent: bool
) -> Case:
    """Refer a family member, with their recorded consent, to career counselling; the service's
    organisation of the region takes part in the case from now on (as career counselling: it
    sees the worker's name and the family, `need_to_know`) and its contact is told."""
    case = _locked(case)
    _enforce(guards.counselling_can_refer(case=case, actor=actor))
    if service not in COUNSELLING:
        raise DomainError(E.NO_COUNSELLING_SERVICE, field="service")
    if member not in guards.members_to_refer(case, service):
        raise DomainError(E.NOT_A_FAMILY_MEMBER, field="member")
    if not consent:
        raise DomainError(E.CONSENT_REQUIRED, field="consent")
    kind, law = COUNSELLING[service]
    organisation = (
        Organisation.objects.filter(kind=kind, region=case.company.region).order_by("key").first()
    )
    if organisation is None:
        raise DomainError(E.NO_COUNSELLING_SERVICE, field="service")
    _record(
        case,
        actor,
        EventType.FAMILY_COUNSELLING_REFERRED,
        member=member,
        service=service,
        organisation=organisation.key,
        organisation_name=organisation.name,
        law=law,
        consent=True,
    )
    participant_add(
        case=case,
        actor=actor,
        organisation=organisation,
        role=ParticipantRole.CAREER_COUNSELLING,
        announce=True,
    )
    return case


@transaction.atomic
def procedure_refuse(*, case: Case, actor: Membership, reasons: str) -> Case:
    """The authority refuses the procedure, with its reasons (e.g. the consent was refused)."""
    case = _locked(case)
    _enforce(guards.procedure_can_refuse(case=case, actor=actor))
    if not reasons.strip():
        raise DomainError(E.REASON_REQUIRED, field="text")
    _record(case, actor, EventType.PROCEDURE_REFUSED, reasons=reasons.strip())
    return case


# --- messages -----------------------------------------------------------------------------------


def recipients(case: Case, actor: Membership | None) -> list[Organisation]:
    """Who `actor` may write to on `case`: the company and every partner taking part, but itself."""
    ids = {case.company_id, *(organisation for organisation, _role in guards.parts_of(case))}
    if case.chamber_id:
        ids.add(case.chamber_id)
    if actor is not None:
        ids.discard(actor.organisation_id)
    return [organisation for organisation in case_organisations(case) if organisation.pk in ids]


@transaction.atomic
def message_send(*, case: Case, actor: Membership, to: Organisation, subject: str, text: str):
    """A message on the case to the company or to a partner ("kurze Drähte"). Between partners it
    is internal: the company never reads it, nor sees that it was sent. The event records that a
    message went from whom to whom; its text lives in the inbox, where only the two
    organisations read it. The addressed organisation's contact person for the case gets a mail."""
    case = _locked(case)
    _enforce(guards.message_can_send(case=case, actor=actor))
    if to.pk not in {o.pk for o in recipients(case, actor)}:
        raise DomainError(E.NOT_A_RECIPIENT, field="to")
    thread = thread_start(
        sender=actor, organisation=to, subject=subject, text=text, case_id=case.pk
    )
    internal = case.company_id not in (to.pk, actor.organisation_id)
    _record(
        case,
        actor,
        EventType.MESSAGE_SENT,
        thread=str(thread.pk),
        to=to.key,
        to_name=to.name,
        internal=internal,
    )
    return thread
