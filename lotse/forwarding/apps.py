from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForwardingConfig(AppConfig):
    name = "lotse.forwarding"
    label = "forwarding"
    verbose_name = _("Forwarding")

    def ready(self) -> None:
        # the forwarding step joins the case's step table (pages and API are made from it)
        from lotse.forwarding import steps  # noqa: F401
