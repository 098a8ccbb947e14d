from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "lotse.deadlines"
    verbose_name = _("Deadlines")

    def ready(self) -> None:
        # cases sits below deadlines: it asks for due dates and case-page sections through hooks.
        from lotse.cases.panels import case_panel_register, case_timeline_register
        from lotse.cases.projections import due_provider_register
        from lotse.deadlines import mails  # noqa: F401  (registers the reminder mails' renderers)
        from lotse.deadlines.forecast import forecast_panel
        from lotse.deadlines.selectors import case_due, clock_timeline, clocks_panel

        due_provider_register(case_due)
        case_panel_register(key="clocks", template="deadlines/_clocks.html", context=clocks_panel)
        case_panel_register(
            key="forecast", template="deadlines/_forecast.html", context=forecast_panel
        )
        case_timeline_register(clock_timeline)
