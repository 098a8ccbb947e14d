"""Writes of the inbox: start a thread, answer in it, post a notice, mark a thread read."""

from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import F

from lotse.core import clock
from lotse.core.errors import DomainError
from lotse.inbox.errors import InboxError
from lotse.inbox.models import Entry, ReadMark, Thread, ThreadKind
from lotse.inbox.selectors import readable_by
from lotse.orgs.models import Membership, Organisation


def _clean(text: str, code: InboxError) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(code)
    return text


def _append(*, thread: Thread, author: Membership | None, text: str) -> Entry:
    entry = Entry.objects.create(thread=thread, author=author, text=text)
    Thread.objects.filter(pk=thread.pk).update(
        entry_count=F("entry_count") + 1, last_entry_at=entry.created_at
    )
    thread.refresh_from_db(fields=["entry_count", "last_entry_at"])
    if author is not None:
        thread_mark_read(thread=thread, user=author.user)
    return entry


@transaction.atomic
def thread_start(
    *,
    sender: Membership,
    organisation: Organisation,
    subject: str,
    text: str,
    person=None,
    case_id: UUID | None = None,
    kind: str = ThreadKind.MESSAGE,
) -> Thread:
    """`sender` (a person for their organisation) writes to `organisation`, or to one `person`
    in it; both organisations read the thread, nobody else. Whether the sender may write about
    the case is the calling service's guard (the inbox knows no cases)."""
    subject = _clean(subject, InboxError.EMPTY_SUBJECT)[:200]
    text = _clean(text, InboxError.EMPTY_TEXT)
    thread = Thread.objects.create(
        kind=kind,
        case_id=case_id,
        organisation=organisation,
        person=person,
        sender_organisation=sender.organisation,
        subject=subject,
    )
    _append(thread=thread, author=sender, text=text)
    return thread


@transaction.atomic
def entry_post(*, thread: Thread, author: Membership, text: str) -> Entry:
    """A reader of `thread` answers in it. Refused for anyone who may not read it, and on a
    thread whose texts were erased."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not readable_by(author.user).filter(pk=thread.pk).exists() or not author.active:
        raise DomainError(InboxError.NOT_A_READER)
    if author.organisation_id not in (thread.organisation_id, thread.sender_organisation_id):
        raise DomainError(InboxError.NOT_A_READER)
    if thread.erased_at is not None:
        raise DomainError(InboxError.ERASED)
    return _append(thread=thread, author=author, text=_clean(text, InboxError.EMPTY_TEXT))


def notice_post(
    *,
    organisation: Organisation,
    subject: str,
    body: str,
    dedupe_key: str,
    person=None,
    case_id: UUID | None = None,
    params: dict | None = None,
) -> Thread:
    """The platform tells `organisation` (or one `person` in it) something, e.g. a clock's
    reminder. Idempotent by `dedupe_key`: a rerun (a repeated periodic job, a redelivered task)
    returns the first thread and posts nothing. `subject` and `body` are English msgids,
    translated when read; `params` fills their placeholders (plain JSON values)."""
    existing = Thread.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin's insert loses here
            thread = Thread.objects.create(
                kind=ThreadKind.NOTICE,
                case_id=case_id,
                organisation=organisation,
                person=person,
                subject=subject,
                translate=True,
                params=params or {},
                dedupe_key=dedupe_key,
            )
            _append(thread=thread, author=None, text=body)
    except IntegrityError:
        return Thread.objects.get(dedupe_key=dedupe_key)
    return thread


def thread_mark_read(*, thread: Thread, user) -> ReadMark:
    """`user` has read every entry of `thread` so far."""
    count = Thread.objects.filter(pk=thread.pk).values_list("entry_count", flat=True).get()
    mark, _created = ReadMark.objects.update_or_create(
        thread=thread, user=user, defaults={"seen": count, "read_at": clock.now()}
    )
    return mark


@transaction.atomic
def thread_readdress(*, thread: Thread, organisation: Organisation, person=None) -> Thread:
    """Address `thread` to another organisation (and person) from now on: a service desk hands an
    enquiry on, and the new handler reads the whole thread. The calling service records the
    handing on and decides who may do it; the sender keeps reading it."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    thread.organisation, thread.person = organisation, person
    thread.save(update_fields=["organisation", "person", "updated_at"])
    return thread


@transaction.atomic
def entry_post_external(*, thread: Thread, text: str) -> Entry:
    """An entry by the thread's sender without an account (an enquirer who reaches the thread
    through a mailed link); the calling service checked the link. Stored without an author."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.erased_at is not None:
        raise DomainError(InboxError.ERASED)
    return _append(thread=thread, author=None, text=_clean(text, InboxError.EMPTY_TEXT))


@transaction.atomic
def thread_start_external(
    *,
    organisation: Organisation,
    subject: str,
    text: str,
    person=None,
    case_id: UUID | None = None,
    kind: str = ThreadKind.MESSAGE,
) -> Thread:
    """A thread begun by somebody without an account (a service-desk enquiry from the public
    form): no sending organisation, the first entry without an author, unread by its addressee."""
    subject = _clean(subject, InboxError.EMPTY_SUBJECT)[:200]
    text = _clean(text, InboxError.EMPTY_TEXT)
    thread = Thread.objects.create(
        kind=kind, case_id=case_id, organisation=organisation, person=person, subject=subject
    )
    _append(thread=thread, author=None, text=text)
    return thread
