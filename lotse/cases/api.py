from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from lotse.cases import selectors, services
from lotse.cases.access import access_record
from lotse.cases.prechecks import (
    case_run_precheck,
    precheck_input_from,
    precheck_input_schema,
    storable,
)
from lotse.cases.schemas import (
    CaseDetailOut,
    CaseIntakeIn,
    CasePageOut,
    EventOut,
    SubmitIn,
)
from lotse.cases.visibility import case_get_for
from lotse.core import clock
from lotse.core.pagination import BadCursor, newest_first
from lotse.orgs.middleware import membership_of
from lotse.orgs.models import Organisation
from lotse.precheck import assess

router = Router(tags=["cases"])


@router.get("/cases", response=CasePageOut)
def get_cases(request, mine: bool = False, after: str | None = None):
    """The visible cases, newest first, 50 a page; pass `next` as `after` for the next page."""
    cases = selectors.case_list_for(user=request.user, mine=mine)
    try:
        page = newest_first(cases, after=after)
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
    case = case_get_for(user=request.user, case_id=case_id)
    access_record(request=request, case=case, action="api.case")
    return case


@router.patch("/cases/{case_id}", response=CaseDetailOut)
def patch_case(request, case_id: UUID, payload: CaseIntakeIn):
    case = case_get_for(user=request.user, case_id=case_id)
    fields = payload.model_dump(exclude_unset=True)
    return services.case_update(case=case, actor=membership_of(request), fields=fields)


@router.post("/cases/{case_id}/submit", response=CaseDetailOut)
def post_case_submit(request, case_id: UUID, payload: SubmitIn):
    case = case_get_for(user=request.user, case_id=case_id)
    chamber = get_object_or_404(Organisation, key=payload.chamber)
    return services.case_submit(case=case, actor=membership_of(request), chamber=chamber)


@router.get("/cases/{case_id}/events", response=list[EventOut])
def get_case_events(request, case_id: UUID):
    case = case_get_for(user=request.user, case_id=case_id)
    access_record(request=request, case=case, action="api.events")
    return selectors.case_timeline(case=case)


@router.post(
    "/precheck",
    response=dict,
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


@router.post("/cases/{case_id}/precheck", response={201: dict}, tags=["precheck"])
def post_case_precheck(request, case_id: UUID):
    """Run the pre-check on a case (chamber) or the self-check (company); the run is recorded."""
    case = case_get_for(user=request.user, case_id=case_id)
    assessment = case_run_precheck(case=case, actor=membership_of(request))
    return Status(201, storable(assessment))
