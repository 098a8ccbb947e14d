from django.db import models
from django.utils.translation import gettext_lazy as _


class ForwardingError(models.TextChoices):
    NOT_DELIVERED = (
        "not_delivered",
        _("The dossier has not been delivered to your organisation, or it was answered already."),
    )
    REASONS_MISSING = "reasons_missing", _("Please give the reasons for rejecting the dossier.")
