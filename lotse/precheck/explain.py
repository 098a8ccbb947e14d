"""Render findings as plain German and English: JSON data and the text report.

Messages live in `messages/{de,en}.yaml`, keyed by the finding's message key; placeholders are
filled from the finding's parameters, formatted per language (money "45.934,20 €" / "€45,934.20").
Rendering happens only here, on demand, never in `assess()`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from lotse.precheck.findings import Condition

if TYPE_CHECKING:
    from lotse.precheck.assessment import Assessment

LANGUAGES = ("de", "en")
DIRECTORY = Path(__file__).parent / "messages"
MONTHS_EN = (
    "January February March April May June July August September October November December"
).split()


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat


def load_messages(lang: str) -> dict[str, str]:
    """The message catalogue of one language, flat (`in_force.blue_card_it.met`)."""
    text = (DIRECTORY / f"{lang}.yaml").read_text(encoding="utf-8")
    return _flatten(yaml.safe_load(text))


MESSAGES = {lang: load_messages(lang) for lang in LANGUAGES}


def format_money(value: Decimal, lang: str) -> str:
    """Euros: whole amounts without cents ("44.000 €"), others to the cent ("45.934,20 €")."""
    text = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    if lang == "de":
        return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".") + " €"
    return "€" + text


def format_value(value: object, lang: str) -> str:
    """A message parameter as text in `lang`."""
    if value is None:
        return MESSAGES[lang]["ui.unknown_value"]
    if isinstance(value, Decimal):
        return format_money(value, lang)
    if isinstance(value, date):
        if lang == "de":
            return f"{value.day:02d}.{value.month:02d}.{value.year}"
        return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"
    if isinstance(value, float):
        text = f"{value:g}"
        return text.replace(".", ",") if lang == "de" else text
    return str(value)


_CACHE: dict[tuple[str, str, str], str] = {}


def render(condition: Condition, lang: str) -> str:
    """The explanation of one finding in `lang`."""
    if condition.params is None:
        key = (condition.message, condition.citation, lang)
        text = _CACHE.get(key)
        if text is None:
            text = MESSAGES[lang][condition.message].format(citation=condition.citation)
            _CACHE[key] = text
        return text
    values = {name: format_value(value, lang) for name, value in condition.params.items()}
    return MESSAGES[lang][condition.message].format(citation=condition.citation, **values)


def condition_json(condition: Condition, langs: tuple[str, ...]) -> dict:
    data = {
        "id": condition.id,
        "status": condition.status,
        "citation": condition.citation,
        "explanation": {lang: render(condition, lang) for lang in langs},
    }
    if condition.fields:
        data["fields"] = list(condition.fields)
    if condition.steps:
        data["steps"] = list(condition.steps)
    return data


def assessment_json(assessment: Assessment, lang: str | None = None) -> dict:
    """The assessment as JSON data; explanations in `lang`, or in German and English (None)."""
    langs = LANGUAGES if lang is None else (lang,)
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    rendered: dict[int, dict] = {}

    def as_json(condition: Condition) -> dict:
        # a condition shared by several variants is rendered once per assessment
        data = rendered.get(id(condition))
        if data is None:
            data = rendered[id(condition)] = condition_json(condition, langs)
        return data

    pathways = []
    for pathway in assessment.pathways:
        item = {
            "id": pathway.id,
            "title": pathway.title,
            "open": pathway.open,
            "variant": pathway.variant.id,
            "conditions": [as_json(c) for c in pathway.conditions],
        }
        if len(pathway.variants) > 1:
            item["variants"] = [
                {
                    "id": variant.id,
                    "open": variant.open,
                    "conditions": [as_json(c) for c in variant.conditions],
                }
                for variant in pathway.variants
            ]
        pathways.append(item)
    data = {
        "reference_date": assessment.reference_date.isoformat(),
        "outcome": assessment.outcome,
        "open_pathways": assessment.open_pathways,
        "closed_pathways": assessment.closed_pathways,
        "undecided_pathways": assessment.undecided_pathways,
        "pathways": pathways,
        "decided_by": [dict(entry) for entry in assessment.decided_by],
    }
    if assessment.documents is not None:
        data["documents"] = {
            "complete": assessment.documents["complete"],
            "missing": {pid: list(ids) for pid, ids in assessment.documents["missing"].items()},
        }
        data["checklist"] = {
            pid: {"variant": variant, "required": sorted(needed)}
            for pid, (variant, needed) in assessment.checklist.items()
        }
    data["parameters"] = [record.to_json_dict() for record in assessment.params.records]
    return data


STATUS_MARK = {"met": "+", "not_met": "-", "unknown": "?", "outstanding": "~"}


def text_report(assessment: Assessment, lang: str = "de") -> str:
    """A readable report in `lang`: outcome, each pathway with its conditions, open questions."""
    ui = {key[3:]: text for key, text in MESSAGES[lang].items() if key.startswith("ui.")}
    state_label = {
        True: ui["pathway_open"],
        False: ui["pathway_closed"],
        None: ui["pathway_undecided"],
    }
    lines = [
        f"{ui['title']} – {ui['reference_date']} {format_value(assessment.reference_date, lang)}",
        f"{ui['outcome']}: {ui['outcome_' + assessment.outcome]}",
        "",
    ]
    for pathway in assessment.pathways:
        variant = "" if len(pathway.variants) == 1 else f" ({ui['variant']} {pathway.variant.id})"
        lines.append(f"{pathway.title} [{pathway.id}]: {state_label[pathway.open]}{variant}")
        for condition in pathway.conditions:
            mark = STATUS_MARK[condition.status]
            status = ui["status_" + condition.status]
            lines.append(f"  {mark} {status}: {render(condition, lang)}")
        lines.append("")
    if assessment.decided_by:
        lines.append(f"{ui['decided_by']}:")
        for entry in assessment.decided_by:
            if entry["kind"] == "unknown_fact":
                what = f"{ui['unknown_fact']} {entry['field']}"
            else:
                what = f"{ui['outstanding_step']}: {ui['step_' + entry['step']]}"
            lines.append(f"  - {what} ({', '.join(entry['pathways'])})")
        lines.append("")
    if assessment.documents is not None:
        documents = assessment.documents
        state = ui["documents_complete"] if documents["complete"] else ui["documents_incomplete"]
        lines.append(f"{ui['documents']}: {state}")
        for pid, ids in documents["missing"].items():
            lacking = f"{ui['missing']}: {', '.join(ids)}" if ids else ui["nothing_missing"]
            lines.append(f"  {pid}: {lacking}")
        lines.append("")
    lines.append(f"{ui['parameters']}:")
    for record in assessment.params.records:
        item = record.to_json_dict()
        value = record.value
        shown = format_money(value, lang) if isinstance(value, Decimal) else str(value)
        lines.append(f"  {item['id']}: {shown} ({item['valid_from']}; {item['source']})")
    lines += ["", ui["disclaimer"]]
    return "\n".join(lines) + "\n"
