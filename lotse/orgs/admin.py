"""Django's admin is for platform administrators: organisations, memberships, region places.

Cases and task results (whose arguments name cases) stay out of it: case data has its own pages,
which keep "hidden looks missing" (STYLE § 8).
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered

from lotse.core.admin import ReadOnlyAdmin
from lotse.orgs import services
from lotse.orgs.models import Membership, Municipality, Organisation, OrgAuditEntry


class MembershipInline(admin.TabularInline):
    """Read-only: memberships change on their own page, through the services that log them."""

    model = Membership
    extra = 0
    fields = ["user", "role", "active"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "key"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "short_name", "key"]
    inlines = [MembershipInline]
    raw_id_fields = ["default_contact"]


class MembershipAdminForm(forms.ModelForm):
    """Asks the services' guard, so a refusal shows at the form instead of failing on save."""

    class Meta:
        model = Membership
        fields = ["user", "organisation", "role", "active", "phone"]

    def clean(self):
        cleaned = super().clean()
        adding = self.instance._state.adding
        user = cleaned.get("user") if adding else self.instance.user
        if user is not None and cleaned.get("active", True):
            decision = services.membership_can_be_given(user=user)
            if not decision:
                raise forms.ValidationError(decision.message, code=str(decision.code))
        if not adding:
            decision = services.membership_can_change(
                membership=Membership.objects.get(pk=self.instance.pk),
                role=cleaned.get("role"),
                active=cleaned.get("active", False),
            )
            if not decision:
                raise forms.ValidationError(decision.message, code=str(decision.code))
        return cleaned


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Adds and changes go through `orgs.services` (logged, a platform administrator never gets a
    membership, the last admin stays); memberships are ended, never deleted."""

    form = MembershipAdminForm
    list_display = ["user", "organisation", "role", "active"]
    list_filter = ["role", "active", "organisation__kind"]
    search_fields = ["user__email", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]

    def get_readonly_fields(self, request, obj=None):
        return ["user", "organisation", "phone"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            saved = services.membership_admin_change(
                by=request.user, membership=obj, role=data["role"], active=data["active"]
            )
        else:
            saved = services.membership_grant(
                by=request.user,
                organisation=data["organisation"],
                user=data["user"],
                role=data["role"],
                phone=data.get("phone", ""),
            )
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        """No related rows to save; the service wrote everything."""


@admin.register(OrgAuditEntry)
class OrgAuditEntryAdmin(ReadOnlyAdmin):
    """The organisation audit log, read-only: who changed what for whom."""

    list_display = ["at", "organisation", "action", "subject", "actor"]
    list_filter = ["action", "organisation__kind"]
    search_fields = ["organisation__name", "subject__email", "actor__email"]


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyAdmin):
    """Read-only: places are region data from `regions/<name>/municipalities.yaml`, loaded by
    `manage.py region_load`; an edit there is the one change that counts."""

    list_display = ["name", "ags", "region"]
    list_filter = ["region"]
    search_fields = ["name", "ags"]


def _hide_task_results() -> None:
    from django_tasks_db.models import DBTaskResult

    try:
        admin.site.unregister(DBTaskResult)
    except NotRegistered:
        pass


_hide_task_results()
