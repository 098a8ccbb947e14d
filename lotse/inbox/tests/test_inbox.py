"""The inbox: who reads a thread, unread counts per person, idempotent notices, the pages."""

import uuid

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from lotse.core.errors import DomainError
from lotse.inbox import selectors, services
from lotse.inbox.errors import InboxError
from lotse.inbox.models import Entry, Thread


def _start(cast, sender="zentralstelle_caseworker", to="aa_caseworker", **extra):
    return services.thread_start(
        sender=cast(sender),
        organisation=cast(to).organisation,
        subject=extra.pop("subject", "Rückfrage zur Zustimmung"),
        text=extra.pop("text", "Bitte prüfen Sie den Arbeitsvertrag."),
        **extra,
    )


def test_a_thread_is_read_by_sender_and_addressee_only(cast):
    thread = _start(cast)
    for key in ("zentralstelle_caseworker", "aa_caseworker"):
        assert selectors.readable_by(cast(key).user).filter(pk=thread.pk).exists(), key
    for key in ("company_hr", "ihk_adviser", "welcome_adviser"):
        assert not selectors.readable_by(cast(key).user).filter(pk=thread.pk).exists(), key


def test_a_thread_to_one_person_is_hidden_from_their_colleagues(cast):
    thread = _start(cast, to="company_hr", person=cast("company_hr").user)
    assert selectors.readable_by(cast("company_hr").user).filter(pk=thread.pk).exists()
    assert not selectors.readable_by(cast("company_lead").user).filter(pk=thread.pk).exists()


def test_unread_counts_per_person_and_falls_when_read(cast):
    reader = cast("aa_caseworker").user
    before = selectors.unread_count(user=reader)
    thread = _start(cast)
    assert selectors.unread_count(user=reader) == before + 1
    # the sender has read their own entry
    sender = cast("zentralstelle_caseworker").user
    assert selectors.threads_for(user=sender).get(pk=thread.pk).read
    services.thread_mark_read(thread=thread, user=reader)
    assert selectors.unread_count(user=reader) == before
    services.entry_post(thread=thread, author=cast("zentralstelle_caseworker"), text="Nachtrag")
    assert selectors.unread_count(user=reader) == before + 1


def test_an_outsider_cannot_answer_and_nothing_is_stored(cast):
    thread = _start(cast)
    with pytest.raises(DomainError) as refused:
        services.entry_post(thread=thread, author=cast("company_hr"), text="Hallo")
    assert refused.value.code == InboxError.NOT_A_READER
    assert Entry.objects.filter(thread=thread).count() == 1


def test_an_empty_message_is_refused(cast):
    with pytest.raises(DomainError) as refused:
        _start(cast, text="   ")
    assert refused.value.code == InboxError.EMPTY_TEXT
    assert not Thread.objects.filter(subject="Rückfrage zur Zustimmung").exists()


def test_a_notice_is_posted_once_per_dedupe_key_and_read_in_the_readers_language(cast):
    org = cast("zentralstelle_caseworker").organisation
    case_id = uuid.uuid4()
    arguments = {
        "organisation": org,
        "subject": gettext_noop("Inbox"),
        "body": gettext_noop("Your answer has been sent."),
        "dedupe_key": f"test:{case_id}",
        "case_id": case_id,
    }
    first = services.notice_post(**arguments)
    again = services.notice_post(**arguments)
    assert first.pk == again.pk
    assert Thread.objects.filter(dedupe_key=f"test:{case_id}").count() == 1
    assert Entry.objects.filter(thread=first).count() == 1
    with translation.override("de"):
        assert first.subject_text == "Posteingang"
        assert first.entries.get().body == "Ihre Antwort wurde gesendet."
    with translation.override("en"):
        assert first.subject_text == "Inbox"


def test_the_inbox_page_lists_threads_and_the_start_page_counts_them(login, cast):
    thread = _start(cast, subject="Frage zum Visum")
    client = login("aa_caseworker")
    page = client.get(reverse("inbox:list")).content.decode()
    assert "Frage zum Visum" in page
    start = client.get(reverse("cases:list")).content.decode()
    assert reverse("inbox:list") in start
    assert thread.pk


def test_reading_and_answering_on_the_thread_page(login, cast):
    thread = _start(cast)
    client = login("aa_caseworker")
    response = client.get(reverse("inbox:thread", args=[thread.pk]))
    assert response.status_code == 200
    assert "Bitte prüfen Sie den Arbeitsvertrag." in response.content.decode()
    assert selectors.threads_for(user=cast("aa_caseworker").user).get(pk=thread.pk).read
    response = client.post(reverse("inbox:thread", args=[thread.pk]), {"text": "Erledigt."})
    assert response.status_code == 302
    assert thread.entries.count() == 2
    assert thread.entries.last().author == cast("aa_caseworker")


def test_an_empty_answer_gets_a_field_message(login, cast):
    thread = _start(cast)
    client = login("aa_caseworker")
    response = client.post(reverse("inbox:thread", args=[thread.pk]), {"text": ""})
    assert response.status_code == 400
    assert thread.entries.count() == 1


def test_a_thread_of_others_is_not_found(login, cast):
    thread = _start(cast)
    client = login("company_hr")
    assert client.get(reverse("inbox:thread", args=[thread.pk])).status_code == 404
    response = client.post(reverse("inbox:thread", args=[thread.pk]), {"text": "x"})
    assert response.status_code == 404
    assert thread.entries.count() == 1


def test_erasure_removes_the_texts_of_a_case(cast, story):
    from lotse.core.erasure import erasure_run

    case = story("Kaya")
    thread = _start(cast, case_id=case.pk, subject="Herr Kaya", text="Herr Kaya fehlt noch")
    erased = erasure_run(case=case)
    assert erased["inbox.texts"] == 2
    thread.refresh_from_db()
    assert "Kaya" not in thread.subject + thread.entries.get().text
    assert erasure_run(case=case)["inbox.texts"] == 0


def test_a_person_in_no_organisation_has_nothing_unread(db):
    """A platform admin belongs to no organisation: no thread is addressed to them, and the
    count says so rather than failing on an empty list of organisations."""
    from lotse.accounts.models import User

    admin = User.objects.create_user(email="nobody@lotse.example", password="x" * 16)
    assert selectors.unread_count(user=admin) == 0
