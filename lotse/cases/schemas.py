"""API shapes of the case: one input and one output schema per operation."""

import datetime
from dataclasses import asdict
from uuid import UUID

from django.core.validators import ProhibitNullCharactersValidator
from ninja import ModelSchema, Schema
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from lotse.cases.erasure import last_erasure, last_erasure_in
from lotse.cases.intake import INTAKE_FIELDS
from lotse.cases.models import Case
from lotse.cases.need_to_know import Audience, tracks_shown, view_for
from lotse.cases.need_to_know import as_json as withheld_as_json
from lotse.cases.personal import as_json
from lotse.cases.plausibility import case_warnings
from lotse.cases.selectors import RowShape, case_tracks, case_version
from lotse.cases.tracks import TABLES, TrackKind
from lotse.orgs.middleware import membership_of


def without_nul(value):
    """Refuse a NUL character anywhere in a text (keys of nested data too): PostgreSQL stores
    none, so it would fail at the database instead of naming the field."""
    if isinstance(value, str) and "\x00" in value:
        # the sentence Django's forms give for it, in the user's language
        raise ValueError(str(ProhibitNullCharactersValidator.message))
    if isinstance(value, dict):
        for key, item in value.items():
            without_nul(key)
            without_nul(item)
    if isinstance(value, list):
        for item in value:
            without_nul(item)
    return value


VERSION_HELP = (
    "The case's version (the number of its last event, `version` of the case) on which the step "
    "was chosen; if the case changed since, the step is refused with 409 `case_changed`."
)


class CaseIntakeIn(ModelSchema):
    """Intake fields; every one optional, unknown keys refused. `version` (optional here) is the
    case version the change was made on: an older one is refused with 409 `case_changed`."""

    model_config = ConfigDict(extra="forbid")
    version: int | None = Field(None, ge=0, description=VERSION_HELP)

    class Meta:
        model = Case
        fields = list(INTAKE_FIELDS)
        fields_optional = "__all__"

    _no_nul = field_validator("*")(without_nul)


def company_name(case: Case) -> str:
    return case.company.name


def chamber_name(case: Case) -> str | None:
    return case.chamber.name if case.chamber else None


class CaseOut(Schema):
    """A case in the list, read in the shape `LIST_ROW`."""

    id: UUID
    reference: str
    state: str
    company: str
    chamber: str | None
    worker_name: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_company(case) -> str:
        return case.row_company_name

    @staticmethod
    def resolve_chamber(case) -> str | None:
        return case.row_chamber_name


# What the API's list reads of each case: `CaseOut`'s fields and no more (issue 13: the whole case
# with its company and chamber was most of the list's cost).
LIST_ROW = RowShape(
    columns=("reference", "state", "worker_first_name", "worker_last_name", "created_at"),
    related={"row_company_name": "company__name", "row_chamber_name": "chamber__name"},
)


class CasePageOut(Schema):
    items: list[CaseOut]
    next: str | None = Field(description="Cursor of the next (older) page; null on the last page")


class WarningOut(Schema):
    """A plausibility warning (`cases/plausibility.py`): saved, but submission asks to confirm."""

    code: str = Field(
        description="salary_zero, salary_high, worker_young, qualification_early, start_past "
        "or workplace_outside"
    )
    field: str = Field(description="The intake field it concerns")
    message: str = Field(description="In the caller's language")


def case_view(case: Case, context):
    """The caller's need-to-know view of `case` (`cases/need_to_know.py`), asked once per case."""
    if getattr(case, "view", None) is None:
        request = context["request"]
        case.view = view_for(user=request.user, case=case, active=membership_of(request))
    return case.view


class TrackOut(Schema):
    """One track of the procedure as the caller is shown it."""

    kind: str = Field(description="agreement, recognition, consent, preapproval, visa, …")
    person: str = Field(description='"" for the case as a whole, "worker" or a family member\'s id')
    state: str
    since: datetime.datetime


def shown_tracks(case: Case, view) -> list[dict]:
    """The case's tracks through the one projection (`need_to_know.tracks_shown`): the company
    reads the recognition track as the letters the authority passed on left it."""
    tracks = case_tracks(case=case)
    events = []
    if Audience.COMPANY in view.audiences and any(t.kind == TrackKind.RECOGNITION for t in tracks):
        from lotse.cases.event_types import EventType

        moves = {*TABLES[TrackKind.RECOGNITION].events, EventType.AUTHORITY_EMPLOYER_INVITED}
        events = list(case.events.filter(type__in=moves).order_by("seq"))
    return [
        {"kind": t.kind, "person": t.person, "state": t.state, "since": t.since}
        for t in tracks_shown(view, tracks, events)
    ]


class CaseDetailOut(ModelSchema):
    """The case as the caller's part in it needs it (need to know), with its state,
    organisations and version (the number of its last event, which every step names). A field
    the caller's organisation is not shown is null and named in `withheld`."""

    company: str
    chamber: str | None
    worker_name: str
    version: int
    allowed_steps: list[str] = Field(
        description="The steps the caller may take on the case now (the case page's forms), "
        "each `POST /cases/{case_id}/<step>` with dashes for underscores"
    )
    personal_data_erased_at: datetime.datetime | None = Field(
        description="When the case's personal data was last erased as a whole (retention period "
        "or erasure request); its personal fields are empty since"
    )
    warnings: list[WarningOut] = Field(
        description="Plausibility warnings of the values: submission needs `confirm_warnings`"
    )
    withheld: list[str] = Field(
        description="Intake fields not shared with the caller's organisation (need to know); "
        "each is null here"
    )
    tracks: list[TrackOut] = Field(
        description="The procedure's parallel tracks; the company sees the recognition as far "
        "as the authority passed the body's letters on (§ 14a Abs. 2 S. 5 BQFG)"
    )

    class Meta:
        model = Case
        fields = ["id", "reference", "state", "created_at", "authority_choice", *INTAKE_FIELDS]
        # null where withheld
        fields_optional = list(INTAKE_FIELDS)

    @staticmethod
    def resolve_withheld(case: Case, context) -> list[str]:
        return list(case_view(case, context).withheld_fields)

    @staticmethod
    def resolve_tracks(case: Case, context) -> list[dict]:
        return shown_tracks(case, case_view(case, context))

    @model_validator(mode="after")
    def _withhold(self, info: ValidationInfo):
        for name in self.withheld:
            setattr(self, name, None)
        return self

    # ninja collects resolvers from each schema's own namespace, so each schema names them
    resolve_company = staticmethod(company_name)
    resolve_chamber = staticmethod(chamber_name)

    @staticmethod
    def resolve_version(case: Case) -> int:
        seen_until = getattr(case, "seen_until", None)
        return seen_until if seen_until is not None else case_version(case=case)

    @staticmethod
    def resolve_personal_data_erased_at(case: Case) -> datetime.datetime | None:
        if getattr(case, "seen_until", None) is not None:
            erasure = last_erasure_in(
                [e for e in case.__dict__.get("_timeline", []) if e.seq <= case.seen_until]
            )
            return erasure.at if erasure else None
        erasure = last_erasure(case)
        return erasure.at if erasure else None

    @staticmethod
    def resolve_warnings(case: Case, context) -> list[dict]:
        # a warning speaks of the fact it doubts (the salary, the birth date): only to readers
        # who see that field
        withheld = case_view(case, context).withheld_fields
        return [asdict(w) for w in case_warnings(case) if w.field not in withheld]

    @staticmethod
    def resolve_allowed_steps(case: Case, context) -> list[str]:
        # the step table imports these schemas, so it is looked up when a case is answered
        from lotse.cases.steps import allowed_steps

        if getattr(case, "seen_until", None) is not None:  # a part that ended takes no step
            return []
        return allowed_steps(case=case, actor=membership_of(context["request"]))


class EventOut(Schema):
    seq: int
    type: str
    at: datetime.datetime
    organisation: str | None
    payload: dict = Field(
        description='Personal values opened; an erased one is {"$erased": true}, one not shared '
        'with the caller\'s organisation (need to know) {"$withheld": true}'
    )
    hash: str

    @staticmethod
    def resolve_payload(event) -> dict:
        return as_json(withheld_as_json(event.data))

    @staticmethod
    def resolve_organisation(event) -> str | None:
        return event.organisation.key if event.organisation else None


class StepIn(Schema):
    """The input every step carries: the case version it was chosen on."""

    model_config = ConfigDict(extra="forbid")
    version: int = Field(ge=0, description=VERSION_HELP)

    _no_nul = field_validator("*")(without_nul)


REASON = {"max_length": 4000}


class SubmitIn(StepIn):
    chamber: str = Field(description="Key of a chamber (IHK or HWK) of the case's region")
    choice: str = Field(
        "",
        description="Key of the authority option the employer chooses, while the region offers a "
        "choice (the case's `authority_choice`; required then, refused otherwise)",
    )
    confirm_warnings: bool = Field(
        False,
        description="Confirms that the values of the case's plausibility warnings (`warnings` of "
        "the case) were checked; without it, a case with warnings is refused with 422 and the "
        "warnings under `fields.confirm_warnings`",
    )


class WithdrawIn(StepIn):
    text: str = Field("", description="Why the case is withdrawn (optional)", **REASON)


class ReturnIn(StepIn):
    text: str = Field(description="What is missing", **REASON)


class AnswerReturnIn(StepIn):
    text: str = Field(description="The company's answer to the return for completion", **REASON)


class ForwardIn(StepIn):
    text: str = Field(
        "",
        description=(
            "Why the dossier is forwarded although its pre-check is stale or missing or its "
            "checklist has gaps (required then; the refusal `dossier_not_ready` names them in "
            "`fields.missing`)"
        ),
        **REASON,
    )


class NoProspectIn(StepIn):
    text: str = Field(description="Why the case has no prospect, with the legal reason", **REASON)


class RequestForwardingIn(StepIn):
    text: str = Field("", description="Note to the chamber (optional)", **REASON)


class ChooseAuthorityIn(StepIn):
    choice: str = Field(description="Key of the authority option the employer chooses")


class DecideConsentIn(StepIn):
    decision: str = Field(description="given or refused")
    text: str = Field("", description="Reason for the refusal (required when refused)", **REASON)


class AssignContactIn(StepIn):
    membership: UUID = Field(description="Membership id of a person of your organisation")


class InvolvePartnerIn(StepIn):
    organisation: str = Field(description="Key of a partner organisation of the case's region")
    confirm: bool = Field(
        False,
        description="Must be true: the caller confirms that the partner takes part and sees what "
        "its part needs (need to know; a refusal names what it would see)",
    )


class FamilyAddIn(StepIn):
    relation: str = Field(description="spouse or child")
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    birth_date: datetime.date
    qualification: str = Field("", max_length=200)
    career: str = Field("", max_length=500, description="Occupation and career wishes")


class FamilyRemoveIn(StepIn):
    member: UUID = Field(description="Id of the family member to remove")


class RefusalOut(Schema):
    """The API's error envelope (`lotse.api`), as the step operations document it."""

    code: str = Field(
        description="not_your_step (403), not_found (404), the guard's code or case_changed "
        "(409), invalid (422)"
    )
    message: str = Field(description="In the caller's language")
    fields: dict = Field(
        description="Messages by field (422); `missing` fields; `current` version and state "
        "(case_changed)"
    )


class StepOut(Schema):
    """What happened, in the caller's language, and the case as it is now."""

    message: str
    case: CaseDetailOut


# The pre-check's result: plain pydantic models (not ninja's `Schema`), so that keys beyond the
# ones named here (explanations, labels, citations …) pass through as the engine gives them.
class ConditionOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    status: str = Field(description="met, not_met, unknown, outstanding or pending")


class PathwayOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    title: str
    open: bool | None = Field(description="true: open, false: closed, null: undecided")
    variant: str
    conditions: list[ConditionOut]


class AssessmentOut(BaseModel):
    """The pre-check's result (`lotse.precheck`), explanations in German and English."""

    model_config = ConfigDict(extra="allow")
    reference_date: datetime.date
    outcome: str
    summary: dict = Field(description="The result in a few sentences, by language")
    provisional: dict | None = Field(
        None, description="Set when the year's thresholds are not published yet"
    )
    open_pathways: list[str]
    closed_pathways: list[str]
    undecided_pathways: list[str]
    pathways: list[PathwayOut]
    decided_by: list[dict] = Field(description="What decides each undecided pathway")
    parameters: list[dict] = Field(description="The dated parameters applied, with references")
