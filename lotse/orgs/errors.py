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
    REGISTER_NUMBER_BAD = (
        "register_number_bad",
        _(
            "Please enter the register number as it is registered: a commercial register number "
            "such as “HRB 12345” (with the register court, e.g. “Amtsgericht Hannover HRB 12345”), "
            "or the eight digits of the establishment number (Betriebsnummer)."
        ),
    )
    REGISTER_NUMBER_TAKEN = (
        "register_number_taken",
        _(
            "A company with this register number is already on the platform: its people book "
            "with their account, or its administrator adds the person."
        ),
    )
    UNIT_NOT_OURS = "unit_not_ours", _("Choose one of this organisation's own units.")
