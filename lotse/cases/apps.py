from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "lotse.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self):
        # Registers the renderer of case mails, which the task worker needs to send them.
        from lotse.cases import notifications  # noqa: F401
