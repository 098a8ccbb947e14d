"""The timeline's detail line of an event: what it names beyond its label and who acted (the
chamber a case went to, the reasons of a refusal, the body of a recognition letter, …).

One writer per event type, in the order the page has always asked them; an event of a type with
no writer has no detail line. Written in Python rather than as an included template with a
chain of two dozen comparisons: the case page writes one for each line of its log (issue 13)."""

from collections.abc import Callable

from django.template.defaultfilters import linebreaksbr
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lotse.core.html import escaped

# (words with an apostrophe, which the f-strings below cannot quote)
UPLOAD_LINK_ANSWER = _lazy("through the worker's upload link")
ON_BEHALF = _lazy("recorded by the authority with the body's notice")


def _text(data: dict, key: str) -> str:
    """A payload value as `{{ p.key }}` writes it ("" when the payload lacks it)."""
    return escaped(data.get(key, ""))


def _lines(data: dict, key: str) -> str:
    """A payload value as `{{ p.key|linebreaksbr }}` writes it."""
    return linebreaksbr(data.get(key, ""))


def _changed(event) -> str:
    """The event's changed fields (`views.detail.timeline`) as `{{ event.changed|join:", " }}`."""
    return ", ".join(escaped(item) for item in _changes(event))


def _changes(event) -> list:
    return getattr(event, "changed", None) or []


def _reasons(key: str) -> Callable:
    return lambda p, event, staff: f"<br>{_('Reasons:')} {_lines(p, key)}"


def _returned(p, event, staff) -> str:
    gaps = f"<br>{_('Gaps of the checklist:')} {_changed(event)}" if _changes(event) else ""
    return f"<br>{_('Missing:')} {_lines(p, 'missing')}{gaps}"


def _return_answered(p, event, staff) -> str:
    link = f" ({UPLOAD_LINK_ANSWER})" if p.get("link") else ""
    return f"<br>{_('Answer:')} {_lines(p, 'text')}{link}"


def _forwarded(p, event, staff) -> str:
    reason = p.get("reason")
    why = ""
    if staff and isinstance(reason, dict) and reason.get("de"):
        why = f" — {escaped(reason.get('en' if get_language() == 'en' else 'de', ''))}"
    override = ""
    if p.get("override_reason"):
        override = f"<br>{_('Forwarded nevertheless, because:')} {_lines(p, 'override_reason')}"
        if _changes(event):
            override += f"<br>{_('Not ready then:')} {_changed(event)}"
    return f"<br>{_text(p, 'authority_name')}{why}{override}"


def _contact_assigned(p, event, staff) -> str:
    organisation = f"{_text(p, 'organisation_name')}: " if p.get("organisation_name") else ""
    old = f"{_text(p, 'old_name')} → " if p.get("old_name") else ""
    return f"<br>{organisation}{old}{_text(p, 'new_name')}"


def _case_updated(p, event, staff) -> str:
    return f"<br>{_('Changed:')} {_changed(event)}" if _changes(event) else ""


def _submission(p, event, staff) -> str:
    error = f" — {_text(p, 'error')}" if p.get("error") else ""
    return "<br>" + _("Attempt %(attempt)s") % {"attempt": _text(p, "attempt")} + error


def _signed(p, event, staff) -> str:
    if p.get("party") == "employer":
        return f"<br>{_('Signed by the employer')}"
    return f"<br>{_('Signed by the authority')}"


def _concluded(p, event, staff) -> str:
    if p.get("fee_debtor") == "employer":
        return f"<br>{_('The employer owes the fee (declaration to take over the costs).')}"
    return f"<br>{_('The worker owes the fee.')}"


def _recognition_applied(p, event, staff) -> str:
    law = f" · {_text(p, 'law')}" if p.get("law") else ""
    return f"<br>{_text(p, 'body_name')}{law}"


def _letter(p, event, staff) -> str:
    """A letter of the recognition body (`letters`): the body, its outcome and measure."""
    parts = [f"<br>{_text(p, 'body_name')}"]
    if p.get("on_behalf"):
        parts.append(f" ({ON_BEHALF})")
    if p.get("outcome"):
        outcome = p.get("outcome")
        if outcome == "full":
            parts.append(f" · {_('Full equivalence')}")
        elif outcome == "partial":
            parts.append(f" · {_('Partial equivalence with a compensation measure')}")
        else:
            parts.append(f" · {_('Refused')}")
    if p.get("measure"):
        parts.append(f"<br>{_('Compensation measure:')} {_lines(p, 'measure')}")
    if p.get("note"):
        parts.append(f"<br>{_lines(p, 'note')}")
    return "".join(parts)


def _person(p) -> str:
    return _("the worker") if p.get("person") == "worker" else _("a family member")


def _for_person(p, event, staff) -> str:
    day = f" · {_text(p, 'date')}" if p.get("date") else ""
    return f"<br>{_person(p)}{day}"


def _visa_refused(p, event, staff) -> str:
    reason = f" · {_lines(p, 'reason')}" if p.get("reason") else ""
    return f"<br>{_person(p)}{reason}"


def _ended_early(p, event, staff) -> str:
    reason = f" · {_lines(p, 'reason')}" if p.get("reason") else ""
    return f"<br>{_text(p, 'date')}{reason}"


def _message_sent(p, event, staff) -> str:
    internal = f" ({_('internal, between partners')})" if p.get("internal") else ""
    return f"<br>{_('To:')} {_text(p, 'to_name')}{internal}"


def _named(key: str) -> Callable:
    return lambda p, event, staff: f"<br>{_text(p, key)}"


def _named_with_changed(p, event, staff) -> str:
    return f"<br>{_text(p, 'organisation_name')} — {_changed(event)}"


def _changed_only(p, event, staff) -> str:
    return f"<br>{_changed(event)}"


def _rejected(p, event, staff) -> str:
    return f"<br>{_text(p, 'authority_name')} — {_('Reasons:')} {_lines(p, 'reasons')}"


# Asked before the recognition body's letters (an event type here is written so even if it is one).
WRITERS_FIRST: dict[str, Callable] = {
    "case.submitted": _named("chamber_name"),
    "case.returned": _returned,
    "case.return_answered": _return_answered,
    "precheck.no_prospect": _reasons("reasons"),
    "dossier.forwarded": _forwarded,
    "contact.assigned": _contact_assigned,
    "consent.requested": _named("agency_name"),
    "case.updated": _case_updated,
    "routing.authority_chosen": _changed_only,
    "participant.added": _named_with_changed,
    "participant.role_changed": _named_with_changed,
    "personal_data.erased": _changed_only,
    "dossier.rejected": _rejected,
    "dossier.accepted": _named("authority_name"),
    "submission.failed": _submission,
    "submission.retrying": _submission,
    "consent.refused": _reasons("reason"),
    "agreement.signed": _signed,
    "agreement.concluded": _concluded,
    "recognition.applied": _recognition_applied,
}
# Asked after them.
WRITERS_THEN: dict[str, Callable] = {
    "consent.information_requested": lambda p, event, staff: f"<br>{_lines(p, 'questions')}",
    **dict.fromkeys(
        (
            "preapproval.issued",
            "visa.appointment_requested",
            "visa.appointment_booked",
            "visa.applied",
            "visa.issued",
            "entry.reported",
        ),
        _for_person,
    ),
    "visa.refused": _visa_refused,
    "employment.ended_early": _ended_early,
    "procedure.refused": _reasons("reasons"),
    "message.sent": _message_sent,
}


def writer_for(event_type: str, letters: frozenset) -> Callable | None:
    """The writer of an event type's detail line, or None: it has none."""
    writer = WRITERS_FIRST.get(event_type)
    if writer is None and event_type in letters:
        return _letter
    return writer or WRITERS_THEN.get(event_type)


def event_detail(event, *, letters: frozenset, partner_staff: bool) -> str | None:
    """The event's detail line as markup (the escaped payload values, the translated words), or
    None for a type without one; `letters`: the recognition body's letter types, `partner_staff`:
    the reader works for a partner (the forwarding's reason is theirs to read)."""
    writer = writer_for(event.type, letters)
    if writer is None:
        return None
    return writer(event.data, event, partner_staff)
