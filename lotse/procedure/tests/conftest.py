"""The procedure tests' cases: fresh ones, forwarded by the chamber and accepted by the authority
through `into_procedure` — the one place that brings a case into the § 81a procedure."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


@pytest.fixture
def procedure_case(db):
    """`procedure_case(**intake)`: a new case of Müller Technik, pre-checked by the IHK, forwarded
    to the Zentralstelle (competent since 1 Jan 2026) and accepted by it."""
    from lotse.demo.cast import cast_membership
    from lotse.demo.stories import _forwarded
    from lotse.procedure.acceptance import into_procedure

    def make(chamber: str = "ihk-hannover", adviser: str = "ihk_adviser", **intake):
        case = _forwarded("company_hr", chamber, adviser, datetime.date(2026, 3, 2), **intake)
        return into_procedure(case=case, actor=cast_membership("zentralstelle_caseworker"))

    return make


@pytest.fixture
def upload():
    """`upload(case, actor, kind)`: a one-page PDF added to the case as a document of `kind`."""
    from lotse.documents.services import document_upload
    from lotse.documents.tests.files import pdf

    def add(case, actor, kind: str):
        file = SimpleUploadedFile("scan.pdf", pdf(), content_type="application/pdf")
        return document_upload(case=case, actor=actor, kind=kind, upload=file)

    return add
