"""Mails to named contacts go out through the task worker after commit, once per event and person."""

import datetime

from lotse.cases import services
from lotse.cases.models import Notification
from lotse.core.outbox import mail_send
from lotse.core import clock
from lotse.demo.stories import valid_intake
from lotse.orgs.models import Organisation


def test_submission_mails_the_chamber_contact_once(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = services.case_create(actor=cast("company_hr"), fields=valid_intake())
    assert mailoutbox == []  # creating a draft concerns nobody else
    with django_capture_on_commit_callbacks(execute=True):
        services.case_submit(
            case=case,
            actor=cast("company_hr"),
            chamber=Organisation.objects.get(key="ihk-hannover"),
        )
    recipients = sorted(address for mail in mailoutbox for address in mail.to)
    assert recipients == ["jana.petersen@hannover.ihk.example"]
    mail = mailoutbox[0]
    assert case.reference in mail.subject and f"/cases/{case.pk}/" in mail.body
    assert "Petrović" not in mail.body + mail.subject  # no worker data by mail
    event = case.events.get(type="case.submitted")
    row = Notification.objects.select_related("mail").get(event=event)
    assert row.mail.status == "sent" and row.mail.attempts == 1
    assert mail_send(mail_id=row.mail_id) is False  # a redelivered task sends nothing again
    assert len(mailoutbox) == 1


def test_mail_speaks_the_recipients_language(cast, mailoutbox, django_capture_on_commit_callbacks):
    adviser = cast("ihk_adviser").user
    adviser.language = "en"
    adviser.save()
    with (
        clock.travel_to(datetime.date(2026, 11, 2)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        case = services.case_create(actor=cast("company_hr"), fields=valid_intake())
        services.case_submit(
            case=case,
            actor=cast("company_hr"),
            chamber=Organisation.objects.get(key="ihk-hannover"),
        )
    assert "Submitted to the chamber" in mailoutbox[0].subject


def test_returned_case_mails_the_company_contact(
    story, cast, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.case_return(case=story("Raman"), actor=cast("ihk_adviser"), missing="Vertrag")
    assert [mail.to for mail in mailoutbox] == [["hr@mueller-technik.example"]]


def test_handover_and_involved_partner_mail_the_new_contact(
    story, cast, mailoutbox, django_capture_on_commit_callbacks
):
    case = story("Raman")
    with django_capture_on_commit_callbacks(execute=True):
        services.case_contact_assign(case=case, actor=cast("ihk_lead"), membership=cast("ihk_lead"))
    assert mailoutbox == []  # the lead took the case over: nobody else to tell
    with django_capture_on_commit_callbacks(execute=True):
        services.case_involve_partner(
            case=case,
            actor=cast("ihk_lead"),
            organisation=Organisation.objects.get(key="jobcenter-region"),
        )
    assert [mail.to for mail in mailoutbox] == [
        ["lukas.hoffmann@jobcenter-region-hannover.example"]
    ]
