"""One event folded into a case's facts: which counts it adds. Pure Python over plain values, so
the live counters (`counters.py`) and the rebuild from the log (`rebuild.py`) count alike."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from lotse.core.clock import BERLIN
from lotse.deadlines.clocks import clock_run, statutory_clocks
from lotse.stats.definitions import FIGURES, KEPT, MISSED, PERSONAL_STEPS, STAGES
from lotse.stats.models import ALL, REGION

# Payload fields that name an organisation (by key) brought into the case by the event.
ORGANISATION_FIELDS = ("chamber", "authority", "agency", "organisation")


@dataclass
class Facts:
    partners: list[str] = field(default_factory=list)
    title: str = ""
    marks: dict[str, str] = field(default_factory=dict)
    clocks: list[list[str]] = field(default_factory=list)


@dataclass
class Counts:
    """Increments keyed as the tables' unique columns: figures (scope, year, month, title, figure,
    stage) and durations (scope, year, title, stage, days)."""

    figures: Counter = field(default_factory=Counter)
    durations: Counter = field(default_factory=Counter)

    def __bool__(self) -> bool:
        return bool(self.figures or self.durations)


@lru_cache(maxsize=1)
def clock_types() -> frozenset[str]:
    """Every event type that moves a statutory clock."""
    kinds = set()
    for clock in statutory_clocks().values():
        for group in (clock.starts, clock.starts_when_all, clock.stops, clock.restarts):
            kinds |= group
        kinds |= clock.pauses | clock.resumes | clock.extends
    return frozenset(kinds)


@lru_cache(maxsize=1)
def marked_types() -> frozenset[str]:
    """The event types whose first time a case's facts remember: figures counted once, and the
    starts of stages."""
    kinds = set()
    for figure in FIGURES:
        kinds |= figure.events
    for stage in STAGES:
        kinds |= stage.starts
    return frozenset(kinds)


def _for_worker(type: str, payload: dict) -> bool:
    """A step of the worker's own (not a family member's): pre-approval, visa."""
    return type not in PERSONAL_STEPS or payload.get("person", "worker") == "worker"


def _day(at: datetime.datetime) -> datetime.date:
    return at.astimezone(BERLIN).date()


def organisation_keys(payload: dict) -> list[str]:
    return [payload[name] for name in ORGANISATION_FIELDS if isinstance(payload.get(name), str)]


def fold(
    facts: Facts,
    *,
    type: str,
    payload: dict,
    at: datetime.datetime,
    organisations: list[str],
    counts: Counts,
) -> None:
    """Fold one event into `facts` and add what it counts to `counts`. `organisations`: the ids
    (text) of the company, the acting organisation and those the payload names; the case counts
    for them from this event on."""
    for organisation in organisations:
        if organisation and organisation not in facts.partners:
            facts.partners.append(organisation)
    if type == "target_title.chosen":
        facts.title = payload.get("new") or ""
    if not _for_worker(type, payload):
        return
    day = _day(at)
    scopes = [REGION, *facts.partners]
    first = type not in facts.marks
    for figure in FIGURES:
        if type in figure.events and (first or not figure.once):
            for scope in scopes:
                for title in (facts.title, ALL):
                    counts.figures[scope, day.year, day.month, title, figure.key, ""] += 1
    for stage in STAGES:
        done = "stage:" + stage.key
        if type not in stage.ends or done in facts.marks:
            continue
        began = [facts.marks[kind] for kind in stage.starts if kind in facts.marks]
        if not began:
            continue
        facts.marks[done] = at.isoformat(timespec="seconds")
        days = (day - _day(datetime.datetime.fromisoformat(min(began)))).days
        for scope in scopes:
            for title in (facts.title, ALL):
                counts.durations[scope, day.year, title, stage.key, days] += 1
    if type in clock_types():
        _deadlines(facts, type=type, day=day, scopes=scopes, counts=counts)
    if first and type in marked_types():
        facts.marks[type] = at.isoformat(timespec="seconds")


def _deadlines(facts: Facts, *, type: str, day: datetime.date, scopes, counts: Counts) -> None:
    """Count a statutory clock met by this event as kept (by its last day) or missed."""
    before = [(kind, datetime.date.fromisoformat(on)) for kind, on in facts.clocks]
    facts.clocks.append([type, day.isoformat()])
    for clock in statutory_clocks().values():
        if type not in clock.stops:
            continue
        previous = clock_run(clock, before)
        if previous is None or previous.met is not None:
            continue
        run = clock_run(clock, [*before, (type, day)])
        if run is None or run.met is None:
            continue
        figure = KEPT if run.met <= run.end else MISSED
        for scope in scopes:
            for title in (facts.title, ALL):
                counts.figures[scope, day.year, day.month, title, figure, clock.id] += 1
