import inspect
from functools import partial
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from ninja import Form, Router, Status

from lotse.cases import guards, selectors, services
from lotse.cases.access import access_record
from lotse.cases.as_seen import case_as_seen
from lotse.cases.export import export_record, person_export
from lotse.cases.need_to_know import events_shown, project, view_for
from lotse.cases.prechecks import precheck_input_from, precheck_input_schema
from lotse.cases.schemas import (
    LIST_ROW,
    AssessmentOut,
    CaseDetailOut,
    CaseIntakeIn,
    CasePageOut,
    EventOut,
    RefusalOut,
    StepOut,
)
from lotse.cases.steps import STEPS, Step, case_step, step_perform
from lotse.cases.visibility import case_get_for
from lotse.core import clock
from lotse.core.errors import DomainError
from lotse.core.pagination import BadCursor
from lotse.core.uploads import oversize_fields
from lotse.orgs.middleware import membership_of
from lotse.precheck import assess

router = Router(tags=["cases"])


@router.get("/cases", response=CasePageOut)
def get_cases(request, mine: bool = False, after: str | None = None):
    """The visible cases, newest first, 50 a page; pass `next` as `after` for the next page."""
    try:
        page = selectors.cases_for_list(user=request.user, mine=mine, after=after, shape=LIST_ROW)
    except BadCursor as error:
        raise DjangoValidationError(
            {"after": [_("This is not a page cursor of this API.")]}
        ) from error
    return {"items": page.items, "next": page.next_cursor}


@router.post("/cases", response={201: CaseDetailOut})
def post_case(request, payload: CaseIntakeIn):
    fields = payload.model_dump(exclude_unset=True)
    return Status(201, services.case_create(actor=membership_of(request), fields=fields))


@router.get("/cases/{case_id}", response=CaseDetailOut)
def get_case(request, case_id: UUID):
    """The case; for a caller whose organisation's part in it ended (an authority that rejected
    the dossier) as it was then: its facts and state up to that event, `version` that event's
    number, no `allowed_steps`."""
    case = case_get_for(user=request.user, case_id=case_id, as_seen=True)
    access_record(request=request, case=case, action="api.case")
    if case.seen_until is not None:
        view = view_for(user=request.user, case=case, active=membership_of(request))
        events = [e for e in selectors.case_timeline(case=case) if e.seq <= view.until]
        case = case_as_seen(case, events)
        case.view = view
    return case


@router.patch("/cases/{case_id}", response=CaseDetailOut)
def patch_case(request, case_id: UUID, payload: CaseIntakeIn):
    """Change intake fields of a draft or returned case; with `version`, only if the case is
    still at that version."""
    case = case_get_for(user=request.user, case_id=case_id)
    fields = payload.model_dump(exclude_unset=True)
    version = fields.pop("version", None)
    update = partial(services.case_update, fields=fields)
    if version is None:
        return update(case=case, actor=membership_of(request))
    return case_step(case=case, actor=membership_of(request), version=version, run=update)


def step_operation(step: Step):
    """The API operation of one step: its typed body checked by the step's form, its answer the
    success message and the case as it is now (or the step's own answer, e.g. the pre-check's
    result)."""

    def operation(request, case_id: UUID, payload):
        case = case_get_for(user=request.user, case_id=case_id)
        data = payload.model_dump(mode="json")
        done = step_perform(
            step,
            case=case,
            actor=membership_of(request),
            data=data,
            files=request.FILES if step.files else None,
            oversize=oversize_fields(request),
        )
        if step.answer is not None:
            return Status(step.answer[0], step.answer[2](done.result))
        return {"message": done.message, "case": done.case}

    operation.__signature__ = inspect.Signature(
        [
            inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD),
            inspect.Parameter("case_id", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=UUID),
            inspect.Parameter(
                "payload",
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                # a step that takes files reads its fields from the multipart body
                annotation=Form[step.schema] if step.files else step.schema,
            ),
        ]
    )
    operation.__name__ = f"post_case_{step.key}"
    status, schema = (step.answer[0], step.answer[1]) if step.answer else (200, StepOut)
    router.add_api_operation(
        f"/cases/{{case_id}}/{step.slug}",
        ["POST"],
        operation,
        response={status: schema, (403, 404, 409, 422): RefusalOut},
        operation_id=f"case_{step.key}",
        summary=step.summary,
        description=inspect.getdoc(step.service) or "",
        tags=step.tags,
        openapi_extra=_file_body(step) if step.files else None,
    )


def _file_body(step: Step) -> dict:
    """The multipart body of a step that takes a file: the schema's fields and `file`."""
    schema = step.schema.model_json_schema()
    schema["properties"]["file"] = {"type": "string", "format": "binary"}
    schema["required"] = [*schema.get("required", []), "file"]
    schema.pop("title", None)
    return {
        "requestBody": {
            "required": True,
            "content": {"multipart/form-data": {"schema": schema}},
        }
    }


for _step in STEPS.values():
    step_operation(_step)


@router.get("/cases/{case_id}/events", response=list[EventOut])
def get_case_events(request, case_id: UUID):
    """The case's log as the caller's part needs it (for a part that ended: up to its end)."""
    case = case_get_for(user=request.user, case_id=case_id, as_seen=True)
    access_record(request=request, case=case, action="api.events")
    view = view_for(user=request.user, case=case, active=membership_of(request))
    events = events_shown(view, selectors.case_timeline(case=case))
    for event in events:
        event.data = project(view, event.type, event.data)
    return events


@router.get(
    "/cases/{case_id}/export",
    response={200: dict, (403, 404): RefusalOut},
    summary="A person's data export (Art. 15 GDPR)",
)
def get_case_person_export(request, case_id: UUID, person: str = "worker"):
    """Everything stored about the worker (`person=worker`) or a family member (`person=<id>`)
    of the case, as the caller's organisation sees it (need to know): intake values, family,
    pre-check results, the events mentioning the person and the case's read log. A part not
    shared with the caller is {"$withheld": true} and named in `withheld_parts`; an erased
    value is {"$erased": true}. The export is recorded in the read log."""
    case = case_get_for(user=request.user, case_id=case_id)
    actor = membership_of(request)
    decision = guards.case_can_export_person(case=case, actor=actor)
    if not decision:
        raise DomainError(decision.code)
    export = person_export(
        case=case, person=person, view=view_for(user=request.user, case=case, active=actor)
    )
    export_record(request=request, case=case, person=person)
    return export


@router.post(
    "/precheck",
    response=AssessmentOut,
    tags=["precheck"],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": precheck_input_schema()}},
        }
    },
)
def post_precheck(request):
    """Assess a case description with the pre-check engine; nothing is stored. A missing
    `reference_date` is today by the platform's clock. The body is read here rather than by the
    framework, so that its size and depth are limited before it is parsed (the engine's limits)."""
    case = precheck_input_from(request.body, today=clock.today())
    return assess(case).to_json_dict(None)
