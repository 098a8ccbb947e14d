"""A small hand-made event log for the statistics' tests: cases of a company of their own, each
event appended through the log at a chosen moment, so every figure's answer is known."""

import datetime

from lotse.cases.log import event_append
from lotse.cases.models import Case
from lotse.core.clock import BERLIN, travel_to
from lotse.orgs.models import Organisation, OrgKind
from lotse.orgs.services import organisation_create


def company_of_its_own(key: str = "stats-test-gmbh") -> Organisation:
    return organisation_create(key=key, kind=OrgKind.COMPANY, name="Statistik Test GmbH")


def case_of(company: Organisation, opener, reference: str) -> Case:
    return Case.objects.create(reference=reference, company=company, created_by=opener)


def log(case: Case, type: str, day: str, actor=None, **payload):
    moment = datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(11), tzinfo=BERLIN
    )
    with travel_to(moment):
        return event_append(case=case, actor=actor, type=type, payload=payload)
