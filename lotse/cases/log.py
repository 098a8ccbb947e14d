"""The hash-chained event log: append, and verify every chain.

Each event's hash covers case, seq, type, actor, organisation, time, payload and the previous hash,
over canonical JSON (sorted keys, no floats: amounts as decimal strings, dates ISO), so that what
PostgreSQL's jsonb gives back hashes as what was written. One chain per case lets the retention job
drop a whole case cleanly.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from lotse.cases.models import Case, CaseEvent
from lotse.cases.projections import projections_fold
from lotse.cases.replay import projections_verify
from lotse.cases.states import replay
from lotse.core import clock

GENESIS = "0" * 64


def plain(value):
    """A JSON-safe copy of `value` without floats: the only form a payload is stored in."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, float):
        raise TypeError("floats are not allowed in event payloads; use Decimal")
    return value


def canonical(data: dict) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_hash(*, case_id, seq, type, actor_id, organisation_id, at, payload, prev_hash) -> str:
    body = {
        "case": str(case_id),
        "seq": seq,
        "type": type,
        "actor": str(actor_id) if actor_id else None,
        "organisation": str(organisation_id) if organisation_id else None,
        "at": at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "payload": payload,
        "prev": prev_hash,
    }
    return hashlib.sha256(canonical(body)).hexdigest()


def event_append(*, case: Case, actor, type: str, payload: dict | None = None) -> CaseEvent:
    """Append one event to `case`'s log. Call it inside the service's transaction, with the case
    row locked, so numbering and chaining are race-free (a unique (case, seq) backs that up)."""
    last = CaseEvent.objects.filter(case=case).order_by("-seq").values("seq", "hash").first()
    seq = last["seq"] + 1 if last else 1
    prev = last["hash"] if last else GENESIS
    at = clock.now()
    data = plain(payload or {})
    actor_id = actor.pk if actor else None
    organisation_id = actor.organisation_id if actor else None
    digest = event_hash(
        case_id=case.pk,
        seq=seq,
        type=str(type),
        actor_id=actor_id,
        organisation_id=organisation_id,
        at=at,
        payload=data,
        prev_hash=prev,
    )
    event = CaseEvent.objects.create(
        case=case,
        seq=seq,
        type=str(type),
        actor=actor,
        organisation_id=organisation_id,
        user_id=actor.user_id if actor else None,
        at=at,
        payload=data,
        prev_hash=prev,
        hash=digest,
    )
    # The case row keeps the head of its chain, so a log cut short at its end is detected too.
    Case.objects.filter(pk=case.pk).update(log_head=digest)
    case.log_head = digest
    projections_fold(case=case, event=event)
    return event


@dataclass(frozen=True)
class BrokenLink:
    case_id: UUID
    reference: str
    seq: int
    problem: str


def chain_verify(events) -> tuple[int, str] | None:
    """The first broken link of one case's ordered events as (seq, problem), or None."""
    prev = GENESIS
    for expected_seq, event in enumerate(events, start=1):
        if event.seq != expected_seq:
            return expected_seq, "is missing"
        if event.prev_hash != prev:
            return event.seq, "does not point to the event before it"
        digest = event_hash(
            case_id=event.case_id,
            seq=event.seq,
            type=event.type,
            actor_id=event.actor_id,
            organisation_id=event.organisation_id,
            at=event.at,
            payload=event.payload,
            prev_hash=event.prev_hash,
        )
        if digest != event.hash:
            return event.seq, "its content does not match its hash"
        prev = event.hash
    return None


def _head_and_state(case: Case, events: list[CaseEvent]) -> tuple[int, str] | None:
    """The chain must end where the case row says, and its events must lead to the case's state."""
    last = events[-1] if events else None
    if (last.hash if last else "") != case.log_head:
        return (last.seq + 1 if last else 1), "is missing: the log ends before its recorded head"
    if replay([event.type for event in events]) != case.state:
        return (last.seq if last else 0), "does not lead to the case's stored state"
    return None


def audit_verify() -> tuple[int, list[BrokenLink]]:
    """Check every case's chain. A system job over all cases, so it skips `visible_to`.

    Returns how many cases were checked and, per broken case, its first broken link."""
    broken: list[BrokenLink] = []
    checked = 0
    cases = Case.objects.only(
        "pk", "reference", "state", "log_head", "company", "chamber", "created_by"
    ).order_by("created_at")
    for case in cases.iterator(chunk_size=500):
        checked += 1
        events = list(CaseEvent.objects.filter(case=case).order_by("seq"))
        found = chain_verify(events) or _head_and_state(case, events)
        found = found or projections_verify(case, events)
        if found is not None:
            broken.append(BrokenLink(case.pk, case.reference, *found))
    return checked, broken
