"""One event folded into a case's facts: which counts it adds. Pure Python over plain values, so
the live counters (`counters.py`) and the rebuild from the log (`rebuild.py`) count alike."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from lotse.core.clock import BERLIN
from lotse.deadlines.clocks import statutory_clocks
from lotse.deadlines.recognition import STOP
from lotse.deadlines.selectors import PAYLOAD_KEYS, clock_runs, watched_types
from lotse.stats.definitions import FIGURES, KEPT, MISSED, PERSONAL_STEPS, STAGES
from lotse.stats.models import ALL, REGION

RECOGNITION_STOPS = frozenset().union(*STOP.values())
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
    """Every event type that moves a clock: the statutory ones and the recognition body's."""
    return watched_types()


@lru_cache(maxsize=1)
def stop_types() -> frozenset[str]:
    """Every event type that may meet a clock (the recognition body's included)."""
    kinds = set(RECOGNITION_STOPS)
    for clock in statutory_clocks().values():
        kinds |= clock.stops
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
    place: tuple[str, str] = ("", ""),
) -> None:
    """Fold one event into `facts` and add what it counts to `counts`. `organisations`: the ids
    (text) of the company, the acting organisation and those the payload names; the case counts
    for them from this event on. `place`: the case's region and its chamber's kind, which the
    clocks read (the recognition body's periods and the Land whose holidays apply); needed only
    for an event in `clock_types()`."""
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
        _deadlines(
            facts, type=type, payload=payload, day=day, place=place, scopes=scopes, counts=counts
        )
    if first and type in marked_types():
        facts.marks[type] = at.isoformat(timespec="seconds")


def _clock_event(entry: list) -> tuple:
    """A remembered clock event as the clocks read it: (event type, day, payload keys)."""
    return (entry[0], datetime.date.fromisoformat(entry[1]), entry[2] if len(entry) > 2 else {})


def _deadlines(
    facts: Facts, *, type: str, payload: dict, day: datetime.date, place, scopes, counts: Counts
) -> None:
    """Count each clock this event meets as kept (by its last day) or missed: the procedure's
    statutory clocks and the recognition body's (§ 14a BQFG, or the law routing names), folded
    by the same function as the case page's and the jobs' (`deadlines.selectors.clock_runs`),
    with the same holidays and Saturday setting. The facts keep only the payload keys clocks
    read (the person, the occupation or category, the day an employment ended)."""
    before = [_clock_event(entry) for entry in facts.clocks]
    keys = {key: payload[key] for key in PAYLOAD_KEYS if isinstance(payload.get(key), str)}
    keys = {key: value for key, value in keys.items() if value}
    facts.clocks.append([type, day.isoformat(), keys] if keys else [type, day.isoformat()])
    if type not in stop_types():
        return
    region, chamber_kind = place
    earlier = {
        (item.clock.id, item.person): item.run
        for item in clock_runs(before, region=region, chamber_kind=chamber_kind)
    }
    now = clock_runs([*before, (type, day, keys)], region=region, chamber_kind=chamber_kind)
    for item in now:
        run = item.run
        if run.met != day or type not in item.clock.stops:
            continue
        prior = earlier.get((item.clock.id, item.person))
        if prior is not None and prior.met is not None and prior.started == run.started:
            continue  # met before: this event does not meet it again
        figure = KEPT if run.met <= run.end else MISSED
        for scope in scopes:
            for title in (facts.title, ALL):
                counts.figures[scope, day.year, day.month, title, figure, item.clock.id] += 1
