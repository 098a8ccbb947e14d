"""The work list's rows, written in Python (issue 13): a list page shows up to 100 rows, and a
template include per row re-resolved every variable, translation, URL and date format a hundred
times — the list page cost five trivial pages. Here each label, state name, step name, the date
format and the case URL are looked up once per list, then each row is one `format_html`.

The markup is `cases/partials/_worklist.html`'s table body, the same on a wide screen and as a
card on a phone (`cases.css`, `.stack-table`); `who_acts` is also the case page's "Who"."""

import datetime
from uuid import UUID

from django import template
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone
from django.utils.translation import get_language, gettext

from lotse.cases.next_step import Step
from lotse.cases.states import CaseState
from lotse.cases.templatetags.due import due_lights
from lotse.core.dates import formatter
from lotse.core.html import escaped

register = template.Library()

ANY_CASE = UUID(int=0)
NONE = "—"
# One row; every value is escaped before it goes in (`_row`).
ROW = """<tr class="kern-table__row worklist-case">
      <th scope="row" class="kern-table__cell worklist-ref"><a href="{url}">{reference}</a> \
<span class="worklist-worker">{worker}</span>{company}</th>
      <td class="kern-table__cell" data-label="{state_label}">{state}</td>
      <td class="kern-table__cell" data-label="{step_label}">{step}</td>
      <td class="kern-table__cell worklist-who" data-label="{who_label}">{who}</td>
      <td class="kern-table__cell" data-label="{last_label}"><time datetime="{iso}">{last}</time></td>
      <td class="kern-table__cell" data-label="{due_label}">{due}</td>
    </tr>"""


class _Words:
    """What every row says alike in one language, looked up and escaped once per process
    (`_words`); the case URL once per list."""

    def __init__(self):
        labels = ("State", "Next step", "Who acts", "Last change", "Due")
        keys = ("state_label", "step_label", "who_label", "last_label", "due_label")
        self.row = ROW
        for key, label in zip(keys, labels, strict=True):  # the labels go in once
            text = escaped(gettext(label)).replace("{", "{{").replace("}", "}}")
            self.row = self.row.replace("{" + key + "}", text)
        self.unnamed = escaped(gettext("worker not named yet"))
        self.yours = escaped(gettext("Your organisation"))
        self.company = gettext("The company (%(name)s)")
        self.states = {value: escaped(str(label)) for value, label in CaseState.choices}
        self.steps = {value: escaped(str(label)) for value, label in Step.choices}
        self.short_date = formatter(formats.get_format("SHORT_DATE_FORMAT"))

        self.days: dict = {}

    def day(self, value: datetime.date) -> str:
        """The date as the language writes it short, each date formatted once."""
        if value not in self.days:
            if len(self.days) > 10_000:
                self.days.clear()
            self.days[value] = escaped(self.short_date(value))
        return self.days[value]


_WORDS: dict[str, _Words] = {}


def _words() -> _Words:
    language = get_language()
    if language not in _WORDS:
        _WORDS[language] = _Words()
    return _WORDS[language]


def who_acts_html(next_step, case, membership) -> SafeString:
    """Who takes the next step of `case`, as `membership`'s organisation reads it: "Your
    organisation", the company by name, or the partner by name, each with its named contact."""
    if next_step is None or not next_step.organisation_id:
        return mark_safe(NONE)
    contact = next_step.contact
    person = format_html(" · {}", contact.user) if contact is not None else ""
    if membership is not None and next_step.organisation_id == membership.organisation_id:
        return format_html("<strong>{}</strong>{}", gettext("Your organisation"), person)
    if next_step.organisation_id == case.company_id:
        name = gettext("The company (%(name)s)") % {"name": next_step.organisation}
        return format_html("{}{}", name, person)
    return format_html("{}{}", next_step.organisation, person)


@register.simple_tag(takes_context=True)
def who_acts(context, next_step, case) -> SafeString:
    return who_acts_html(next_step, case, context.get("membership"))


@register.simple_tag(takes_context=True)
def worklist_rows(context, cases) -> SafeString:
    """The table rows of `cases` (read in the shape `worklist.ROW`), as `membership` reads them."""
    membership = context.get("membership")
    own = membership.organisation_id if membership is not None else None
    words = _words()
    url = reverse("cases:detail", args=[ANY_CASE]).replace(str(ANY_CASE), "{}")
    lights = due_lights()
    zone = get_current_timezone()
    return mark_safe("\n  ".join(_row(case, own, words, url, lights, zone) for case in cases))


def _row(case, own, words: _Words, url: str, lights, zone) -> str:
    """One row's HTML (each value escaped here, the words in `words` already)."""
    changed = case.updated_at.astimezone(zone)
    due = NONE
    if case.row_due:
        due = f'<time datetime="{case.row_due.isoformat()}">{words.day(case.row_due)}</time>'
        due += lights(case.row_due)
    step = words.steps.get(case.row_step) or escaped(case.row_step or "")
    company = ""
    if own != case.company_id:
        name = case.row_company_short_name or case.row_company_name
        company = f'<span class="worklist-company">{escaped(name)}</span>'
    worker = case.worker_name
    return words.row.format(
        url=url.format(case.pk),
        reference=escaped(case.reference),
        worker=escaped(worker) if worker else words.unnamed,
        company=company,
        state=words.states.get(case.state) or escaped(case.state),
        step=step or NONE,
        who=_who(case, own, words),
        iso=changed.isoformat(),
        last=words.day(changed.date()),
        due=due,
    )


def _who(case, own, words: _Words) -> str:
    """`who_acts_html` for a row's values."""
    if not case.row_acting_id:
        return NONE
    person = ""
    if case.row_contact_id:
        full = f"{case.row_contact_first_name} {case.row_contact_last_name}".strip()
        person = " · " + escaped(full or case.row_contact_email)
    if case.row_acting_id == own:
        return f"<strong>{words.yours}</strong>{person}"
    name = case.row_acting_short_name or case.row_acting_name
    if case.row_acting_id == case.company_id:
        return escaped(words.company % {"name": name}) + person
    return escaped(name) + person


@register.filter
def contact_items(contacts) -> SafeString:
    """The case's contact persons as list items: organisation, person, e-mail, phone."""
    return mark_safe("".join(_contact(contact) for contact in contacts))


def _contact(contact) -> str:
    membership = contact.membership
    email = escaped(membership.user.email)
    mail = f' · <a href="mailto:{email}">{email}</a>' if email else ""
    phone = f" · {escaped(membership.phone)}" if membership.phone else ""
    return (
        f"<li><strong>{escaped(contact.organisation)}:</strong> {escaped(membership.user)}"
        f"{mail}{phone}</li>"
    )
