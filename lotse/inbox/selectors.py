"""Reads of the inbox: every one starts from the threads a person may read (`readable_by`)."""

from uuid import UUID

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from lotse.accounts.otp import active_memberships
from lotse.core.plans import prepared_rows
from lotse.core.statements import Statements
from lotse.inbox.models import ReadMark, Thread


def readable_by(user) -> QuerySet[Thread]:
    """Threads `user` may read: addressed to one of their organisations (to them, where a person
    is named) or sent by one of them. Messages between partners never reach the company this
    way, since the company is neither the addressee nor the sender."""
    if not user.is_authenticated:
        return Thread.objects.none()
    orgs = [membership.organisation_id for membership in active_memberships(user)]
    addressed = Q(organisation_id__in=orgs) & (Q(person__isnull=True) | Q(person=user))
    return Thread.objects.filter(addressed | Q(sender_organisation_id__in=orgs))


def _with_unread(threads: QuerySet[Thread], user) -> QuerySet[Thread]:
    read = ReadMark.objects.filter(
        thread=OuterRef("pk"), user=user, seen__gte=F("thread__entry_count")
    )
    return threads.annotate(read=Exists(read))


def threads_for(*, user) -> QuerySet[Thread]:
    """The person's threads, newest entry first, each with `read` (True when nothing is new)."""
    threads = readable_by(user).select_related("organisation", "sender_organisation")
    return _with_unread(threads, user).order_by("-last_entry_at", "-pk")


def unread_count(*, user) -> int:
    """How many of the person's threads hold an entry they have not read: one query, composed
    once per person and set of organisations (`core.statements`)."""
    if not user.is_authenticated:
        return 0
    orgs = tuple(sorted(str(membership.organisation_id) for membership in active_memberships(user)))
    if not orgs:  # in no organisation (a platform admin): no thread to read
        return 0

    def counting() -> tuple[str, list]:
        unread = _with_unread(readable_by(user), user).filter(read=False).values("pk")
        sql, params = unread.query.get_compiler(using=unread.db).as_sql()
        return f"SELECT COUNT(*) FROM ({sql}) unread", list(params)

    sql, params = _COUNTS.compiled(("unread", user.pk, orgs), counting, {})
    [(count,)] = prepared_rows(sql, params)
    return count


_COUNTS = Statements()


def thread_get_for(*, user, thread_id: UUID) -> Thread:
    """The thread if `user` may read it; missing and hidden both raise Http404."""
    threads = readable_by(user).select_related("organisation", "sender_organisation", "person")
    return get_object_or_404(threads, pk=thread_id)


def threads_on_case(*, user, case_id: UUID) -> QuerySet[Thread]:
    """The person's threads about one case (the case page's messages)."""
    return threads_for(user=user).filter(case_id=case_id)


def entries_of(*, thread: Thread):
    """A thread's entries, oldest first, with their authors."""
    return thread.entries.select_related("author__user", "author__organisation", "thread").order_by(
        "created_at", "pk"
    )
