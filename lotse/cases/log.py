"""The keyed hash-chained event log: append, and check one chain (`audit.py` checks every case).

Each event's hash is an HMAC-SHA-256 (key from the environment, `chain_keys.py`) over every stored
column of the event: case, seq, type, actor, organisation, user, time, payload (its personal values
as commitments), the previous hash and the key id, as canonical JSON (sorted keys, no floats:
amounts as decimal strings, dates ISO), so that what PostgreSQL's jsonb gives back hashes as what
was written. The case row keeps the head (seq and hash); the seals (`sealing/`) keep the heads
outside the database.
"""

import datetime
import hashlib
import hmac

from lotse.cases.canonical import canonical, plain
from lotse.cases.chain_keys import current_key, key_for
from lotse.cases.models import Case, CaseEvent
from lotse.cases.personal import payload_seal, values_store
from lotse.cases.projections import projections_fold
from lotse.core import clock

GENESIS = "0" * 64


def event_body(
    *,
    key_id,
    case_id,
    seq,
    type,
    actor_id,
    organisation_id,
    user_id,
    at,
    payload,
    prev_hash,
) -> bytes:
    """The bytes an event's hash is taken over: its columns as canonical JSON."""
    body = {
        "case": str(case_id),
        "seq": seq,
        "type": type,
        "actor": str(actor_id) if actor_id else None,
        "organisation": str(organisation_id) if organisation_id else None,
        "user": str(user_id) if user_id else None,
        "at": at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "payload": payload,
        "prev": prev_hash,
        "key": key_id,
    }
    return canonical(body)


def stored_body(event) -> bytes:
    """The hashed bytes of a stored event as its columns say now (`event`: a `CaseEvent` or any
    row with its attributes)."""
    return event_body(
        key_id=event.key_id,
        case_id=event.case_id,
        seq=event.seq,
        type=event.type,
        actor_id=event.actor_id,
        organisation_id=event.organisation_id,
        user_id=event.user_id,
        at=event.at,
        payload=event.payload,
        prev_hash=event.prev_hash,
    )


def stored_hash(event, key: bytes) -> str:
    """The hash of a stored event as its columns say now."""
    return hmac.new(key, stored_body(event), hashlib.sha256).hexdigest()


def event_append(
    *, case: Case, actor, type: str, payload: dict | None = None, user=None
) -> CaseEvent:
    """Append one event to `case`'s log. Call it inside the service's transaction, with the case
    row locked, so numbering and chaining are race-free (a unique (case, seq) backs that up).
    `user` names who acted where there is no membership to act through (the platform
    administrator); otherwise the actor's user is recorded."""
    last = CaseEvent.objects.filter(case=case).order_by("-seq").values("seq", "hash").first()
    seq = last["seq"] + 1 if last else 1
    prev = last["hash"] if last else GENESIS
    at = clock.now()
    # Personal values enter the hashed payload only as commitments (`cases/personal.py`).
    data, sealed = payload_seal(type=str(type), payload=plain(payload or {}))
    kid, key = current_key()
    event = CaseEvent(
        case=case,
        seq=seq,
        type=str(type),
        actor=actor,
        organisation_id=actor.organisation_id if actor else None,
        user_id=actor.user_id if actor else (user.pk if user else None),
        at=at,
        payload=data,
        prev_hash=prev,
        key_id=kid,
    )
    event.hash = stored_hash(event, key)
    event.save(force_insert=True)
    values_store(event=event, sealed=sealed)
    # The case row keeps the head of its chain, so a log cut short at its end is detected too;
    # its change time is the last event's, which the work list shows as "last change".
    Case.objects.filter(pk=case.pk).update(log_head=event.hash, log_seq=seq, updated_at=event.at)
    case.log_head, case.log_seq, case.updated_at = event.hash, seq, event.at
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
        key = key_for(event.key_id)
        if key is None:
            return event.seq, f"was chained with key {event.key_id!r}, which is not configured"
        if not hmac.compare_digest(stored_hash(event, key), event.hash):
            return event.seq, (
                "its content does not match its hash (changed, or rehashed without the key)"
            )
        prev = event.hash
    return None
