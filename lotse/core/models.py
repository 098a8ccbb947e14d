"""The base model every domain model extends."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.core import clock


class BaseModel(models.Model):
    """A row with a random id (never guessable from another) and its creation and change times."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Both from the clock (not auto_now_add/auto_now, which ask Django's timezone.now), so a case
    # made or changed while the demo travels in time keeps the date its story happened on.
    created_at = models.DateTimeField(_("created"), default=clock.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=clock.now, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.updated_at = clock.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "updated_at" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "updated_at"]
        super().save(*args, **kwargs)
