from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "lotse.stats"
    label = "stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        # Registers the counters with the event log (`cases/listeners.py`) and with the Welcome
        # Center's writes (`welcome/listeners.py`).
        from lotse.stats import counters, offers  # noqa: F401
