"""Every page of the URLconf in a real browser, in German and English, at desktop and phone width:
no serious or critical axe-core violation, no sideways scrolling at 360 px, no page the Content
Security Policy breaks, no error status (issue 12, acceptance).

The pages and the roles that reach them come from `sitemap.py`; the sweep fails on a page of the
URLconf it did not visit. It runs on the PostgreSQL run only, to keep the SQLite run short.
"""

import os
from collections import defaultdict

import pytest
from axe_playwright_python.sync_playwright import Axe

from lotse.demo.browser import choose_language, log_in
from tests.e2e.sitemap import ANONYMOUS, VISITS, unreached, url_patterns

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("LOTSE_SKIP_BROWSER") == "1", reason="browser tests switched off"
    ),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the page sweep runs on the PostgreSQL run only",
    ),
]

LANGUAGES = ("de", "en")
WIDTHS = (1280, 360)
PHONE = 360
HEIGHT = 800


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def sideways_overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def check_page(
    page, url: str, status: int, language: str, width: int, blocked: list[str]
) -> list[str]:
    """What is wrong with the page at `url` as it is shown now (empty: nothing)."""
    page.set_viewport_size({"width": width, "height": HEIGHT})
    blocked.clear()
    response = page.goto(url)
    problems = []
    if response is None or response.status != status:
        problems.append(f"status {response.status if response else 'none'}, not {status}")
    if "/accounts/login/" in page.url and "/accounts/" not in url:
        problems.append("sent to the login page")
    shown = page.evaluate("() => document.documentElement.lang")
    if not shown.startswith(language):
        problems.append(f"page language {shown!r}")
    problems += serious_violations(page)
    if width == PHONE and (overflow := sideways_overflow(page)) > 0:
        problems.append(f"scrolls sideways by {overflow} px")
    problems += [f"blocked by the CSP: {text}" for text in blocked]
    return problems


def test_every_page_in_both_languages_at_desktop_and_phone_width(browser, demo_server):
    from lotse.demo.cast import cast_membership

    missing = unreached(list(url_patterns()))
    assert missing == [], f"pages without a visit in sitemap.py: {missing}"
    by_role = defaultdict(list)
    for visit in VISITS:
        by_role[visit.role].append(visit)
    report, seen = [], set()
    for role, visits in by_role.items():
        context = browser.new_context(locale="de-DE")
        page = context.new_page()
        blocked = []
        page.on(
            "console",
            lambda message, blocked=blocked: (
                blocked.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        if role != ANONYMOUS:
            log_in(page, demo_server, cast_membership(role).user.email)
        paths = [(visit, visit.path()) for visit in visits]
        for language in LANGUAGES:
            choose_language(page, demo_server, language)
            for visit, path in paths:
                for width in WIDTHS:
                    problems = check_page(
                        page, demo_server + path, visit.status, language, width, blocked
                    )
                    report += [f"{visit} [{language}, {width} px]: {p}" for p in problems]
                    seen.add(visit.pattern)
        context.close()
    assert seen == {visit.pattern for visit in VISITS}
    assert report == [], "\n" + "\n".join(report)


# The checks themselves must be able to fail: a page built to break each of them.


@pytest.fixture
def bare_page(browser):
    context = browser.new_context(viewport={"width": PHONE, "height": HEIGHT})
    page = context.new_page()
    yield page
    context.close()


def test_the_sweep_sees_a_page_wider_than_the_phone(bare_page):
    bare_page.set_content('<html lang="de"><body><div class="wide">x</div></body></html>')
    assert sideways_overflow(bare_page) == 0
    bare_page.add_style_tag(content=".wide { width: 500px; }")
    assert sideways_overflow(bare_page) > 0


def test_the_sweep_sees_a_serious_violation(bare_page):
    bare_page.set_content(
        '<html lang="de"><title>x</title><body><main><h1>x</h1></main></body></html>'
    )
    assert serious_violations(bare_page) == []
    bare_page.set_content(
        '<html lang="de"><title>x</title><body><main><img src="x.png"></main></body></html>'
    )
    assert any(line.startswith("image-alt") for line in serious_violations(bare_page))
