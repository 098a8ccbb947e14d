"""Every write to a case: transaction, row lock, guard, state, event."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lotse.cases import events, guards, notifications
from lotse.cases.canonical import column_value
from lotse.cases.countries import country_code
from lotse.cases.dossier import dossier_gaps
from lotse.cases.errors import CaseError
from lotse.cases.event_types import EventType
from lotse.cases.intake import COUNTRY_FIELDS, INTAKE_FIELDS
from lotse.cases.models import (
    OUTSIDE_REGION,
    Case,
    CaseContact,
    FamilyMember,
    Participant,
    ParticipantRole,
)
from lotse.cases.plausibility import case_warnings, unconfirmed_messages
from lotse.cases.prechecks import precheck_for_chamber
from lotse.cases.selectors import INVOLVABLE
from lotse.cases.states import CaseState, apply
from lotse.core import clock
from lotse.core.decision import Decision
from lotse.core.errors import DomainError
from lotse.orgs.models import (
    CHAMBER_KINDS,
    Membership,
    Municipality,
    Organisation,
    OrgKind,
    UnitKind,
)
from lotse.orgs.services import unit_of_kind
from lotse.routing import find_municipality, get_region
from lotse.routing.services import authority_choice_open, authority_choice_window


def _enforce(decision: Decision) -> None:
    if not decision.allowed:
        raise DomainError(decision.code, **decision.details)


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _check_places(case: Case) -> None:
    """Municipalities must come from the region's data, or be 'outside the region'."""
    errors = {}
    places = Municipality.objects.filter(region=case.company.region)
    for field in ("workplace_municipality", "residence_municipality"):
        value = getattr(case, field)
        if not value or value == OUTSIDE_REGION or places.filter(key=value).exists():
            continue
        found = find_municipality(get_region(case.company.region), value)  # a name or an AGS
        if found is not None:
            setattr(case, field, found.key)
            continue
        errors[field] = ValidationError(
            _(
                "%(place)s is not a municipality of this region; choose one of its municipalities "
                "or “outside the region”."
            )
            % {"place": value},
            code="unknown",
        )
    if errors:
        raise ValidationError(errors)


def _check_countries(case: Case) -> None:
    """Citizenship and country of qualification are ISO 3166 countries, stored as the alpha-2
    code; a code in any case or a country's German or English name is taken as that code."""
    errors = {}
    for field in COUNTRY_FIELDS:
        value = getattr(case, field)
        if not value:
            continue
        code = country_code(value)
        if code is None:
            errors[field] = ValidationError(
                _("%(value)s is not a country of ISO 3166; please choose one from the list.")
                % {"value": value},
                code="unknown",
            )
        else:
            setattr(case, field, code)
    if errors:
        raise ValidationError(errors)


def _validated(case: Case) -> None:
    case.full_clean(
        exclude=["reference", "company", "created_by", "chamber"], validate_unique=False
    )
    _check_countries(case)
    _check_places(case)


def _new_reference() -> str:
    """A short reference people can read out (year and eight hex digits), not yet in use."""
    while True:
        reference = f"{clock.today().year}-{secrets.token_hex(4).upper()}"
        if not Case.objects.filter(reference=reference).exists():
            return reference


def _intake(fields: dict) -> dict:
    """Only intake fields; an explicit null clears a field that cannot hold one (text becomes
    empty, the language list empty, the consent not given)."""
    unknown = set(fields) - set(INTAKE_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    cleared = {}
    for name, value in fields.items():
        field = Case._meta.get_field(name)
        if value is None and not field.null:
            value = field.get_default() if field.has_default() else ""
        cleared[name] = value
    return cleared


@transaction.atomic
def case_create(*, actor: Membership, fields: dict) -> Case:
    """A company opens a draft case for a foreign skilled worker. Invalid fields raise
    ValidationError naming each field, and nothing is stored."""
    _enforce(guards.case_can_create(actor=actor))
    fields = _intake(fields)
    case = Case(company=actor.organisation, created_by=actor, **fields)
    _validated(case)
    case.reference = _new_reference()
    case.save(force_insert=True)
    # Every intake column as stored (places normalised, decimals to their places), so the log alone
    # rebuilds the case and `audit verify` can compare it with the columns.
    stored = {name: column_value(case, name) for name in INTAKE_FIELDS}
    events.event_case_created(case=case, actor=actor, fields=stored)
    return case


@transaction.atomic
def case_update(*, case: Case, actor: Membership, fields: dict) -> Case:
    """The company changes intake fields of a draft or returned case; the event keeps old and new."""
    case = _locked(case)
    _enforce(guards.case_can_edit(case=case, actor=actor))
    fields = _intake(fields)
    before = {name: column_value(case, name) for name in fields}
    for name, value in fields.items():
        setattr(case, name, value)
    _validated(case)
    # Compared as stored after validation, so "Langenhagen" for `langenhagen` or "42000" for
    # 42000.00 is no change, and the event records what the columns now hold.
    changes = {}
    for name, old in before.items():
        new = column_value(case, name)
        if new != old:
            changes[name] = {"old": old, "new": new}
    if not changes:
        return case
    case.save(update_fields=[*changes, "updated_at"])
    events.event_case_updated(case=case, actor=actor, changes=changes)
    return case


@transaction.atomic
def family_member_add(*, case: Case, actor: Membership, data: dict) -> FamilyMember:
    """A spouse or minor child who comes along (§ 81a Abs. 4 AufenthG)."""
    case = _locked(case)
    _enforce(guards.case_can_edit(case=case, actor=actor))
    member = FamilyMember(case=case, **data)
    member.full_clean(exclude=["case"])
    member.save()
    events.event_family_added(case=case, actor=actor, member=member)
    return member


@transaction.atomic
def family_member_remove(*, case: Case, actor: Membership, member: FamilyMember) -> None:
    case = _locked(case)
    _enforce(guards.case_can_edit(case=case, actor=actor))
    member_id, relation = member.pk, member.relation
    FamilyMember.objects.filter(pk=member_id, case=case).delete()
    events.event_family_removed(case=case, actor=actor, member_id=member_id, relation=relation)


def _move(case: Case, event: str) -> None:
    case.state = apply(case.state, event)
    case.save(update_fields=["state", "updated_at"])


# Parts a partner may take before the case reaches it; its own part later replaces them.
EARLY_ROLES = (ParticipantRole.CONTACT, ParticipantRole.ADVICE)
ADVICE_KINDS = (OrgKind.IHK, OrgKind.HWK, OrgKind.WELCOME_CENTER)


# What a case object keeps of its participations once read (`selectors.case_participations`)
_PARTICIPATION_READS = (
    "_participations",
    "_participation_units",
    "participations",
    "_parts",
    "ended",
    "_ended_parts",
)


def participant_end(*, case: Case, organisation: Organisation, role: str, until: int) -> None:
    """`organisation`'s part `role` in `case` ends with the event `until` (its seq): from now on
    it sees the case only as it was up to that event (`visibility`, `need_to_know.View.until`).
    Called inside the service whose event ends the part (an authority's rejection of the
    dossier; the advising chamber's when the company submits to another). Its row leaves the
    lists and its named contact person is no longer named (the `contact.assigned` events keep
    who it was); another part it still plays keeps the case in its lists."""
    rows = Participant.objects.filter(case=case, organisation=organisation)
    ended = rows.filter(role=role, seen_until__isnull=True).update(
        seen_until=until, listed=False, unit_listed=False, updated_at=clock.now()
    )
    if ended and rows.filter(seen_until__isnull=True).exists():
        _parts_list(case, organisation)
    elif ended:
        CaseContact.objects.filter(case=case, organisation=organisation).delete()
    for read in _PARTICIPATION_READS:
        case.__dict__.pop(read, None)


def _parts_list(case: Case, organisation: Organisation, changed: Participant | None = None) -> None:
    """Mark the running parts of `organisation` in `case` that the lists walk (`visibility`):
    one `listed` for the organisation (a part already listed stays so), and one `unit_listed`
    for each unit taking part and for the organisation as a whole (no unit); the rest not.
    `changed`: the part the caller holds, given its marks."""
    running = Participant.objects.filter(
        case=case, organisation=organisation, seen_until__isnull=True
    ).order_by("-listed", "created_at", "pk")
    rows = list(running.values_list("pk", "unit_id", "listed", "unit_listed"))
    if not rows:
        return
    first_of_unit = {}
    for pk, unit, _listed, _unit_listed in sorted(rows, key=lambda row: not row[3]):
        first_of_unit.setdefault(unit, pk)
    for number, (pk, unit, listed, unit_listed) in enumerate(rows):
        wanted = (number == 0, first_of_unit[unit] == pk)
        if (listed, unit_listed) != wanted:
            Participant.objects.filter(pk=pk).update(
                listed=wanted[0], unit_listed=wanted[1], updated_at=clock.now()
            )
        if changed is not None and changed.pk == pk:
            changed.listed, changed.unit_listed = wanted


# The unit that takes a part where the organisation has units: consent is the Agentur für Arbeit's
# consent team's decision (§ 39 AufenthG), not its employer service's.
ROLE_UNITS = {ParticipantRole.EMPLOYMENT_AGENCY: UnitKind.CONSENT_TEAM}


def _unit_for(organisation: Organisation, role: str):
    kind = ROLE_UNITS.get(role)
    return unit_of_kind(organisation_id=organisation.pk, kind=kind) if kind else None


def participant_add(
    *,
    case: Case,
    actor: Membership | None,
    organisation: Organisation,
    role: str,
    announce: bool = False,
    contact: Membership | None = None,
) -> Participant:
    """`organisation` takes part in `case` from now on, with `contact` (by default its region's
    default contact person) named unless it has one already. Called inside the service that hands the case on; `announce` mails
    the contact where no event of that step tells them already (the service decides, not the log)."""
    rows = Participant.objects.filter(case=case, organisation=organisation)
    participant = (
        rows.filter(role=role).first() or rows.filter(role=ParticipantRole.CONTACT).first()
    )
    created = participant is None
    if created:
        unit = _unit_for(organisation, role)
        participant = Participant.objects.create(
            case=case,
            organisation=organisation,
            role=role,
            unit=unit,
            case_created_at=case.created_at,
            listed=not rows.filter(listed=True).exists(),
            unit_listed=not rows.filter(unit_listed=True, unit=unit).exists(),
        )
    elif participant.seen_until is not None:
        # a part that ended is taken up again (the case forwarded to the authority that had
        # rejected it): it sees the case as it is from now on
        participant.seen_until = None
        participant.save(update_fields=["seen_until", "updated_at"])
        _parts_list(case, organisation, participant)
    # the event that brought the partner in, for a service that tells the company
    participant.added_event = None
    for read in _PARTICIPATION_READS:  # read again when next asked
        case.__dict__.pop(read, None)
    if created:
        participant.added_event = events.event_participant_added(
            case=case, actor=actor, organisation=organisation, role=role
        )
    elif participant.role in EARLY_ROLES and role not in (participant.role, *EARLY_ROLES):
        # A partner brought in early (or advising) takes up its own part when the case reaches it.
        old, participant.role = participant.role, role
        participant.unit = _unit_for(organisation, role)
        participant.save(update_fields=["role", "unit", "updated_at"])
        _parts_list(case, organisation, participant)
        events.event_participant_role_changed(
            case=case, actor=actor, organisation=organisation, old=old, new=role
        )
    default = contact or organisation.default_contact
    if default is not None and default.active:
        if not CaseContact.objects.filter(case=case, organisation=organisation).exists():
            CaseContact.objects.create(
                case=case,
                organisation=organisation,
                membership=default,
                case_created_at=case.created_at,
            )
            event = events.event_contact_assigned(
                case=case, actor=actor, organisation=organisation, old=None, new=default
            )
            if announce:
                notifications.notify_contact(event, default)
    return participant


@transaction.atomic
def case_submit(
    *,
    case: Case,
    actor: Membership,
    chamber: Organisation,
    authority_choice: str = "",
    warnings_confirmed: bool = False,
) -> Case:
    """The company submits the case to the IHK or the Handwerkskammer for the pre-check, stating
    which authority it chooses where the region's data lets it choose (changeable until
    forwarding). Plausibility warnings (`cases/plausibility.py`) must be confirmed as checked;
    the event records the ones confirmed."""
    case = _locked(case)
    _enforce(guards.case_can_submit(case=case, actor=actor))
    warnings = case_warnings(case)
    if warnings and not warnings_confirmed:
        raise ValidationError({"confirm_warnings": unconfirmed_messages(warnings)})
    if not chamber.is_chamber or chamber.region != case.company.region:
        # The pre-check is the chamber's of the company's own district, never one elsewhere.
        raise DomainError(CaseError.NOT_A_CHAMBER)
    if authority_choice:
        _choose_authority(case=case, actor=actor, choice=authority_choice)
    elif not case.authority_choice and authority_choice_open(case=case, on=clock.today()):
        window = authority_choice_window(region=case.company.region, on=clock.today())
        raise DomainError(CaseError.CHOICE_MISSING, **({"text": window.missing} if window else {}))
    resubmitted = case.state == CaseState.RETURNED
    case.chamber = chamber
    case.state = apply(case.state, EventType.CASE_SUBMITTED)
    case.save(update_fields=["chamber", "state", "updated_at"])
    _company_contact(case=case, actor=actor)
    event = events.event_case_submitted(
        case=case, actor=actor, chamber=chamber, warnings=[w.code for w in warnings]
    )
    participant_add(case=case, actor=actor, organisation=chamber, role=ParticipantRole.CHAMBER)
    _advice_ends_elsewhere(case=case, chamber=chamber, until=event.seq)
    if resubmitted:  # the completed case comes back with the chamber's pre-check run again
        precheck_for_chamber(case=case)
    notifications.notify(event)
    return case


def _advice_ends_elsewhere(*, case: Case, chamber: Organisation, until: int) -> None:
    """A chamber that advised the company (first consultation) whose case now goes to the other
    chamber for the pre-check keeps what it saw up to the submission and sees nothing new: the
    pre-check is the chosen chamber's, and the advising one needs no more of the case (need to
    know, Art. 5 Abs. 1 lit. c DSGVO). The chamber it goes to keeps advising; the Welcome Center,
    no chamber, keeps advising whichever chamber pre-checks."""
    advising = (
        Participant.objects.filter(
            case=case,
            role=ParticipantRole.ADVICE,
            seen_until__isnull=True,
            organisation__kind__in=CHAMBER_KINDS,
        )
        .exclude(organisation=chamber)
        .select_related("organisation")
    )
    for part in advising:
        participant_end(
            case=case, organisation=part.organisation, role=ParticipantRole.ADVICE, until=until
        )


def _company_contact(*, case: Case, actor: Membership) -> None:
    """The company's own contact is the person who submits, unless one was named already."""
    if not CaseContact.objects.filter(case=case, organisation_id=case.company_id).exists():
        CaseContact.objects.create(
            case=case,
            organisation_id=case.company_id,
            membership=actor,
            case_created_at=case.created_at,
        )
        events.event_contact_assigned(
            case=case, actor=actor, organisation=case.company, old=None, new=actor
        )


@transaction.atomic
def case_withdraw(*, case: Case, actor: Membership, reason: str = "") -> Case:
    case = _locked(case)
    _enforce(guards.case_can_withdraw(case=case, actor=actor))
    _move(case, EventType.CASE_WITHDRAWN)
    events.event_case_withdrawn(case=case, actor=actor, reason=reason)
    return case


@transaction.atomic
def case_return(*, case: Case, actor: Membership, missing: str) -> Case:
    """The chamber returns the case for completion, saying what is missing: the adviser's note
    and the gaps of the target title's checklist (documents, translations) as they are now."""
    case = _locked(case)
    _enforce(guards.case_can_return(case=case, actor=actor))
    if not missing.strip():
        raise DomainError(CaseError.REASON_REQUIRED)
    gaps = dossier_gaps(case)  # what the checklist misses now, beside the adviser's note
    _move(case, EventType.CASE_RETURNED)
    event = events.event_case_returned(case=case, actor=actor, missing=missing.strip(), gaps=gaps)
    notifications.notify(event)
    return case


@transaction.atomic
def case_advise_no_prospect(
    *, case: Case, actor: Membership, reasons: str, assessment: dict | None = None
) -> Case:
    """The chamber advises that the case has no prospect of success, with the legal reasons.
    Advice, not a veto: the state stays, the company may withdraw or still ask for forwarding."""
    case = _locked(case)
    _enforce(guards.case_can_advise_no_prospect(case=case, actor=actor))
    if not reasons.strip():
        raise DomainError(CaseError.REASON_REQUIRED)
    event = events.event_no_prospect_advised(
        case=case, actor=actor, reasons=reasons.strip(), assessment=assessment
    )
    notifications.notify(event)
    return case


@transaction.atomic
def case_answer_return(*, case: Case, actor: Membership, text: str) -> Case:
    """The company answers the chamber's return for completion with a message."""
    case = _locked(case)
    _enforce(guards.case_can_answer_return(case=case, actor=actor))
    if not text.strip():
        raise DomainError(CaseError.REASON_REQUIRED)
    event = events.event_return_answered(case=case, actor=actor, text=text.strip())
    notifications.notify(event)
    return case


@transaction.atomic
def case_request_forwarding(*, case: Case, actor: Membership, note: str = "") -> Case:
    """After a return or advice of no prospect, the company asks the chamber to forward the case
    as it is (the chamber's check is a service, not a gate the law sets); a returned case goes
    back to the chamber."""
    case = _locked(case)
    _enforce(guards.case_can_request_forwarding(case=case, actor=actor))
    _move(case, EventType.FORWARDING_REQUESTED)
    event = events.event_forwarding_requested(case=case, actor=actor, note=note.strip())
    notifications.notify(event)
    return case


@transaction.atomic
def case_choose_authority(*, case: Case, actor: Membership, choice: str) -> Case:
    """The employer's choice of authority, among the options the region's data offers today."""
    return _choose_authority(case=_locked(case), actor=actor, choice=choice)


def _choose_authority(*, case: Case, actor: Membership, choice: str) -> Case:
    _enforce(guards.case_can_choose_authority(case=case, actor=actor))
    window = authority_choice_window(region=case.company.region, on=clock.today())
    options = dict(window.options) if window else {}
    if choice not in options:
        raise ValidationError(
            {
                "authority_choice": _("Please choose one of: %(options)s.")
                % {"options": ", ".join(options.values())}
            }
        )
    old = case.authority_choice
    if old == choice:
        return case
    case.authority_choice = choice
    case.save(update_fields=["authority_choice", "updated_at"])
    events.event_authority_chosen(case=case, actor=actor, old=old, new=choice)
    return case


@transaction.atomic
def case_request_consent(*, case: Case, actor: Membership) -> Case:
    """The authority asks the Agentur für Arbeit for consent (§ 39 AufenthG, § 81a Abs. 3 Nr. 4);
    the agency takes part in the case from now on."""
    case = _locked(case)
    _enforce(guards.case_can_request_consent(case=case, actor=actor))
    agency = Organisation.objects.filter(
        region=case.company.region, kind=OrgKind.EMPLOYMENT_AGENCY
    ).first()
    if agency is None:
        raise DomainError(CaseError.NO_EMPLOYMENT_AGENCY)
    event = events.event_consent_requested(case=case, actor=actor, agency=agency)
    participant_add(
        case=case, actor=actor, organisation=agency, role=ParticipantRole.EMPLOYMENT_AGENCY
    )
    notifications.notify(event)
    return case


@transaction.atomic
def case_decide_consent(*, case: Case, actor: Membership, given: bool, reason: str = "") -> Case:
    """The Federal Employment Agency gives or refuses its consent to the employment (§ 39
    AufenthG); a refusal states its reason."""
    case = _locked(case)
    _enforce(guards.case_can_decide_consent(case=case, actor=actor))
    if not given and not reason.strip():
        raise DomainError(CaseError.REASON_REQUIRED)
    events.event_consent_decided(case=case, actor=actor, given=given, reason=reason.strip())
    return case


@transaction.atomic
def case_contact_assign(*, case: Case, actor: Membership, membership: Membership) -> CaseContact:
    """A lead names their organisation's contact person for the case (a handover is an event).
    Naming a person of a partner not yet involved makes that partner take part."""
    case = _locked(case)
    _enforce(guards.case_can_assign_contact(case=case, actor=actor))
    if membership.organisation_id != actor.organisation_id or not membership.active:
        raise DomainError(CaseError.NOT_A_PARTNER)
    contact = CaseContact.objects.filter(case=case, organisation_id=actor.organisation_id).first()
    old = contact.membership if contact else None
    if old is not None and old.pk == membership.pk:
        return contact
    if contact is None:
        contact = CaseContact(
            case=case, organisation_id=actor.organisation_id, case_created_at=case.created_at
        )
    contact.membership = membership
    contact.save()
    event = events.event_contact_assigned(
        case=case, actor=actor, organisation=actor.organisation, old=old, new=membership
    )
    notifications.notify_contact(event, membership)
    return contact


@transaction.atomic
def case_involve_partner(
    *, case: Case, actor: Membership, organisation: Organisation
) -> Participant:
    """Bring another partner of the region into the case (e.g. the Welcome Center or the
    Jobcenter); its default contact person becomes its named contact and it sees the case, as
    much as its part needs (`cases/need_to_know.py`). The company's contact is told (the step's
    form asked for confirmation, naming what the partner will see)."""
    case = _locked(case)
    _enforce(guards.case_can_involve_partner(case=case, actor=actor))
    if organisation.kind not in INVOLVABLE or organisation.region != case.company.region:
        raise DomainError(CaseError.PARTNER_NOT_ELIGIBLE)
    participant = participant_add(
        case=case,
        actor=actor,
        organisation=organisation,
        role=ParticipantRole.CONTACT,
        announce=True,
    )
    if participant.added_event is not None:
        notifications.notify(participant.added_event)
    return participant


@transaction.atomic
def case_advice_arrange(*, case: Case, actor: Membership, adviser: Membership) -> Participant:
    """A company's first consultation (booked through `welcome`): the adviser's organisation takes
    part in the case in the advice role, already in the draft, with that adviser named as its
    contact from the start. It sees the intake facts, no passport data (`need_to_know`)."""
    case = _locked(case)
    if not guards.acts_for_company(actor, case):
        raise DomainError(CaseError.NOT_YOUR_STEP)
    organisation = adviser.organisation
    eligible = organisation.kind in ADVICE_KINDS and organisation.region == case.company.region
    if not eligible or not adviser.active:
        raise DomainError(CaseError.PARTNER_NOT_ELIGIBLE)
    participant = participant_add(
        case=case,
        actor=actor,
        organisation=organisation,
        role=ParticipantRole.ADVICE,
        contact=adviser,
    )
    named = CaseContact.objects.get(case=case, organisation=organisation)
    if named.membership_id != adviser.pk:
        old, named.membership = named.membership, adviser
        named.save(update_fields=["membership", "updated_at"])
        events.event_contact_assigned(
            case=case, actor=actor, organisation=organisation, old=old, new=adviser
        )
    return participant


def contacts_hand_over(*, leaving: Membership, successor: Membership, actor: Membership) -> None:
    """The cases a leaving person was the named contact for go to `successor`, each handover an
    event of its case (run by `orgs.services.membership_deactivate`, registered in apps.py)."""
    for contact in leaving.contact_for.select_related("case"):
        case_contact_hand_over(case=contact.case, actor=actor, successor=successor)


@transaction.atomic
def case_contact_hand_over(*, case: Case, actor: Membership, successor: Membership) -> CaseContact:
    """When a person leaves their organisation, its admin's step hands their cases to
    `successor` (through `contacts_hand_over`; no lead rule applies)."""
    case = _locked(case)
    contact = CaseContact.objects.get(case=case, organisation_id=successor.organisation_id)
    old = contact.membership
    contact.membership = successor
    contact.save(update_fields=["membership", "updated_at"])
    event = events.event_contact_assigned(
        case=case, actor=actor, organisation=successor.organisation, old=old, new=successor
    )
    notifications.notify_contact(event, successor)
    return contact
