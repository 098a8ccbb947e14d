from django import forms
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
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


def _hide_second_factor_devices() -> None:
    """No admin page for TOTP devices: through it a platform administrator could create a device
    for authority staff and log in as them. Devices change only through `accounts.devices`."""
    try:
        admin.site.unregister(TOTPDevice)
    except NotRegistered:
        pass


_hide_second_factor_devices()
