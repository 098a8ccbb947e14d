"""The authority's inbox of delivered dossiers, and the dossier ZIP download."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation

from lotse.cases.access import access_record
from lotse.cases.need_to_know import view_for
from lotse.cases.visibility import case_get_for, viewer_memberships
from lotse.forwarding.dossier import dossier_zip
from lotse.forwarding.selectors import inbox_for, submissions_seen
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


def dossier(request, case_id, submission_id=None):
    """A delivered dossier of the case as one streamed ZIP — the submission `submission_id`, or
    the newest the reader may download — for those who see the whole case (company, chamber,
    authority: `need_to_know`): the company and the chamber each submission, an authority those
    delivered to it (also after it rejected one: `submissions_seen`). The read is logged."""
    case = case_get_for(user=request.user, case_id=case_id, as_seen=True)
    view = view_for(user=request.user, case=case, active=membership_of(request))
    if not view.sees_all:
        raise PermissionDenied
    organisations = [seat.organisation_id for seat in viewer_memberships(request.user)]
    seen = submissions_seen(case=case, view=view, organisations=organisations)
    if submission_id is not None:
        seen = seen.filter(pk=submission_id)
    submission = seen.first()
    if submission is None:
        raise Http404
    access_record(request=request, case=case, action="dossier")
    return dossier_response(submission, reference=case.reference)


def dossier_response(submission, *, reference: str) -> StreamingHttpResponse:
    """The submission's dossier ZIP, streamed, in the reader's language."""
    stream = dossier_zip(submission, language=translation.get_language() or "de")
    response = StreamingHttpResponse(stream, content_type="application/zip")
    response["Content-Length"] = str(len(stream))
    name = f"dossier-{reference}-{str(submission.pk)[:8]}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
