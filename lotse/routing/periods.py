"""Recognition periods as text: one sentence for a reason, one line per period for the command line.

Both languages from `messages`; a period no source confirms says so ("nicht belegt", "UNCONFIRMED").
"""

from __future__ import annotations

from lotse.routing import messages
from lotse.routing.region import Region
from lotse.routing.schema import Law, Localized, Period


def periods_text(law: Law) -> Localized:
    """The periods of a § 81a case under `law` as one sentence, e.g. "Fristen nach § 14a BQFG im
    beschleunigten Verfahren (§ 81a AufenthG): Eingangsbestätigung binnen 2 Wochen …"."""
    periods = law.periods_for("accelerated")
    if not periods:
        return messages.render("law.no_periods", law=law.citation)
    items = [
        messages.render(
            "period.item",
            what=messages.render(f"what.{p.what}"),
            length=length(p, "unit"),
            trigger=messages.render(f"trigger.{p.trigger}"),
            strength=messages.render(f"strength.{p.strength}"),
            citation=p.citation,
            note=messages.render("period.note", note=p.note) if p.note else messages.EMPTY,
            unconfirmed=messages.EMPTY if p.confirmed else messages.render("period.unconfirmed"),
        )
        for p in periods
    ]
    joined = messages.join(items, "clause.separator")
    return messages.render("law.periods", law=law.citation, periods=joined)


def period_lines(region: Region, law: Law) -> list[Localized]:
    """Every period of `law`, one line each with procedure, strength, citation and sources (with
    their addresses), for the command line and the case page."""
    return [period_line(region, period) for period in law.periods]


def period_line(region: Region, period: Period) -> Localized:
    """One period as a line: what, procedure, length, trigger, strength, citation, sources."""
    sources = "; ".join(
        f"{region.sources[key].title} <{region.sources[key].url}>"
        if region.sources[key].url
        else region.sources[key].title
        for key in period.sources
    )
    return messages.render(
        "period.line",
        what=messages.render(f"what.{period.what}"),
        procedure=messages.render(f"procedure.{period.procedure}"),
        length=length(period, "span"),
        trigger=messages.render(f"trigger.{period.trigger}"),
        strength=messages.render(f"strength.{period.strength}"),
        citation=period.citation,
        note=messages.render("period.note", note=period.note) if period.note else messages.EMPTY,
        unconfirmed=messages.EMPTY
        if period.confirmed
        else messages.render("period.unconfirmed_line"),
        sources=sources,
    )


def length(period: Period, form: str) -> Localized:
    """The period's length with its unit, e.g. "2 Monaten" (`unit`, after "binnen") or "2 Monate"
    (`span`)."""
    number = "one" if period.length == 1 else "other"
    return messages.render(f"{form}.{period.unit}.{number}", n=period.length)
