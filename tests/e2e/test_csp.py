"""Pages outside the core journey under the Content Security Policy: the page fixture fails the test
on anything the policy blocks (an inline script or style, an eval)."""

import os

import pytest

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.skipif(
    os.environ.get("LOTSE_SKIP_BROWSER") == "1", reason="browser tests switched off"
)


def test_people_page_and_admin_run_under_the_policy(page):
    log_in(page, "admin@mueller-technik.example")
    page.goto(page.base_url + "/orgs/people/")
    assert "Änderungen" in page.inner_text("main")
    page.context.clear_cookies()
    log_in(page, "admin@lotse.example")
    for path in ("/admin/", "/admin/orgs/membership/", "/admin/orgs/membership/add/"):
        page.goto(page.base_url + path)
        assert page.locator("#content").count() == 1, path
    page.goto(page.base_url + "/api/v1/docs")
    page.wait_for_selector(".swagger-ui")
