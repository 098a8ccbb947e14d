"""Erasure of what forwarding holds (`core.erasure`): the rejection's reasons and the manifests.

The submission rows stay with their states and each document's SHA-256 (what the log holds); the
manifest's case data, family, pre-check and file names are removed, the rejection reasons emptied.
"""

from django.utils.translation import gettext_lazy as _

from lotse.cases.event_types import EventType
from lotse.cases.models import Case
from lotse.cases.personal import WORKER, places_of, values_erase
from lotse.core.erasure import erasure_hook
from lotse.forwarding.models import Submission

LOGGED = places_of(EventType.DOSSIER_REJECTED)
PERSONAL_MANIFEST_KEYS = ("case_data", "family", "precheck", "checklist")


@erasure_hook("forwarding.submissions", _("forwarded dossiers' manifests and rejection reasons"))
def submissions(*, case: Case, person: str | None) -> int:
    if person not in (None, WORKER):
        return 0  # a family member's data stays in a manifest only until the case's erasure
    erased = 0
    for submission in Submission.objects.filter(case=case):
        manifest = dict(submission.manifest)
        if not any(key in manifest for key in PERSONAL_MANIFEST_KEYS) and not submission.reasons:
            continue
        for key in PERSONAL_MANIFEST_KEYS:
            manifest.pop(key, None)
        manifest["documents"] = [
            {**entry, "file_name": ""} for entry in manifest.get("documents", [])
        ]
        manifest["erased"] = True
        submission.manifest, submission.reasons = manifest, ""
        submission.save(update_fields=["manifest", "reasons", "updated_at"])
        erased += 1
    return erased + values_erase(case=case, person=WORKER, places=LOGGED)
