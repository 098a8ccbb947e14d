"""The case page: one primary button for the step the state expects, the confirming dialogs, the
competent authorities in one sentence with the rule only for the partners' staff."""

import datetime
import re
from types import SimpleNamespace

from django.urls import reverse

from lotse.cases.event_types import EventType
from lotse.cases.prechecks import case_run_precheck
from lotse.cases.services import family_member_add
from lotse.cases.steps import STEPS
from lotse.cases.views.buttons import precheck_is_current, step_url
from lotse.cases.views.detail import reason_parts


def primary_buttons(html: str) -> int:
    """The primary buttons on the page itself (a confirming dialog has its own)."""
    return re.sub(r"<dialog.*?</dialog>", "", html, flags=re.S).count("kern-btn--primary")


def page_of(client, case, **query):
    return client.get(reverse("cases:detail", args=[case.pk]), query)


def events(*types):
    return [SimpleNamespace(seq=seq, type=kind) for seq, kind in enumerate(types, start=1)]


def test_each_steps_url_is_its_route():
    case_id = "0b6f8a4e-3d2c-4f1a-9e8b-7c6d5e4f3a2b"
    page = reverse("cases:detail", args=[case_id])
    for key, step in STEPS.items():
        assert step_url(page, step) == reverse(f"cases:{key}", args=[case_id]), key


def test_a_precheck_is_current_only_after_the_last_change_of_the_facts():
    assert not precheck_is_current(events(EventType.CASE_CREATED, EventType.CASE_SUBMITTED))
    assert precheck_is_current(events(EventType.CASE_CREATED, EventType.PRECHECK_RUN))
    stale = events(EventType.CASE_CREATED, EventType.PRECHECK_RUN, EventType.FAMILY_ADDED)
    assert not precheck_is_current(stale)
    uploaded = events(EventType.CASE_CREATED, EventType.PRECHECK_RUN, EventType.DOCUMENT_UPLOADED)
    assert not precheck_is_current(uploaded)  # a new document wants a new look
    # the company's self-check is not the chamber's pre-check
    assert not precheck_is_current(events(EventType.CASE_CREATED, EventType.SELF_CHECK_RUN))


def test_the_chambers_forward_is_primary_only_after_a_precheck(login, cast, story):
    case = story("Raman")
    client = login("ihk_adviser")
    before = page_of(client, case)
    assert before.context["primary"] == "precheck"
    assert not before.context["steps"]["forward"].primary
    case_run_precheck(case=case, actor=cast("ihk_adviser"))
    after = page_of(client, case)
    assert after.context["primary"] == "forward"
    assert after.context["steps"]["forward"].button_class == "kern-btn kern-btn--primary"
    assert primary_buttons(after.content.decode()) == 1


def test_the_company_is_sent_to_the_details_while_submission_lacks_some(login, story):
    draft = page_of(login("company_hr"), story("Jovanović"))  # consent not yet given
    assert draft.context["primary"] == "edit"
    returned = page_of(login("company_hr"), story("Nair"))
    assert returned.context["primary"] == "submit"


def test_no_primary_button_for_who_does_not_act_next(login, story):
    page = page_of(login("company_hr"), story("Raman"))  # with the chamber
    assert page.context["primary"] is None
    assert primary_buttons(page.content.decode()) == 0


def test_a_step_beside_the_expected_one_opens_on_demand_and_only_then_has_a_form(login, story):
    client, case = login("ihk_adviser"), story("Raman")
    page = page_of(client, case)
    steps = page.context["steps"]
    assert steps["precheck"].form is not None  # the expected step: its button at once
    for key in ("forward", "return", "no_prospect", "involve_partner"):
        assert steps[key].folded and steps[key].form is None  # built only when shown
        assert f'href="?step={key}#step-{key}"' in page.content.decode()
    assert not steps["withdraw"] and steps["withdraw"].form is None  # not the chamber's
    opened = page_of(client, case, step="forward")
    html = opened.content.decode()
    assert opened.context["steps"]["forward"].form is not None
    assert '<details class="case-step" id="step-forward" open>' in html
    assert f'action="/cases/{case.pk}/forward/"' in html
    assert opened.context["steps"]["return"].form is None  # the others stay links
    assert "An die zuständige Behörde weiterleiten …" in html  # the disclosure names the step


def test_withdrawing_and_bringing_in_a_partner_ask_in_a_dialog(login, story):
    company = login("company_hr")
    html = page_of(company, story("Jovanović")).content.decode()
    assert 'href="?step=withdraw#step-withdraw"' in html  # a link opens the step
    assert 'data-confirm="confirm-withdraw"' not in html
    html = page_of(company, story("Jovanović"), step="withdraw").content.decode()
    assert 'data-confirm="confirm-withdraw"' in html and 'id="confirm-withdraw"' in html
    assert '<details class="case-confirm" id="step-withdraw" open>' in html
    assert "lässt sich nicht wieder öffnen" in html
    html = page_of(login("ihk_adviser"), story("Raman"), step="involve_partner").content.decode()
    assert 'data-confirm="confirm-involve_partner"' in html
    assert "auch den personenbezogenen Daten der Fachkraft und der Familie" in html
    assert "confirm.js" in html


def test_the_company_reads_who_is_competent_without_rule_ids(login, story):
    company = page_of(login("company_hr"), story("Mendoza")).content.decode()
    assert "Zuständig: Landesaufnahmebehörde Niedersachsen" in company
    assert "Weil der Arbeitgeber" in company  # the reason, folded
    assert "Regel „" not in company and "Quelle:" not in company
    chamber = page_of(login("ihk_adviser"), story("Mendoza")).content.decode()
    assert "Regel „wahl-2025“" in chamber and "Quelle:" in chamber


def test_a_reason_of_another_shape_stays_whole():
    assert reason_parts("Lotse names no authority.") == {
        "who": "Lotse names no authority.",
        "why": "",
        "basis": "",
    }
    parts = reason_parts("Competent: X (a, b), because y. (rule “r”, valid; source: s)")
    assert parts == {"who": "Competent: X (a, b).", "why": "Because y.", "basis": parts["basis"]}
    assert parts["basis"].startswith("(rule “r”")


def test_the_top_of_the_page_names_the_next_step_its_owner_and_the_contacts(login, story):
    html = page_of(login("company_hr"), story("Kaya")).content.decode()
    top = html[html.index('class="case-top"') : html.index("Was Sie tun können")]
    assert "Zustimmung erteilen oder versagen" in top  # the projected step
    assert "Agentur für Arbeit Hannover · Katrin Wolff" in top  # who takes it
    # by when: the agency's week from the request on 17 March 2025 (§ 36 Abs. 2 S. 2 BeschV)
    assert 'datetime="2025-03-24"' in top
    assert "Sabine Krüger" in top  # the authority's named contact person


def test_a_family_member_is_listed_with_the_export_and_the_form_that_removes_them(
    login, cast, story
):
    case = story("Jovanović")  # a draft: the company may still change the family
    member = family_member_add(
        case=case,
        actor=cast("company_hr"),
        data={
            "relation": "child",
            "first_name": "Mila <b>",
            "last_name": "Jovanović",
            "birth_date": datetime.date(2019, 4, 2),
        },
    )
    html = page_of(login("company_hr"), case).content.decode()
    item = re.search(r"<li>Mila &lt;b&gt; Jovanović \(.*?</li>", html, re.S).group(0)
    assert "02.04.2019" in item or "2 Apr 2019" in item
    assert f"?person={member.pk}" in item
    remove = re.search(r'<form method="post" action="([^"]+)" class="inline">', item)
    assert remove.group(1) == step_url(
        reverse("cases:detail", args=[case.pk]), STEPS["family_remove"]
    )
    assert f'value="{member.pk}"' in item
