"""The documents' periodic job: remove stored files that no document row names.

A file is stored before its row is committed (`services.document_upload`); when the transaction
fails the file is deleted again, but a process killed in between leaves it behind. The sweep
removes such orphans once they are older than a grace period (`LOTSE_ORPHAN_GRACE_HOURS`, 24), so
a file of an upload still in flight is never taken.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.files.storage import default_storage

from lotse.core import clock
from lotse.core.periodic import periodic_job
from lotse.documents.models import Document

logger = logging.getLogger(__name__)
ROOT = "documents"


@periodic_job("documents.orphans")
def orphan_files_sweep(*, now: datetime.datetime | None = None) -> int:
    """Delete stored files under `documents/` without a row, older than the grace period; return
    how many. One query per case folder, so the work grows with the files, not with their rows."""
    cutoff = (now or clock.now()) - datetime.timedelta(hours=settings.LOTSE_ORPHAN_GRACE_HOURS)
    if not default_storage.exists(ROOT):
        return 0
    removed = 0
    folders, _files = default_storage.listdir(ROOT)
    for folder in folders:
        prefix = f"{ROOT}/{folder}/"
        _sub, names = default_storage.listdir(prefix.rstrip("/"))
        if not names:
            continue
        known = set(
            Document.objects.filter(storage_name__startswith=prefix).values_list(
                "storage_name", flat=True
            )
        )
        for name in names:
            path = prefix + name
            if path in known or default_storage.get_modified_time(path) > cutoff:
                continue
            default_storage.delete(path)
            removed += 1
    if removed:
        logger.info("documents.orphans: removed %d stored files without a document", removed)
    return removed
