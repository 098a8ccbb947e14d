"""The worker's upload page behind the link: no account, phone-sized, no JavaScript needed."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lotse.cases.states import CaseState
from lotse.core.errors import DomainError
from lotse.documents.checklist import case_checklist
from lotse.documents.forms import LinkAnswerForm, LinkUploadForm
from lotse.documents.inspection import Refused
from lotse.documents.links import link_read, link_resolve
from lotse.documents.models import Document
from lotse.documents.services import document_upload, refused_error, return_answer_by_link
from lotse.documents.templatetags.case_documents import last_return
from lotse.documents.upload_handler import oversize_fields

ANSWER = "answer"  # the name of the answer form's button


@login_not_required
@require_http_methods(["GET", "POST"])
def link_page(request, token: str):
    link = link_resolve(token)
    if link is None:
        # expired, revoked, unknown or forged: the same answer for each
        return render(request, "documents/link_invalid.html", status=404)
    case = link.case
    answering = request.method == "POST" and ANSWER in request.POST
    uploading = request.method == "POST" and not answering
    form = LinkUploadForm(
        request.POST if uploading else None, request.FILES if uploading else None, case=case
    )
    answer = LinkAnswerForm(request.POST if answering else None)
    if answering and answer.is_valid():
        try:
            return_answer_by_link(link=link, text=answer.cleaned_data["text"])
        except DomainError as error:
            answer.add_error(None, error.message)
        else:
            link_read(link=link, action="link.answer")
            messages.success(request, _("Thank you: your message was sent to the chamber."))
            return redirect(request.path)
    if uploading:
        if "file" in oversize_fields(request):
            limit = settings.LOTSE_UPLOAD_MAX_BYTES // (1024 * 1024)
            error = refused_error(Refused("too_large", limit_mb=limit))
            form.is_valid()
            form.add_error("file", error.message)
        elif form.is_valid():
            try:
                document_upload(
                    case=case,
                    link=link,
                    kind=form.cleaned_data["kind"],
                    language=form.cleaned_data["language"],
                    family_member=form.cleaned_data.get("family_member"),
                    translation_of=form.cleaned_data.get("translation_of"),
                    upload=form.cleaned_data["file"],
                )
            except DomainError as error:
                field = error.details.get("field")
                form.add_error(field if field in form.fields else None, error.message)
            else:
                link_read(link=link, action="link.upload")
                messages.success(request, _("Thank you: the document was received."))
                return redirect(request.path)
    link_read(link=link, action="link.page")
    documents = (
        Document.objects.filter(case=case, replaced_by__isnull=True)
        .select_related("family_member", "translation_of")
        .order_by("family_member", "kind")
    )
    returned = last_return(case) if case.state == CaseState.RETURNED else None
    return render(
        request,
        "documents/link.html",
        {
            "link": link,
            "company": case.company,
            "form": form,
            "answer": answer if returned else None,
            "returned": returned,
            "checklist": case_checklist(case=case),
            "documents": documents,
            "family": list(case.family.all()),
        },
        status=400 if form.errors or answer.errors else 200,
    )


def document_file(request, case_id, document_id):
    """One document's file, for a reader whose part in the case lets it see the document (need to
    know per document kind: `need_to_know.sees_document`); the read is logged. An erased or
    unknown document, or a case the reader does not see, is not found."""
    from django.core.exceptions import PermissionDenied
    from django.core.files.storage import default_storage
    from django.http import FileResponse, Http404

    from lotse.cases.access import access_record
    from lotse.cases.need_to_know import sees_document, view_for
    from lotse.cases.visibility import case_get_for
    from lotse.orgs.middleware import membership_of

    case = case_get_for(user=request.user, case_id=case_id)
    document = (
        Document.objects.filter(case=case, pk=document_id, erased_at__isnull=True)
        .select_related("translation_of")
        .first()
    )
    if document is None:
        raise Http404
    view = view_for(user=request.user, case=case, active=membership_of(request))
    original = document.translation_of.kind if document.translation_of_id else None
    if not sees_document(view, document.kind, original):
        raise PermissionDenied
    access_record(request=request, case=case, action=f"document.{document.kind}")
    extension = document.storage_name.rsplit(".", 1)[-1]
    # a name of the kind and the case, not the client's file name (which may name the person)
    name = f"{document.kind}-{case.reference}-v{document.version}.{extension}"
    response = FileResponse(
        default_storage.open(document.storage_name, "rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
