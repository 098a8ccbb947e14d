"""The case page's competence rows and family list, written in Python: each row would cost the
page a dozen template lookups (issue 13). The sections around them stay in `cases/detail.html`."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.cases.templatetags.step_form import step_form
from lotse.core.dates import date_text
from lotse.core.html import escaped

register = template.Library()

# (a word with an apostrophe, which the f-string below cannot quote)
DOWNLOAD_PERSON = gettext_lazy("Download this person's data (JSON)")


@register.simple_tag(takes_context=True)
def competence_items(context, rows) -> str:
    """Each competence row (`views.detail.competence`): its title, who, and the folded "why";
    the rule with its legal basis and sources for the partners' staff only."""
    staff = context.get("partner_staff")
    parts = []
    for row in rows:
        parts.append(f"<h3>{escaped(row['title'])}</h3>\n  <p>{escaped(row['who'])}</p>\n  ")
        if row.get("why"):
            parts.append(
                f'<details class="case-why"><summary>{_("Why?")}</summary>'
                f"<p>{escaped(row['why'])}</p>\n    "
            )
            if staff and row.get("basis"):
                parts.append(
                    f"<details><summary>{_('Rule, legal basis and sources')}</summary>"
                    f"<p><small>{escaped(row['basis'])}</small></p></details>"
                )
            parts.append("\n  </details>")
        parts.append("\n  ")
    return mark_safe("".join(parts))


@register.simple_tag(takes_context=True)
def family_items(context, family) -> str:
    """Each family member (`pages.family_rows`) as a list item: name, relation, birth date,
    qualification and career, the export of their data and the form that removes them."""
    export_url = context.get("export_url") if context.get("ask", {}).get("export") else ""
    remove = context.get("steps", {}).get("family_remove")
    parts = []
    for member, remove_form in family:
        name = escaped(member) if member.first_name or member.last_name else _("(erased)")
        born = escaped(date_text(member.birth_date)) if member.birth_date else ""
        item = f"<li>{name} ({escaped(member.get_relation_display())}, {born})"
        if member.qualification:
            item += f" — {escaped(member.qualification)}"
        if member.career:
            item += f" — {escaped(member.career)}"
        if export_url:
            item += (
                f' · <a href="{escaped(export_url)}?person={escaped(member.pk)}" download>'
                f"{DOWNLOAD_PERSON}</a>"
            )
        item += "\n   "
        if remove_form:
            item += step_form(context, remove, form=remove_form, inline=True)
        parts.append(item + "</li>")
    return mark_safe("".join(parts))
