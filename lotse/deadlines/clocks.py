"""The procedure's clocks as a fold of its events: started, paused, resumed, restarted, extended,
met or expired. Plain Python: a clock's definition is data (`statutory.yaml`, and the recognition
law's periods from the region), its run is computed from (event type, day) pairs.

A pause does not count (as § 209 BGB has it for suspension): the period's counted last day moves
by the paused days, and only then does § 193 BGB move it off a weekend or holiday. A restart (a
file completed) starts the period again from the restarting event's day. An extension adds the
length once more to the counted last day.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from lotse.deadlines.periods import Length, next_working_day, nominal_end, parse_length

STATUTORY = Path(__file__).with_name("statutory.yaml")
MUST, AS_A_RULE, TARGET, PRACTICE = "must", "as_a_rule", "target", "practice"
RUNNING, MET, EXPIRED, PAUSED = "running", "met", "expired", "paused"


@dataclass(frozen=True)
class Clock:
    id: str
    who: str
    length: Length
    strength: str
    basis: str
    starts: frozenset[str] = frozenset()
    starts_when_all: frozenset[str] = frozenset()
    stops: frozenset[str] = frozenset()
    restarts: frozenset[str] = frozenset()
    pauses: frozenset[str] = frozenset()
    resumes: frozenset[str] = frozenset()
    extends: frozenset[str] = frozenset()
    valid_from: datetime.date | None = None
    date_unconfirmed: bool = False
    on_expiry: str = ""
    per_person: bool = False
    start_from: str = ""  # a payload key holding the day the period runs from, if not the event's
    what: str = ""  # the recognition body's duty (receipt_confirmation, decision, answer)

    @property
    def binding(self) -> bool:
        """A period the law makes binding: overdue cases are escalated, others only inform."""
        return self.strength == MUST


@dataclass
class Run:
    clock: Clock
    started: datetime.date
    nominal: datetime.date  # the last day as counted, before § 193 BGB moves it
    land: str = "NI"
    pauses: list[tuple[datetime.date, datetime.date | None]] = field(default_factory=list)
    met: datetime.date | None = None
    extended: bool = False

    @property
    def end(self) -> datetime.date:
        """The last day after § 193 BGB (kept for the nominal day it was computed from)."""
        cached = self.__dict__.get("_end")
        if cached is None or cached[0] != self.nominal:
            cached = (self.nominal, next_working_day(self.nominal, self.land))
            self.__dict__["_end"] = cached
        return cached[1]

    @property
    def late(self) -> bool:
        """Met, but after the period's end."""
        return self.met is not None and self.met > self.end

    def state(self, today: datetime.date) -> str:
        if self.met is not None:
            return MET
        if self.pauses and self.pauses[-1][1] is None:
            return PAUSED
        return EXPIRED if today > self.end else RUNNING


def _set(value) -> frozenset[str]:
    return frozenset(value or ())


@lru_cache(maxsize=1)
def statutory_clocks() -> dict[str, Clock]:
    data = yaml.safe_load(STATUTORY.read_text(encoding="utf-8"))
    clocks = {}
    for key, item in data.items():
        clocks[key] = Clock(
            id=key,
            who=item["who"],
            length=parse_length(item["length"]),
            strength=item["strength"],
            basis=item["basis"],
            starts=_set(item.get("starts")),
            starts_when_all=_set(item.get("starts_when_all")),
            stops=_set(item.get("stops")),
            restarts=_set(item.get("restarts")),
            pauses=_set(item.get("pauses")),
            resumes=_set(item.get("resumes")),
            extends=_set(item.get("extends")),
            valid_from=item.get("valid_from"),
            date_unconfirmed=bool(item.get("date_unconfirmed")),
            on_expiry=item.get("on_expiry", ""),
            per_person=bool(item.get("per_person")),
            start_from=item.get("start_from", ""),
        )
    return clocks


def clock_run(
    clock: Clock,
    events: list[tuple],
    land: str = "NI",
    saturday_counts: bool = True,
) -> Run | None:
    """The clock's latest run over `events` (in order): (event type, day) or (event type, day,
    payload) — the payload only where the clock starts from a day it names (`start_from`).
    None if the clock never started."""
    run: Run | None = None
    seen: set[str] = set()
    for kind, day, *payload in events:
        seen.add(kind)
        if clock.valid_from is not None and day < clock.valid_from:
            continue
        starting = kind in clock.starts or (
            kind in clock.starts_when_all and clock.starts_when_all <= seen
        )
        if starting or (run is not None and kind in clock.restarts):
            begun = _start_day(clock, day, payload[0] if payload else None)
            run = Run(clock, begun, nominal_end(begun, clock.length, land, saturday_counts), land)
            if kind in clock.stops:  # an event that both starts and meets (a report after the fact)
                run.met = day
            continue
        if run is None or run.met is not None:
            continue
        if kind in clock.stops:
            run.met = day
        elif kind in clock.pauses and not (run.pauses and run.pauses[-1][1] is None):
            run.pauses.append((day, None))
        elif kind in clock.resumes and run.pauses and run.pauses[-1][1] is None:
            began = run.pauses[-1][0]
            run.pauses[-1] = (began, day)
            run.nominal += day - began
        elif kind in clock.extends and not run.extended:
            run.extended = True
            run.nominal = nominal_end(run.nominal, clock.length, land, saturday_counts)
    return run


def _start_day(clock: Clock, day: datetime.date, payload: dict | None) -> datetime.date:
    """The day the period runs from: the event's, or the one its payload names (`start_from`)."""
    named = (payload or {}).get(clock.start_from) if clock.start_from else None
    if not named:
        return day
    try:
        return datetime.date.fromisoformat(str(named))
    except ValueError:
        return day
