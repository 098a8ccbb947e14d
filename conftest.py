"""Shared fixtures: every test database starts with the Hannover demo (region, cast, stories)."""

import os

import pytest
from hypothesis import settings

# CI replays the same generated examples every run, so its verdict does not depend on chance;
# a developer's run explores new ones (set LOTSE_FUZZ_EXAMPLES for a longer API fuzz).
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from lotse.demo.load import demo_load

    with django_db_blocker.unblock():
        demo_load()


@pytest.fixture(autouse=True)
def seal_dir(settings, tmp_path_factory):
    """Each test seals into a directory of its own, with a signing key of its own (the
    database rolls back after a test; files would not)."""
    place = tmp_path_factory.mktemp("seals")
    settings.LOTSE_SEAL_DIR = str(place / "seals")
    settings.LOTSE_SEAL_KEY_FILE = ""
    settings.LOTSE_SEAL_DEMO_KEY_FILE = str(place / "seal-key.pem")
    return place / "seals"


@pytest.fixture
def cast(db):
    """`cast("company_hr")` is that demo person's Membership."""
    from lotse.demo.cast import cast_membership

    return cast_membership


@pytest.fixture
def story(db):
    """`story("Kaya")` is the demo case of the worker with that last name."""
    from lotse.cases.models import Case

    return lambda last_name: Case.objects.get(worker_last_name=last_name)


@pytest.fixture
def login(client, cast):
    """Log the test client in as a cast member and return the client."""

    def as_member(key: str):
        client.force_login(cast(key).user)
        return client

    return as_member


@pytest.fixture
def post_step():
    """`post_step(client, "withdraw", case, text="…")` posts a step's page form as the browser
    does, with the case version the page showed."""
    from django.urls import reverse

    from lotse.cases.selectors import case_version

    def post(client, key: str, case, follow: bool = False, **data):
        data.setdefault("version", case_version(case=case))
        return client.post(reverse(f"cases:{key}", args=[case.pk]), data, follow=follow)

    return post


# The journey's time per test (tests/e2e/test_whole_journey.py records it), printed at the end of
# the run; with xdist the reports come from the workers with their properties.
JOURNEY_TIMES: list[tuple[str, float]] = []


def pytest_runtest_logreport(report):
    if report.when == "teardown":  # the properties a fixture records on leaving are there
        for name, value in report.user_properties:
            if name == "journey_world_seconds":
                JOURNEY_TIMES.append(("its world's start", value))
            elif name == "journey_seconds":
                JOURNEY_TIMES.append(tuple(value))


def pytest_terminal_summary(terminalreporter):
    if JOURNEY_TIMES:
        terminalreporter.section("journey")
        for part, seconds in JOURNEY_TIMES:
            terminalreporter.write_line(f"{seconds:7.1f} s  {part}")
