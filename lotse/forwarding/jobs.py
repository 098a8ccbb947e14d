"""Forwarding's scheduled job (see `core.periodic`)."""

from lotse.core.periodic import periodic_job
from lotse.forwarding.services import submissions_sweep


@periodic_job("forwarding.sweep")
def sweep() -> int:
    """Re-queue the submissions stuck in queued or sending past a lease (a killed worker, a lost
    task) and mark the task rows such a worker left running as failed; returns how many were
    queued."""
    return submissions_sweep()
