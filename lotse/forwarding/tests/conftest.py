"""Forwarding's tests: a case with documents on disk, pre-checked by the IHK, ready to forward."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lotse.cases import services as case_services
from lotse.cases.models import Case
from lotse.cases.prechecks import case_run_precheck
from lotse.core import clock
from lotse.demo.stories import valid_intake
from lotse.documents.services import document_upload
from lotse.documents.tests import files
from lotse.forwarding.services import case_forward, current_submission
from lotse.orgs.models import Organisation

TODAY = datetime.date(2026, 11, 2)
VIETNAMESE = ("Thị Lan", "Nguyễn")
ARABIC = ("يوسف", "العمراني")


@pytest.fixture
def media(tmp_path, settings):
    """Documents on disk, as in production (the other tests keep files in memory)."""
    location = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    return location


def ready_case(cast, *, kinds=("passport", "employment_contract")) -> Case:
    """A case of Müller Technik for a Vietnamese worker with an Arabic-named spouse and two
    documents, submitted to the IHK and pre-checked there."""
    company = cast("company_hr")
    with clock.travel_to(TODAY):
        intake = valid_intake(worker_first_name=VIETNAMESE[0], worker_last_name=VIETNAMESE[1])
        case = case_services.case_create(actor=company, fields=intake)
        case_services.family_member_add(
            case=case,
            actor=company,
            data={
                "relation": "spouse",
                "first_name": ARABIC[0],
                "last_name": ARABIC[1],
                "birth_date": datetime.date(1995, 2, 3),
            },
        )
        for kind in kinds:
            document_upload(
                case=case,
                actor=company,
                kind=kind,
                language="de",
                upload=SimpleUploadedFile(f"{kind}.pdf", files.pdf(pages=2), "application/pdf"),
            )
        chamber = Organisation.objects.get(key="ihk-hannover")
        case_services.case_submit(case=case, actor=company, chamber=chamber)
        case_run_precheck(case=case, actor=cast("ihk_adviser"))
    return Case.objects.get(pk=case.pk)


def forward(case: Case, cast, *, deliver: bool, capture=None):
    """Forward `case` as the IHK's adviser; with `deliver`, run the commit's callbacks (the
    immediate task backend then delivers)."""
    if deliver:
        with capture(execute=True):
            case_forward(case=case, actor=cast("ihk_adviser"))
    else:
        case_forward(case=case, actor=cast("ihk_adviser"))
    return current_submission(case)
