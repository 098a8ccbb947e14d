"""The forecast's rows, made here: a template loop costs the case page a dozen nodes per row."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lotse.core.html import escaped
from lotse.core.money import money

register = template.Library()


@register.filter
def stage_items(rows) -> str:
    """The stages still ahead, each with how its length is counted."""
    return mark_safe(
        "".join(
            f"<li><strong>{escaped(row['label'])}</strong>: {escaped(row['how'])}</li>"
            for row in rows
        )
    )


@register.filter
def cost_rows(items) -> str:
    """The expected costs as table rows: what (with its note), amount, who pays, source."""
    return mark_safe("".join(_cost_row(item) for item in items))


def _cost_row(item: dict) -> str:
    note = f"<br><small>{escaped(item['note'])}</small>" if item["note"] else ""
    low, high = item["low"], item["high"]
    if low is None:
        amount = _("not known")
    elif low == high:
        amount = money(low)
    else:
        amount = f"{money(low)} – {money(high)}"
    if item["unconfirmed"]:
        amount = f"{amount} ({_('not confirmed')})"
    return (
        '<tr class="kern-table__row">\n'
        f'      <td class="kern-table__cell">{escaped(item["what"])}{note}</td>\n'
        f'      <td class="kern-table__cell">{escaped(amount)}</td>\n'
        f'      <td class="kern-table__cell">{escaped(item["debtor"])}</td>\n'
        f'      <td class="kern-table__cell"><small>{escaped(item["source"])}</small></td>\n'
        "    </tr>"
    )
