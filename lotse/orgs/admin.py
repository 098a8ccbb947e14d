"""Django's admin is for platform administrators: organisations, memberships, region places.

Cases and task results (whose arguments name cases) stay out of it: case data has its own pages,
which keep "hidden looks missing" (STYLE § 8).
"""

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered

from lotse.orgs.models import Membership, Municipality, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "key"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "short_name", "key"]
    inlines = [MembershipInline]
    raw_id_fields = ["default_contact"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "active"]
    list_filter = ["role", "active", "organisation__kind"]
    search_fields = ["user__email", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    """Read-only: places are region data from `regions/<name>/municipalities.yaml`, loaded by
    `manage.py region_load`; an edit there is the one change that counts."""

    list_display = ["name", "ags", "region"]
    list_filter = ["region"]
    search_fields = ["name", "ags"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _hide_task_results() -> None:
    from django_tasks_db.models import DBTaskResult

    try:
        admin.site.unregister(DBTaskResult)
    except NotRegistered:
        pass


_hide_task_results()
