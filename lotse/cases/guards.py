"""Questions about what an actor may do to a case now. Templates ask; services enforce. No writes."""

from django.utils.translation import gettext

from lotse.cases.dossier import (
    CURRENT,
    case_precheck_standing,
    dossier_gaps,
    gap_text,
    precheck_standing,
)
from lotse.cases.errors import CaseError
from lotse.cases.event_types import EventType
from lotse.cases.intake import missing_for_submit
from lotse.cases.models import Case, ParticipantRole
from lotse.cases.selectors import participation_of, track_state
from lotse.cases.states import EDITABLE, CaseState, can_move
from lotse.cases.tracks import TrackKind, TrackState
from lotse.core import clock
from lotse.core.decision import Decision
from lotse.orgs.models import Membership, OrgKind, Role
from lotse.routing.services import authority_choice_closed, authority_choice_open

WORKING_ROLES = frozenset({Role.ADVISER, Role.LEAD, Role.ADMIN})


def acts_for_company(actor: Membership, case: Case) -> bool:
    """HR staff, leads and admins of the case's company act on it; plain members only read."""
    return (
        actor is not None
        and actor.organisation_id == case.company_id
        and actor.role in WORKING_ROLES
    )


def acts_for_chamber(actor: Membership, case: Case) -> bool:
    return (
        actor is not None
        and case.chamber_id is not None
        and actor.organisation_id == case.chamber_id
        and actor.role in WORKING_ROLES
    )


def acts_for_authority(actor: Membership, case: Case) -> bool:
    if actor is None or actor.role not in WORKING_ROLES:
        return False
    return participation_of(case, actor.organisation_id) == ParticipantRole.AUTHORITY


def takes_part(actor: Membership, case: Case) -> bool:
    return actor is not None and (
        acts_for_company(actor, case) or participation_of(case, actor.organisation_id) is not None
    )


def case_can_create(*, actor: Membership | None) -> Decision:
    """HR staff, leads and admins of a company open cases; plain members only read, and partners
    receive cases, they do not open them."""
    if actor is None or actor.organisation.kind != OrgKind.COMPANY:
        return Decision.no(CaseError.NOT_YOUR_STEP)
    if actor.role not in WORKING_ROLES:
        return Decision.no(CaseError.NOT_YOUR_STEP)
    return Decision.yes()


def _company_move(actor: Membership, case: Case, event: str) -> Decision:
    if not acts_for_company(actor, case):
        return Decision.no(CaseError.NOT_YOUR_STEP)
    if not can_move(case.state, event):
        return Decision.no(CaseError.WRONG_STATE)
    return Decision.yes()


def case_can_edit(*, case: Case, actor: Membership) -> Decision:
    """The company edits its intake while the case is a draft or returned for completion."""
    if not acts_for_company(actor, case):
        return Decision.no(CaseError.NOT_YOUR_STEP)
    if case.state not in EDITABLE:
        return Decision.no(CaseError.WRONG_STATE)
    return Decision.yes()


def case_can_submit(*, case: Case, actor: Membership) -> Decision:
    """Submission to a chamber needs the required facts and the worker's consent (Art. 6 GDPR)."""
    decision = _company_move(actor, case, EventType.CASE_SUBMITTED)
    if not decision:
        return decision
    if missing := missing_for_submit(case):
        return Decision.no(CaseError.INTAKE_INCOMPLETE, missing=missing)
    if not case.consent_given:
        return Decision.no(CaseError.CONSENT_MISSING)
    return Decision.yes()


def case_can_withdraw(*, case: Case, actor: Membership) -> Decision:
    return _company_move(actor, case, EventType.CASE_WITHDRAWN)


def case_can_request_forwarding(*, case: Case, actor: Membership) -> Decision:
    """The chamber's check is a service, not a gate the law sets (§ 81a AufenthG gives the
    chambers no role): after the chamber returned the case for completion or advised that it has
    no prospect of success, the company may ask for forwarding nevertheless — not before the
    chamber has said anything (then there is nothing to overrule yet)."""
    if not acts_for_company(actor, case):
        return Decision.no(CaseError.NOT_YOUR_STEP)
    if case.state == CaseState.RETURNED:
        return Decision.yes()
    if case.state != CaseState.SUBMITTED:
        return Decision.no(CaseError.WRONG_STATE)
    if not chamber_has_advised(case):
        return Decision.no(CaseError.NOTHING_TO_OVERRULE)
    return Decision.yes()


def case_can_answer_return(*, case: Case, actor: Membership) -> Decision:
    """The company answers the chamber's return for completion while the case is returned."""
    if not acts_for_company(actor, case):
        return Decision.no(CaseError.NOT_YOUR_STEP)
    if case.state != CaseState.RETURNED:
        return Decision.no(CaseError.WRONG_STATE)
    return Decision.yes()


def chamber_has_advised(case: Case) -> bool:
    """Has the chamber advised "no prospect" since the case was last submitted? (From the log
    the case page read already, where it did.)"""
    read = case.__dict__.get("_timeline")
    if read is not None:
        kinds = (EventType.CASE_SUBMITTED, EventType.NO_PROSPECT_ADVISED)
        moves = [e.type for e in read if e.type in kinds]
        return bool(moves) and moves[-1] == EventType.NO_PROSPECT_ADVISED
    last = (
        case.events.filter(type__in=[EventType.CASE_SUBMITTED, EventType.NO_PROSPECT_ADVISED])
        .order_by("-seq")
        .values_list("type", flat=True)
        .first()
    )
    return last == EventType.NO_PROSPECT_ADVISED


def _chamber_move(actor: Membership, case: Case, event: str | None) -> Decision:
    if not acts_for_chamber(actor, case):
        return Decision.no(CaseError.NOT_YOUR_STEP)
    if event is not None and not can_move(case.state, event):
        return Decision.no(CaseError.WRONG_STATE)
    if event is None and case.state != CaseState.SUBMITTED:
        return Decision.no(CaseError.WRONG_STATE)
    return Decision.yes()


def case_can_precheck(*, case: Case, actor: Membership) -> Decision:
    """The chamber's adviser runs the pre-check on a submitted case."""
    return _chamber_move(actor, case, None)


def case_can_return(*, case: Case, actor: Membership) -> Decision:
    return _chamber_move(actor, case, EventType.CASE_RETURNED)


def case_can_advise_no_prospect(*, case: Case, actor: Membership) -> Decision:
    return _chamber_move(actor, case, None)


def case_can_forward(*, case: Case, actor: Membership, reason: str | None = None) -> Decision:
    """The chamber forwards a current, complete dossier: its pre-check run after the last change
    of the facts and documents, and nothing missing from the target title's checklist. Otherwise
    the adviser may forward nevertheless only with a stated `reason` (recorded in the event).
    Asked without `reason` (None: may the actor take the step at all, with a reason if need be),
    only the actor and the state count; with one (the service), the dossier too."""
    decision = _chamber_move(actor, case, EventType.DOSSIER_FORWARDED)
    if not decision or reason is None or reason.strip():
        return decision
    problems = dossier_problems(case)
    if problems:
        return Decision.no(
            CaseError.DOSSIER_NOT_READY,
            missing=problems,
            gaps=", ".join(problem_texts(problems)),
        )
    return Decision.yes()


def dossier_problems(case: Case) -> list[str]:
    """What keeps the dossier from being forwarded as it is: "precheck_missing",
    "precheck_stale", and a checklist gap each as "document:<kind>" or "translation:<kind>"."""
    problems = []
    read = case.__dict__.get("_timeline")  # the log the case page read already, where it did
    standing = precheck_standing(read) if read is not None else case_precheck_standing(case)
    if standing != CURRENT:
        problems.append(f"precheck_{standing}")
    problems += [f"{gap['missing']}:{gap['kind']}" for gap in dossier_gaps(case)]
    return problems


def problem_texts(problems: list[str]) -> list[str]:
    """Each of `dossier_problems` in the reader's language."""
    texts = []
    for problem in problems:
        if problem == "precheck_missing":
            texts.append(gettext("the chamber's pre-check has not been run"))
        elif problem == "precheck_stale":
            texts.append(gettext("the pre-check predates changes to the facts or documents"))
        else:
            missing, kind = problem.split(":", 1)
            texts.append(gap_text({"kind": kind, "missing": missing}))
    return texts


def case_can_choose_authority(*, case: Case, actor: Membership) -> Decision:
    """The employer states its choice of authority, where and while the region's data offers one,
    until the dossier is forwarded."""
    if not acts_for_company(actor, case):
        return Decision.no(CaseError.NOT_YOUR_STEP)
    if case.state not in (CaseState.DRAFT, CaseState.SUBMITTED, CaseState.RETURNED):
        return Decision.no(CaseError.WRONG_STATE)
    if not authority_choice_open(case=case, on=clock.today()):
        closed = authority_choice_closed(region=case.company.region)
        return Decision.no(CaseError.CHOICE_NOT_OPEN, **({"text": closed} if closed else {}))
    return Decision.yes()


def case_can_request_consent(*, case: Case, actor: Membership) -> Decision:
    """The authority asks the Federal Employment Agency for consent (§ 81a Abs. 3 Nr. 4 AufenthG)."""
    if not acts_for_authority(actor, case):
        return Decision.no(CaseError.NOT_YOUR_STEP)
    if case.state != CaseState.IN_PROCEDURE:
        return Decision.no(CaseError.WRONG_STATE)
    if track_state(case, TrackKind.CONSENT) is not None:
        return Decision.no(CaseError.CONSENT_ALREADY_REQUESTED)
    return Decision.yes()


def case_can_decide_consent(*, case: Case, actor: Membership) -> Decision:
    """The agency's caseworker answers a pending request for consent (§ 36 Abs. 2 BeschV)."""
    if actor is None or actor.role not in WORKING_ROLES:
        return Decision.no(CaseError.NOT_YOUR_STEP)
    # only an agency takes part as one: nobody else's case page asks the database
    if actor.organisation.kind != OrgKind.EMPLOYMENT_AGENCY:
        return Decision.no(CaseError.NOT_YOUR_STEP)
    if participation_of(case, actor.organisation_id) != ParticipantRole.EMPLOYMENT_AGENCY:
        return Decision.no(CaseError.NOT_YOUR_STEP)
    if case.state != CaseState.IN_PROCEDURE:
        return Decision.no(CaseError.WRONG_STATE)
    # after its week passed the agency may still record the answer it gave (elsewhere) in time
    if track_state(case, TrackKind.CONSENT) not in (
        TrackState.REQUESTED,
        TrackState.INFORMATION_REQUESTED,
        TrackState.WEEK_EXPIRED,
    ):
        return Decision.no(CaseError.WRONG_STATE)
    return Decision.yes()


def case_can_assign_contact(*, case: Case, actor: Membership) -> Decision:
    """A lead (or admin) of a partner taking part names that partner's contact person."""
    if actor is None or not actor.can_lead or not takes_part(actor, case):
        return Decision.no(CaseError.NOT_YOUR_STEP)
    return Decision.yes()


def case_can_involve_partner(*, case: Case, actor: Membership) -> Decision:
    """Anyone working on the case (the company, or a partner's adviser or lead) may bring in
    another partner, so nobody is sent from A to B."""
    if actor is None or not takes_part(actor, case):
        return Decision.no(CaseError.NOT_YOUR_STEP)
    if not acts_for_company(actor, case) and actor.role not in WORKING_ROLES:
        return Decision.no(CaseError.NOT_YOUR_STEP)
    if case.state in (CaseState.DRAFT, CaseState.WITHDRAWN, CaseState.REFUSED):
        return Decision.no(CaseError.WRONG_STATE)
    return Decision.yes()


def case_can_self_check(*, case: Case, actor: Membership) -> Decision:
    """The company checks its own case before and after submitting (same engine, simpler words)."""
    if not acts_for_company(actor, case):
        return Decision.no(CaseError.NOT_YOUR_STEP)
    if case.state not in (CaseState.DRAFT, CaseState.SUBMITTED, CaseState.RETURNED):
        return Decision.no(CaseError.WRONG_STATE)
    return Decision.yes()


def case_can_run_precheck(*, case: Case, actor: Membership) -> Decision:
    """The pre-check step: the company's self-check, or the chamber's pre-check."""
    if acts_for_company(actor, case):
        return case_can_self_check(case=case, actor=actor)
    return case_can_precheck(case=case, actor=actor)


def case_can_export_person(*, case: Case, actor: Membership) -> Decision:
    """A person's data export (Art. 15 GDPR) is made by whoever works on the case for an
    organisation that takes part — the company for its worker, a partner for what it holds —
    each through its own need-to-know view (`cases/need_to_know.py`); plain members only read."""
    if actor is None or actor.role not in WORKING_ROLES or not takes_part(actor, case):
        return Decision.no(CaseError.NOT_YOUR_STEP)
    return Decision.yes()
