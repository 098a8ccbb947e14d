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

    assert set(plan) == {*CAST, "platform_admin"}
    assert all("start" in pages for pages in plan.values())


def test_pages_follow_what_the_role_may_do(plan):
    assert plan["company_hr"] == {"start", "case", "intake"}
    assert plan["company_admin"] == {"start", "case", "intake", "people", "failed-mails"}
    assert plan["ihk_adviser"] == {"start", "case"}
    assert plan["ihk_lead"] == {"start", "case", "failed-mails"}
    assert plan["platform_admin"] == {"start"}  # no membership, no case


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
