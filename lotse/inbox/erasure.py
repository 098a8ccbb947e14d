"""Erasure of a case's messages and notices (`core.erasure`): their texts, subjects and
placeholders. Free text may name anyone in the case, so every person's erasure takes them all."""

from django.utils.translation import gettext_lazy as _

from lotse.core import clock
from lotse.core.erasure import erasure_hook
from lotse.inbox.models import Entry, Thread


@erasure_hook("inbox.texts", _("messages and notices about the case: subjects and texts"))
def texts(*, case, person: str | None) -> int:
    now = clock.now()
    threads = Thread.objects.filter(case_id=case.pk, erased_at__isnull=True)
    entries = Entry.objects.filter(thread__case_id=case.pk, erased_at__isnull=True)
    erased = entries.update(text="", erased_at=now)
    return erased + threads.update(subject="", params={}, erased_at=now)
