"""The company's forecast on the case page: when the procedure should be done, and what it costs.

**Time.** The § 81a procedure is complete when the pre-approval is issued (§ 81a Abs. 3 S. 1
Nr. 5 AufenthG). On the way it passes three stages, each from one event to the next: the chamber's
pre-check (submitted → forwarded), the recognition (forwarded → decided) and the pre-approval
(recognition decided → pre-approval issued). Each stage's duration comes from the platform's own
history once at least `HISTORY_MINIMUM` completed procedures passed through it (median and 80th
percentile, nearest rank, over the newest `HISTORY_WINDOW` completions), otherwise from the
statutory periods (§ 14a Abs. 2, 3 BQFG: 2 weeks and 2 months, once extendable; § 36 Abs. 2 S. 2
BeschV: the agency's week); a stage with neither is named as not counted. The page says which source each stage used.

**Money.** Federal fees from the pre-check's dated fee parameters (§ 47 Abs. 1 Nr. 15, § 46 Abs. 2
Nr. 1 AufenthV), regional ones from the region's data (`regions/<name>/costs.yaml`), each with its
source and who owes it.
"""

from __future__ import annotations

import datetime
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import yaml
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.cases.models import Case, CaseEvent
from lotse.core import clock
from lotse.deadlines.periods import period_end
from lotse.deadlines.recognition import APPLIED, CATEGORY_OF_CHAMBER
from lotse.precheck import parameters
from lotse.routing import RoutingInputError, get_region, recognition_body, regions_dir

HISTORY_MINIMUM = 20
# The history is the newest completed procedures, at most this many: recent enough to say how
# long a stage takes now, and read by a walk of the index `event_completed_newest` with a limit,
# so its cost does not grow with the platform's data.
HISTORY_WINDOW = 1000
HISTORY_CACHE_SECONDS = 3600
COMPLETED = "preapproval.issued"


@dataclass(frozen=True)
class Stage:
    key: str
    label: object
    starts: str
    ends: str
    statutory: tuple[str, ...]  # the periods one after another, the last one's extension once
    extension: str
    basis: str


STAGES = (
    Stage(
        "precheck",
        gettext_lazy("Pre-check by the chamber"),
        "case.submitted",
        "dossier.forwarded",
        (),
        "",
        "",
    ),
    Stage(
        "recognition",
        gettext_lazy("Recognition of the qualification"),
        "dossier.forwarded",
        "recognition.decided",
        ("2w", "2m"),
        "2m",
        "§ 14a Abs. 2, 3 BQFG",
    ),
    Stage(
        "preapproval",
        gettext_lazy("Consent and pre-approval"),
        "recognition.decided",
        COMPLETED,
        ("1w",),
        "",
        "§ 36 Abs. 2 S. 2 BeschV",
    ),
)
MILESTONES = tuple({s.starts for s in STAGES} | {s.ends for s in STAGES})


def nearest_rank(values: list[int], share: float) -> int:
    """The nearest-rank percentile: the smallest value with at least `share` of all at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def stage_durations(milestones: dict) -> dict[str, list[int]]:
    """Per stage, the durations in days over completed procedures; `milestones` maps case id →
    {event type: first day}."""
    durations = defaultdict(list)
    for days in milestones.values():
        if COMPLETED not in days:
            continue
        for stage in STAGES:
            if stage.starts in days and stage.ends in days:
                durations[stage.key].append((days[stage.ends] - days[stage.starts]).days)
    return durations


def stage_history(milestones: dict) -> dict[str, dict]:
    """Per stage: count, median and 80th percentile (days), or only the count below the minimum."""
    history = {}
    for key, values in stage_durations(milestones).items():
        history[key] = {"count": len(values)}
        if len(values) >= HISTORY_MINIMUM:
            history[key]["median"] = statistics.median(values)
            history[key]["p80"] = nearest_rank(values, 0.8)
    return history


def _milestones() -> dict:
    """The first day of each milestone per case among the `HISTORY_WINDOW` newest completions
    (index `event_completed_newest`, then each case's events by its key): a bounded read
    however many cases the platform holds. A system read (not from `visible_to`): only
    durations leave it, never a case."""
    newest = CaseEvent.objects.filter(type=COMPLETED).order_by("-at")
    completed = newest.values("case_id")[:HISTORY_WINDOW]
    found: dict = defaultdict(dict)
    rows = (
        CaseEvent.objects.filter(case_id__in=completed, type__in=MILESTONES)
        .order_by("seq")
        .values_list("case_id", "type", "at")
    )
    for case_id, kind, at in rows:
        found[case_id].setdefault(kind, at.astimezone(clock.BERLIN).date())
    return found


def platform_history() -> dict[str, dict]:
    """`stage_history` over the platform's completed procedures, cached for an hour."""
    return cache.get_or_set(
        "deadlines.stage_history", lambda: stage_history(_milestones()), HISTORY_CACHE_SECONDS
    )


def _statutory_end(stage: Stage, start: datetime.date, extended: bool) -> datetime.date | None:
    if not stage.statutory:
        return None
    end = start
    for length in stage.statutory:
        end = period_end(end, length)
    if extended and stage.extension:
        end = period_end(end, stage.extension)
    return end


def completion_range(
    *, reached: dict[str, datetime.date], today: datetime.date, history: dict
) -> dict:
    """The completion date as (earliest, latest) from the stages not yet passed, each by history
    or statute, with what each used. `reached`: event type → first day in this case."""
    if COMPLETED in reached:
        return {"done": reached[COMPLETED], "stages": [], "low": None, "high": None}
    low = high = None
    rows = []
    for stage in STAGES:
        if stage.ends in reached:
            continue
        start_low = reached.get(stage.starts) or low or today
        start_high = reached.get(stage.starts) or high or today
        known = history.get(stage.key, {})
        if "median" in known:
            # a median between two days counts as the later one
            low = start_low + datetime.timedelta(days=math.ceil(known["median"]))
            high = start_high + datetime.timedelta(days=known["p80"])
            source = "history"
        elif stage.statutory:
            low = _statutory_end(stage, start_low, extended=False)
            high = _statutory_end(stage, start_high, extended=True)
            source = "statutory"
        else:
            low, high, source = start_low, start_high, "none"
        low, high = max(low, today), max(high, today)
        rows.append({"stage": stage, "source": source, "count": known.get("count", 0)})
    return {"done": None, "stages": rows, "low": low, "high": high}


# --- costs ---------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def region_costs(region: str) -> dict:
    path = regions_dir() / region / "costs.yaml"
    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _source_titles(region: str, keys) -> str:
    sources = get_region(region).sources
    return "; ".join(sources[key].title for key in keys if key in sources)


def _fee(name: str, day: datetime.date):
    value = parameters.PARAMETERS[name].at(day)
    return (Decimal(str(value.value)), value.reference) if value else (None, "")


def _recognition_body_key(case: Case, reached_payload: dict, day: datetime.date) -> str | None:
    occupation = reached_payload.get("occupation") or None
    category = reached_payload.get("category") or None
    if not occupation and not category:
        category = CATEGORY_OF_CHAMBER.get(case.chamber.kind if case.chamber_id else "")
    if not occupation and not category:
        return None
    try:
        answer = recognition_body(
            occupation=occupation, category=category, on=day, region=case.company.region
        )
    except RoutingInputError:
        return None
    return answer.organisation_key if answer.is_competent else None


def cost_items(
    *, case: Case, day: datetime.date, persons: int, fee_by_employer: bool, payload: dict
) -> list[dict]:
    """The expected costs, itemised: what, amount (or range, or unknown), who owes it, source."""
    language = "en" if translation.get_language() == "en" else "de"
    items = []
    amount, reference = _fee("fees.procedure_81a", day)
    items.append(
        {
            "what": _("Fee for the accelerated procedure (once per worker, family included)"),
            "low": amount,
            "high": amount,
            "debtor": _("the employer (it took the fee over)")
            if fee_by_employer
            else _("the worker, unless the employer takes it over by a declaration of costs"),
            "source": reference,
        }
    )
    amount, reference = _fee("fees.national_visa", day)
    items.append(
        {
            "what": _("Visa fee (national visa), for %(count)s person(s)") % {"count": persons},
            "low": amount * persons if amount is not None else None,
            "high": amount * persons if amount is not None else None,
            "debtor": _("each person applying for a visa"),
            "source": reference,
        }
    )
    costs = region_costs(case.company.region)
    body = _recognition_body_key(case, payload, day)
    fee = costs.get("recognition_fees", {}).get(body) if body else None
    if fee:
        items.append(
            {
                "what": _("Recognition fee of %(body)s")
                % {"body": get_region(case.company.region).organisations[body].short_name},
                "low": Decimal(str(fee["low"])),
                "high": Decimal(str(fee["high"])),
                "debtor": _("the applicant (worker), or the employer where it agreed to pay"),
                "source": _source_titles(case.company.region, fee["sources"]),
                "note": fee["note"][language],
                "unconfirmed": not fee.get("confirmed", True),
            }
        )
    else:
        items.append(
            {
                "what": _("Recognition fee"),
                "low": None,
                "high": None,
                "debtor": _("the applicant (worker), or the employer where it agreed to pay"),
                "source": "",
                "note": _("The body is not known yet, or the region's data has no fee for it."),
            }
        )
    translations = costs.get("translations")
    if translations:
        items.append(
            {
                "what": _("Translations, certified copies, authenticity checks"),
                "low": None,
                "high": None,
                "debtor": _("the worker or the employer, as they agree"),
                "source": _source_titles(case.company.region, translations["sources"]),
                "note": translations["note"][language],
            }
        )
    # every item with every key the page's rows read (`templatetags/forecast.py`)
    return [{"note": "", "unconfirmed": False} | item for item in items]


def costs_total(items: list[dict]) -> tuple[Decimal, Decimal]:
    """The sum of the known amounts as (low, high); unknown items are left out (and named)."""
    low = sum((i["low"] for i in items if i["low"] is not None), Decimal(0))
    high = sum((i["high"] for i in items if i["high"] is not None), Decimal(0))
    return low, high


def forecast_panel(case: Case, view, membership, events: list) -> dict | None:
    """The case page's forecast: only once the case is submitted (before, no stage has begun)."""
    reached: dict = {}
    payloads: dict = {}
    family: set = set()
    for event in events:
        day = event.at.astimezone(clock.BERLIN).date()
        reached.setdefault(event.type, day)
        payloads.setdefault(event.type, event.payload or {})
        if event.type == "family.added":
            family.add(str(event.payload.get("member")))
        elif event.type == "family.removed":
            family.discard(str(event.payload.get("member")))
    if "case.submitted" not in reached or case.state == "withdrawn":
        return None
    today = clock.today()
    timing = completion_range(reached=reached, today=today, history=platform_history())
    sources = {
        "history": _("from the platform's history (median to 80th percentile of %(count)s)"),
        "statutory": _("from the statutory periods (%(basis)s)"),
        "none": _("not counted: no statutory period and fewer than %(minimum)s completed cases"),
    }
    for row in timing["stages"]:
        row["label"] = row["stage"].label
        row["how"] = sources[row["source"]] % {
            "count": row["count"],
            "basis": row["stage"].basis,
            "minimum": HISTORY_MINIMUM,
        }
    agreement = payloads.get("agreement.concluded") or payloads.get("agreement.signed") or {}
    items = cost_items(
        case=case,
        day=today,
        persons=1 + len(family),
        fee_by_employer=agreement.get("fee_debtor") == "employer",
        payload=payloads.get(APPLIED, {}),
    )
    low, high = costs_total(items)
    return {"timing": timing, "costs": items, "total_low": low, "total_high": high}
