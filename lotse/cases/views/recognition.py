"""The case page's recognition panel: the body for a chosen reference occupation, with its periods.

The case does not store its reference occupation (yet); the page asks for it by a GET parameter
(`?occupation=…`, an occupation or category key of the region's data) and answers with routing's
`recognition_body` on today's date. Nothing is written. Each period shows what the body owes, in which
procedure, how long from which trigger, how binding it is (law or practice), its provision and its
sources; a value no source confirms is marked so (issue 21).
"""

from functools import lru_cache

from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lotse.cases.views.detail import text_language
from lotse.core import clock
from lotse.routing import RoutingInputError, get_region, recognition_body
from lotse.routing import messages as routing_messages
from lotse.routing.periods import length
from lotse.routing.region import Region
from lotse.routing.schema import Period


def recognition_panel(case, choice: str) -> dict:
    """The panel's context: the choices, the chosen key, and the answer or an error."""
    region = get_region(case.company.region)
    language = text_language()
    panel = {
        "options": _options(region, language, choice),
        "chosen": choice,
        "answer": None,
        "error": "",
    }
    if not choice:
        return panel
    try:
        if choice in region.occupations:
            answer = recognition_body(occupation=choice, on=clock.today(), region=region)
        elif choice in region.categories:
            answer = recognition_body(category=choice, on=clock.today(), region=region)
        else:
            panel["error"] = _("Reference occupation: please choose one from the list.")
            return panel
    except RoutingInputError as error:
        panel["error"] = error.message[language]
        return panel
    law = answer.law if answer.is_competent else None
    panel["answer"] = {
        "body": answer.organisation_name,
        "reason": answer.reason[language],
        "law": law.name[language] if law else "",
        "periods": [_period_row(region, period, language) for period in law.periods] if law else [],
    }
    return panel


@lru_cache(maxsize=64)
def _options(region: Region, language: str, chosen: str) -> str:
    """The select's option groups as HTML, made once per region, language and choice (some
    eighty options: the page would render each by template tags)."""
    return format_html_join(
        "",
        '<optgroup label="{}">{}</optgroup>',
        (
            (
                group,
                format_html_join(
                    "",
                    '<option value="{}"{}>{}</option>',
                    (
                        (key, mark_safe(" selected") if key == chosen else "", label)
                        for key, label in options
                    ),
                ),
            )
            for group, options in _choices(region, language)
        ),
    )


def _choices(region: Region, language: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Per category: the category itself, then its occupations (for a grouped select)."""
    groups = []
    for key, category in region.recognition_categories.items():
        label = category.label[language]
        options = [(key, _("%(category)s (any)") % {"category": label})]
        options += [(o.key, o.name[language]) for o in region.members(key)]
        groups.append((label, options))
    return groups


def _period_row(region: Region, period: Period, language: str) -> dict:
    def text(key: str) -> str:
        return routing_messages.render(key)[language]

    return {
        "what": text(f"what.{period.what}"),
        "procedure": text(f"procedure.{period.procedure}"),
        "length": length(period, "span")[language],
        "trigger": text(f"trigger.{period.trigger}"),
        "strength": text(f"strength.{period.strength}"),
        "citation": period.citation,
        "note": period.note[language] if period.note else "",
        "confirmed": period.confirmed,
        "sources": [region.sources[key] for key in period.sources],
    }
