"""A person's data export (Auskunft, Art. 15 GDPR): everything stored about the worker or a family
member of one case, as JSON, through the requester's need-to-know view.

The export goes through `need_to_know.project` like the case page and the API, so no requester
exports more than it sees; what its view withholds is named (`withheld_parts`) and shown as
{"$withheld": true}, an erased value as {"$erased": true}. Each export is a read-log entry.
"""

import json
from uuid import UUID

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
from django.utils.translation import gettext as _

from lotse.cases.access import access_record
from lotse.cases.event_types import EventType
from lotse.cases.models import Case, CaseAccess, CaseEvent, FamilyMember
from lotse.cases.need_to_know import (
    FAMILY_FIELDS,
    Part,
    View,
    case_values,
    events_shown,
    project,
    view_for,
)
from lotse.cases.need_to_know import as_json as withheld_as_json
from lotse.cases.personal import WORKER, as_json, events_open
from lotse.core import clock

FORMAT = "lotse.person-export/1"
# Event types of a family member's own (its payload names the member).
FAMILY_EVENTS = (EventType.FAMILY_ADDED, EventType.FAMILY_REMOVED)
PRECHECKS = (EventType.PRECHECK_RUN, EventType.SELF_CHECK_RUN, EventType.NO_PROSPECT_ADVISED)


def person_of(case: Case, person: str) -> FamilyMember | None:
    """`person` ("worker" or a family member's id) checked against the case: None for the
    worker, the member otherwise; anything else is not found."""
    if person == WORKER:
        return None
    try:
        return case.family.get(pk=UUID(str(person)))
    except (ValueError, FamilyMember.DoesNotExist):
        raise Http404 from None


def person_export(*, case: Case, person: str, view: View) -> dict:
    """Everything stored about `person` in `case`, as `view` sees it: the intake values (worker),
    the family data, the pre-check results, the events mentioning the person (the worker: every
    event of their procedure) and the read-log entries of the case."""
    member = person_of(case, person)
    events = events_shown(
        view, events_open(case.events.select_related("organisation").order_by("seq"))
    )
    if member is not None:
        events = [event for event in events if _mentions(event, str(member.pk))]
    family = case.family.all() if member is None else [member]
    export = {
        "format": FORMAT,
        "legal_basis": "Art. 15 GDPR",
        "made_at": clock.now(),
        "case": {
            "reference": case.reference,
            "state": case.state,
            "company": case.company.name,
            "created_at": case.created_at,
        },
        "person": {"kind": "worker" if member is None else "family_member", "id": person},
        "withheld_parts": [part for part in Part.values if not view.sees(part)],
        "intake": case_values(view, case) if member is None else None,
        "family": [_member(view, row) for row in family],
        "prechecks": [_precheck(view, event) for event in events if event.type in PRECHECKS]
        if member is None
        else [],
        "events": [_event(view, event) for event in events],
        "read_log": _read_log(case) if view.sees(Part.READ_LOG) else {"$withheld": True},
    }
    return as_json(withheld_as_json(export))


def _mentions(event: CaseEvent, member_id: str) -> bool:
    return event.type in FAMILY_EVENTS and str(event.payload.get("member")) == member_id


def _member(view: View, member: FamilyMember) -> dict:
    data = {"id": str(member.pk), "relation": member.relation}
    data |= {name: getattr(member, name) for name in FAMILY_FIELDS}
    return project(view, "family", data)


def _precheck(view: View, event: CaseEvent) -> dict:
    data = {"at": event.at, "type": event.type} | {
        key: event.data.get(key) for key in ("outcome", "assessment")
    }
    return project(view, "assessment", data)


def _event(view: View, event: CaseEvent) -> dict:
    return {
        "seq": event.seq,
        "type": event.type,
        "label": str(event.label),
        "at": event.at,
        "organisation": event.organisation.name if event.organisation else None,
        "data": project(view, event.type, event.data),
    }


def _read_log(case: Case) -> list[dict]:
    """Who read the case, as organisations (the staff act in office; their names are the
    organisation's to give), when and how."""
    rows = CaseAccess.objects.filter(case=case).select_related("organisation").order_by("at", "pk")
    return [
        {
            "at": row.at,
            "organisation": row.organisation.name if row.organisation else _("Lotse platform"),
            "action": row.action,
        }
        for row in rows
    ]


def export_json(export: dict) -> str:
    return json.dumps(export, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def export_filename(reference: str, person: str) -> str:
    who = "worker" if person == WORKER else f"family-{str(person)[:8]}"
    return f"lotse-{reference}-{who}.json"


def export_action(person: str) -> str:
    return "export.worker" if person == WORKER else "export.family"


def export_record(*, request, case: Case, person: str) -> None:
    """The read-log entry of an export, naming the organisation through which the requester sees
    the case (none for the platform administrator)."""
    access_record(request=request, case=case, action=export_action(person))


def platform_export(*, reference: str, person: str, user) -> dict:
    """The platform administrator's export by the case's reference (the page and the command
    line), logged in the case's read log without an organisation."""
    case = case_for_platform(reference=reference)
    export = person_export(case=case, person=person, view=view_for(user=user, case=case))
    CaseAccess.objects.create(
        case=case, user=user, organisation=None, action=export_action(person), at=clock.now()
    )
    return export


def case_for_platform(*, reference: str) -> Case:
    """The case by its reference, for the platform administrator's data export only: it answers
    Art. 15 requests for the platform and has no membership, so `visible_to` lets it see no case;
    the export is logged and is all it reads."""
    found = Case.objects.select_related("company").filter(reference=reference.strip()).first()
    if found is None:
        raise Http404
    return found
