"""Erasure of a case's documents (`core.erasure`): the files, their names, the links' addresses.

The rows stay with kind, size and SHA-256 (what the log holds), so the chain and the history of
what was handed in stay verifiable; the files are deleted from storage once the erasure commits.
"""

from __future__ import annotations

from functools import partial

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lotse.cases.event_types import EventType
from lotse.cases.models import Case
from lotse.cases.personal import WORKER, places_of, values_erase
from lotse.core import clock
from lotse.core.erasure import erasure_hook
from lotse.core.models import MailStatus, OutboxMail
from lotse.documents.links import MAIL_KIND
from lotse.documents.models import Document, UploadLink

LOGGED = places_of(EventType.DOCUMENT_UPLOADED, EventType.UPLOAD_LINK_SENT)


@erasure_hook(
    "documents.files",
    _("uploaded files and their names, the addresses upload links were sent to"),
)
def files(*, case: Case, person: str | None) -> int:
    now = clock.now()
    documents = Document.objects.filter(case=case, erased_at__isnull=True)
    if person == WORKER:
        documents = documents.filter(family_member__isnull=True)
    elif person is not None:
        documents = documents.filter(family_member_id=person)
    erased = 0
    for document in documents:
        transaction.on_commit(partial(default_storage.delete, document.storage_name))
        erased += 1
    documents.update(file_name="", erased_at=now)
    if person in (None, WORKER):
        links = UploadLink.objects.filter(case=case).exclude(email="")
        link_ids = [str(pk) for pk in links.values_list("pk", flat=True)]
        erased += links.count()
        UploadLink.objects.filter(case=case, revoked_at__isnull=True).update(revoked_at=now)
        links.update(email="")
        mails = OutboxMail.objects.filter(kind=MAIL_KIND, context__link__in=link_ids)
        # a link mail not yet sent is not sent any more: its address is gone
        mails.filter(status=MailStatus.PENDING).update(status=MailStatus.FAILED)
        mails.exclude(to="").update(to="")
    return erased + values_erase(case=case, person=person, places=LOGGED)
