from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgError(models.TextChoices):
    NOT_ORG_ADMIN = "not_org_admin", _("Only an administrator of this organisation may do this.")
    LAST_ADMIN = "last_admin", _("The organisation needs at least one active administrator.")
    PLATFORM_ADMIN_NO_MEMBERSHIP = (
        "platform_admin_no_membership",
        _(
            "A platform administrator is no member of any organisation: the administration of "
            "the platform and the work on cases stay apart."
        ),
    )
    KEY_NAME_MISSING = "key_name_missing", _("Please name the key (e.g. the system that uses it).")
    KEY_SCOPE_MISSING = (
        "key_scope_missing",
        _("Please choose at least one permission for the key."),
    )
