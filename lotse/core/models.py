"""The base model every domain model extends."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.core import clock


class BaseModel(models.Model):
    """A row with a random id (never guessable from another) and its creation and change times."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # From the clock (not auto_now_add), so a case made while the demo travels in time keeps
    # the date its story happened on.
    created_at = models.DateTimeField(_("created"), default=clock.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
