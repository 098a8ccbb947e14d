"""The worker's upload page behind the link: no account, phone-sized, no JavaScript needed."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lotse.core.errors import DomainError
from lotse.documents.forms import LinkUploadForm
from lotse.documents.inspection import Refused
from lotse.documents.links import link_read, link_resolve
from lotse.documents.models import Document
from lotse.documents.services import document_upload, refused_error
from lotse.documents.upload_handler import oversize_fields


@login_not_required
@require_http_methods(["GET", "POST"])
def link_page(request, token: str):
    link = link_resolve(token)
    if link is None:
        # expired, revoked, unknown or forged: the same answer for each
        return render(request, "documents/link_invalid.html", status=404)
    form = LinkUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if "file" in oversize_fields(request):
            limit = settings.LOTSE_UPLOAD_MAX_BYTES // (1024 * 1024)
            error = refused_error(Refused("too_large", limit_mb=limit))
            form.is_valid()
            form.add_error("file", error.message)
        elif form.is_valid():
            try:
                document_upload(
                    case=link.case,
                    link=link,
                    kind=form.cleaned_data["kind"],
                    language=form.cleaned_data["language"],
                    upload=form.cleaned_data["file"],
                )
            except DomainError as error:
                form.add_error(
                    error.details.get("field")
                    if error.details.get("field") in form.fields
                    else None,
                    error.message,
                )
            else:
                link_read(link=link, action="link.upload")
                messages.success(request, _("Thank you: the document was received."))
                return redirect(request.path)
    link_read(link=link, action="link.page")
    documents = Document.objects.filter(case=link.case, replaced_by__isnull=True).order_by("kind")
    return render(
        request,
        "documents/link.html",
        {"link": link, "company": link.case.company, "form": form, "documents": documents},
        status=400 if form.errors else 200,
    )
