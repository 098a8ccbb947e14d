"""Invitations: a person added to an organisation chooses a password through a one-time link."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _


def invitation_send(*, user_id: int, organisation_name: str) -> bool:
    """Mail the person a link to choose a password; False when they have one already."""
    user = get_user_model().objects.get(pk=user_id)
    if user.has_usable_password() or not user.is_active:
        return False
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.LOTSE_BASE_URL.rstrip("/") + reverse(
        "accounts:password_reset_confirm", args=[uid, token]
    )
    with translation.override(user.language or "de"):
        subject = _("Lotse: you were added to %(organisation)s") % {
            "organisation": organisation_name
        }
        body = _(
            "Hello %(name)s,\n\nyou were added to %(organisation)s on Lotse, the platform for the "
            "accelerated skilled-worker procedure. Choose your password here:\n\n%(link)s\n\n"
            "Your login is your e-mail address: %(email)s"
        ) % {
            "name": user.get_full_name() or _("colleague"),
            "organisation": organisation_name,
            "link": link,
            "email": user.email,
        }
    send_mail(subject, body, None, [user.email])
    return True
