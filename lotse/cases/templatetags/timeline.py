"""`{% event_detail event %}`: an event's detail line in a timeline written by a template (the
case as a reader whose part ended saw it); the case page writes its lines in Python
(`views.detail.timeline_rows`)."""

from django import template
from django.utils.safestring import mark_safe

from lotse.cases.views.event_detail import event_detail as detail_of

register = template.Library()


@register.simple_tag(takes_context=True)
def event_detail(context, event):
    """The line of `event`, with the page's `procedure_letters` and `partner_staff`."""
    detail = detail_of(
        event,
        letters=context.get("procedure_letters") or frozenset(),
        partner_staff=bool(context.get("partner_staff")),
    )
    return mark_safe("\n\n" if detail is None else f"\n{detail}\n\n")
