"""Which pictures `lotse screenshots` takes for whom, and when it calls a page failed (no browser
needed: the command's own run is in tests/e2e/test_screenshots.py)."""

from types import SimpleNamespace

import pytest

from lotse.demo.screenshots import Shot, _problem, planned_shots


@pytest.fixture
def plan(db):
    return {role: {shot.page for shot in shots} for role, shots in planned_shots().items()}


def test_every_demo_role_has_its_start_page(plan):
    from lotse.demo.cast import CAST

    assert set(plan) == {*CAST, "platform_admin"}  # no upload link sent: no worker's page
    assert all("start" in pages for pages in plan.values())


def test_pages_follow_what_the_role_may_do(plan):
    journey = {"start", "case", "consultations"}
    assert plan["company_hr"] == journey | {"intake"}
    assert plan["company_admin"] == journey | {"intake", "people", "failed-mails"}
    assert plan["ihk_adviser"] == journey
    assert plan["welcome_adviser"] == journey
    assert plan["ihk_lead"] == journey | {"failed-mails"}
    assert plan["zentralstelle_caseworker"] == {"start", "case", "inbox"}
    assert plan["abh_city_caseworker"] == {"start", "case", "inbox"}
    assert plan["aa_caseworker"] == {"start", "case"}
    assert plan["platform_admin"] == {"start"}  # no membership, no case


def test_the_worker_gets_the_upload_page_of_the_link_the_company_sent(db):
    from django.urls import resolve

    from lotse.demo.screenshots import WORKER_ROLE, worker_link_send
    from lotse.documents.links import link_resolve

    worker_link_send()
    (shot,) = planned_shots()[WORKER_ROLE]
    assert shot.page == "upload"
    link = link_resolve(resolve(shot.path).kwargs["token"])
    assert link is not None and link.case.worker_last_name == "Nair"


def test_the_case_page_is_one_the_role_sees(db):
    from django.urls import resolve

    from lotse.cases.visibility import visible_to
    from lotse.demo.cast import cast_membership

    for role, shots in planned_shots().items():
        for shot in shots:
            if shot.page == "case":
                case_id = resolve(shot.path).kwargs["case_id"]
                user = cast_membership(role).user
                assert visible_to(user).filter(pk=case_id).exists(), role


@pytest.mark.parametrize(
    ("status", "url", "problem"),
    [
        (200, "http://h/cases/", ""),
        (500, "http://h/cases/", "status 500"),
        (404, "http://h/cases/", "status 404"),
        (200, "http://h/accounts/login/?next=/cases/", "sent to the login page"),
        (200, "http://h/", "redirected to /"),
    ],
)
def test_a_page_fails_on_an_error_the_login_page_or_a_redirect(status, url, problem):
    shot = Shot("start", "company_hr", "/cases/")
    assert _problem(shot, SimpleNamespace(status=status), url) == problem


def test_the_start_page_may_redirect_to_the_roles_own():
    shot = Shot("start", "platform_admin", "/", exact=False)
    assert _problem(shot, SimpleNamespace(status=200), "http://h/admin/") == ""
    assert _problem(shot, None, "http://h/") == "no answer"
