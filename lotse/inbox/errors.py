from django.db import models
from django.utils.translation import gettext_lazy as _


class InboxError(models.TextChoices):
    NOT_A_READER = "not_a_reader", _("You cannot write in this conversation.")
    EMPTY_TEXT = "empty_text", _("Please write a message.")
    EMPTY_SUBJECT = "empty_subject", _("Please give the message a subject.")
    ERASED = "erased", _("This conversation has been erased.")
