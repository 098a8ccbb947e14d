"""The timeline's detail line of an event (`views.event_detail`), as the page writes it."""

from types import SimpleNamespace

import pytest
from django.utils import translation
from django.utils.safestring import mark_safe

from lotse.cases.personal import ERASED
from lotse.cases.views.event_detail import event_detail
from lotse.cases.views.pages import PROCEDURE_LETTERS


def detail(event_type, data, changed=None, staff=True, language="en"):
    event = SimpleNamespace(type=event_type, data=data)
    if changed is not None:
        event.changed = changed
    with translation.override(language):
        return event_detail(event, letters=PROCEDURE_LETTERS, partner_staff=staff)


def test_a_type_without_a_detail_line_has_none():
    assert detail("case.created", {"chamber_name": "IHK"}) is None


def test_values_are_escaped_and_line_breaks_kept():
    assert detail("case.returned", {"missing": "Pass <copy>\r\nDiploma"}, ["a & b", "c"]) == (
        "<br>Missing: Pass &lt;copy&gt;<br>Diploma<br>Gaps of the checklist: a &amp; b, c"
    )
    assert detail("case.submitted", {"chamber_name": mark_safe("<b>IHK</b>")}) == "<br><b>IHK</b>"
    assert detail("precheck.no_prospect", {"reasons": ERASED}) == "<br>Reasons: (erased)"


def test_the_forwardings_reason_is_for_partner_staff_in_their_language():
    data = {"authority_name": "LAB NI", "reason": {"de": "seit 2026", "en": "since 2026"}}
    assert detail("dossier.forwarded", data) == "<br>LAB NI — since 2026"
    assert detail("dossier.forwarded", data, language="de") == "<br>LAB NI — seit 2026"
    assert detail("dossier.forwarded", data, staff=False) == "<br>LAB NI"


def test_a_recognition_letter_names_body_outcome_and_measure():
    data = {"body_name": "IHK FOSA", "outcome": "partial", "measure": "Course\n6 months"}
    assert detail("recognition.decided", data) == (
        "<br>IHK FOSA · Partial equivalence with a compensation measure"
        "<br>Compensation measure: Course<br>6 months"
    )


@pytest.mark.parametrize(
    ("event_type", "data", "line"),
    [
        ("submission.failed", {"attempt": 2, "error": "timeout"}, "<br>Attempt 2 — timeout"),
        ("visa.issued", {"person": "worker", "date": "2027-01-04"}, "<br>the worker · 2027-01-04"),
        ("agreement.signed", {"party": "employer"}, "<br>Signed by the employer"),
        (
            "message.sent",
            {"to_name": "AA", "internal": True},
            "<br>To: AA (internal, between partners)",
        ),
        ("case.updated", {}, ""),
    ],
)
def test_each_type_writes_its_line(event_type, data, line):
    assert detail(event_type, data) == line


def test_german_words_come_from_the_catalogue():
    assert detail("case.return_answered", {"text": "ok", "link": True}, language="de").startswith(
        "<br>Antwort: ok ("
    )
