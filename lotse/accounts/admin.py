from django import forms
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from lotse.accounts.models import User


class PlatformUserChangeForm(UserChangeForm):
    """A person with a membership does not become a platform administrator (nor the reverse,
    see `orgs.services.membership_can_be_given`): case work and platform rights stay apart."""

    def clean(self):
        cleaned = super().clean()
        raises = cleaned.get("is_staff") or cleaned.get("is_superuser")
        if raises and self.instance.pk and self.instance.memberships.filter(active=True).exists():
            raise forms.ValidationError(
                _("A member of an organisation cannot be a platform administrator."),
                code="member_not_platform_admin",
            )
        return cleaned


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = PlatformUserChangeForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    filter_horizontal = ()

    def get_readonly_fields(self, request, obj=None):
        """A member's e-mail address stays as it is here: pointed at another mailbox, the reset
        mail would hand the account (and its dossiers) to whoever reads that mailbox."""
        if obj is not None and _is_member(obj):
            return ["email"]
        return []

    def user_change_password(self, request, id, form_url=""):
        """A member's password is theirs to choose (by the reset mail), never the administrator's:
        whoever sets it could log in as them."""
        user = self.get_object(request, id)
        if user is not None and _is_member(user):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


def _is_member(user) -> bool:
    return user.memberships.filter(active=True).exists()


def _hide_second_factor_devices() -> None:
    """No admin page for TOTP devices: through it a platform administrator could create a device
    for authority staff and log in as them. Devices change only through `accounts.devices`."""
    try:
        admin.site.unregister(TOTPDevice)
    except NotRegistered:
        pass


_hide_second_factor_devices()
