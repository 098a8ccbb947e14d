"""A recognition body's letters reach the company through the authority (§ 14a Abs. 2 S. 5 BQFG):
the company's page and API show the recognition track as the letters passed on left it, the
partners see it as stored."""

import re

import pytest
from django.urls import reverse

from lotse.cases.event_types import EventType
from lotse.cases.selectors import track_state
from lotse.cases.tracks import TrackKind, TrackState


def _ok(response):
    assert response.status_code == 302, response.content.decode()[:2000]


def _page_tracks(client, case) -> list[str]:
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    return [re.sub(r"<[^>]+>", "", p) for p in re.findall(r'<p class="track">(.*?)</p>', page)]


def _api_recognition(client, case) -> str | None:
    tracks = client.get(f"/api/v1/cases/{case.pk}").json()["tracks"]
    return next((t["state"] for t in tracks if t["kind"] == "recognition"), None)


@pytest.fixture
def applied(procedure_case, login, post_step):
    case = procedure_case(worker_first_name="Minh", worker_last_name="Nguyễn")
    _ok(
        post_step(
            login("zentralstelle_caseworker"),
            "recognition_apply",
            case,
            occupation="ihk_occupation",
        )
    )
    return case


def test_the_company_sees_a_body_letter_only_once_passed_on(applied, login, post_step):
    case = applied
    company = login("company_hr")
    assert _api_recognition(company, case) == TrackState.APPLIED
    body = login("ihk_adviser")
    _ok(post_step(body, "recognition_confirm_receipt", case))
    _ok(post_step(body, "recognition_decide", case, outcome="full"))
    assert track_state(case, TrackKind.RECOGNITION) == TrackState.DECIDED
    # the company: still "applied for", on the page and in the API
    company = login("company_hr")
    shown = [t for t in _page_tracks(company, case) if t.startswith("Anerkennung")]
    assert shown and "beantragt" in shown[0] and "entschieden" not in shown[0], shown
    assert _api_recognition(company, case) == TrackState.APPLIED
    # the partners see the stored state
    authority = login("zentralstelle_caseworker")
    assert _api_recognition(authority, case) == TrackState.DECIDED
    assert any("entschieden" in t for t in _page_tracks(authority, case))
    # the authority passes the receipt on: the company sees "receipt confirmed", not the decision
    receipt = case.events.get(type=EventType.RECOGNITION_RECEIPT_CONFIRMED)
    _ok(post_step(authority, "recognition_pass_on", case, about=receipt.seq))
    company = login("company_hr")
    assert _api_recognition(company, case) == TrackState.RECEIPT_CONFIRMED
    # and the decision once it is passed on
    decision = case.events.get(type=EventType.RECOGNITION_DECIDED)
    authority = login("zentralstelle_caseworker")
    _ok(post_step(authority, "recognition_pass_on", case, about=decision.seq))
    company = login("company_hr")
    assert _api_recognition(company, case) == TrackState.DECIDED
    assert any("entschieden" in t for t in _page_tracks(company, case))


def test_a_letter_the_authority_records_itself_is_passed_on_as_recorded(
    procedure_case, login, post_step, upload, cast
):
    # an occupation decided off the platform: the authority records the body's notice
    case = procedure_case(worker_first_name="Ana", worker_last_name="Silva")
    authority = login("zentralstelle_caseworker")
    _ok(post_step(authority, "recognition_apply", case, occupation="degree_non_regulated"))
    notice = upload(case, cast("zentralstelle_caseworker"), "recognition_letter")
    authority = login("zentralstelle_caseworker")
    _ok(post_step(authority, "recognition_confirm_receipt", case, document=str(notice.pk)))
    company = login("company_hr")
    assert _api_recognition(company, case) == TrackState.RECEIPT_CONFIRMED
