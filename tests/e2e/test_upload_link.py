"""The worker's upload page behind the link, on a phone without JavaScript: it fits 360 px, shows
the checklist and takes a file; a guessed link gets the same page as an expired one."""

import os

import pytest

from lotse.cases.models import Case
from lotse.demo.cast import cast_membership
from lotse.documents.links import link_send, link_token
from lotse.documents.models import Document
from lotse.documents.tests import files
from tests.e2e.test_layout import scrolls_sideways

pytestmark = pytest.mark.skipif(
    os.environ.get("LOTSE_SKIP_BROWSER") == "1", reason="browser tests switched off"
)


def test_the_link_page_works_on_a_phone_without_javascript(browser, demo_server):
    case = Case.objects.get(worker_last_name="Raman")
    link = link_send(case=case, actor=cast_membership("company_hr"), email="worker@example.org")
    context = browser.new_context(
        locale="en-GB", viewport={"width": 360, "height": 740}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(demo_server + f"/upload/{link_token(link)}/")
    assert not scrolls_sideways(page)
    assert "Upload documents" in page.inner_text("h1")
    assert page.locator("ul.link-checklist li").count() > 0  # the case's checklist
    page.select_option("select[name=kind]", "passport")
    page.select_option("select[name=language]", "en")
    page.set_input_files(
        "input[name=file]",
        {"name": "passport.pdf", "mimeType": "application/pdf", "buffer": files.pdf()},
    )
    page.locator("main button[type=submit]", has_text="Upload").click()
    assert "the document was received" in page.inner_text("main")
    assert not scrolls_sideways(page)
    stored = Document.objects.get(case=case, kind="passport")
    assert stored.uploaded_via_id == link.pk and stored.uploaded_by_id is None
    # a guessed token: the same page as any link that does not open
    page.goto(demo_server + "/upload/not-a-token/")
    assert not scrolls_sideways(page)
    assert page.locator("input[type=file]").count() == 0
    context.close()
