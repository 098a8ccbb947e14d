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

from lotse.precheck.findings import MET, NOT_MET, Condition, Variant
from lotse.precheck.parameters import Band

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
    if type(value) is Band:
        return MESSAGES[lang]["ui.provisional_band"].format(
            low=format_money(value.low, lang), high=format_money(value.high, lang), year=value.year
        )
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


LAW = "in_force"  # conditions about the law in force on the day, not facts of the case


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
    if condition.waits:
        data["waits"] = [wait_json(wait) for wait in condition.waits]
    return data


def wait_json(wait: tuple) -> dict:
    """A `waits` triple as JSON: `future_fact` with its date, `unpublished_parameter` with its year."""
    kind, name, value = wait
    if kind == "future_fact":
        return {"kind": kind, "fact": name, "date": value.isoformat()}
    return {"kind": kind, "parameter": name, "year": value}


def shown(variant: Variant) -> tuple[list[Condition], list[Condition]]:
    """The facts and the law of a variant as shown: a closed variant lists no open questions.

    A fact still unknown, or a step still to come, cannot matter once another condition has
    closed the variant, so it is left out there.
    """
    facts, law = [], []
    for condition in variant.conditions:
        if condition.id == LAW:
            law.append(condition)
        elif variant.open is not False or condition.status is MET or condition.status is NOT_MET:
            facts.append(condition)
    return facts, law


_LABELS: dict[tuple[str, str, tuple[str, ...]], dict[str, str]] = {}


def label(kind: str, ident: str, langs: tuple[str, ...]) -> dict[str, str]:
    """The label of a pathway or variant in `langs` (built once, shared: never mutate it)."""
    key = (kind, ident, langs)
    found = _LABELS.get(key)
    if found is None:
        found = _LABELS[key] = {lang: MESSAGES[lang][f"ui.{kind}.{ident}"] for lang in langs}
    return found


def decided_by_label(entry: dict, lang: str) -> str:
    """What decides, as words in `lang`."""
    messages = MESSAGES[lang]
    kind = entry["kind"]
    if kind == "unknown_fact":
        return messages.get(f"ui.fields.{entry['field']}", entry["field"])
    if kind == "outstanding_step":
        return messages["ui.step_" + entry["step"]]
    if kind == "future_fact":
        day = format_value(date.fromisoformat(entry["date"]), lang)
        return messages["ui.fact_" + entry["fact"]].format(date=day)
    return messages["ui.parameter_unpublished"].format(year=entry["year"])


def summary(assessment: Assessment, lang: str) -> list[str]:
    """The plain summary first: what is open, what is missing, what to do next."""
    ui = MESSAGES[lang]

    def name(pathway) -> str:
        return f"{pathway.title} ({ui['ui.pathways.' + pathway.id]})"

    lines = []
    provisional = assessment.params.provisional_year
    if provisional:
        lines.append(
            ui["ui.provisional_notice"].format(
                year=provisional, based_on=assessment.params.social_security_bbg_pension.based_on
            )
        )
    opened = [p for p in assessment.pathways if p.open is True]
    if opened:
        lines.append(ui["ui.summary_open"].format(pathways=", ".join(name(p) for p in opened)))
    elif assessment.outcome == "not_promising":
        lines.append(ui["ui.summary_closed_all"])
    else:
        lines.append(ui["ui.summary_none_open"])
    groups: dict[str, list[str]] = {}
    for entry in assessment.decided_by:
        where = ", ".join(f"§ {pid}" for pid in entry["pathways"])
        groups.setdefault(entry["kind"], []).append(f"{decided_by_label(entry, lang)} ({where})")
    for kind, key, slot in (
        ("unknown_fact", "summary_missing", "facts"),
        ("outstanding_step", "summary_steps", "steps"),
        ("future_fact", "summary_future", "facts"),
        ("unpublished_parameter", "summary_unpublished", "figures"),
    ):
        if kind in groups:
            lines.append(ui["ui." + key].format(**{slot: "; ".join(groups[kind])}))
    documents = assessment.documents
    complete_for = None
    if documents is not None:
        missing = documents["missing"]
        complete_for = next((pid for pid, ids in missing.items() if not ids), None)
        if complete_for:
            lines.append(ui["ui.summary_documents_complete"].format(pathway=f"§ {complete_for}"))
        else:
            for pid, ids in missing.items():
                lines.append(
                    ui["ui.summary_documents"].format(pathway=f"§ {pid}", documents=", ".join(ids))
                )
    if assessment.outcome == "not_promising":
        lines.append(ui["ui.summary_next_none"])
    elif documents is not None and not complete_for:
        lines.append(ui["ui.summary_next_documents"])
    elif opened:
        lines.append(ui["ui.summary_next_submit"])
    elif "unknown_fact" in groups:
        lines.append(ui["ui.summary_next_ask"])
    else:
        lines.append(ui["ui.summary_next_wait"])
    return lines


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
        facts, law = shown(pathway.variant)
        item = {
            "id": pathway.id,
            "title": pathway.title,
            "label": label("pathways", pathway.id, langs),
            "open": pathway.open,
            "variant": pathway.variant.id,
            "variant_label": label("variants", pathway.variant.id, langs),
            "conditions": [as_json(c) for c in facts],
            "law": [as_json(c) for c in law],
        }
        if pathway.variant.notes:
            item["notes"] = [as_json(c) for c in pathway.variant.notes]
        if len(pathway.variants) > 1:
            variants = []
            for variant in pathway.variants:
                facts, law = shown(variant)
                variants.append(
                    {
                        "id": variant.id,
                        "label": label("variants", variant.id, langs),
                        "open": variant.open,
                        "conditions": [as_json(c) for c in facts],
                        "law": [as_json(c) for c in law],
                    }
                )
            item["variants"] = variants
        pathways.append(item)
    decided_by = []
    for entry in assessment.decided_by:
        decided_by.append(
            {**entry, "label": {lang: decided_by_label(entry, lang) for lang in langs}}
        )
    params = assessment.params
    data = {
        "reference_date": assessment.reference_date.isoformat(),
        "summary": {lang: summary(assessment, lang) for lang in langs},
        "provisional": None
        if params.provisional_year is None
        else {
            "year": params.provisional_year,
            "based_on_year": params.social_security_bbg_pension.based_on,
        },
        "outcome": assessment.outcome,
        "open_pathways": assessment.open_pathways,
        "closed_pathways": assessment.closed_pathways,
        "undecided_pathways": assessment.undecided_pathways,
        "pathways": pathways,
        "decided_by": decided_by,
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
    data["parameters"] = [record.to_json_dict() for record in params.records]
    return data


STATUS_MARK = {"met": "+", "not_met": "-", "unknown": "?", "outstanding": "~", "pending": "…"}


def text_report(assessment: Assessment, lang: str = "de") -> str:
    """A readable report in `lang`: summary, outcome, each pathway with its conditions, values."""
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
        f"{ui['summary']}:",
        *(f"  {line}" for line in summary(assessment, lang)),
        "",
    ]
    for pathway in assessment.pathways:
        variant = ""
        if len(pathway.variants) > 1:
            variant = f" – {ui['variants.' + pathway.variant.id]}"
        title = f"{pathway.title} ({ui['pathways.' + pathway.id]})"
        lines.append(f"{title}: {state_label[pathway.open]}{variant}")
        facts, law = shown(pathway.variant)
        for condition in facts:
            mark = STATUS_MARK[condition.status]
            status = ui["status_" + condition.status]
            lines.append(f"  {mark} {status}: {render(condition, lang)}")
        for condition in law:
            lines.append(f"  {ui['law']}: {render(condition, lang)}")
        for condition in pathway.variant.notes:
            lines.append(f"  {ui['notes']}: {render(condition, lang)}")
        lines.append("")
    if assessment.decided_by:
        lines.append(f"{ui['decided_by']}:")
        for entry in assessment.decided_by:
            kind = entry["kind"]
            what = f"{ui[kind]}: {decided_by_label(entry, lang)}"
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
        if isinstance(value, Decimal):
            shown_value = format_value(value, lang)
        else:
            shown_value = str(value)
        lines.append(f"  {item['id']}: {shown_value} ({item['valid_from']}; {item['source']})")
    lines += ["", ui["disclaimer"]]
    return "\n".join(lines) + "\n"
