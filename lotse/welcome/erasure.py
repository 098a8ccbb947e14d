"""Erasure of the Welcome Center's personal places tied to a case (`core.erasure`): what a company
wrote about its need when it booked a first consultation may name the worker. Enquiries about a
case are inbox threads, erased by `inbox.texts`."""

from django.utils.translation import gettext_lazy as _

from lotse.core.erasure import erasure_hook
from lotse.welcome.models import Slot


@erasure_hook("welcome.consultation_needs", _("what the company wrote when booking a consultation"))
def consultation_needs(*, case, person: str | None) -> int:
    if person not in (None, "worker"):  # a family member's erasure leaves the company's words
        return 0
    return Slot.objects.filter(case_id=case.pk).exclude(need="").update(need="")
