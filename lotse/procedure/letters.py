"""The procedure's letters as PDFs from the case's data, for the authority to check, sign and send:
the agreement (§ 81a Abs. 2 AufenthG, § 57 VwVfG) and the pre-approval (Vorabzustimmung,
§ 81a Abs. 3 S. 1 Nr. 6 AufenthG, § 31 Abs. 3 AufenthV), the latter one per person (§ 81a Abs. 4).

Their wording is region data that the authority supplies (`regions/<name>/letters.yaml`: a title
and a body per language with placeholders); a region without it gets no letter, and the authority
records its own uploaded one. Each letter holds the German text and, after it, the English one;
reportlab writes it with the shipped DejaVu font, which renders every name (`core/pdf.py`).

A letter is a document of the case (`agreement_letter`, `preapproval_letter`): stored through the
documents' own upload (inspected, scanned, hashed, `document.uploaded` in the log), seen by those
who see the case's documents (`need_to_know`), erased with the case's files (`documents.erasure`).
"""

import datetime
import functools
import io
from pathlib import Path

import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import formats, translation

from lotse.cases.countries import country_name
from lotse.cases.models import Case, FamilyMember
from lotse.cases.personal import WORKER
from lotse.core import clock
from lotse.core.pdf import PageWriter
from lotse.documents.models import Document
from lotse.documents.services import document_upload
from lotse.orgs.models import Membership
from lotse.precheck import parameters
from lotse.routing import get_region
from lotse.routing.region import regions_dir

AGREEMENT, PRE_APPROVAL = "agreement", "pre_approval"
# the letter's document kind (`documents.kinds`)
KIND = {AGREEMENT: "agreement_letter", PRE_APPROVAL: "preapproval_letter"}
LETTER_OF_KIND = {kind: letter for letter, kind in KIND.items()}
LANGUAGES = ("de", "en")


@functools.cache
def _wording(path: Path) -> dict | None:
    if not path.is_file():
        return None
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def wording(region: str) -> dict | None:
    """The region's letters (`letters.yaml`), or None if the region supplies none."""
    return _wording(regions_dir() / region / "letters.yaml")


class _Blank(dict):
    """Placeholders the template names but the case does not fill stay visible as such."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _date(day: datetime.date | None) -> str:
    return formats.date_format(day, "DATE_FORMAT") if day else "—"


def _values(case: Case, *, authority: str, member: FamilyMember | None, on) -> dict:
    """The placeholders' values in the active language."""
    region = get_region(case.company.region)
    places = {place.key: place.name for place in region.municipalities}
    family = ", ".join(f"{m} ({m.get_relation_display()})" for m in case.family.all())
    fee = parameters.PARAMETERS["fees.procedure_81a"].at(on)
    values = {
        "reference": case.reference,
        "date": _date(on),
        "authority": authority,
        "company": case.company.name,
        "worker_name": case.worker_name or "—",
        "worker_birth_date": _date(case.worker_birth_date),
        "worker_citizenship": country_name(case.worker_citizenship) or "—",
        "worker_passport": case.worker_passport_number or "—",
        "job_title": case.job_title or "—",
        "job_start": _date(case.job_start_date),
        "workplace": places.get(case.workplace_municipality, case.workplace_municipality or "—"),
        "fee": str(fee.value) if fee else "—",
        "fee_citation": fee.reference if fee else "§ 47 Abs. 1 Nr. 15 AufenthV",
        "family": family or translation.gettext("none"),
    }
    if member is None:
        values |= {
            "person_name": values["worker_name"],
            "person_birth_date": values["worker_birth_date"],
            "relation": translation.gettext("the skilled worker"),
        }
    else:
        values |= {
            "person_name": str(member),
            "person_birth_date": _date(member.birth_date),
            "relation": translation.gettext(
                "%(relation)s of the skilled worker (§ 81a Abs. 4 AufenthG)"
            )
            % {"relation": member.get_relation_display()},
        }
    return values


def letter_pdf(
    case: Case,
    letter: str,
    *,
    authority: str,
    member: FamilyMember | None = None,
    on: datetime.date | None = None,
) -> bytes | None:
    """The letter as a PDF, German first, then English; None if the region supplies no wording."""
    texts = (wording(case.company.region) or {}).get(letter)
    if texts is None:
        return None
    on = on or clock.today()
    buffer = io.BytesIO()
    writer = PageWriter(buffer, f"{texts['title']['de']} — {case.reference}")
    for number, language in enumerate(LANGUAGES):
        with translation.override(language):
            values = _Blank(_values(case, authority=authority, member=member, on=on))
            if number:
                writer.page()
                writer.line(translation.gettext("English version for information"), size=9)
                writer.gap()
            writer.line(texts["title"][language], size=14, bold=True)
            writer.gap(8)
            for paragraph in texts["body"][language].format_map(values).strip().split("\n"):
                writer.line(paragraph)
    writer.finish()
    return buffer.getvalue()


def letter_store(
    *, case: Case, actor: Membership, letter: str, person: str = WORKER
) -> Document | None:
    """Render the letter for `person` and add it to the case as its document (a newer one
    replaces the person's previous letter of the kind); None if the region has no wording."""
    member = None if person == WORKER else case.family.get(pk=person)
    pdf = letter_pdf(case, letter, authority=actor.organisation.name, member=member)
    if pdf is None:
        return None
    name = f"{letter}-{case.reference}.pdf"
    upload = SimpleUploadedFile(name, pdf, content_type="application/pdf")
    return document_upload(
        case=case,
        actor=actor,
        kind=KIND[letter],
        upload=upload,
        language="de",
        family_member=member,
    )
