"""API shapes of the case: one input and one output schema per operation."""

import datetime
from uuid import UUID

from ninja import ModelSchema, Schema
from pydantic import ConfigDict, Field

from lotse.cases.intake import INTAKE_FIELDS
from lotse.cases.models import Case
from lotse.cases.personal import as_json


class CaseIntakeIn(ModelSchema):
    """Intake fields; every one optional, unknown keys refused."""

    model_config = ConfigDict(extra="forbid")

    class Meta:
        model = Case
        fields = list(INTAKE_FIELDS)
        fields_optional = "__all__"


def company_name(case: Case) -> str:
    return case.company.name


def chamber_name(case: Case) -> str | None:
    return case.chamber.name if case.chamber else None


class CaseOut(Schema):
    id: UUID
    reference: str
    state: str
    company: str
    chamber: str | None
    worker_name: str
    created_at: datetime.datetime

    resolve_company = staticmethod(company_name)
    resolve_chamber = staticmethod(chamber_name)


class CasePageOut(Schema):
    items: list[CaseOut]
    next: str | None = Field(description="Cursor of the next (older) page; null on the last page")


class CaseDetailOut(ModelSchema):
    """The whole case as entered, with its state and organisations."""

    company: str
    chamber: str | None
    worker_name: str

    class Meta:
        model = Case
        fields = ["id", "reference", "state", "created_at", "authority_choice", *INTAKE_FIELDS]

    # ninja collects resolvers from each schema's own namespace, so each schema names them
    resolve_company = staticmethod(company_name)
    resolve_chamber = staticmethod(chamber_name)


class SubmitIn(Schema):
    model_config = ConfigDict(extra="forbid")
    chamber: str = Field(description="Key of the chamber: ihk-hannover or hwk-hannover")


class EventOut(Schema):
    seq: int
    type: str
    at: datetime.datetime
    organisation: str | None
    payload: dict = Field(description='Personal values opened; an erased one is {"$erased": true}')
    hash: str

    @staticmethod
    def resolve_payload(event) -> dict:
        return as_json(event.data)

    @staticmethod
    def resolve_organisation(event) -> str | None:
        return event.organisation.key if event.organisation else None
