"""The platform administrator's erasure request page, in the administration (`/admin/erasure/`).

It names a case by its reference and shows nothing of its data: the administration sees no case
data (`orgs/admin.py`). The erasure itself is the service's (`cases.erasure`), which refuses anyone
but a superuser and records who and why in the case's log.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.cases.erasure import ErasureBasis, personal_data_erase
from lotse.cases.errors import CaseError
from lotse.cases.models import Case
from lotse.core.errors import DomainError


class ErasureForm(forms.Form):
    reference = forms.CharField(label=gettext_lazy("Case reference"), max_length=20)
    person = forms.CharField(
        label=gettext_lazy("Only this person (optional)"),
        required=False,
        max_length=36,
        help_text=gettext_lazy(
            "“worker”, or a family member's id; left empty, everyone in the case."
        ),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "For example the request's file number. The case's log keeps it, erasable like a "
            "personal value."
        ),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "The request is checked: erase the personal data now. This cannot be undone."
        )
    )

    def clean_reference(self) -> Case:
        reference = self.cleaned_data["reference"].strip()
        case = Case.objects.filter(reference=reference).first()
        if case is None:
            raise forms.ValidationError(_("No case has this reference."), code="unknown")
        return case


def erasure_request(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = form.cleaned_data["reference"]
        try:
            event = personal_data_erase(
                case=case,
                basis=ErasureBasis.REQUEST,
                user=request.user,
                reason=form.cleaned_data["reason"],
                person=form.cleaned_data["person"].strip() or None,
            )
        except DomainError as error:
            field = "person" if error.code == CaseError.UNKNOWN_PERSON else "reason"
            form.add_error(field, error.message)
        else:
            messages.success(
                request,
                _(
                    "The personal data of case %(reference)s was erased (%(count)s values); its "
                    "log records this as event %(seq)s."
                )
                % {
                    "reference": case.reference,
                    "count": sum(event.payload["erased"].values()),
                    "seq": event.seq,
                },
            )
            return redirect("admin_erasure")
    context = admin.site.each_context(request) | {
        "title": _("Erase personal data"),
        "form": form,
    }
    return render(request, "cases/admin_erasure.html", context)
