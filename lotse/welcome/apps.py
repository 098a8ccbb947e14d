from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelcomeConfig(AppConfig):
    name = "lotse.welcome"
    verbose_name = _("Welcome Center")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lotse.welcome import mails  # noqa: F401  (registers the mail renderers)
