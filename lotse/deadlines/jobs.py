"""The clocks' scheduled jobs (`manage.py periodic`)."""

from lotse.core.periodic import periodic_job
from lotse.deadlines.services import consent_weeks_expire, reminders_send


@periodic_job("deadlines.consent_week")
def consent_week() -> int:
    """Mark the consent weeks that passed without an answer (§ 36 Abs. 2 S. 2 BeschV) and ask
    the authorities to confirm; returns how many."""
    return consent_weeks_expire()


@periodic_job("deadlines.remind")
def remind() -> int:
    """Remind the owners of the periods ending soon, and tell of those that passed (binding
    ones escalated to the lead); returns how many people were told."""
    return reminders_send()
