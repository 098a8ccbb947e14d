"""Who may take which step of the § 81a procedure, and when. Templates ask; services enforce.

Each guard answers for the step as a whole (is there anything this actor may do with it now?);
the service asks again with the chosen person, document or letter (`*_check` helpers)."""

from uuid import UUID

from lotse.cases.event_types import EventType
from lotse.cases.guards import WORKING_ROLES, acts_for_authority, acts_for_company, takes_part
from lotse.cases.models import Case, CaseEvent, Participant, ParticipantRole
from lotse.cases.personal import WORKER
from lotse.cases.selectors import track_state
from lotse.cases.states import CaseState
from lotse.cases.tracks import CASE_AS_A_WHOLE, TABLES, TrackKind, TrackState
from lotse.core.decision import Decision
from lotse.orgs.models import Membership, OrgKind
from lotse.procedure.errors import ProcedureError as E

RUNNING = frozenset({CaseState.IN_PROCEDURE})
AFTER_COMPLETION = frozenset({CaseState.COMPLETED})
# Messages run as long as partners work on the case together.
MESSAGE_STATES = frozenset(
    {
        CaseState.SUBMITTED,
        CaseState.RETURNED,
        CaseState.FORWARDED,
        CaseState.IN_PROCEDURE,
        CaseState.COMPLETED,
    }
)
RECOGNITION_LETTERS = (
    EventType.RECOGNITION_RECEIPT_CONFIRMED,
    EventType.RECOGNITION_EVIDENCE_REQUESTED,
    EventType.RECOGNITION_EXTENDED,
    EventType.RECOGNITION_DECIDED,
)


def _working(actor: Membership | None) -> bool:
    return actor is not None and actor.role in WORKING_ROLES


def _parts(case: Case) -> set[tuple]:
    """(organisation id, role) of every part taken in `case`, read once per case object (an
    organisation may take part in two roles: the HWK as chamber and as recognition body)."""
    read = case.__dict__.get("_parts")
    if read is None and "participations" in case.__dict__:  # brought along by `case_get_for`
        # "organisation:role:unit" (`cases.visibility._participations`); the unit is need to
        # know's business, not the guards'
        pairs = [pair.split(":")[:2] for pair in (case.participations or "").split(",") if pair]
        read = case.__dict__["_parts"] = {(UUID(org), role) for org, role in pairs}
    if read is None:
        rows = Participant.objects.filter(case=case, seen_until__isnull=True)
        read = case.__dict__["_parts"] = set(rows.values_list("organisation_id", "role"))
    return read


parts_of = _parts


def _takes_part_as(actor: Membership | None, case: Case, role: str) -> bool:
    return _working(actor) and (actor.organisation_id, role) in _parts(case)


def acts_for_agency(actor: Membership | None, case: Case) -> bool:
    if not _working(actor) or actor.organisation.kind != OrgKind.EMPLOYMENT_AGENCY:
        return False
    return _takes_part_as(actor, case, ParticipantRole.EMPLOYMENT_AGENCY)


def acts_for_body(actor: Membership | None, case: Case) -> bool:
    """A recognition body on the platform, taking part in the case as the body deciding it."""
    return _takes_part_as(actor, case, ParticipantRole.RECOGNITION_BODY)


def _track(case: Case, kind: str, person: str = CASE_AS_A_WHOLE) -> str | None:
    return track_state(case, kind, person)


def _can_move_track(case: Case, kind: str, event: str, person: str = CASE_AS_A_WHOLE) -> bool:
    return (_track(case, kind, person), event) in TABLES[kind].transitions


def _decide(who: bool, states, case: Case, *more: tuple) -> Decision:
    """The usual order: whose step (403), the case's state (409), then the step's own checks,
    each a (question, code) asked only when the ones before it passed."""
    if not who:
        return Decision.no(E.NOT_YOUR_STEP)
    if case.state not in states:
        return Decision.no(E.WRONG_STATE)
    for ask, code in more:
        if not ask():
            return Decision.no(code)
    return Decision.yes()


# --- the agreement ---------------------------------------------------------------------------


def agreement_can_draft(*, case: Case, actor: Membership | None) -> Decision:
    """The authority drafts the agreement (§ 81a Abs. 2 AufenthG)."""
    return _decide(
        acts_for_authority(actor, case),
        RUNNING,
        case,
        (
            lambda: _can_move_track(case, TrackKind.AGREEMENT, EventType.AGREEMENT_DRAFTED),
            E.WRONG_STATE,
        ),
    )


def signing_party(actor: Membership | None, case: Case) -> str | None:
    """ "employer" for the company's people, "authority" for the authority's, else None."""
    if acts_for_company(actor, case):
        return "employer"
    if acts_for_authority(actor, case):
        return "authority"
    return None


def _read_log(case: Case) -> list | None:
    """The case's log as the case page read it (`cases.selectors.case_timeline`), or None: the
    guards the page asks answer from it instead of asking the database again."""
    return case.__dict__.get("_timeline")


def signed_parties(case: Case) -> set[str]:
    if (read := _read_log(case)) is not None:
        return {e.payload.get("party") for e in read if e.type == EventType.AGREEMENT_SIGNED}
    return set(
        CaseEvent.objects.filter(case=case, type=EventType.AGREEMENT_SIGNED).values_list(
            "payload__party", flat=True
        )
    )


def agreement_can_sign(*, case: Case, actor: Membership | None) -> Decision:
    """Each side signs once, with its signed copy uploaded (§ 57 VwVfG: written form)."""
    party = signing_party(actor, case)
    decision = _decide(
        party is not None,
        RUNNING,
        case,
        (
            lambda: _can_move_track(case, TrackKind.AGREEMENT, EventType.AGREEMENT_SIGNED),
            E.WRONG_STATE,
        ),
    )
    if decision and party in signed_parties(case):
        return Decision.no(E.ALREADY_SIGNED)
    return decision


def agreement_can_conclude(*, case: Case, actor: Membership | None) -> Decision:
    return _decide(
        acts_for_authority(actor, case),
        RUNNING,
        case,
        (
            lambda: _can_move_track(case, TrackKind.AGREEMENT, EventType.AGREEMENT_CONCLUDED),
            E.WRONG_STATE,
        ),
    )


# --- the recognition ---------------------------------------------------------------------------


def recognition_can_apply(*, case: Case, actor: Membership | None) -> Decision:
    """The authority starts the recognition with the § 81a flag (§ 81a Abs. 3 Nr. 2 AufenthG)."""
    return _decide(
        acts_for_authority(actor, case),
        RUNNING,
        case,
        (
            lambda: _can_move_track(case, TrackKind.RECOGNITION, EventType.RECOGNITION_APPLIED),
            E.WRONG_STATE,
        ),
    )


def body_on_platform(case: Case) -> bool:
    """Whether the case's recognition body records its own steps (it takes part as one)."""
    return any(role == ParticipantRole.RECOGNITION_BODY for _org, role in _parts(case))


def recognition_can_record(event: str):
    """The guard of one recognition step: the body on the platform records it, or the authority
    for a body off the platform (with the body's notice uploaded)."""

    def guard(*, case: Case, actor: Membership | None) -> Decision:
        on_platform = body_on_platform(case)
        who = acts_for_body(actor, case) if on_platform else acts_for_authority(actor, case)
        if not who and on_platform and acts_for_authority(actor, case):
            return Decision.no(E.BODY_ON_PLATFORM)
        return _decide(
            who,
            RUNNING,
            case,
            (lambda: _can_move_track(case, TrackKind.RECOGNITION, event), E.WRONG_STATE),
        )

    guard.__name__ = f"recognition_can_record_{event.split('.')[-1]}"
    guard.__doc__ = "A recognition body on the platform, or the authority on behalf of one off it."
    return guard


def letters_to_pass_on(case: Case) -> list[CaseEvent]:
    """The recognition body's letters (recorded by the body itself) the authority has not passed
    on to the employer yet, oldest first (from the log the case page read already, where it
    did)."""
    read = _read_log(case)
    if read is not None:
        passed = {
            e.payload.get("about") for e in read if e.type == EventType.AUTHORITY_EMPLOYER_INVITED
        }
        letters = [e for e in read if e.type in RECOGNITION_LETTERS]
        return [e for e in letters if not e.payload.get("on_behalf") and e.seq not in passed]
    passed = set(
        CaseEvent.objects.filter(case=case, type=EventType.AUTHORITY_EMPLOYER_INVITED).values_list(
            "payload__about", flat=True
        )
    )
    letters = CaseEvent.objects.filter(case=case, type__in=RECOGNITION_LETTERS).order_by("seq")
    return [e for e in letters if not e.payload.get("on_behalf") and e.seq not in passed]


def recognition_can_pass_on(*, case: Case, actor: Membership | None) -> Decision:
    """The authority passes a body's request or decision on and invites the employer within three
    working days (§ 81a Abs. 3 Nr. 3 AufenthG, § 14a Abs. 2 S. 5 BQFG)."""
    states = RUNNING | AFTER_COMPLETION
    decision = _decide(acts_for_authority(actor, case), states, case)
    if decision and not letters_to_pass_on(case):
        return Decision.no(E.NOTHING_TO_PASS_ON)
    return decision


# --- the consent --------------------------------------------------------------------------------


def consent_can_ask_information(*, case: Case, actor: Membership | None) -> Decision:
    """Within its week the agency may ask for missing information; no consent is then deemed given
    (§ 36 Abs. 2 S. 2 BeschV)."""
    return _decide(
        acts_for_agency(actor, case),
        RUNNING | {CaseState.FORWARDED},
        case,
        (lambda: _track(case, TrackKind.CONSENT) == TrackState.REQUESTED, E.WRONG_STATE),
    )


def consent_can_confirm_deemed(*, case: Case, actor: Membership | None) -> Decision:
    """Once the platform marked the agency's week as passed without an answer (`periodic`,
    `consent.week_expired`), the competent authority's caseworker confirms that the consent is
    deemed given (§ 36 Abs. 2 S. 2 BeschV): the agency may have answered outside the platform,
    so the platform does not decide it alone. Before that the week still runs."""
    decision = _decide(acts_for_authority(actor, case), RUNNING, case)
    if not decision:
        return decision
    state = _track(case, TrackKind.CONSENT)
    if state == TrackState.REQUESTED:
        return Decision.no(E.CONSENT_WEEK_RUNNING)
    if state != TrackState.WEEK_EXPIRED:
        return Decision.no(E.WRONG_STATE)
    return decision


# --- pre-approval, visa, entry, the end of the employment ---------------------------------------


def preapproval_ready(case: Case) -> bool:
    """§ 81a Abs. 3 Nr. 6 AufenthG: agreement concluded, consent given (or deemed given) and the
    recognition, where applied for, decided in full or in part."""
    if _track(case, TrackKind.AGREEMENT) != TrackState.CONCLUDED:
        return False
    if _track(case, TrackKind.CONSENT) not in (TrackState.GIVEN, TrackState.DEEMED_GIVEN):
        return False
    recognition = _track(case, TrackKind.RECOGNITION)
    if recognition is None:
        return True
    if recognition != TrackState.DECIDED:
        return False
    read = _read_log(case)  # the log the case page read already, where it did
    if read is not None:
        decisions = [e for e in read if e.type == EventType.RECOGNITION_DECIDED]
        return bool(decisions) and decisions[-1].payload.get("outcome") in ("full", "partial")
    decided = (
        CaseEvent.objects.filter(case=case, type=EventType.RECOGNITION_DECIDED)
        .order_by("-seq")
        .values_list("payload__outcome", flat=True)
        .first()
    )
    return decided in ("full", "partial")


def persons_of(case: Case) -> list[str]:
    """The worker and each family member coming along, as track persons (from the family the
    case page read already, where it did)."""
    if "family" in getattr(case, "_prefetched_objects_cache", {}):
        return [WORKER, *(str(member.pk) for member in case.family.all())]
    return [WORKER, *(str(pk) for pk in case.family.values_list("pk", flat=True))]


def preapproval_persons(case: Case) -> list[str]:
    """Who may get a pre-approval now: the worker first; family members with it or after it."""
    issued = {p for p in persons_of(case) if _track(case, TrackKind.PREAPPROVAL, p)}
    if WORKER not in issued:
        return [WORKER] if case.state in RUNNING and preapproval_ready(case) else []
    return [p for p in persons_of(case) if p not in issued]


def preapproval_can_issue(*, case: Case, actor: Membership | None) -> Decision:
    decision = _decide(acts_for_authority(actor, case), RUNNING | AFTER_COMPLETION, case)
    if not decision:
        return decision
    if not preapproval_persons(case):
        return Decision.no(E.PREAPPROVAL_NOT_READY)
    return decision


def persons_for(case: Case, event: str) -> list[str]:
    """The persons whose visa track `event` may move now (each with a pre-approval)."""
    return [
        person
        for person in persons_of(case)
        if _track(case, TrackKind.PREAPPROVAL, person) == TrackState.ISSUED
        and _can_move_track(case, TrackKind.VISA, event, person)
    ]


def visa_can_report(event: str, *, authority_too: bool = False):
    """The company reports what it learns from the worker about the visa and the entry (and the
    authority a refusal it hears of from the embassy)."""

    def guard(*, case: Case, actor: Membership | None) -> Decision:
        who = acts_for_company(actor, case) or (authority_too and acts_for_authority(actor, case))
        return _decide(
            who, AFTER_COMPLETION, case, (lambda: persons_for(case, event), E.WRONG_STATE)
        )

    guard.__name__ = f"visa_can_report_{event.split('.')[-1]}"
    guard.__doc__ = "The company reports the step of a person's visa (or entry)."
    return guard


def residence_persons_for(case: Case, event: str) -> list[str]:
    """The persons whose residence permit `event` may move now (each entered Germany)."""
    return [
        person
        for person in persons_of(case)
        if _track(case, TrackKind.VISA, person) == TrackState.ENTERED
        and _can_move_track(case, TrackKind.RESIDENCE_PERMIT, event, person)
    ]


def residence_permit_can_report(event: str):
    """After entry the company reports what it learns from the person: the application for the
    residence permit at the foreigners authority of the residence, and the permit issued
    (§ 71 Abs. 1 AufenthG)."""

    def guard(*, case: Case, actor: Membership | None) -> Decision:
        return _decide(
            acts_for_company(actor, case),
            AFTER_COMPLETION,
            case,
            (lambda: residence_persons_for(case, event), E.WRONG_STATE),
        )

    guard.__name__ = f"residence_permit_can_report_{event.split('.')[-1]}"
    guard.__doc__ = "The company reports a person's residence permit after entry."
    return guard


def employment_can_report_end(*, case: Case, actor: Membership | None) -> Decision:
    """The employer reports within four weeks that the employment ended early (§ 4a Abs. 5 S. 3
    Nr. 3 AufenthG)."""

    def reported() -> bool:
        if (read := _read_log(case)) is not None:
            return any(e.type == EventType.EMPLOYMENT_ENDED_EARLY for e in read)
        return CaseEvent.objects.filter(case=case, type=EventType.EMPLOYMENT_ENDED_EARLY).exists()

    return _decide(
        acts_for_company(actor, case),
        AFTER_COMPLETION,
        case,
        (lambda: not reported(), E.ALREADY_REPORTED),
    )


def family_can_join(*, case: Case, actor: Membership | None) -> Decision:
    """The company adds a spouse or child coming along while the procedure runs or, in temporal
    connection, after the worker's pre-approval (§ 81a Abs. 4 AufenthG); the member gets its own
    pre-approval and visa track."""
    return _decide(acts_for_company(actor, case), RUNNING | AFTER_COMPLETION, case)


def members_to_refer(case: Case, service: str | None = None) -> list[str]:
    """The family members (ids) not yet referred to career counselling (to `service`, if named);
    from the log and the family the case page read already, where it did."""
    if (read := _read_log(case)) is not None:
        done = {
            str(e.payload.get("member"))
            for e in read
            if e.type == EventType.FAMILY_COUNSELLING_REFERRED
            and (service is None or e.payload.get("service") == service)
        }
        return [person for person in persons_of(case)[1:] if person not in done]
    referred = CaseEvent.objects.filter(case=case, type=EventType.FAMILY_COUNSELLING_REFERRED)
    if service is not None:
        referred = referred.filter(payload__service=service)
    done = set(referred.values_list("payload__member", flat=True))
    return [str(pk) for pk in case.family.values_list("pk", flat=True) if str(pk) not in done]


def counselling_can_refer(*, case: Case, actor: Membership | None) -> Decision:
    """The company refers a family member, with their consent, to the Agentur für Arbeit's career
    counselling (§§ 29 ff. SGB III) or, where SGB II applies, to the Jobcenter (§ 16 Abs. 1
    SGB II): their titles (§§ 30, 32 AufenthG) allow work (§ 4a Abs. 1 AufenthG), so their
    careers are not the skilled worker's pre-check."""
    return _decide(
        acts_for_company(actor, case),
        RUNNING | AFTER_COMPLETION,
        case,
        (lambda: members_to_refer(case), E.NOT_A_FAMILY_MEMBER),
    )


def procedure_can_refuse(*, case: Case, actor: Membership | None) -> Decision:
    """The authority refuses the procedure with reasons (distinct from rejecting a dossier)."""
    return _decide(acts_for_authority(actor, case), RUNNING, case)


def message_can_send(*, case: Case, actor: Membership | None) -> Decision:
    """The company and every partner taking part write to each other about the case."""
    if not _working(actor) or not takes_part(actor, case):
        return Decision.no(E.NOT_YOUR_STEP)
    if case.state not in MESSAGE_STATES:
        return Decision.no(E.WRONG_STATE)
    return Decision.yes()
