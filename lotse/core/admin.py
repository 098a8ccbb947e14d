"""Outgoing mail in the platform administration: status, attempts and errors, so that the
administrator sees a broken mail server. A row names its recipient and kind, never its case: the
administration sees no case data (the organisation's lead sees the case on their own page)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lotse.core.models import MailStatus, OutboxMail
from lotse.core.outbox import mail_retry


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never written here: the rows are written by services (or are region data)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMail)
class OutboxMailAdmin(ReadOnlyAdmin):
    list_display = ["to", "kind", "status", "attempts", "next_attempt_at", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to"]
    ordering = ["-created_at"]
    # `context` is left out: it points into case data.
    fields = [
        "to",
        "user",
        "language",
        "kind",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "queued_at",
        "sent_at",
        "last_error",
        "created_at",
    ]
    readonly_fields = fields
    actions = ["retry"]

    @admin.action(description=_("Try the failed mails again"), permissions=["view"])
    def retry(self, request, queryset):
        retried = [mail_retry(mail=mail) for mail in queryset.filter(status=MailStatus.FAILED)]
        count = len(retried)
        self.message_user(
            request,
            ngettext("%(count)d mail queued again.", "%(count)d mails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
