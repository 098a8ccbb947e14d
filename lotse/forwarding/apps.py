from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForwardingConfig(AppConfig):
    name = "lotse.forwarding"
    label = "forwarding"
    verbose_name = _("Forwarding")

    def ready(self) -> None:
        # the forwarding step joins the case's step table (pages and API are made from it)
        # the case page lists the dossiers the reader may download
        from lotse.cases.panels import case_panel_register
        from lotse.forwarding import steps  # noqa: F401
        from lotse.forwarding.panels import submissions_panel

        case_panel_register(
            key="submissions",
            template="forwarding/_submissions.html",
            context=submissions_panel,
            as_seen=True,
        )
