"""Need to know: which part of a case each participant sees, decided here beside `visible_to`.

`visible_to` says whether a person sees a case at all; this module says what of it. Every read of
case data (the case page, its timeline, the API's case and events, every export) asks `view_for`
for the reader's `View` and passes the data through `project`, the one projection. The table
`SEES` is the rule (Art. 5 Abs. 1 lit. c GDPR, data minimisation; Art. 25 GDPR, data protection by
default); the README prints it and `tests/test_need_to_know.py` checks it field by field.

Why each partner sees what it sees:

- The company entered the data; the competent chamber pre-checks the whole dossier (§ 81a Abs. 1
  AufenthG, the agreement) and the competent authority decides on it: they see all.
- The Federal Employment Agency decides on consent to the employment (§ 39 AufenthG): who the
  worker is, the qualification, the job and its pay, working hours and conditions — not the
  passport, the family, the residence or the pre-check.
- A recognition body decides on equivalence (§§ 4, 12 BQFG): who the worker is and the
  qualification, nothing of the job's pay, the family or the passport.
- The Welcome Center helps the worker and the family arrive: name, e-mail, languages, intended
  residence and the family.
- The Jobcenter's employer service helps with the job and the family's work: name, e-mail, the job
  offer without the salary, and the family.
- The adviser of a company's first consultation (a chamber or the Welcome Center, booked through
  `welcome`) advises on the intended immigration: the intake facts, never the passport, the
  documents, the read log or other partners' reasons and decisions.
- The career counselling a family member is referred to with their consent (the Agentur für
  Arbeit, SGB III; the Jobcenter where SGB II applies): the worker's name and the family (each
  member's qualification and career wishes), nothing of the job, the pay or the passport.
- Any other partner brought in (a second chamber for advice): the name and e-mail only.
- Everyone taking part sees the case's reference, state, tracks, next step, contact persons and
  competence: the stage of the procedure is what working together needs.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db import models
from django.db.models import FilteredRelation, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lotse.accounts.otp import active_memberships
from lotse.cases.event_types import EventType
from lotse.cases.intake import (
    INTAKE_FIELDS,
    JOB_FIELDS,
    QUALIFICATION_FIELDS,
    RESIDENCE_FIELDS,
)
from lotse.cases.models import Case, ParticipantRole, Track
from lotse.cases.selectors import case_participations
from lotse.cases.tracks import TABLES, TrackKind, track_apply
from lotse.cases.visibility import ended_parts, unit_sees
from lotse.orgs.models import Membership, Organisation, OrgKind


class Audience(models.TextChoices):
    """Who reads a case: the company, or a partner by the part it plays in the case."""

    COMPANY = "company", _("Company (employer)")
    CHAMBER = "chamber", _("Competent chamber (IHK, HWK)")
    AUTHORITY = "authority", _("Competent authority (Zentralstelle, foreigners authority)")
    EMPLOYMENT_AGENCY = "employment_agency", _("Federal Employment Agency")
    RECOGNITION_BODY = "recognition_body", _("Recognition body")
    WELCOME_CENTER = "welcome_center", _("Welcome Center")
    JOBCENTER = "jobcenter", _("Jobcenter")
    ADVICE = "advice", _("Adviser of a first consultation")
    CAREER_COUNSELLING = "career_counselling", _("Career counselling of a family member")
    PARTNER = "partner", _("Other partner brought in")
    PLATFORM = "platform", _("Platform administrator (data export only)")


class Part(models.TextChoices):
    """A part of a case's data; the columns of the need-to-know table."""

    NAME = "name", _("the worker's name")
    CONTACT = "contact", _("the worker's e-mail address")
    IDENTITY = "identity", _("date of birth and citizenship")
    PASSPORT = "passport", _("passport number")
    LANGUAGES = "languages", _("languages")
    QUALIFICATION = "qualification", _("qualification and experience")
    JOB = "job", _("the job offer (without the salary)")
    SALARY = "salary", _("salary and old-age provision")
    RESIDENCE = "residence", _("intended residence")
    FAMILY = "family", _("family members coming along")
    PRECHECK = "precheck", _("pre-check facts and results")
    REASONS = "reasons", _("reasons and notes (return, advice, withdrawal, forwarding)")
    CONSENT = "consent", _("the decision on consent and its reason")
    DOCUMENTS = "documents", _("documents (file names)")
    READ_LOG = "read_log", _("who read the case (read log)")


# The intake columns of each part; `consent_given` (the worker's consent to processing) is part
# of the stage and shown to everyone taking part.
FIELDS: dict[str, tuple[str, ...]] = {
    Part.NAME: ("worker_first_name", "worker_last_name"),
    Part.CONTACT: ("worker_email",),
    Part.IDENTITY: ("worker_birth_date", "worker_citizenship"),
    Part.PASSPORT: ("worker_passport_number",),
    Part.LANGUAGES: ("worker_languages",),
    Part.QUALIFICATION: QUALIFICATION_FIELDS,
    Part.JOB: tuple(name for name in JOB_FIELDS if name != "job_salary_eur"),
    Part.SALARY: ("job_salary_eur", "worker_pension_provision"),
    Part.RESIDENCE: RESIDENCE_FIELDS,
}
ALWAYS_SHOWN = ("consent_given",)
PART_OF: dict[str, str] = {name: part for part, names in FIELDS.items() for name in names}

ALL = frozenset(Part.values)
# The rule: what each audience sees (reasons in the module's docstring).
SEES: dict[str, frozenset[str]] = {
    Audience.COMPANY: ALL,
    # The chamber's pre-check and the authority's decision need the whole dossier; who read the
    # case is the company's business (for its worker) and the platform's, which answers for it.
    Audience.CHAMBER: ALL - {Part.READ_LOG},
    Audience.AUTHORITY: ALL - {Part.READ_LOG},
    Audience.EMPLOYMENT_AGENCY: frozenset(
        {Part.NAME, Part.IDENTITY, Part.QUALIFICATION, Part.JOB, Part.SALARY, Part.CONSENT}
    ),
    Audience.RECOGNITION_BODY: frozenset({Part.NAME, Part.IDENTITY, Part.QUALIFICATION}),
    Audience.WELCOME_CENTER: frozenset(
        {Part.NAME, Part.CONTACT, Part.LANGUAGES, Part.RESIDENCE, Part.FAMILY}
    ),
    Audience.JOBCENTER: frozenset({Part.NAME, Part.CONTACT, Part.JOB, Part.FAMILY}),
    Audience.ADVICE: frozenset(
        {
            Part.NAME,
            Part.CONTACT,
            Part.IDENTITY,
            Part.LANGUAGES,
            Part.QUALIFICATION,
            Part.JOB,
            Part.SALARY,
            Part.RESIDENCE,
            Part.FAMILY,
            Part.PRECHECK,
        }
    ),
    Audience.CAREER_COUNSELLING: frozenset({Part.NAME, Part.FAMILY}),
    Audience.PARTNER: frozenset({Part.NAME, Part.CONTACT}),
    Audience.PLATFORM: ALL,
}
# What a partner's part in the case (its Participant role) or, for a partner brought in, its
# kind makes it.
BY_ROLE = {
    ParticipantRole.CHAMBER: Audience.CHAMBER,
    ParticipantRole.AUTHORITY: Audience.AUTHORITY,
    ParticipantRole.EMPLOYMENT_AGENCY: Audience.EMPLOYMENT_AGENCY,
    ParticipantRole.RECOGNITION_BODY: Audience.RECOGNITION_BODY,
    ParticipantRole.ADVICE: Audience.ADVICE,
    ParticipantRole.CAREER_COUNSELLING: Audience.CAREER_COUNSELLING,
}
BY_KIND = {
    OrgKind.EMPLOYMENT_AGENCY: Audience.EMPLOYMENT_AGENCY,
    OrgKind.RECOGNITION_BODY: Audience.RECOGNITION_BODY,
    OrgKind.WELCOME_CENTER: Audience.WELCOME_CENTER,
    OrgKind.JOBCENTER: Audience.JOBCENTER,
}

FAMILY_FIELDS = ("first_name", "last_name", "birth_date", "qualification", "career")

# Where each part sits in a record: the case's columns, a family member, and each event type's
# payload (paths of keys). A place not listed is the stage, shown to everyone taking part.
PLACES: dict[str, dict[tuple[str, ...], str]] = {
    "case": {(name,): part for name, part in PART_OF.items()},
    "family": {(name,): Part.FAMILY for name in FAMILY_FIELDS},
    "assessment": {("assessment",): Part.PRECHECK, ("outcome",): Part.PRECHECK},
    EventType.CASE_CREATED: {("fields", name): part for name, part in PART_OF.items()},
    EventType.CASE_UPDATED: {("changes", name): part for name, part in PART_OF.items()},
    EventType.FAMILY_ADDED: {(name,): Part.FAMILY for name in FAMILY_FIELDS},
    EventType.CASE_WITHDRAWN: {("reason",): Part.REASONS},
    EventType.CASE_RETURNED: {("missing",): Part.REASONS},
    EventType.NO_PROSPECT_ADVISED: {
        ("reasons",): Part.REASONS,
        ("outcome",): Part.PRECHECK,
        ("assessment",): Part.PRECHECK,
    },
    EventType.FORWARDING_REQUESTED: {("note",): Part.REASONS},
    EventType.RETURN_ANSWERED: {("text",): Part.REASONS},
    EventType.PRECHECK_RUN: {("outcome",): Part.PRECHECK, ("assessment",): Part.PRECHECK},
    EventType.SELF_CHECK_RUN: {("outcome",): Part.PRECHECK, ("assessment",): Part.PRECHECK},
    # the rule's reason names the workplace's municipality
    EventType.DOSSIER_FORWARDED: {("reason",): Part.JOB, ("override_reason",): Part.REASONS},
    EventType.DOSSIER_REJECTED: {("reasons",): Part.REASONS},
    EventType.CONSENT_GIVEN: {("reason",): Part.CONSENT},
    EventType.CONSENT_REFUSED: {("reason",): Part.CONSENT},
    # the client's file name may name the worker; the document's kind is the stage
    EventType.DOCUMENT_UPLOADED: {("file_name",): Part.DOCUMENTS},
    EventType.UPLOAD_LINK_SENT: {("email",): Part.CONTACT},
    # the administrator's reason may name the person; basis, scope and counts are the stage
    EventType.PERSONAL_DATA_ERASED: {("reason",): Part.REASONS},
    # the recognition body's and the authority's notes, the agency's questions, the reasons of a
    # refusal or an early end: reasons and notes; the compensation measure is the qualification's
    EventType.RECOGNITION_RECEIPT_CONFIRMED: {("note",): Part.REASONS},
    EventType.RECOGNITION_EVIDENCE_REQUESTED: {("note",): Part.REASONS},
    EventType.RECOGNITION_DOCUMENTS_RECEIVED: {("note",): Part.REASONS},
    EventType.RECOGNITION_EXTENDED: {("note",): Part.REASONS},
    EventType.RECOGNITION_DECIDED: {("note",): Part.REASONS, ("measure",): Part.QUALIFICATION},
    EventType.CONSENT_INFORMATION_REQUESTED: {("questions",): Part.CONSENT},
    EventType.VISA_REFUSED: {("reason",): Part.REASONS},
    EventType.EMPLOYMENT_ENDED_EARLY: {("reason",): Part.REASONS},
    EventType.PROCEDURE_REFUSED: {("reasons",): Part.REASONS},
}
# Event types whose payload is the stage alone (organisations, states, partner staff named as
# contacts). Every event type is in exactly one of PLACES and this set (a test holds it).
STAGE_ONLY = frozenset(
    {
        EventType.FAMILY_REMOVED,  # the member's id and relation
        EventType.FAMILY_COUNSELLING_REFERRED,  # the member's id, the service and its law
        EventType.CASE_SUBMITTED,
        EventType.AUTHORITY_CHOSEN,
        EventType.CONSENT_REQUESTED,
        EventType.CONSENT_DEEMED_GIVEN,
        EventType.CONSENT_WEEK_EXPIRED,  # the period's end
        EventType.PARTICIPANT_ADDED,
        EventType.PARTICIPANT_ROLE_CHANGED,
        EventType.CONTACT_ASSIGNED,
        EventType.UPLOAD_LINK_REVOKED,  # the link's id
        EventType.TARGET_TITLE_CHOSEN,  # a pathway id
        EventType.AGREEMENT_DRAFTED,
        EventType.AGREEMENT_SIGNED,
        EventType.AGREEMENT_CONCLUDED,
        EventType.RECOGNITION_APPLIED,
        EventType.AUTHORITY_EMPLOYER_INVITED,
        EventType.PREAPPROVAL_ISSUED,
        EventType.VISA_APPOINTMENT_REQUESTED,
        EventType.VISA_APPOINTMENT_BOOKED,
        EventType.VISA_APPLIED,
        EventType.VISA_ISSUED,
        EventType.ENTRY_REPORTED,
        EventType.RESIDENCE_PERMIT_APPLIED,  # whose, a date, the authority of the residence
        EventType.RESIDENCE_PERMIT_ISSUED,
        # that a message was sent, and to whom; its text lives in the inbox, where only the two
        # organisations read it, and an internal one is not shown to the company at all
        # (`event_shown`)
        EventType.MESSAGE_SENT,
        EventType.DOSSIER_ACCEPTED,  # the submission and the authority
        EventType.SUBMISSION_SENDING,  # the submission's id and attempt
        EventType.SUBMISSION_RETRYING,
        EventType.SUBMISSION_DELIVERED,
        EventType.SUBMISSION_FAILED,
    }
)


# Need to know per document: the part of the case each document kind belongs to (the document
# kinds are `lotse.documents.kinds`' values). Who sees the whole dossier (`Part.DOCUMENTS`: the
# company, the competent chamber and authority) sees every document; a partner sees the documents
# of the parts it sees — the Federal Employment Agency the contract and the qualification (§ 39
# AufenthG), a recognition body the qualification's documents (§§ 4, 12 BQFG), the Welcome Center
# the family's documents and the language certificate. A translation goes with its original; a
# kind not listed only with the whole dossier.
DOCUMENT_PARTS: dict[str, str] = {
    "passport": Part.PASSPORT,
    "power_of_attorney": Part.DOCUMENTS,
    "employment_contract": Part.SALARY,  # the contract names the pay
    "employment_declaration": Part.SALARY,
    "cv_german": Part.QUALIFICATION,
    "qualification_certificate": Part.QUALIFICATION,
    "equivalence_notice": Part.QUALIFICATION,
    "deficit_notice": Part.QUALIFICATION,
    "qualification_measure_plan": Part.QUALIFICATION,
    "degree_comparability": Part.QUALIFICATION,
    "state_recognition_proof": Part.QUALIFICATION,
    "professional_licence": Part.QUALIFICATION,
    "experience_proof": Part.QUALIFICATION,
    "transcript": Part.QUALIFICATION,
    "recognition_partnership_agreement": Part.QUALIFICATION,
    "language_certificate": Part.LANGUAGES,
    "pension_provision_proof": Part.SALARY,
    "collective_agreement_proof": Part.SALARY,
    "family_power_of_attorney": Part.FAMILY,
    "family_passport": Part.FAMILY,
    "marriage_certificate": Part.FAMILY,
    "family_language_certificate": Part.FAMILY,
    "birth_certificate": Part.FAMILY,
}


def sees_document(view: "View", kind: str, original_kind: str | None = None) -> bool:
    """Does `view` see a document of `kind` (a translation: of `original_kind`)?"""
    if view.sees(Part.DOCUMENTS):
        return True
    part = DOCUMENT_PARTS.get(original_kind or kind, Part.DOCUMENTS)
    return view.sees(part)


class Withheld:
    """A value the reader's part in the case does not need: shown as not shared."""

    def __str__(self) -> str:
        return gettext("(not shared with your organisation)")

    def __repr__(self) -> str:
        return "WITHHELD"


WITHHELD = Withheld()


@dataclass(frozen=True)
class View:
    """What one reader sees of one case: the union of the parts of each audience it reads as (a
    person in two organisations taking part sees what either may). `until`: for a reader whose
    parts in the case all ended (`Participant.seen_until`), the seq of the last event it sees —
    it reads the case as it was then, nothing later; None for everyone else."""

    audiences: frozenset[str]
    until: int | None = None

    @cached_property
    def parts(self) -> frozenset[str]:
        return frozenset().union(*(SEES[audience] for audience in self.audiences))

    def sees(self, part: str) -> bool:
        return part in self.parts

    def sees_field(self, name: str) -> bool:
        """An intake column (or a part of the stage, which everyone sees)."""
        part = PART_OF.get(name)
        return part is None or part in self.parts

    @cached_property
    def withheld_fields(self) -> tuple[str, ...]:
        return tuple(name for name in INTAKE_FIELDS if not self.sees_field(name))

    @property
    def sees_all(self) -> bool:
        return ALL - {Part.READ_LOG} <= self.parts


def view_of(*audiences: str) -> View:
    return View(frozenset(audiences))


FULL = view_of(Audience.COMPANY)
NOTHING = View(frozenset())


def audience_of(*, role: str, kind: str) -> str:
    """The audience of a partner taking part in `role`, or brought in (role contact) as `kind`."""
    return BY_ROLE.get(role) or BY_KIND.get(kind) or Audience.PARTNER


def is_platform_admin(user) -> bool:
    """The platform administrator: staff or superuser (a member is never made one, nor the reverse:
    `accounts/admin.py`, `orgs/services.py`)."""
    return bool(user and user.is_authenticated and (user.is_staff or user.is_superuser))


def view_for(*, user, case: Case, active: Membership | None = None) -> View:
    """The reader's view of a case it may see (`visible_to` decided that already): the company's
    people see all (no query when acting for it), a partner's people what their part needs (one
    query; none when the case's participations came with it, as for its page: the person's
    organisations come with the request), the platform administrator (no membership)
    everything: it sees case data only in the person's data export it answers for (GDPR Art. 15)."""
    if active is not None and active.organisation_id == case.company_id:
        return FULL
    if user is None or not user.is_authenticated:
        return NOTHING
    taking_part = case.__dict__.get("_participations")  # read with the case for its page
    if taking_part is None and "participations" in case.__dict__:  # `case_get_for` brought them
        taking_part = case_participations(case)
    if taking_part is not None:
        ended = ended_parts(case)
        units = case.__dict__.get("_participation_units", {})
        mine = [
            (m.organisation_id, m.organisation.kind, m.unit_id) for m in active_memberships(user)
        ]
        rows = [
            (organisation, taking_part.get(organisation), kind, None, units.get(organisation), unit)
            for organisation, kind, unit in mine
            if organisation == case.company_id or organisation in taking_part
        ] + [
            (organisation, role, kind, seq, None, None)
            for organisation, kind, _unit in mine
            for (ended_organisation, role), seq in ended.items()
            if organisation == ended_organisation
        ]
        return _view_of_rows(rows, case=case, user=user)
    # one query: each of the reader's organisations that is the case's company or takes part,
    # with its part (null for the company), how far it sees (null while the part runs), the
    # unit taking part and the reader's own unit
    rows = (
        Organisation.objects.filter(memberships__user=user, memberships__active=True)
        .annotate(part=FilteredRelation("participations", condition=Q(participations__case=case)))
        .filter(Q(pk=case.company_id) | Q(part__isnull=False))
        .values_list(
            "pk", "part__role", "kind", "part__seen_until", "part__unit_id", "memberships__unit_id"
        )
    )
    return _view_of_rows(rows, case=case, user=user)


def _view_of_rows(rows, *, case: Case, user) -> View:
    """The view from (organisation, part, kind, seen until, unit taking part, reader's unit) of
    each of the reader's organisations that is the case's company or takes part in it: a running
    part sees the case as it is; only when every part ended, the reader sees it up to the latest
    end. Where a unit takes part (the Agentur für Arbeit's consent team), a reader in another unit
    of the organisation (its employer service) gets nothing from that part: the consent file is
    the consent team's (§ 39 AufenthG); the employer service follows its referral's progress
    (`welcome.referrals`). A reader in no unit acts for the organisation as a whole (its leads).
    The rule is `visibility.unit_sees`, which keeps such a reader from the case altogether where
    that part is its organisation's only one."""
    audiences, ended, until = set(), set(), []
    for organisation, role, kind, seen_until, unit_taking_part, own_unit in rows:
        if organisation == case.company_id:
            return FULL
        if not unit_sees(own_unit, unit_taking_part):
            continue
        if seen_until is None:
            audiences.add(audience_of(role=role, kind=kind))
        else:
            ended.add(audience_of(role=role, kind=kind))
            until.append(seen_until)
    if audiences:
        return View(frozenset(audiences))
    if ended:
        return View(frozenset(ended), until=max(until))
    if is_platform_admin(user):
        return view_of(Audience.PLATFORM)
    return NOTHING


def project(view: View, record: str, data):
    """The one projection: `data` (a dict of the `record` kind: "case", "family", "assessment" or
    an event type) as `view` sees it, each withheld value replaced by WITHHELD. The input is never
    changed: where the view withholds something the answer is a new dict, otherwise the input."""
    if not isinstance(data, dict):
        return data
    places = PLACES.get(record, {})
    if not places or view.parts >= {part for part in places.values()}:
        return data
    out = dict(data)
    for path, part in places.items():
        if part not in view.parts:
            _withhold(out, path)
    return out


def _withhold(data: dict, path: tuple[str, ...]) -> None:
    """Replace the value at `path` (copying the dicts on the way, so the input stays as it was)."""
    key = path[0]
    if key not in data:
        return
    if len(path) == 1:
        data[key] = WITHHELD
        return
    if isinstance(data[key], dict):
        data[key] = dict(data[key])
        _withhold(data[key], path[1:])


# A recognition body's letters reach the company through the authority (§ 14a Abs. 2 S. 5 BQFG,
# § 81a Abs. 3 Nr. 3 AufenthG): the company sees one once the authority has passed it on.
PASSED_ON = frozenset(
    {
        EventType.RECOGNITION_RECEIPT_CONFIRMED,
        EventType.RECOGNITION_EVIDENCE_REQUESTED,
        EventType.RECOGNITION_EXTENDED,
        EventType.RECOGNITION_DECIDED,
    }
)


def events_shown(view: View, events: list) -> list:
    """The events of a case's log that `view` is shown at all (each has `type`, `payload`, `seq`):
    the company is not shown an internal message between partners, nor a recognition body's
    letter the authority has not passed on yet. Every reader of events (page, API, export) asks
    here; partners see every event (projected by `project`), a reader whose part ended only
    those up to its end (`View.until`)."""
    if view.until is not None:
        events = [event for event in events if event.seq <= view.until]
    if Audience.COMPANY not in view.audiences:
        return list(events)
    passed = {
        event.payload.get("about")
        for event in events
        if event.type == EventType.AUTHORITY_EMPLOYER_INVITED
    }
    return [
        event
        for event in events
        if not (event.type == EventType.MESSAGE_SENT and event.payload.get("internal"))
        and not (
            event.type in PASSED_ON
            and not event.payload.get("on_behalf")
            and event.seq not in passed
        )
    ]


def tracks_shown(view: View, tracks: list, events: list) -> list:
    """The case's tracks as `view` is shown them: the company sees the recognition track as the
    letters it was shown left it (§ 14a Abs. 2 S. 5 BQFG: the body's correspondence runs through
    the authority), not a receipt, request or decision the authority has not passed on yet.
    `events` holds at least the case's recognition events and the authority's passing on (each
    with `type`, `payload`, `seq`, `at`); partners see every track as stored."""
    recognition = next((t for t in tracks if t.kind == TrackKind.RECOGNITION), None)
    if Audience.COMPANY not in view.audiences or recognition is None:
        return list(tracks)
    moves = TABLES[TrackKind.RECOGNITION].events
    shown = {event.seq for event in events_shown(view, events)}
    state, last = None, None
    for event in sorted(events, key=lambda e: e.seq):
        if event.type not in moves:
            continue
        state = track_apply(TrackKind.RECOGNITION, state, event.type)
        if event.seq in shown:
            last = Track(
                case_id=recognition.case_id,
                kind=recognition.kind,
                person=recognition.person,
                state=state,
                since=event.at,
                seq=event.seq,
            )
    if last is not None and last.seq == recognition.seq:
        return list(tracks)
    return [
        (last if track is recognition else track)
        for track in tracks
        if track is not recognition or last is not None
    ]


def case_values(view: View, case: Case) -> dict:
    """The intake columns of `case` as `view` sees them."""
    return project(view, "case", {name: getattr(case, name) for name in INTAKE_FIELDS})


def as_json(data):
    """Projected `data` for JSON: a withheld value becomes {"$withheld": true}."""
    if data is WITHHELD:
        return {"$withheld": True}
    if isinstance(data, dict):
        return {key: as_json(item) for key, item in data.items()}
    if isinstance(data, list):
        return [as_json(item) for item in data]
    return data


def parts_named(audience: str) -> str:
    """What an audience sees, as a sentence's list ("the worker's name, languages, …")."""
    seen = [str(label) for part, label in Part.choices if part in SEES[audience]]
    return ", ".join(seen)


def will_see(*, kind: str) -> str:
    """What a partner of `kind` brought into a case will see, in a sentence."""
    audience = audience_of(role=ParticipantRole.CONTACT, kind=kind)
    return gettext("%(parts)s, and the case's stage and contact persons") % {
        "parts": parts_named(audience)
    }


NOT_SHARED_HINT = _(
    "Your organisation sees what its part in the case needs; other details are not shared with it."
)


# The README's words for the table (the README is English; the labels above are translated).
README_AUDIENCES = {
    Audience.COMPANY: "company",
    Audience.CHAMBER: "competent chamber",
    Audience.AUTHORITY: "competent authority",
    Audience.EMPLOYMENT_AGENCY: "Agentur für Arbeit",
    Audience.RECOGNITION_BODY: "recognition body",
    Audience.WELCOME_CENTER: "Welcome Center",
    Audience.JOBCENTER: "Jobcenter",
    Audience.ADVICE: "first-consultation adviser",
    Audience.CAREER_COUNSELLING: "career counselling (family member)",
    Audience.PARTNER: "other partner brought in",
    Audience.PLATFORM: "platform admin (export)",
}
README_PARTS = {
    Part.NAME: "name",
    Part.CONTACT: "e-mail",
    Part.IDENTITY: "birth date, citizenship",
    Part.PASSPORT: "passport",
    Part.LANGUAGES: "languages",
    Part.QUALIFICATION: "qualification",
    Part.JOB: "job (no salary)",
    Part.SALARY: "salary, pension",
    Part.RESIDENCE: "residence",
    Part.FAMILY: "family",
    Part.PRECHECK: "pre-check",
    Part.REASONS: "reasons, notes",
    Part.CONSENT: "consent decision",
    Part.DOCUMENTS: "documents",
    Part.READ_LOG: "read log",
}


def readme_table() -> str:
    """The rule as the README prints it (a test holds the README to it)."""
    lines = [
        "| who \\ sees | " + " | ".join(README_PARTS[part] for part in Part.values) + " |",
        "|---|" + "---|" * len(Part.values),
    ]
    for audience in Audience.values:
        marks = ["✓" if part in SEES[audience] else "—" for part in Part.values]
        lines.append(f"| {README_AUDIENCES[audience]} | " + " | ".join(marks) + " |")
    return "\n".join(lines)
