from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "lotse.orgs"
    label = "orgs"
    verbose_name = _("Organisations")

    def ready(self):
        from lotse.accounts.devices import device_changes_recorded_by
        from lotse.orgs.audit import device_change_record

        device_changes_recorded_by(device_change_record)
