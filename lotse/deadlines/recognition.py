"""The recognition body's clocks, from the periods routing names for the body and its law.

Which periods run is the region's data (`regions/<name>/recognition.yaml`, read by
`lotse.routing.recognition_body`): under § 14a BQFG the body confirms receipt within 2 weeks
(§ 14a Abs. 2 S. 1 BQFG) and decides within 2 months of the complete file (§ 14a Abs. 3 BQFG),
a period it may extend once; other laws set their own (§ 39 Abs. 5 ÄApprO, the ZAB's target).
Each period becomes a `Clock` over the procedure's recognition events:

- trigger `receipt` or `forwarding`: the clock starts when the application reaches the body
  (`recognition.applied`);
- trigger `receipt_confirmation`: it starts with the body's confirmation;
- trigger `complete_documents`: it starts with the confirmation (the file is complete unless the
  body asks for more), pauses while the body waits for evidence and starts again when the
  requested documents arrive (§ 14a Abs. 3 S. 1 BQFG: "ab Eingang der vollständigen Unterlagen").

Holidays are those of the body's seat (§ 193 BGB at the place where the act is due): the Land
of the organisation in the region's data (`state`, e.g. the ZAB in Bonn: NW), else the region's.
"""

from __future__ import annotations

import datetime
import os
from functools import lru_cache

from lotse.deadlines.clocks import AS_A_RULE, MUST, PRACTICE, TARGET, Clock
from lotse.deadlines.periods import parse_length
from lotse.routing import RoutingInputError, get_region, recognition_body
from lotse.routing.region import REGIONS_ENV
from lotse.routing.schema import Period

APPLIED = "recognition.applied"
RECEIPT_CONFIRMED = "recognition.receipt_confirmed"
EVIDENCE_REQUESTED = "recognition.evidence_requested"
DOCUMENTS_RECEIVED = "recognition.documents_received"
EXTENDED = "recognition.extended"
DECIDED = "recognition.decided"

STRENGTH = {"must": MUST, "should": AS_A_RULE, "target": TARGET, "practice": PRACTICE}
START = {
    "receipt": APPLIED,
    "forwarding": APPLIED,
    "receipt_confirmation": RECEIPT_CONFIRMED,
    "complete_documents": RECEIPT_CONFIRMED,
}
STOP = {
    # a request for evidence within the two weeks answers the receipt too (§ 14a Abs. 2 BQFG)
    "receipt_confirmation": frozenset({RECEIPT_CONFIRMED, EVIDENCE_REQUESTED, DECIDED}),
    "decision": frozenset({DECIDED}),
    "answer": frozenset({DECIDED, EVIDENCE_REQUESTED}),
}
UNIT = {"weeks": "w", "months": "m"}

# Where a case names neither an occupation nor a category: the chamber's own occupations.
CATEGORY_OF_CHAMBER = {"ihk": "ihk_occupation", "hwk": "craft_occupation"}


def period_clock(period: Period, *, body: str, land: str) -> Clock:
    """One period of a recognition law as a clock of the body `body` (an organisation key)."""
    completes = period.trigger == "complete_documents"
    return Clock(
        id=f"recognition_{period.what}",
        who=body,
        length=parse_length(f"{period.length}{UNIT[period.unit]}"),
        strength=STRENGTH[period.strength],
        basis=period.citation,
        starts=frozenset({START[period.trigger]}),
        stops=STOP[period.what],
        pauses=frozenset({EVIDENCE_REQUESTED}) if completes else frozenset(),
        restarts=frozenset({DOCUMENTS_RECEIVED}) if completes else frozenset(),
        extends=frozenset({EXTENDED}) if period.what == "decision" else frozenset(),
        date_unconfirmed=not period.confirmed,
        what=period.what,
    )


def seat_land(who: str, region: str) -> str:
    """The Land whose public holidays end a period that `who` owes (§ 193 BGB, § 31 Abs. 3
    VwVfG): that of the owner's seat where the region's data name one (`state` in
    `organisations.yaml`, e.g. the ZAB in Bonn: NW), else the region's own (domain/process.md
    § 4: the Lower Saxony holiday calendar applies). One rule for every clock: a recognition
    body by its key; the statutory clocks' owners (the agency, the authority, the company) sit in
    the region; the mission abroad (`embassy`, § 31a AufenthV) has no German Land, and its
    periods run toward the region's authority, so they end by the region's holidays too."""
    # kept per regions folder: reading the region costs more than folding a clock
    return _seat_land(who, region, os.environ.get(REGIONS_ENV, ""))


@lru_cache(maxsize=512)
def _seat_land(who: str, region: str, _folder: str) -> str:
    data = get_region(region)
    organisation = data.organisations.get(who)
    return (organisation.state if organisation is not None else None) or data.state


# Answers by (region, occupation, category): [(valid from, valid until, clocks, land)]. A rule
# holds for a span of days, so one routing answer serves every case applying within it.
_SPANS: dict[tuple, list] = {}


def recognition_clocks(
    *,
    on: datetime.date,
    region: str,
    occupation: str | None = None,
    category: str | None = None,
) -> tuple[list[Clock], str]:
    """The clocks of the body competent on `on` for the occupation (or category), and the Land
    whose holidays they count with. No clocks where no body or no period is known."""
    spans = _SPANS.setdefault((region, occupation, category), [])
    for valid_from, valid_until, clocks, land in spans:
        if valid_from <= on <= valid_until:
            return clocks, land
    clocks, land, span = _recognition_clocks(on, region, occupation, category)
    if span is not None:
        spans.append((*span, clocks, land))
    return clocks, land


def _recognition_clocks(on, region, occupation, category):
    """As `recognition_clocks`, with the span of days the answer holds for (None where it cannot
    be told: an occupation whose own law changed, or no rule at all)."""
    data = get_region(region)
    try:
        answer = recognition_body(occupation=occupation, category=category, on=on, region=data)
    except RoutingInputError:
        return [], data.state, None
    found = data.occupations.get(occupation) if occupation else None
    span = None
    if found and found.earlier:
        span = None
    elif answer.rule_id is not None:
        span = (answer.valid_from or datetime.date.min, answer.valid_until or datetime.date.max)
    else:  # before the category's first rule, nothing changes until that rule
        starts = [
            r.valid_from
            for r in data.recognition_rules
            if answer.category in r.categories and r.valid_from and r.valid_from > on
        ]
        if starts:
            span = (datetime.date.min, min(starts) - datetime.timedelta(days=1))
    if not answer.is_competent or answer.law is None:
        return [], data.state, span
    body = answer.organisation_key or ""
    land = seat_land(body, region)
    clocks = [
        period_clock(period, body=body, land=land)
        for period in answer.law.periods_for("accelerated")
    ]
    return clocks, land, span
