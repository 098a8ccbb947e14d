"""Browser tests: Playwright driving Debian's Chromium against the live server with the demo."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls in that thread
# (fixtures, assertions) are still synchronous, so the async-safety guard is switched off here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = os.environ.get("LOTSE_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: bin/test installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def demo_server(transactional_db, live_server):
    """The live server with the demo loaded (a transactional test starts from an empty database)."""
    from lotse.demo.load import demo_load

    demo_load()
    return live_server.url


@pytest.fixture
def page(browser, demo_server):
    context = browser.new_context(locale="de-DE", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.base_url = demo_server
    # Anything the Content Security Policy blocks (an inline script or style, an eval) fails the test.
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not blocked, blocked


def log_in(page, email: str) -> None:
    from lotse.demo.cast import DEMO_PASSWORD

    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
