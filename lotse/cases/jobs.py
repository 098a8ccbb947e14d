"""The case part's scheduled jobs (see `core.periodic`)."""

from lotse.cases.retention import retention_erase
from lotse.core.periodic import periodic_job


@periodic_job("cases.retention")
def retention() -> int:
    """Erase the personal data of the cases past their retention period; returns how many."""
    return retention_erase()
