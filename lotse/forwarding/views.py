"""The authority's inbox of delivered dossiers, and the dossier ZIP download."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation

from lotse.cases.access import access_record
from lotse.cases.need_to_know import view_for
from lotse.cases.visibility import case_get_for
from lotse.forwarding.dossier import dossier_zip
from lotse.forwarding.models import RECEIVED
from lotse.forwarding.selectors import inbox_for
from lotse.forwarding.services import current_submission
from lotse.orgs.middleware import membership_of
from lotse.orgs.models import OrgKind


def inbox(request):
    """Dossiers delivered to the active organisation (a foreigners authority or the Zentralstelle),
    with their age; each links to its case, where the caseworker accepts or rejects it."""
    membership = membership_of(request)
    if membership is None or membership.organisation.kind != OrgKind.FOREIGNERS_AUTHORITY:
        return render(request, "forwarding/not_authority.html", status=403)
    rows = list(inbox_for(organisation=membership.organisation))
    return render(request, "forwarding/inbox.html", {"rows": rows})


def dossier(request, case_id):
    """The case's newest delivered dossier as one streamed ZIP, for those who see the whole case
    (company, chamber, authority: `need_to_know`); the read is logged."""
    case = case_get_for(user=request.user, case_id=case_id)
    if not view_for(user=request.user, case=case, active=membership_of(request)).sees_all:
        raise PermissionDenied
    submission = current_submission(case)
    if submission is None or submission.state not in RECEIVED:
        raise Http404
    access_record(request=request, case=case, action="dossier")
    stream = dossier_zip(submission, language=translation.get_language() or "de")
    response = StreamingHttpResponse(stream, content_type="application/zip")
    response["Content-Length"] = str(len(stream))
    response["Content-Disposition"] = f'attachment; filename="dossier-{case.reference}.zip"'
    return response
