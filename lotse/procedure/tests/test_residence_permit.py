"""After entry, the residence permit at the foreigners authority of the place of residence
(§ 71 Abs. 1 AufenthG): one track per person who entered, reported by the company, the event
naming the authority routing gives for the residence on that day."""

import pytest

from lotse.cases.event_types import EventType
from lotse.cases.next_step import Step
from lotse.cases.selectors import track_state
from lotse.cases.tracks import TrackKind, TrackState
from lotse.core.errors import DomainError
from lotse.procedure.services import residence_permit_reporter
from lotse.routing.services import residence_authority_for
from tests.test_step_parity import make_case

APPLY = residence_permit_reporter(EventType.RESIDENCE_PERMIT_APPLIED)
ISSUE = residence_permit_reporter(EventType.RESIDENCE_PERMIT_ISSUED)


def test_the_permit_follows_the_entry_at_the_authority_of_the_residence(db, cast):
    import datetime

    case = make_case("entered")
    case.refresh_from_db()
    assert case.next_step.step == Step.RESIDENCE_PERMIT
    assert case.next_step.organisation == cast("company_hr").organisation
    day = datetime.date(2026, 12, 1)
    APPLY(case=case, actor=cast("company_hr"), person="worker", date=day)
    assert track_state(case, TrackKind.RESIDENCE_PERMIT, "worker") == TrackState.APPLIED
    event = case.events.get(type=EventType.RESIDENCE_PERMIT_APPLIED)
    expected = residence_authority_for(case=case, on=day, row=False)
    assert expected.organisation_key and event.payload["authority"] == expected.organisation_key
    assert event.payload["authority_name"] == expected.organisation_name
    assert event.payload["date"] == "2026-12-01"
    # only the company reports it; the procedure's authority is not the one of the residence
    with pytest.raises(DomainError) as refused:
        ISSUE(case=case, actor=cast("zentralstelle_caseworker"), person="worker")
    assert refused.value.code == "not_your_step"
    ISSUE(case=case, actor=cast("company_hr"), person="worker")
    assert track_state(case, TrackKind.RESIDENCE_PERMIT, "worker") == TrackState.ISSUED
    case.refresh_from_db()
    assert case.next_step.step == Step.NONE
    from lotse.cases.audit import audit_report

    assert not audit_report().broken


def test_no_permit_before_the_entry(db, cast):
    case = make_case("visa_issued")
    with pytest.raises(DomainError) as refused:
        APPLY(case=case, actor=cast("company_hr"), person="worker")
    assert refused.value.code == "wrong_state"
    assert not case.events.filter(type=EventType.RESIDENCE_PERMIT_APPLIED).exists()
