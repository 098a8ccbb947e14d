from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcedureConfig(AppConfig):
    name = "lotse.procedure"
    label = "procedure"
    verbose_name = _("§ 81a procedure")

    def ready(self) -> None:
        from lotse.procedure import steps  # noqa: F401  (registers the procedure's steps)
