"""The service desk: one thread from the Welcome Center to a chamber and on to an authority, the
handler named at every step, consent before an authority, a mailed link for guests."""

import pytest
from django.urls import reverse

from lotse.core.errors import DomainError
from lotse.inbox.models import Thread, ThreadKind
from lotse.inbox.selectors import threads_for, unread_count
from lotse.welcome import desk
from lotse.welcome.models import Enquiry
from lotse.welcome.tests.helpers import links_in, mails_to

pytestmark = pytest.mark.django_db


def guest_enquiry(**extra) -> Enquiry:
    values = {
        "subject": "Anerkennung als Pflegefachkraft",
        "text": "Wie lange dauert die Anerkennung?",
        "region": "hannover",
        "name": "Thi Mai Nguyễn",
        "email": "mai@example.org",
        "language": "en",
    }
    return desk.enquiry_start(**(values | extra))


def test_one_thread_from_welcome_center_to_chamber_to_authority(cast, client):
    enquiry = guest_enquiry()
    welcome = enquiry.handler
    assert welcome.organisation.kind == "welcome_center"
    (received,) = mails_to("mai@example.org")
    (link,) = links_in(received)
    assert welcome.user.first_name in client.get(link).content.decode()

    ihk = cast("ihk_adviser")
    desk.enquiry_hand_on(enquiry=enquiry, actor=welcome, to=ihk, note="Kammerberuf?")
    page = client.get(link).content.decode()
    assert str(ihk.user) in page and "Kammerberuf?" in page
    assert f"handled by {ihk.user}" in mails_to("mai@example.org")[-1].subject

    authority = cast("abh_region_caseworker")
    with pytest.raises(DomainError) as refusal:
        desk.enquiry_hand_on(enquiry=enquiry, actor=ihk, to=authority)
    assert refusal.value.code == "consent_needed"
    enquiry.refresh_from_db()
    assert enquiry.handler == ihk  # nothing moved

    client.post(link, {"action": "consent"})
    desk.enquiry_hand_on(enquiry=enquiry, actor=ihk, to=authority)
    desk.enquiry_answer(enquiry=enquiry, actor=authority, text="Etwa zwei Monate (§ 14a BQFG).")
    page = client.get(link).content.decode()
    assert str(authority.user) in page and "zwei Monate" in page
    assert "Wie lange dauert" in page  # one thread: the first question is still there
    assert Thread.objects.filter(kind=ThreadKind.ENQUIRY).count() == 1
    # the authority reads the whole history, addressed to it now
    thread = threads_for(user=authority.user).get(pk=enquiry.thread_id)
    assert thread.entries.count() == 2
    assert "answered your enquiry" in mails_to("mai@example.org")[-1].body
    # the guest answers through the link, and the handler sees it unread
    before = unread_count(user=authority.user)
    client.post(link, {"action": "answer", "text": "Danke!"})
    assert unread_count(user=authority.user) == before + 1


def test_only_the_current_handler_hands_on(cast):
    enquiry = guest_enquiry()
    with pytest.raises(DomainError) as refusal:
        desk.enquiry_hand_on(enquiry=enquiry, actor=cast("ihk_adviser"), to=cast("hwk_adviser"))
    assert refusal.value.code == "not_handler"


def test_a_company_asks_from_its_account_and_reads_it_in_its_inbox(login, cast, story):
    client = login("company_hr")
    case = story("Raman")
    response = client.post(
        reverse("welcome:desk"),
        {"subject": "Familiennachzug", "text": "Kann die Familie mitkommen?", "case": case.pk},
    )
    enquiry = Enquiry.objects.get()
    assert response["Location"] == reverse("welcome:enquiry", args=[enquiry.thread_id])
    hr = cast("company_hr")
    assert threads_for(user=hr.user).filter(pk=enquiry.thread_id).exists()
    desk.enquiry_hand_on(enquiry=enquiry, actor=enquiry.handler, to=cast("hwk_adviser"))
    page = client.get(reverse("welcome:enquiry", args=[enquiry.thread_id])).content.decode()
    assert str(cast("hwk_adviser").user) in page
    assert Thread.objects.get(pk=enquiry.thread_id).case_id == case.pk
    assert not mails_to(hr.user.email)  # an account holder reads it on the platform


def test_the_public_form_refuses_a_bad_address_and_stores_nothing(client):
    response = client.post(
        reverse("welcome:desk"),
        {"name": "Mai", "email": "mai(at)example", "subject": "x", "text": "y"},
    )
    assert response.status_code == 400
    assert Enquiry.objects.count() == 0 and Thread.objects.filter(kind="enquiry").count() == 0


def test_a_forged_link_opens_nothing(client):
    guest_enquiry()
    assert client.get(reverse("welcome:enquiry_link", args=["forged:token"])).status_code == 404
