"""The work list's traffic light for a due date (`NextStep.due`, which the clocks fill)."""

import datetime

from django import template
from django.conf import settings
from django.utils.translation import gettext as _

from lotse.core import clock

register = template.Library()

# the light and its KERN badge variant
VARIANTS = {"overdue": "danger", "soon": "warning", "in_time": "success"}


def due_light_of(due: datetime.date | None, today: datetime.date) -> str:
    """red past the due day; amber from `LOTSE_REMINDER_LEAD_DAYS` before it (when its owner is
    reminded); green before that. No due date: no light."""
    if due is None:
        return ""
    if due < today:
        return "overdue"
    if (due - today).days <= settings.LOTSE_REMINDER_LEAD_DAYS:
        return "soon"
    return "in_time"


def due_lights():
    """A function giving a due date's light as HTML (for rows written in Python: the work list),
    with today and the labels read once."""
    today = clock.today()
    labels = {"overdue": _("Overdue"), "soon": _("Due soon"), "in_time": _("In time")}

    def light_of(due) -> str:
        light = due_light_of(due, today)
        if not light:
            return ""
        return (
            f' <span class="kern-badge kern-badge--small kern-badge--{VARIANTS[light]} '
            f'due-light due-{light}"><span class="kern-label">{labels[light]}</span></span>'
        )

    return light_of
