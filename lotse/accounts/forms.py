from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lotse.accounts.passwords import is_published, published_refused


class LoginForm(AuthenticationForm):
    """Django's login form; in production it names the reason when the password is the published
    demo password (the backend refuses it too, also on the admin's login page)."""

    def clean(self):
        if published_refused() and is_published(self.cleaned_data.get("password")):
            raise ValidationError(
                _(
                    "This password is published with the demo and opens no account here. "
                    "Please choose a new one through “Forgot your password?”."
                ),
                code="password_published",
            )
        return super().clean()


class PasswordResetForm(DjangoPasswordResetForm):
    """Also for people who have no password yet (invited members, the region's named contacts),
    and the mail speaks the account's language, not the browser's."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email):
        return get_user_model()._default_manager.filter(email__iexact=email, is_active=True)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        with translation.override(context["user"].language or "de"):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )
