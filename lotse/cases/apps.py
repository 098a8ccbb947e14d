from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "lotse.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        # Registers the renderer of case mails, which the task worker needs to send them.
        from lotse.cases import notifications  # noqa: F401

        # orgs ends memberships but must not import cases: it runs the steps registered here.
        from lotse.cases.services import contacts_hand_over
        from lotse.orgs.services import hand_over_step_register

        hand_over_step_register(contacts_hand_over)
