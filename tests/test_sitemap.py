"""The map of pages that the browser sweep visits (`tests/e2e/sitemap.py`) stays complete and true:
checked on every run, without a browser, so that a new page is noticed on SQLite already."""

import re
import uuid

import pytest
from django.urls import resolve

from tests.e2e.sitemap import EXCLUDED, VISITS, Pattern, unreached, url_patterns

PATTERNS = list(url_patterns())


def test_every_page_of_the_urlconf_is_visited_or_excluded_with_a_reason():
    missing = [f"{p.name} ({p.route})" for p in unreached(PATTERNS)]
    assert missing == [], (
        "pages the accessibility sweep does not visit: add each to VISITS in "
        f"tests/e2e/sitemap.py (a demo role and URL) or to EXCLUDED with a reason: {missing}"
    )


def test_the_walk_finds_nested_and_generated_patterns():
    names = {pattern.name for pattern in PATTERNS}
    assert {"home", "accounts:login", "cases:detail", "orgs:people", "cases:withdraw"} <= names


def test_an_unknown_pattern_is_reported():
    stray = Pattern(name="cases:brand_new", route="cases/brand-new/", callback=lambda r: None)
    assert unreached([stray]) == [stray]


@pytest.mark.parametrize("rule", EXCLUDED, ids=lambda rule: rule.name or rule.prefix or "view")
def test_every_exclusion_still_matches_a_pattern(rule):
    assert any(rule.matches(pattern) for pattern in PATTERNS), rule.reason


def _concrete(route: str) -> str:
    """A URL for `route` with a made-up value for each parameter."""
    samples = {"uuid": str(uuid.uuid4()), "int": "1"}
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: samples.get(m.group(1), "x"), route)


POST_ONLY = [
    pattern
    for pattern in PATTERNS
    if any(rule.post_only and rule.matches(pattern) for rule in EXCLUDED)
]


@pytest.mark.parametrize("pattern", POST_ONLY, ids=lambda pattern: pattern.name)
def test_what_is_excluded_as_post_only_refuses_a_get(login, pattern):
    client = login("company_admin")
    assert client.get(_concrete(pattern.route)).status_code == 405


@pytest.mark.parametrize("visit", VISITS, ids=str)
def test_every_visit_reaches_its_page_as_its_role(client, cast, visit):
    path = visit.path()
    match = resolve(path)
    assert (match.namespace + ":" if match.namespace else "") + match.url_name == visit.pattern
    if visit.role:
        client.force_login(cast(visit.role).user)
    response = client.get(path, follow=True)
    assert response.status_code == visit.status, (visit, response.status_code)
    assert not response.redirect_chain or "/accounts/login/" not in response.redirect_chain[-1][0]
