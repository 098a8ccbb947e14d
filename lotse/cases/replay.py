"""`audit verify`'s replay of the participants and the tracks: fold the log again and compare it
with the stored `Participant`, `Track` and `NextStep` rows, naming the first disagreement."""

from lotse.cases.event_types import EventType
from lotse.cases.models import Case, CaseEvent, NextStep, Participant
from lotse.cases.projections import StoredRows, next_step_derive, stored_tracks
from lotse.cases.tracks import fold
from lotse.core.errors import DomainError

Found = tuple[int, str] | None


def participants_fold(events: list[CaseEvent]) -> dict[tuple[str, str], int]:
    """Each part an organisation takes as the log says: (key, role) → seq of the event that said
    so (an organisation may take part in two roles, e.g. chamber and recognition body)."""
    parts: dict[tuple[str, str], int] = {}
    for event in events:
        if event.type == EventType.PARTICIPANT_ADDED:
            parts[event.payload["organisation"], event.payload["role"]] = event.seq
        elif event.type == EventType.PARTICIPANT_ROLE_CHANGED:
            parts.pop((event.payload["organisation"], event.payload["old"]), None)
            parts[event.payload["organisation"], event.payload["new"]] = event.seq
    return parts


def participants_verify(
    case: Case, events: list[CaseEvent], rows: StoredRows | None = None
) -> Found:
    logged = participants_fold(events)
    if rows is not None:
        stored = {(key, role) for _pk, role, _org, key, _unit in rows.participants}
    else:
        stored = set(Participant.objects.filter(case=case).values_list("organisation__key", "role"))
    last = events[-1].seq if events else 0
    for (key, role), seq in sorted(logged.items(), key=lambda item: item[1]):
        if (key, role) not in stored:
            found = sorted(r for k, r in stored if k == key)
            if found:
                return seq, f"participant {key}: stored role '{found[0]}', log says '{role}'"
            return seq, f"participant {key}: in the log, missing from the case"
    for key, _role in sorted(stored - set(logged)):
        return last, f"participant {key}: on the case, not in the log"
    return None


def _track_name(kind: str, person: str) -> str:
    return f"{kind} of {person}" if person else kind


def tracks_verify(case: Case, events: list[CaseEvent], rows: StoredRows | None = None) -> Found:
    try:
        logged = fold((event.type, event.payload) for event in events)
    except DomainError:
        return events[-1].seq, "track events do not follow the track's table"
    stored = stored_tracks(case, rows)
    last = events[-1].seq if events else 0
    for key in sorted(set(logged) | set(stored)):
        name = _track_name(*key)
        if key not in stored:
            return last, f"track {name}: log says '{logged[key]}', missing from the case"
        if key not in logged:
            return last, f"track {name}: stored '{stored[key]}', not in the log"
        if stored[key] != logged[key]:
            return last, f"track {name}: stored '{stored[key]}', log says '{logged[key]}'"
    return None


def next_step_verify(case: Case, events: list[CaseEvent], rows: StoredRows | None = None) -> Found:
    """Run after the state and the tracks agree with the log, so the derivation can trust them."""
    derived = next_step_derive(case, rows, events)
    if rows is not None:
        stored = rows.next_step
    else:
        stored = NextStep.objects.filter(case=case).values(*derived).first()
    last = events[-1].seq if events else 0
    if stored is None:
        return last, "next step: missing from the case"
    for name, value in derived.items():
        if stored[name] != value:
            return last, f"next step: stored {name} '{stored[name]}', derived '{value}'"
    return None


def projections_verify(
    case: Case, events: list[CaseEvent], rows: StoredRows | None = None
) -> Found:
    """The first disagreement of participants, tracks or next step with the log, or None
    (`rows`: the stored rows, read already for a batch of cases)."""
    return (
        participants_verify(case, events, rows)
        or tracks_verify(case, events, rows)
        or next_step_verify(case, events, rows)
    )
