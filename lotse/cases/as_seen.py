"""A case as it was up to one event of its log: what a reader whose part in the case ended
(`Participant.seen_until`, `need_to_know.View.until`) is shown — the facts, the state and the
family folded from the log up to that event, never the columns as they are now."""

import copy

from lotse.cases.event_types import EventType
from lotse.cases.intake import INTAKE_FIELDS
from lotse.cases.models import Case, FamilyMember
from lotse.cases.personal import ERASED
from lotse.cases.states import replay


def _value(name: str, value):
    """A logged value as the column holds it (dates, amounts); an erased one empty."""
    if value is ERASED or isinstance(value, dict) and value.get("$erased"):
        value = None
    field = Case._meta.get_field(name)
    if value is None:
        return None if field.null else ("" if field.get_internal_type() == "CharField" else None)
    return field.to_python(value) if field.get_internal_type() != "JSONField" else value


def case_as_seen(case: Case, events: list) -> Case:
    """A copy of `case` (never saved) whose intake facts and state are those the log says after
    the last of `events` (the case's opened log, `selectors.case_timeline`, cut at the event)."""
    seen = copy.copy(case)
    facts: dict = {}
    for event in events:
        data = getattr(event, "data", event.payload)
        if event.type == EventType.CASE_CREATED:
            facts.update(data.get("fields") or {})
        elif event.type == EventType.CASE_UPDATED:
            for name, change in (data.get("changes") or {}).items():
                facts[name] = change.get("new") if isinstance(change, dict) else change
    for name in INTAKE_FIELDS:
        setattr(seen, name, _value(name, facts.get(name)))
    seen.state = replay([event.type for event in events])
    seen.seen_until = events[-1].seq if events else 0
    return seen


def family_as_seen(case: Case, events: list) -> list[FamilyMember]:
    """The family members the log names after the last of `events` (unsaved rows)."""
    members: dict = {}
    for event in events:
        data = getattr(event, "data", event.payload)
        if event.type == EventType.FAMILY_ADDED:
            values = {
                name: (None if data.get(name) is ERASED else data.get(name))
                for name in ("relation", "first_name", "last_name", "qualification", "career")
            }
            member = FamilyMember(case=case, **{k: v or "" for k, v in values.items()})
            birth = data.get("birth_date")
            member.birth_date = (
                None
                if birth is ERASED or birth is None
                else FamilyMember._meta.get_field("birth_date").to_python(birth)
            )
            members[str(data.get("member"))] = member
        elif event.type == EventType.FAMILY_REMOVED:
            members.pop(str(data.get("member")), None)
    return list(members.values())
