"""The live checklist: the pre-check's own list for the target title, present, missing, translated."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lotse.cases import services as case_services
from lotse.cases.models import CaseEvent
from lotse.cases.prechecks import precheck_input_for
from lotse.core import clock
from lotse.core.errors import DomainError
from lotse.demo.stories import valid_intake
from lotse.documents.checklist import case_checklist
from lotse.documents.errors import DocumentError
from lotse.documents.services import document_upload, target_title_choose
from lotse.documents.tests import files
from lotse.precheck import checklist as precheck_checklist


@pytest.fixture
def case(cast):
    # a skilled worker with full equivalence (§ 18a), a job matching it and 4 years' experience
    return case_services.case_create(actor=cast("company_hr"), fields=valid_intake())


def add(case, actor, kind, language="de", **links):
    return document_upload(
        case=case,
        actor=actor,
        kind=kind,
        language=language,
        upload=SimpleUploadedFile(f"{kind}.pdf", files.pdf(), "application/pdf"),
        **links,
    )


def test_the_list_is_the_pre_checks_own_for_the_target_title(case):
    checklist = case_checklist(case=case)
    own = precheck_checklist(precheck_input_for(case=case, on=clock.today()))
    assert checklist.target in own
    assert {row.kind for row in checklist.rows} == set(own[checklist.target]["required"])
    assert checklist.variant == own[checklist.target]["variant"]
    assert not checklist.complete
    assert {gap["kind"] for gap in checklist.gaps} == set(own[checklist.target]["required"])


def test_the_default_target_is_an_open_title_needing_the_fewest_documents(case):
    checklist = case_checklist(case=case)
    own = precheck_checklist(precheck_input_for(case=case, on=clock.today()))
    fewest = min(len(own[pid]["required"]) for pid in checklist.possible if pid in own)
    assert len(own[checklist.target]["required"]) == fewest
    assert checklist.chosen is False


def test_an_uploaded_document_ticks_its_row(cast, case):
    add(case, cast("company_hr"), "passport")
    checklist = case_checklist(case=case)
    row = next(row for row in checklist.rows if row.kind == "passport")
    assert row.present and row.complete
    assert "passport" not in {gap["kind"] for gap in checklist.gaps}


def test_a_certificate_in_another_language_needs_its_translation(cast, case):
    actor = cast("company_hr")
    certificate = add(case, actor, "qualification_certificate", language="ru")
    row = next(r for r in case_checklist(case=case).rows if r.kind == "qualification_certificate")
    assert row.present and row.translation_needed and not row.complete
    assert {"kind": "qualification_certificate", "missing": "translation"} in case_checklist(
        case=case
    ).gaps
    add(case, actor, "translation", translation_of=certificate)
    row = next(r for r in case_checklist(case=case).rows if r.kind == "qualification_certificate")
    assert row.complete


def test_every_required_document_makes_the_checklist_complete(cast, case):
    actor = cast("company_hr")
    for row in case_checklist(case=case).rows:
        add(case, actor, row.kind)
    assert case_checklist(case=case).complete


def test_the_company_chooses_the_target_title_and_the_list_follows(cast):
    # with a well-paid job, the experience route (§ 19c Abs. 2 AufenthG, § 6 BeschV) opens too
    case = case_services.case_create(
        actor=cast("company_hr"), fields=valid_intake(job_salary_eur=Decimal("60000"))
    )
    checklist = case_checklist(case=case)
    others = [pid for pid in checklist.possible if pid != checklist.target]
    assert others, checklist.possible
    target_title_choose(case=case, actor=cast("company_hr"), pathway=others[0])
    case.refresh_from_db()
    chosen = case_checklist(case=case)
    assert (chosen.target, chosen.chosen) == (others[0], True)
    event = CaseEvent.objects.filter(case=case).latest("seq")
    assert event.type == "target_title.chosen" and event.payload["new"] == others[0]


def test_a_title_the_pre_check_closes_cannot_be_chosen(cast, case):
    closed = "18g"  # an EU Blue Card needs a degree; this worker has a vocational qualification
    assert closed not in case_checklist(case=case).possible
    with pytest.raises(DomainError) as caught:
        target_title_choose(case=case, actor=cast("company_hr"), pathway=closed)
    assert caught.value.code == DocumentError.TITLE_NOT_POSSIBLE
