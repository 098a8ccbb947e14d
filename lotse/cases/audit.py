"""`audit verify`: every case's log checked against the last seal, and folded against the case's
columns and rows.

Each check is a small function of one case's log (`CaseLog`) that returns the first problem it
finds as (seq, problem), or None; `CHECKS` runs them in order and the first problem names the case.
A new check is one function and one line in `CHECKS`. Erased personal values are not problems:
they are reported beside the result. The cases stream in case-id order beside the last seal's
leaves (`sealing/check.py`), so a case the seal holds and the database lacks is named too.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import NamedTuple
from uuid import UUID

from lotse.cases.canonical import canonical, column_value
from lotse.cases.event_types import EventType
from lotse.cases.intake import INTAKE_FIELDS
from lotse.cases.log import chain_verify
from lotse.cases.models import Case, CaseEvent, FamilyMember, PersonalValue
from lotse.cases.personal import (
    ERASED,
    FAMILY_COLUMNS,
    commitment,
    commitments,
    payload_open,
)
from lotse.cases.projections import StoredRows, stored_rows
from lotse.cases.replay import projections_verify
from lotse.cases.sealing.check import SealedHead, SealedHeads, seal_in_use
from lotse.cases.states import replay

Finding = tuple[int, str] | None


@dataclass(frozen=True)
class BrokenLink:
    case_id: UUID
    reference: str
    seq: int
    problem: str


class LoggedEvent:
    """One stored event as `audit verify` reads it: its columns, without a model instance
    (a million cases are read; the checks, `chain_verify` and the replay need only these)."""

    __slots__ = EVENT_COLUMNS = (
        "pk",
        "case_id",
        "seq",
        "type",
        "actor_id",
        "organisation_id",
        "user_id",
        "at",
        "payload",
        "prev_hash",
        "hash",
        "key_id",
    )

    def __init__(self, *columns) -> None:
        for name, value in zip(self.EVENT_COLUMNS, columns, strict=True):
            setattr(self, name, value)


class StoredValue(NamedTuple):
    """One stored personal value (`PersonalValue`'s columns that the checks read)."""

    event_id: int
    path: str
    value: object
    salt: str
    erased_at: datetime.datetime | None


@dataclass
class CaseLog:
    """One case, its events in order, their stored personal values (by event id and path) and its
    family rows, read for a batch of cases at once (`case_logs`) and shared by all checks."""

    case: Case
    events: list[LoggedEvent]
    values: dict
    family: list[FamilyMember]
    erased: list[BrokenLink] = field(default_factory=list)
    sealed: SealedHead | None = None  # the head the last seal holds; None: newer than the seal
    rows: StoredRows | None = None  # participants, contacts, tracks, next step (None: ask)

    @cached_property
    def data(self) -> dict:
        """Each event's payload opened through the value store, by event id."""
        return {e.pk: payload_open(e.payload, self.values.get(e.pk, {})) for e in self.events}


def chain_holds(log: CaseLog) -> Finding:
    return chain_verify(log.events)


def head_is_recorded(log: CaseLog) -> Finding:
    """The chain must end where the case row says (a log cut short at its end)."""
    last = log.events[-1] if log.events else None
    recorded = (log.case.log_head, log.case.log_seq)
    if ((last.hash, last.seq) if last else ("", 0)) != recorded:
        return (last.seq + 1 if last else 1), "is missing: the log ends before its recorded head"
    return None


def seal_holds(log: CaseLog) -> Finding:
    """The sealed head is still in the chain: the event the seal ends at is there with the hash
    sealed. Later events are held by the chain from it. Without the chain key an attacker breaks
    `chain_holds`; with it, a recomputed or cut chain ends here."""
    sealed = log.sealed
    if sealed is None or sealed.seq == 0:
        return None
    if len(log.events) < sealed.seq:
        return sealed.seq, (
            f"is missing: seal {sealed.number} holds the log up to event {sealed.seq}, it ends at "
            f"event {len(log.events)} (cut short, its head reset)"
        )
    if log.events[sealed.seq - 1].hash != sealed.head:
        return sealed.seq, (
            f"differs from the head seal {sealed.number} holds (the chain was recomputed or "
            "changed up to here)"
        )
    return None


def state_agrees(log: CaseLog) -> Finding:
    if replay([event.type for event in log.events]) != log.case.state:
        return (log.events[-1].seq if log.events else 0), "does not lead to the case's stored state"
    return None


def commitments_hold(log: CaseLog) -> Finding:
    """Each personal value's commitment matches its stored value and salt; erased ones are noted."""
    for event in log.events:
        stored = log.values.get(event.pk, {})
        for path, digest in commitments(event.payload):
            row = stored.get(path)
            if row is None:
                return event.seq, f"value of {path} is missing from the value store"
            if row.erased_at is not None:
                note = f"value of {path} was erased on {row.erased_at.date().isoformat()}"
                log.erased.append(BrokenLink(log.case.pk, log.case.reference, event.seq, note))
            elif commitment(row.value, row.salt) != digest:
                return event.seq, f"value of {path} does not match its commitment"
    return None


def _differs(logged, column) -> bool:
    """Erasure empties value and column together, so an erased value agrees only with an empty
    column. Equal values of one type are equal JSON; only the rest (True against 1, key order)
    needs the canonical bytes."""
    if logged is ERASED:
        return column not in (None, "", [])
    if type(logged) is type(column) and logged == column:
        return False
    return canonical(logged) != canonical(column)


def _intake_changes(event: CaseEvent, data: dict) -> list[tuple[str, object]]:
    """The columns an event sets, with the value it sets them to."""
    if event.type == EventType.CASE_CREATED:
        return list(data.get("fields", {}).items())
    if event.type == EventType.CASE_UPDATED:
        return [(name, change.get("new")) for name, change in data.get("changes", {}).items()]
    if event.type == EventType.AUTHORITY_CHOSEN:
        return [("authority_choice", data.get("new"))]
    if event.type == EventType.CASE_SUBMITTED:
        return [("chamber", data.get("chamber"))]
    return []


def intake_agrees(log: CaseLog) -> Finding:
    """The intake fields, the authority chosen and the chamber, folded from the log, are the
    case's columns (through the commitments); names the first column that differs."""
    logged = {"authority_choice": "", "chamber": None}
    origin = {}
    for event in log.events:
        for name, value in _intake_changes(event, log.data[event.pk]):
            logged[name], origin[name] = value, event.seq
    case = log.case
    columns = {name: column_value(case, name) for name in INTAKE_FIELDS}
    columns |= {"authority_choice": case.authority_choice, "chamber": _chamber_key(case)}
    for name, column in columns.items():
        if name not in logged:
            return 1, f"column {name} is not in the log"
        if _differs(logged[name], column):
            return origin.get(name, 1), f"column {name} differs from the log"
    return None


def _chamber_key(case: Case) -> str | None:
    return case.chamber.key if case.chamber_id else None


def family_agrees(log: CaseLog) -> Finding:
    """The family members added and not removed in the log are the case's family rows, with the
    values the log recorded."""
    logged, origin = {}, {}
    for event in log.events:
        data = log.data[event.pk]
        if event.type == EventType.FAMILY_ADDED:
            logged[data["member"]] = {name: data.get(name) for name in FAMILY_COLUMNS}
            origin[data["member"]] = event.seq
        elif event.type == EventType.FAMILY_REMOVED:
            logged.pop(data["member"], None)
    rows = {str(member.pk): member for member in log.family}
    for member_id in sorted(rows.keys() - logged.keys()):
        last = log.events[-1].seq if log.events else 0
        return last, f"family member {member_id} is not in the log"
    for member_id, values in logged.items():
        if member_id not in rows:
            return origin[member_id], f"family member {member_id} of the log is missing"
        for name, value in values.items():
            if _differs(value, column_value(rows[member_id], name)):
                return origin[member_id], f"column {name} of family member {member_id} differs"
    return None


def projections_agree(log: CaseLog) -> Finding:
    """Participants, tracks and the next step replayed from the log (`replay.py`)."""
    return projections_verify(log.case, log.events, log.rows)


# Run in this order; the first problem found names the case.
CHECKS = [
    chain_holds,
    head_is_recorded,
    seal_holds,
    state_agrees,
    commitments_hold,
    intake_agrees,
    family_agrees,
    projections_agree,
]


@dataclass
class AuditReport:
    checked: int = 0
    broken: list[BrokenLink] = field(default_factory=list)
    # One note per erased value, kept only where no `on_erased` takes them as they come (a
    # million cases after their retention period would not fit); the count is always kept.
    erased: list[BrokenLink] = field(default_factory=list)
    erased_values: int = 0
    on_erased: Callable[[list[BrokenLink]], None] | None = field(default=None, repr=False)
    seal: int | None = None  # the number of the seal checked against
    seal_problems: list[str] = field(default_factory=list)
    removed: list[BrokenLink] = field(default_factory=list)  # absent with a tombstone

    @property
    def failed(self) -> bool:
        return bool(self.broken or self.seal_problems)


def case_logs(cases: list[Case]) -> list[CaseLog]:
    """The logs of a batch of cases, consecutive in case-id order, in seven queries (events,
    values, family, and the stored participants, contacts, tracks and next steps), not seven a
    case. Each query reads the batch's range of case ids along an index on `case_id`; rows come
    as tuples, not model instances."""
    if not cases:
        return []
    within = {"case_id__gte": cases[0].pk, "case_id__lte": cases[-1].pk}
    events, values, family = defaultdict(list), {}, defaultdict(list)
    rows = CaseEvent.objects.filter(**within).order_by("case_id", "seq")
    for columns in rows.values_list("id", *LoggedEvent.EVENT_COLUMNS[1:]):
        events[columns[1]].append(LoggedEvent(*columns))
    stored = PersonalValue.objects.filter(**within).values_list(*StoredValue._fields)
    for value in map(StoredValue._make, stored):
        values.setdefault(value.event_id, {})[value.path] = value
    for member in FamilyMember.objects.filter(**within):
        family[member.case_id].append(member)
    logs = [CaseLog(case, events[case.pk], values, family[case.pk]) for case in cases]
    rows = stored_rows(**within)
    for log in logs:
        log.rows = rows[log.case.pk]
    return logs


def case_audit(log: CaseLog, report: AuditReport) -> None:
    report.checked += 1
    for check in CHECKS:
        found = check(log)
        if found is not None:
            report.broken.append(BrokenLink(log.case.pk, log.case.reference, *found))
            break
    if log.erased:
        report.erased_values += len(log.erased)
        if report.on_erased is not None:
            report.on_erased(log.erased)
        else:
            report.erased += log.erased


BATCH = 500
PROGRESS_EVERY = 10_000


def _batch_audit(batch: list[Case], sealed: SealedHeads, report: AuditReport, progress) -> None:
    for log in case_logs(batch):
        log.sealed = sealed.head_of(log.case.pk)
        case_audit(log, report)
        if progress and report.checked % PROGRESS_EVERY == 0:
            progress(report.checked)


def audit_report(progress=None, on_erased=None) -> AuditReport:
    """Check every case against the last seal, a batch at a time in case-id order (memory stays
    bounded); `progress(checked)` is called every `PROGRESS_EVERY` cases, `on_erased(notes)` with
    each case's erased values as it is checked (without it the report keeps them). A system job
    over all cases, so it skips `visible_to`."""
    seal = seal_in_use()
    report = AuditReport(seal=seal.number, seal_problems=list(seal.problems), on_erased=on_erased)
    sealed = SealedHeads(seal)
    cases = Case.objects.select_related("chamber").order_by("pk")
    batch = []
    for case in cases.iterator(chunk_size=BATCH):
        batch.append(case)
        if len(batch) == BATCH:
            _batch_audit(batch, sealed, report, progress)
            batch = []
    _batch_audit(batch, sealed, report, progress)
    for gone in sealed.finish():
        link = BrokenLink(UUID(gone.leaf.case_id), gone.leaf.reference, gone.leaf.seq, "")
        if gone.problem:
            report.broken.append(replace(link, problem=gone.problem))
        else:
            report.removed.append(replace(link, problem=gone.note))
    return report


def audit_verify() -> tuple[int, list[BrokenLink]]:
    """How many cases were checked and, per broken case, its first problem."""
    report = audit_report()
    return report.checked, report.broken
