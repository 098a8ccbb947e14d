"""The hash-chained event log: append, and check one chain (`audit.py` checks every case).

Each event's hash covers case, seq, type, actor, organisation, time, payload and the previous hash,
over canonical JSON (sorted keys, no floats: amounts as decimal strings, dates ISO), so that what
PostgreSQL's jsonb gives back hashes as what was written. One chain per case lets the retention job
drop a whole case cleanly.
"""

import datetime
import hashlib

from lotse.cases.canonical import canonical, plain
from lotse.cases.models import Case, CaseEvent
from lotse.cases.personal import payload_seal, values_store
from lotse.cases.projections import projections_fold
from lotse.core import clock

GENESIS = "0" * 64


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
    # Personal values enter the hashed payload only as commitments (`cases/personal.py`).
    data, sealed = payload_seal(type=str(type), payload=plain(payload or {}))
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
    values_store(event=event, sealed=sealed)
    # The case row keeps the head of its chain, so a log cut short at its end is detected too;
    # its change time is the last event's, which the work list shows as "last change".
    Case.objects.filter(pk=case.pk).update(log_head=digest, updated_at=event.at)
    case.log_head, case.updated_at = digest, event.at
    projections_fold(case=case, event=event)
    return event


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
