"""The cases' periodic jobs (`manage.py periodic`)."""

from lotse.cases.sealing.seal import seal_create
from lotse.core.periodic import periodic_job


@periodic_job("cases.seal")
def seal() -> int:
    """Seal every case's head outside the database; returns the new seal's number, 0 where
    nothing changed since the last seal."""
    made = seal_create()
    return made.number if made else 0
