"""The authority's answer on a delivered dossier, as step forms (page and API alike)."""

from django.utils.translation import gettext_lazy as _

from lotse.cases.step_forms import StepForm, reason_field


class RejectDossierForm(StepForm):
    text = reason_field(
        _("Why is the dossier rejected? (the chamber and the company read this)"), required=True
    )

    def arguments(self) -> dict:
        return {"reasons": self.cleaned_data["text"]}
