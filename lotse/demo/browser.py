"""Driving the demo in a browser as a person does: log in, choose the language.

Shared by the screenshots command and the browser tests. Each function takes a Playwright page;
nothing here imports Playwright, so the package runs without it.
"""

from lotse.demo.cast import DEMO_PASSWORD

LOGIN_PATH = "/accounts/login/"


class BrowserError(RuntimeError):
    """The demo did not answer in the browser as a person would expect."""


def log_in(page, base_url: str, email: str) -> None:
    """Log in through the form (Enter in the password field: the button's look may change).
    The demo has no second factor, so the start page follows."""
    page.goto(base_url + LOGIN_PATH)
    page.fill("#id_username", email)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    if LOGIN_PATH in page.url:
        raise BrowserError(f"the login of {email} was refused")


def choose_language(page, base_url: str, language: str) -> None:
    """Choose the interface language as the header's form and the login page do (kept on the
    account when logged in): a POST to /language/ with the page's form token."""
    page.goto(base_url + "/")  # the start page, or the login page before logging in
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    response = page.request.post(
        base_url + "/language/",
        form={"language": language, "next": "/", "csrfmiddlewaretoken": token or ""},
        headers={"Referer": base_url + "/"},
        max_redirects=0,
    )
    if response.status not in (302, 303):
        raise BrowserError(f"choosing the language {language} answered {response.status}")
