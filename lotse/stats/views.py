"""The statistics' pages: the dashboard for partner staff with its charts and exports, and the
public transparency page."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext

from lotse.core import clock
from lotse.stats import charts, exports, public, selectors
from lotse.stats.access import Viewer, viewer_for
from lotse.stats.definitions import FIGURES, OFFER_FIGURES, STAGES, TERMS
from lotse.stats.forms import FilterForm
from lotse.stats.report import report_pdf
from lotse.stats.tables import TABLE_KEYS, TABLE_NAMES, Filters, tables_for


def _reading(request) -> tuple[Viewer, FilterForm, Filters]:
    """The viewer, the filter form and the filters it leads to; 404 for no dashboard."""
    viewer = viewer_for(request)
    if viewer is None:
        raise Http404
    scope = viewer.own_scope
    this_year = clock.today().year
    first = selectors.first_year(scope=scope) or this_year
    years = list(range(max(this_year, first), min(first, this_year) - 1, -1))
    data = request.GET.copy()
    data.setdefault("year", str(years[0]))
    asked = data["year"]
    year = int(asked) if asked.isdigit() and int(asked) in years else years[0]
    form = FilterForm(
        data,
        years=years,
        partners=viewer.partners,
        titles=selectors.titles(scope=scope, year=year),
        region=viewer.region,
    )
    form.is_valid()  # a field refused keeps its message and falls back to the viewer's own
    chosen = form.cleaned_data
    if "partner" in chosen:
        scope = viewer.scope_for(chosen["partner"])
    filters = Filters(scope=scope, year=chosen.get("year", years[0]), title=form.title_filter())
    return viewer, form, filters


def _backlog_partners(viewer: Viewer, filters: Filters) -> dict[str, str]:
    """The partners whose backlog the page shows: the chosen one, else all the viewer may read."""
    if filters.scope and filters.scope in viewer.partners:
        return {filters.scope: viewer.partners[filters.scope]}
    return viewer.partners


def dashboard(request):
    viewer, form, filters = _reading(request)
    tables = tables_for(filters, _backlog_partners(viewer, filters))
    own_backlog = None
    if settings.LOTSE_STATS_PER_PERSON and viewer.membership is not None:
        own_backlog = selectors.backlog_of_contact(
            organisation=str(viewer.membership.organisation_id),
            contact=str(viewer.membership.pk),
        )
    context = {
        "form": form,
        "tables": [tables[key] for key in TABLE_KEYS],
        "query": request.GET.urlencode(),
        "figures": FIGURES,
        "offer_figures": OFFER_FIGURES,
        "stages": STAGES,
        "terms": TERMS,
        "viewer": viewer,
        "own_backlog": own_backlog,
    }
    return render(request, "stats/dashboard.html", context)


def chart(request, key: str):
    """One table's chart as SVG (an image of its own: the page's policy allows no inline
    styles, which reportlab's SVG uses)."""
    if key not in TABLE_KEYS:
        raise Http404
    viewer, _form, filters = _reading(request)
    table = tables_for(filters, _backlog_partners(viewer, filters))[key]
    response = HttpResponse(charts.svg(charts.chart_for(table)), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


def export(request, key: str, format: str):
    if key not in TABLE_KEYS or format not in exports.FORMATS:
        raise Http404
    viewer, _form, filters = _reading(request)
    table = tables_for(filters, _backlog_partners(viewer, filters))[key]
    return exports.FORMATS[format](table, filename=f"{TABLE_NAMES[key]} {filters.year}")


def report(request):
    """The yearly report of the chosen scope and year as PDF."""
    viewer, _form, filters = _reading(request)
    tables = tables_for(filters, _backlog_partners(viewer, filters))
    scope_name = viewer.partners.get(filters.scope) or gettext("the whole region")
    body = report_pdf(tables=tables, scope_name=scope_name, year=filters.year)
    response = HttpResponse(body, content_type="application/pdf")
    name = slugify(gettext("Yearly report") + " " + str(filters.year))
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@login_not_required
def transparency(request):
    """The public page: yearly completed procedures and median durations of the region, small
    cells suppressed (`public.py`). It reads the region's aggregates, which name no case and no
    person, so it needs no login and no `visible_to`."""
    context = {"table": public.public_table(), "offers": public.offers_table()}
    return render(request, "stats/public.html", context)
