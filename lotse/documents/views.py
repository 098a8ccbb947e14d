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
