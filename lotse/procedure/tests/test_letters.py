"""The agreement and the pre-approval as letters: PDFs from the case's data in the region's
wording, German and English, each a document of the case that those who see its documents
download; their text read back from the PDF holds the case's names and dates."""

import io

from django.urls import reverse
from django.utils import formats, timezone, translation
from pypdf import PdfReader

from lotse.cases.event_types import EventType
from lotse.cases.models import Case
from lotse.procedure import letters
from tests.test_step_parity import SPOUSE, make_case


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _day(value, language: str) -> str:
    with translation.override(language):
        return formats.date_format(value, "DATE_FORMAT")


def _download(client, case, document):
    return client.get(reverse("document_file", args=[case.pk, document.pk]))


def _pdf(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_letters_hold_the_cases_names_and_dates(db, cast, login):
    case = make_case("completed", family=True)
    agreement = case.documents.get(kind="agreement_letter")
    worker_letter = case.documents.get(kind="preapproval_letter", family_member=None)
    issued = case.events.get(type=EventType.PREAPPROVAL_ISSUED)
    drafted = case.events.get(type=EventType.AGREEMENT_DRAFTED)
    # the events name the letters they came with
    assert drafted.payload["document"] == str(agreement.pk)
    assert issued.payload["document"] == str(worker_letter.pk)
    client = login("company_hr")
    text = _text(_pdf(_download(client, case, agreement)))
    spouse = case.family.get()
    for expected in (
        "Vereinbarung nach § 81a Abs. 2 AufenthG",
        "Agreement under § 81a (2)",
        case.worker_name,
        case.reference,
        case.company.name,
        "Zentralstelle",
        f"{spouse.first_name} {spouse.last_name}",
        _day(case.worker_birth_date, "de"),
        _day(case.worker_birth_date, "en"),
        _day(timezone.localdate(drafted.at), "de"),
        "411",
    ):
        assert expected in text, expected
    text = _text(_pdf(_download(client, case, worker_letter)))
    for expected in (
        "Vorabzustimmung",
        "Pre-approval",
        case.worker_name,
        _day(case.worker_birth_date, "de"),
        _day(timezone.localdate(issued.at), "de"),
        _day(timezone.localdate(issued.at), "en"),
        _day(case.job_start_date, "de"),
    ):
        assert expected in text, expected


def test_a_family_members_pre_approval_names_her(db, cast):
    from lotse.procedure.services import preapproval_issue

    case = make_case("completed", family=True)
    spouse = case.family.get()
    assert spouse.last_name == SPOUSE["last_name"]
    authority = cast("zentralstelle_caseworker")
    preapproval_issue(case=case, actor=authority, person=str(spouse.pk))
    letter = case.documents.get(kind="preapproval_letter", family_member=spouse)
    with letter_file(letter) as file:
        text = _text(file.read())
    assert f"{spouse.first_name} {spouse.last_name}" in text
    assert _day(spouse.birth_date, "de") in text
    assert case.worker_name in text  # the skilled worker she comes with


def letter_file(document):
    from django.core.files.storage import default_storage

    return default_storage.open(document.storage_name, "rb")


def test_who_downloads_the_pre_approval(db, login):
    case = make_case("completed")
    letter = case.documents.get(kind="preapproval_letter")
    for member in ("company_hr", "zentralstelle_caseworker", "ihk_adviser"):
        response = _download(login(member), case, letter)
        assert response.status_code == 200, member
        assert response["Content-Type"] == "application/pdf"
        assert _pdf(response).startswith(b"%PDF")
    # the Federal Employment Agency does not see the case's documents (need to know)
    assert _download(login("aa_caseworker"), case, letter).status_code == 403
    # every download is in the read log
    assert case.accesses.filter(action="document.preapproval_letter").count() == 3


def test_the_case_page_links_the_letters_for_the_journey(db, login):
    case = make_case("completed")
    page = login("company_hr").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-letter="agreement"' in page
    assert 'data-letter="pre_approval"' in page
    case = make_case("agreement_drafted")
    page = login("company_hr").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-letter="agreement"' in page and 'data-letter="pre_approval"' not in page


def test_a_region_without_wording_gets_no_letter(db, cast, monkeypatch):
    case = Case.objects.get(pk=make_case("in_procedure").pk)
    monkeypatch.setattr(letters, "wording", lambda region: None)
    assert letters.letter_pdf(case, letters.AGREEMENT, authority="X") is None
    from lotse.procedure.services import agreement_draft

    agreement_draft(case=case, actor=cast("zentralstelle_caseworker"))
    assert not case.documents.filter(kind="agreement_letter").exists()
    assert case.events.get(type=EventType.AGREEMENT_DRAFTED).payload["document"] is None
