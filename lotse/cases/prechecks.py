"""The pre-check on a case: the intake's facts as the engine's input (no retyping), and its runs.

The engine (`lotse.precheck`) is plain Python; this module maps a case onto its input and records
each run as an event with the full result.
"""

import datetime
import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError as PydanticValidationError

from lotse.cases import events, guards
from lotse.cases.errors import CaseError
from lotse.cases.event_types import EventType
from lotse.cases.models import Case
from lotse.cases.personal import events_open
from lotse.core import clock
from lotse.core.errors import DomainError
from lotse.orgs.models import Membership
from lotse.precheck import Assessment, CaseInput, ParameterUnavailable, assess
from lotse.precheck.inputs import (
    MAX_BYTES,
    MAX_DEPTH,
    NOT_JSON,
    NOT_OBJECT,
    TOO_DEEP,
    TOO_LARGE,
    InputError,
    parse_case_object,
)

PARTS = {
    "person": {
        "birth_date": "worker_birth_date",
        "adequate_pension_provision": "worker_pension_provision",
    },
    "qualification": {
        "level": "qualification_level",
        "state_recognized_abroad": "qualification_state_recognised",
        "recognition": "recognition",
        "zab_comparable": "zab_comparable",
        "graduation_date": "qualification_date",
    },
    "experience": {
        "years_last_5": "experience_years_last_5",
        "it_years_last_7": "it_experience_years_last_7",
    },
    "job": {
        "offer": "job_offer",
        "requires_qualification": "job_requires_qualification",
        "matches_qualification": "job_matches_qualification",
        "annual_gross_salary_eur": "job_salary_eur",
        "shortage_occupation": "job_shortage_occupation",
        "it_specialist": "job_it_specialist",
        "regulated_profession": "job_regulated_profession",
        "professional_licence": "job_licence_granted",
        "employer_collective_agreement": "job_collective_agreement",
        "start_date": "job_start_date",
    },
}


def precheck_input_for(*, case: Case, on: datetime.date) -> CaseInput:
    """The engine's input from the intake on the day `on` (the platform's clock: the engine never
    reads its own here). An empty field is an unknown fact (left out); languages stated without
    German mean no German proven (null). The planned start (`job_start_date`) is the day the
    engine judges the age-45 rule on (§ 18 Abs. 2 Nr. 5 AufenthG: first issuance)."""
    data: dict = {"reference_date": on}
    for part, fields in PARTS.items():
        values = {key: getattr(case, name) for key, name in fields.items()}
        data[part] = {key: value for key, value in values.items() if value not in (None, "")}
    if case.worker_languages:
        data["person"]["german_level"] = case.german_level
    if case.first_residence_title is not None:
        data["first_residence_title_for_employment"] = case.first_residence_title
    if case.recognition_partnership is not None:
        data["recognition_partnership_agreement"] = case.recognition_partnership
    return CaseInput.model_validate(data, context={"today": on})


def precheck_input_schema() -> dict:
    """The engine's input schema with its definitions inlined, for the API's documentation."""
    schema = CaseInput.model_json_schema()
    definitions = schema.pop("$defs", {})

    def inline(node):
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return inline(definitions[ref.removeprefix("#/$defs/")])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    return inline(schema)


INPUT_MESSAGES = {
    NOT_JSON: gettext_lazy("Enter a valid JSON."),
    TOO_DEEP: gettext_lazy("The input is nested too deeply (at most %(depth)s levels)."),
    NOT_OBJECT: gettext_lazy("A case must be a JSON object."),
}


def precheck_input_from(body: bytes, *, today: datetime.date) -> CaseInput:
    """A case for the stateless pre-check from a request body, `today` filling a missing date.

    Over the engine's size limit: 413; not JSON, too deep, not an object: 422 naming `input` (or
    the too deeply nested field); a wrong field: 422 naming it, in the user's language."""
    try:
        parse_case_object(body)
    except InputError as error:
        if error.kind == TOO_LARGE:
            raise HttpError(
                413,
                _("The input is too large: at most %(limit)s bytes.")
                % {"limit": number_format(MAX_BYTES, force_grouping=True)},
            ) from error
        message = INPUT_MESSAGES.get(error.kind, error.message)
        raise ValidationError({error.field: [str(message) % {"depth": MAX_DEPTH}]}) from error
    try:
        return CaseInput.model_validate_json(body, context={"today": today})
    except PydanticValidationError as error:
        errors = [{**e, "loc": ("body", "payload", *e["loc"])} for e in error.errors()]
        raise NinjaValidationError(errors) from error


def storable(assessment: Assessment) -> dict:
    """The full bilingual result as event data: numbers as decimal strings, never floats."""
    text = json.dumps(assessment.to_json_dict(None), default=str)
    return json.loads(text, parse_float=Decimal)


@transaction.atomic
def case_run_precheck(*, case: Case, actor: Membership) -> Assessment:
    """Run the pre-check on the case today and record the run with its full result. The chamber's
    adviser runs it on a submitted case; the company runs it as a self-check before submitting."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    self_check = guards.acts_for_company(actor, case)
    decision = guards.case_can_run_precheck(case=case, actor=actor)
    if not decision.allowed:
        raise DomainError(decision.code)
    try:
        assessment = assess(precheck_input_for(case=case, on=clock.today()))
    except ParameterUnavailable as error:
        raise DomainError(CaseError.PRECHECK_UNAVAILABLE) from error
    events.event_precheck_run(
        case=case, actor=actor, assessment=storable(assessment), self_check=self_check
    )
    return assessment


def precheck_for_chamber(*, case: Case) -> Assessment | None:
    """The pre-check run for the chamber without an adviser's hand (a completed case submitted
    again): recorded as the chamber's run, by nobody. None where the year's values are missing
    (the adviser then runs it once they are there)."""
    try:
        assessment = assess(precheck_input_for(case=case, on=clock.today()))
    except ParameterUnavailable:
        return None
    events.event_precheck_run(
        case=case, actor=None, assessment=storable(assessment), self_check=False
    )
    return assessment


def latest_assessment(*, case: Case) -> dict | None:
    """The result of the case's last pre-check or self-check run, as stored; None if there is
    none or its result was erased."""
    event = (
        case.events.filter(type__in=[EventType.PRECHECK_RUN, EventType.SELF_CHECK_RUN])
        .order_by("-seq")
        .first()
    )
    if event is None:
        return None
    [event] = events_open([event])
    if not isinstance(event.data.get("assessment"), dict):
        return None
    return event.data["assessment"] | {
        "self_check": event.type == EventType.SELF_CHECK_RUN,
        "at": event.at,
    }
