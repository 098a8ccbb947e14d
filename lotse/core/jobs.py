"""The core's scheduled jobs (see `core.periodic`)."""

from lotse.core.outbox import mails_requeue
from lotse.core.periodic import periodic_job


@periodic_job("core.outbox_requeue")
def outbox_requeue() -> int:
    """Queue the mails whose next attempt has come or whose task was lost; returns how many."""
    return mails_requeue()
