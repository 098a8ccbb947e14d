"""A person's data export (Art. 15 GDPR) as a JSON download: from the case page for those working
on the case, and from a page of its own for the platform administrator."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lotse.cases import guards
from lotse.cases.export import (
    export_filename,
    export_json,
    export_record,
    person_export,
    platform_export,
)
from lotse.cases.need_to_know import is_platform_admin, view_for
from lotse.cases.personal import WORKER
from lotse.cases.visibility import case_get_for
from lotse.orgs.middleware import membership_of


def attachment(export: dict, filename: str) -> HttpResponse:
    response = HttpResponse(export_json(export), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def download(request, case, person: str) -> HttpResponse:
    """The export of `person` in `case` through the requester's view, logged as a read."""
    view = view_for(user=request.user, case=case, active=membership_of(request))
    export = person_export(case=case, person=person, view=view)
    export_record(request=request, case=case, person=person)
    return attachment(export, export_filename(case.reference, person))


def case_person_export(request, case_id):
    case = case_get_for(user=request.user, case_id=case_id)
    decision = guards.case_can_export_person(case=case, actor=membership_of(request))
    if not decision:
        messages.error(request, decision.message)
        return redirect("cases:detail", case_id=case.pk)
    return download(request, case, request.GET.get("person") or WORKER)


def platform_person_export(request):
    """The platform administrator answers a person's request (Art. 15 GDPR) by the case's
    reference; for everyone else the page does not exist."""
    if not is_platform_admin(request.user) or membership_of(request) is not None:
        raise Http404
    reference = request.GET.get("reference", "").strip()
    person = request.GET.get("person", "").strip() or WORKER
    if reference:
        try:
            export = platform_export(reference=reference, person=person, user=request.user)
        except Http404:
            messages.error(request, _("No case with this reference and person was found."))
        else:
            return attachment(export, export_filename(export["case"]["reference"], person))
    context = {"reference": reference, "person": "" if person == WORKER else person}
    return render(request, "cases/platform_export.html", context, status=404 if reference else 200)
