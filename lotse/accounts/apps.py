from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lotse.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from lotse.accounts.sessions import session_mark_login

        user_logged_in.connect(session_mark_login, dispatch_uid="lotse.session_mark_login")
