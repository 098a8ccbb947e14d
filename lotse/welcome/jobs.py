"""The Welcome Center's scheduled jobs (see `core.periodic`)."""

from lotse.core.periodic import periodic_job
from lotse.welcome.retention import welcome_retention_erase
from lotse.welcome.services import reminders_send


@periodic_job("welcome.remind")
def remind() -> int:
    """Remind the people registered for tomorrow's events; returns how many mails were written."""
    return reminders_send()


@periodic_job("welcome.retention")
def retention() -> int:
    """Erase the names and addresses of registrations past their retention period (the counts
    stay); returns how many rows."""
    return welcome_retention_erase()
