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


@register.inclusion_tag("cases/partials/_due_light.html")
def due_light(due):
    light = due_light_of(due, clock.today())
    if not light:
        return {"light": ""}
    labels = {"overdue": _("Overdue"), "soon": _("Due soon"), "in_time": _("In time")}
    return {"light": light, "variant": VARIANTS[light], "label": labels[light]}
