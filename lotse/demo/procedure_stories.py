"""The Hannover demo's cases in the § 81a procedure: every stage and track, made through the real
services at the dates they happened (after 1 Jan 2026, so the Zentralstelle at LAB NI decides).

Covered: the agreement drafted, signed by both sides and concluded; a recognition at the IHK (on
the platform: partial, with a compensation measure, passed on by the authority) and one at the
ZAB (off the platform: recorded by the authority with the notice); a consent given, one given
after a request for information, one deemed given and one refused; the pre-approval; a family
with two visa tracks and a member added after the worker's pre-approval; entry; the residence
permit after entry; a family member referred to career counselling; an early end of employment;
the authority's refusal; a withdrawal during the procedure; messages to the company and between
partners."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from lotse.cases import services as cases
from lotse.cases.models import Case
from lotse.core import clock
from lotse.deadlines.services import consent_week_expire
from lotse.documents.services import document_upload
from lotse.procedure import services as procedure
from lotse.procedure.acceptance import into_procedure

from .cast import cast_membership


def _pdf() -> bytes:
    """A blank one-page PDF: the demo's stand-in for a scanned signed letter."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _on(day: datetime.date, step, **arguments):
    with clock.travel_to(day):
        return step(**arguments)


def _scan(case: Case, member: str, kind: str):
    file = SimpleUploadedFile("scan.pdf", _pdf(), content_type="application/pdf")
    return document_upload(case=case, actor=cast_membership(member), kind=kind, upload=file)


def _accepted(forwarded: Case, day: datetime.date) -> Case:
    return _on(
        day, into_procedure, case=forwarded, actor=cast_membership("zentralstelle_caseworker")
    )


def _agreement(case: Case, day: datetime.date, debtor: str = "employer") -> None:
    """Drafted, signed by the company and the authority (each with its scan), concluded."""
    abh, hr = cast_membership("zentralstelle_caseworker"), cast_membership("company_hr")
    _on(day, procedure.agreement_draft, case=case, actor=abh)
    for offset, (actor, member) in enumerate(
        ((hr, "company_hr"), (abh, "zentralstelle_caseworker")), 1
    ):
        with clock.travel_to(day + datetime.timedelta(days=offset * 2)):
            signed = _scan(case, member, "agreement_signed")
            procedure.agreement_sign(case=case, actor=actor, document=signed.pk)
    _on(
        day + datetime.timedelta(days=6),
        procedure.agreement_conclude,
        case=case,
        actor=abh,
        fee_debtor=debtor,
    )


def _consent(case: Case, day: datetime.date, *, given: bool = True, reason: str = "") -> None:
    abh, aa = cast_membership("zentralstelle_caseworker"), cast_membership("aa_caseworker")
    _on(day, cases.case_request_consent, case=case, actor=abh)
    _on(
        day + datetime.timedelta(days=4),
        cases.case_decide_consent,
        case=case,
        actor=aa,
        given=given,
        reason=reason,
    )


def _visa(case: Case, person: str, day: datetime.date, *, until: str = "entry.reported") -> None:
    hr = cast_membership("company_hr")
    for offset, event in enumerate(
        (
            "visa.appointment_requested",
            "visa.appointment_booked",
            "visa.applied",
            "visa.issued",
            "entry.reported",
        )
    ):
        on = day + datetime.timedelta(days=offset * 7)
        _on(on, procedure.visa_reporter(event), case=case, actor=hr, person=person, date=on)
        if event == until:
            return


def _permit(case: Case, person: str, day: datetime.date, *, issued: bool) -> None:
    """After entry: the residence permit applied for at the authority of the residence (and
    issued three weeks later), as the company reports it."""
    hr = cast_membership("company_hr")
    events = ("residence_permit.applied", "residence_permit.issued")[: 2 if issued else 1]
    for offset, event in enumerate(events):
        on = day + datetime.timedelta(days=offset * 21)
        report = procedure.residence_permit_reporter(event)
        _on(on, report, case=case, actor=hr, person=person, date=on)


def procedure_stories_load(forwarded) -> list[Case]:
    """`forwarded(last_name=…, on=…, **intake)` makes a case forwarded by the IHK (stories.py)."""
    abh, hr = cast_membership("zentralstelle_caseworker"), cast_membership("company_hr")
    ihk, aa = cast_membership("ihk_adviser"), cast_membership("aa_caseworker")
    made = []

    # 1. Fatima Benali: the whole way — agreement, IHK recognition partial with a compensation
    # measure (the IHK records, the authority passes its letters on), consent after a request for
    # information, pre-approval, visa, entry; a message to the company and one between partners.
    case = _accepted(
        forwarded("Benali", datetime.date(2026, 1, 19), worker_first_name="Fatima"),
        datetime.date(2026, 1, 21),
    )
    _agreement(case, datetime.date(2026, 1, 26))
    _on(
        datetime.date(2026, 1, 27),
        procedure.recognition_apply,
        case=case,
        actor=abh,
        occupation="ihk_occupation",
    )
    record = procedure.recognition_recorder
    _on(datetime.date(2026, 1, 30), record("recognition.receipt_confirmed"), case=case, actor=ihk)
    _on(
        datetime.date(2026, 2, 3),
        record("recognition.evidence_requested"),
        case=case,
        actor=ihk,
        note="Fächer- und Stundenübersicht der Ausbildung fehlt.",
    )
    asked = case.events.filter(type="recognition.evidence_requested").get()
    _on(
        datetime.date(2026, 2, 4),
        procedure.recognition_pass_on,
        case=case,
        actor=abh,
        about=asked.seq,
    )
    _on(datetime.date(2026, 2, 16), record("recognition.documents_received"), case=case, actor=ihk)
    _on(
        datetime.date(2026, 3, 30),
        record("recognition.decided"),
        case=case,
        actor=ihk,
        outcome="partial",
        measure="Anpassungsqualifizierung von sechs Monaten im Betrieb (§ 11 BQFG).",
    )
    decided = case.events.filter(type="recognition.decided").get()
    _on(
        datetime.date(2026, 3, 31),
        procedure.recognition_pass_on,
        case=case,
        actor=abh,
        about=decided.seq,
    )
    with clock.travel_to(datetime.date(2026, 2, 2)):
        cases.case_request_consent(case=case, actor=abh)
    _on(
        datetime.date(2026, 2, 5),
        procedure.consent_ask_information,
        case=case,
        actor=aa,
        questions="Bitte Arbeitszeitmodell und Tarifbindung erläutern.",
    )
    _on(datetime.date(2026, 2, 12), cases.case_decide_consent, case=case, actor=aa, given=True)
    _on(
        datetime.date(2026, 2, 6),
        procedure.message_send,
        case=case,
        actor=abh,
        to=hr.organisation,
        subject="Rückfrage der Agentur für Arbeit",
        text="Bitte senden Sie uns das Arbeitszeitmodell bis Ende der Woche.",
    )
    _on(
        datetime.date(2026, 2, 6),
        procedure.message_send,
        case=case,
        actor=abh,
        to=aa.organisation,
        subject="Arbeitszeitmodell folgt",
        text="Der Arbeitgeber reicht das Arbeitszeitmodell nach.",
    )
    _on(datetime.date(2026, 4, 2), procedure.preapproval_issue, case=case, actor=abh)
    _visa(case, "worker", datetime.date(2026, 4, 8))
    _permit(case, "worker", datetime.date(2026, 5, 18), issued=True)
    made.append(case)

    # 2. Oleksandr Bondarenko and family: ZAB comparability recorded by the authority with the
    # notice; consent deemed given after a silent week; the spouse and a child get their own
    # pre-approvals, the child added after the worker's; two family visa tracks; then the
    # employer reports an early end of the employment.
    case = forwarded("Bondarenko", datetime.date(2026, 2, 9), worker_first_name="Oleksandr")
    case = _accepted(case, datetime.date(2026, 2, 11))
    spouse = _on(
        datetime.date(2026, 2, 12),
        procedure.family_join,
        case=case,
        actor=hr,
        data={
            "relation": "spouse",
            "first_name": "Iryna",
            "last_name": "Bondarenko",
            "birth_date": datetime.date(1990, 7, 1),
            "qualification": "Grundschullehrerin",
        },
    )
    _agreement(case, datetime.date(2026, 2, 16), debtor="worker")
    _on(
        datetime.date(2026, 2, 17),
        procedure.recognition_apply,
        case=case,
        actor=abh,
        occupation="degree_non_regulated",
    )
    for day, event, extra in (
        (datetime.date(2026, 2, 24), "recognition.receipt_confirmed", {}),
        (datetime.date(2026, 3, 20), "recognition.decided", {"outcome": "full"}),
    ):
        with clock.travel_to(day):
            notice = _scan(case, "zentralstelle_caseworker", "recognition_letter")
            record(event)(case=case, actor=abh, document=notice.pk, **extra)
    _on(datetime.date(2026, 2, 18), cases.case_request_consent, case=case, actor=abh)
    # the agency's week ended on 25 Feb without an answer: periodic marks it, the authority
    # confirms the deemed consent (§ 36 Abs. 2 S. 2 BeschV)
    _on(
        datetime.date(2026, 2, 26),
        consent_week_expire,
        case_id=case.pk,
        today=datetime.date(2026, 2, 26),
    )
    _on(datetime.date(2026, 2, 26), procedure.consent_confirm_deemed, case=case, actor=abh)
    _on(datetime.date(2026, 3, 23), procedure.preapproval_issue, case=case, actor=abh)
    _on(
        datetime.date(2026, 3, 23),
        procedure.preapproval_issue,
        case=case,
        actor=abh,
        person=str(spouse.pk),
    )
    child = _on(
        datetime.date(2026, 4, 1),
        procedure.family_join,
        case=case,
        actor=hr,
        data={
            "relation": "child",
            "first_name": "Maksym",
            "last_name": "Bondarenko",
            "birth_date": datetime.date(2016, 3, 9),
        },
    )
    _on(
        datetime.date(2026, 4, 6),
        procedure.preapproval_issue,
        case=case,
        actor=abh,
        person=str(child.pk),
    )
    _visa(case, "worker", datetime.date(2026, 4, 1))
    _visa(case, str(spouse.pk), datetime.date(2026, 4, 8))
    _visa(case, str(child.pk), datetime.date(2026, 4, 13), until="visa.applied")
    _permit(case, "worker", datetime.date(2026, 5, 11), issued=False)
    # the spouse, a primary-school teacher, is referred to the agency's career counselling
    _on(
        datetime.date(2026, 5, 12),
        procedure.counselling_refer,
        case=case,
        actor=hr,
        member=str(spouse.pk),
        service="agency",
        consent=True,
    )
    _on(
        datetime.date(2026, 9, 30),
        procedure.employment_report_end,
        case=case,
        actor=hr,
        date=datetime.date(2026, 9, 15),
        reason="Kündigung durch den Arbeitnehmer in der Probezeit.",
    )
    made.append(case)

    # 3. Kwame Mensah: consent refused, the authority refuses the procedure.
    case = _accepted(
        forwarded("Mensah", datetime.date(2026, 3, 2), worker_first_name="Kwame"),
        datetime.date(2026, 3, 4),
    )
    _consent(
        case,
        datetime.date(2026, 3, 5),
        given=False,
        reason="Die Beschäftigung erfolgt nicht zu vergleichbaren Arbeitsbedingungen (§ 39 Abs. 2 S. 1 Nr. 1 AufenthG).",
    )
    _on(
        datetime.date(2026, 3, 16),
        procedure.procedure_refuse,
        case=case,
        actor=abh,
        reasons="Die Agentur für Arbeit hat die Zustimmung versagt; die Vorabzustimmung kann nicht erteilt werden.",
    )
    made.append(case)

    # 4. Aigerim Sadykova: withdrawn by the company while the agreement waits for signatures.
    case = _accepted(
        forwarded("Sadykova", datetime.date(2026, 4, 6), worker_first_name="Aigerim"),
        datetime.date(2026, 4, 8),
    )
    _on(datetime.date(2026, 4, 9), procedure.agreement_draft, case=case, actor=abh)
    _on(
        datetime.date(2026, 4, 20),
        cases.case_withdraw,
        case=case,
        actor=hr,
        reason="Die Stelle wurde intern besetzt.",
    )
    made.append(case)

    # 5. Diego Ramírez: in the procedure now — agreement concluded, consent requested: the
    # Agentur für Arbeit's turn.
    case = _accepted(
        forwarded("Ramírez", datetime.date(2026, 10, 26), worker_first_name="Diego"),
        datetime.date(2026, 10, 28),
    )
    _agreement(case, datetime.date(2026, 11, 2))
    _on(datetime.date(2026, 11, 9), cases.case_request_consent, case=case, actor=abh)
    made.append(case)
    return made
