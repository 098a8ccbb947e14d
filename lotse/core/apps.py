from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpAppConfig
from django_tasks_db.apps import TasksAppConfig


class CoreConfig(AppConfig):
    name = "lotse.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self):
        from django.contrib import admin

        from lotse.core import timestamps

        timestamps.connect()

        # The administration names the platform, in the user's language (Django: "Site administration").
        admin.site.site_header = _("Lotse administration")
        admin.site.site_title = _("Lotse administration")
        admin.site.index_title = _("Organisations, people and region data")


# Third-party apps under translated names: the administration (app list, permissions, the change
# history) shows an app's verbose name, and these apps give none or an English one.


class LoginProtectionConfig(AxesAppConfig):
    verbose_name = _("Login protection")


class SecondFactorConfig(TotpAppConfig):
    verbose_name = _("Second factor")

    def ready(self):
        super().ready()
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # django-otp names its model in plain English ("TOTP device"), not through gettext.
        TOTPDevice._meta.verbose_name = _("authenticator app")
        TOTPDevice._meta.verbose_name_plural = _("authenticator apps")


class BackgroundTasksConfig(TasksAppConfig):
    verbose_name = _("Background tasks")
