"""What the case page shows beyond the case itself: competence, pre-check, choices."""

import copy
import datetime
import functools
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.utils import translation
from django.utils.formats import get_format, number_format
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.cases import selectors
from lotse.cases.countries import country_name
from lotse.cases.dossier import gap_text
from lotse.cases.erasure import ErasureBasis
from lotse.cases.event_types import EventType
from lotse.cases.guards import problem_texts
from lotse.cases.intake import COUNTRY_FIELDS, SECTIONS, missing_for_submit
from lotse.cases.models import OUTSIDE_REGION, Case, ParticipantRole
from lotse.cases.need_to_know import Part, View, case_values, project
from lotse.cases.personal import ERASED, PERSONAL_FIELDS
from lotse.cases.prechecks import PARTS, latest_assessment
from lotse.cases.views.event_detail import event_detail
from lotse.core import clock
from lotse.core.dates import date_text, formatter
from lotse.core.html import escaped
from lotse.core.money import money
from lotse.orgs.models import Municipality
from lotse.orgs.selectors import municipality_for_postcode
from lotse.routing import get_region
from lotse.routing.services import (
    agreement_authority_for,
    authority_choice_title,
    residence_authority_for,
)


def text_language() -> str:
    """The language of stored bilingual texts to show: English, else German."""
    return "en" if translation.get_language() == "en" else "de"


def region_places(case) -> tuple:
    """The municipalities of the case's region for the page's names and doubts, from the region's
    files that routing reads (loaded once per process; the table is their copy for the forms)."""
    return get_region(case.company.region).municipalities


def place_names(case, places: list | None = None) -> dict:
    keys = {case.workplace_municipality, case.residence_municipality} - {"", OUTSIDE_REGION}
    if places is None:
        places = Municipality.objects.filter(region=case.company.region, key__in=keys)
    names = {place.key: place.name for place in places if place.key in keys}
    names[OUTSIDE_REGION] = _("outside the region")
    return {
        "workplace": names.get(case.workplace_municipality, ""),
        "residence": names.get(case.residence_municipality, ""),
    }


CONDITION_STATUS = {
    "met": gettext_lazy("met"),
    "not_met": gettext_lazy("not met"),
    "unknown": gettext_lazy("unknown: please ask"),
    "outstanding": gettext_lazy("outstanding: the procedure obtains it"),
    "pending": gettext_lazy("pending: a later day or a figure not yet published decides"),
}


def unmet_reasons(assessment) -> str:
    """The unmet conditions of a not-promising pre-check, one per line, as a draft of the advice."""
    if not assessment or assessment.get("outcome") != "not_promising":
        return ""
    lines = []
    for pathway in assessment["pathways"]:
        for condition in pathway["conditions"]:
            if condition["status"] == "not_met" and condition["text"] not in lines:
                lines.append(condition["text"])
    return "\n".join(lines)


def assessment_in(events: list) -> dict | None:
    """The result of the last pre-check or self-check run among the case's opened events (as
    `prechecks.latest_assessment` reads it, without asking the database again)."""
    runs = [e for e in events if e.type in (EventType.PRECHECK_RUN, EventType.SELF_CHECK_RUN)]
    if not runs or not isinstance(runs[-1].data.get("assessment"), dict):
        return None
    event = runs[-1]
    return copy.deepcopy(event.data["assessment"]) | {
        "self_check": event.type == EventType.SELF_CHECK_RUN,
        "at": event.at,
    }


def assessment_view(case, events: list | None = None):
    """The last pre-check's result with texts in the current language only (from `events`, the
    case's opened log, when the caller has it).

    Stored results of older runs may lack the summary, labels, law and notes; they show without.
    """
    stored = latest_assessment(case=case) if events is None else assessment_in(events)
    if stored is None:
        return None
    language = text_language()

    def in_language(texts) -> str:
        return (texts or {}).get(language, "") if isinstance(texts, dict) else str(texts or "")

    for pathway in stored.get("pathways", []):
        pathway["label_text"] = in_language(pathway.get("label"))
        pathway["variant_text"] = in_language(pathway.get("variant_label"))
        for key in ("conditions", "law", "notes"):
            for condition in pathway.get(key, []):
                condition["text"] = in_language(condition.get("explanation"))
                condition["status_label"] = CONDITION_STATUS.get(
                    condition["status"], condition["status"]
                )
    stored["summary_lines"] = (stored.get("summary") or {}).get(language, [])
    for item in stored.get("decided_by", []):
        if item["kind"] == "unknown_fact":
            item["text"] = field_label(ENGINE_FIELDS.get(item["field"], item["field"]))
        elif item["kind"] == "outstanding_step":
            item["text"] = str(STEPS.get(item["step"], item["step"]))
        else:  # future_fact, unpublished_parameter: the engine words them
            item["text"] = in_language(item.get("label"))
    return stored


def competence(case, view: View, events: list | None = None) -> list[dict]:
    """Who is competent, and why ("Zuständig: … weil …"): for a forwarded case the authority it
    went to, with the reason given on that day; otherwise what the dated rules answer today. The
    reasons name the workplace and the residence, so each row needs its part of the data. Each
    row is split by `reason_parts` so the page can fold the "why". `events`: the case's log, when
    the caller has read it."""
    language = text_language()
    today = clock.today()
    rows = []
    forwarded = None
    if view.sees(Part.JOB):
        if events is None:
            events = list(case.events.filter(type=EventType.DOSSIER_FORWARDED).order_by("seq"))
        forwarded = next(
            (e for e in reversed(events) if e.type == EventType.DOSSIER_FORWARDED), None
        )
    if forwarded is not None:
        title = _("Procedure before entry (§ 81a AufenthG), forwarded on %(date)s") % {
            "date": date_text(forwarded.at.astimezone(clock.BERLIN).date())
        }
        rows.append((title, forwarded.payload["reason"][language]))
    elif case.workplace_municipality and view.sees(Part.JOB):
        found = agreement_authority_for(case=case, on=today, row=False)
        rows.append((_("Procedure before entry (§ 81a AufenthG)"), found.reason[language]))
    if case.residence_municipality and view.sees(Part.RESIDENCE):
        found = residence_authority_for(case=case, on=today, row=False)
        rows.append((_("Residence permit after entry"), found.reason[language]))
    return [{"title": title} | reason_parts(reason) for title, reason in rows]


# The routing texts' shape (lotse/routing/messages): "Competent: NAME, because WHY. (rule …)".
BECAUSE = (", weil ", ", because ")
BASIS = (" (Regel „", " (rule “")


def reason_parts(reason: str) -> dict:
    """A routing reason as one sentence (`who`), its reason (`why`) and the rule with its legal
    basis and sources (`basis`), which only the partners' staff unfold. A text of another shape
    stays whole in `who`."""
    who, why, basis = reason, "", ""
    for marker in BASIS:
        if marker in who:
            at = who.rindex(marker)
            who, basis = who[:at].rstrip(), who[at + 1 :]
    for marker in BECAUSE:
        if marker in who:
            who, _sep, why = who.partition(marker)
            word = marker.strip(", ")  # "Weil …" answers the folded "Warum?"
            who, why = who + ".", f"{word[:1].upper()}{word[1:]} {why}"
            break
    return {"who": who, "why": why, "basis": basis}


def dossier(
    case, names: dict, view: View, erased=None
) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Every intake fact of the case `view` sees, by section, as the people checking it read it
    (`names`: the municipalities' names from `place_names`); each row is (field, label, value).
    After the case's personal data was erased (`erased`, its event), an empty personal fact reads
    "(erased)"."""
    sections = []
    values = case_values(view, case)
    words = _field_words(translation.get_language() or "de")
    for title, fields in SECTIONS:
        rows = []
        for name in fields:
            if not view.sees_field(name):
                continue
            field = Case._meta.get_field(name)
            label, choices = words[name]
            value = values[name]
            if name == "worker_languages":
                shown = ", ".join(f"{e['language']} {e['level']}" for e in value or [])
            elif name in COUNTRY_FIELDS:  # stored as the ISO code, read in the page's language
                shown = country_name(value)
            elif name in ("workplace_municipality", "residence_municipality"):
                shown = names["workplace" if name.startswith("work") else "residence"]
            elif field.choices and value:
                shown = str(choices.get(value, value))
            elif isinstance(value, bool) or (
                value is None and field.get_internal_type() == "BooleanField"
            ):
                shown = {True: _("yes"), False: _("no"), None: _("unknown")}[value]
            elif isinstance(value, datetime.date):
                shown = date_text(value)
            elif name == "job_salary_eur" and value is not None:
                shown = money(value)
            elif isinstance(value, Decimal):
                shown = number_format(value, force_grouping=True)
            else:
                shown = "" if value is None else str(value)
            if not shown and erased is not None and name in PERSONAL_FIELDS:
                shown = str(ERASED)
            rows.append((name, label, shown or "—"))
        if rows:
            sections.append((str(title), rows))
    return sections


@functools.cache
def _field_words(language: str) -> dict[str, tuple[str, dict]]:
    """Each intake field's label and its choices' names in `language`: the same on every page,
    so translated once per language rather than per field and view."""
    with translation.override(language):
        return {
            name: (
                str(field.verbose_name),
                {value: str(text) for value, text in field.flatchoices} if field.choices else {},
            )
            for _title, fields in SECTIONS
            for name in fields
            for field in [Case._meta.get_field(name)]
        }


def field_label(name: str) -> str:
    """The form label of an intake field, for a stored field name."""
    try:
        return str(Case._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


# The engine's fact paths (`decided_by`) as the intake's fields (prechecks.PARTS, turned round).
ENGINE_FIELDS = {
    f"{part}.{key}": name for part, fields in PARTS.items() for key, name in fields.items()
} | {
    "person.german_level": "worker_languages",
    "first_residence_title_for_employment": "first_residence_title",
    "recognition_partnership_agreement": "recognition_partnership",
}
STEPS = {
    "recognition": gettext_lazy("the decision on recognition (§ 81a Abs. 3 AufenthG, § 14a BQFG)"),
    "professional_licence": gettext_lazy("the professional licence (§ 18 Abs. 2 Nr. 3 AufenthG)"),
}


def timeline_rows(lines: list, *, letters: frozenset, partner_staff: bool) -> list[str]:
    """Each line of the timeline as markup: the list item's opening with its time, label and who
    acted, and the event's detail line (`event_detail`), made here rather than by a dozen
    template lookups per line. A derived line (`panels.TimelineEntry`) is whole."""
    day_text = formatter(get_format("SHORT_DATE_FORMAT"))
    moment_text = formatter(get_format("SHORT_DATETIME_FORMAT"))
    rows = []
    for line in lines:
        if getattr(line, "derived", False):
            detail = f"<br>{escaped(line.detail)}" if line.detail else ""
            head = (
                f'<li class="timeline-clock {escaped(line.kind)}"><time datetime="'
                f'{line.day.isoformat()}">{escaped(day_text(line.day))}'
                f"</time> — <strong>{escaped(line.label)}</strong>{detail}"
            )
            rows.append(mark_safe(head))
            continue
        at = localtime(line.at)
        who = (
            f"\n    · {escaped(line.actor.user)} ({escaped(line.organisation)})"
            if line.actor_id
            else ""
        )
        detail = event_detail(line, letters=letters, partner_staff=partner_staff)
        rows.append(
            mark_safe(
                f'<li><time datetime="{at.isoformat()}">'
                f"{escaped(moment_text(at))}</time> — "
                f"<strong>{escaped(line.label)}</strong>{who}"
                + ("" if detail is None else f"\n{detail}\n\n")
            )
        )
    return rows


def timeline(case, view: View) -> list:
    """The case's events as `view` sees them (all of them: the page folds its tracks and its
    version from the whole log and lists what `events_shown` lets the reader see), with the changed fields of an edit named as the
    form names them (those the view sees)."""
    events = selectors.case_timeline(case=case)
    for event in events:
        event.data = project(view, event.type, event.data)
        if event.type == EventType.CASE_UPDATED:
            changes = event.data.get("changes", {})
            event.changed = [field_label(name) for name in changes if view.sees_field(name)]
        elif event.type == EventType.AUTHORITY_CHOSEN:
            name = event.data.get("new") or ""
            event.changed = [authority_choice_title(region=case.company.region, name=name)]
        elif event.type in (EventType.PARTICIPANT_ADDED, EventType.PARTICIPANT_ROLE_CHANGED):
            role = event.data.get("role") or event.data.get("new")
            event.changed = [str(dict(ParticipantRole.choices).get(role, role))]
        elif event.type == EventType.PERSONAL_DATA_ERASED:
            basis = event.data.get("basis")
            event.changed = [str(dict(ErasureBasis.choices).get(basis, basis))]
        elif event.type == EventType.CASE_RETURNED:  # the gaps (absent in older events)
            event.changed = [gap_text(gap) for gap in event.data.get("gaps") or []]
        elif event.type == EventType.DOSSIER_FORWARDED and event.data.get("override_reason"):
            event.changed = problem_texts(event.data.get("gaps") or [])
    return events


def place_doubts(case, names: dict, places: list | None = None) -> list[str]:
    """Postcodes that the region's data places in another municipality than the one chosen.
    A hint, not an error: postcode areas may cross borders and routing goes by municipality.
    `places`: the region's municipalities, when the caller has read them."""
    doubts = []
    region = case.company.region
    for prefix in ("workplace", "residence"):
        postcode = getattr(case, f"{prefix}_postcode")
        chosen = getattr(case, f"{prefix}_municipality")
        if not postcode or not chosen or chosen == OUTSIDE_REGION:
            continue
        if places is None:
            named = municipality_for_postcode(region=region, postcode=postcode)
        else:
            found = [place for place in places if postcode in place.postcodes]
            named = found[0] if len(found) == 1 else None
        if named is not None and named.key != chosen:
            doubts.append(
                _(
                    "The postcode %(postcode)s lies in %(named)s according to the region's data, "
                    "but %(chosen)s was chosen. Competence follows the municipality: please check it."
                )
                % {"postcode": postcode, "named": named.name, "chosen": names[prefix]}
            )
    return doubts


# The steps that move the case itself (the "next steps" section shows when one is open).
STEPS_ON_THE_CASE = (
    "edit",
    "submit",
    "withdraw",
    "return",
    "no_prospect",
    "forward",
    "request_forwarding",
    "choose_authority",
    "request_consent",
    "decide_consent",
)


def still_needed(case) -> list[str]:
    """The labels of what submission still needs, the worker's consent included."""
    names = missing_for_submit(case) + ([] if case.consent_given else ["consent_given"])
    return [field_label(name) for name in names]
