"""The cases' periodic jobs (`manage.py periodic`)."""

from lotse.cases.retention import retention_erase
from lotse.cases.sealing.seal import seal_due
from lotse.core.periodic import periodic_job


@periodic_job("cases.retention")
def retention() -> int:
    """Erase the personal data of the cases past their retention period; returns how many."""
    return retention_erase()


@periodic_job("cases.seal")
def seal() -> int:
    """Seal every case's head outside the database at most every `LOTSE_SEAL_EVERY_MINUTES`;
    returns the new seal's number, 0 where none was due or nothing changed."""
    made = seal_due()
    return made.number if made else 0
