"""The inbox pages: the person's threads, and one thread with its entries and an answer form."""

from uuid import UUID

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lotse.core.errors import DomainError
from lotse.inbox import selectors, services
from lotse.inbox.forms import ReplyForm
from lotse.orgs.middleware import membership_of

PAGE_SIZE = 100


def inbox_list(request):
    """The person's threads, newest first; unread ones marked."""
    threads = list(selectors.threads_for(user=request.user)[:PAGE_SIZE])
    unread = sum(1 for thread in threads if not thread.read)
    return render(request, "inbox/list.html", {"threads": threads, "unread": unread})


def inbox_thread(request, thread_id: UUID):
    """One thread: reading it marks it read; a reader may answer (not in a notice)."""
    thread = selectors.thread_get_for(user=request.user, thread_id=thread_id)
    membership = membership_of(request)
    form = ReplyForm(request.POST or None)
    can_answer = thread.kind != "notice" and thread.erased_at is None and membership is not None
    if request.method == "POST" and can_answer and form.is_valid():
        try:
            services.entry_post(thread=thread, author=membership, text=form.cleaned_data["text"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your answer has been sent."))
            return redirect("inbox:thread", thread_id=thread.pk)
    services.thread_mark_read(thread=thread, user=request.user)
    entries = selectors.entries_of(thread=thread)
    context = {"thread": thread, "entries": entries, "form": form, "can_answer": can_answer}
    return render(request, "inbox/thread.html", context, status=400 if form.errors else 200)
