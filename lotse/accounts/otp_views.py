"""Setting up the authenticator app and confirming the one-time code."""

import segno
from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login

from lotse.accounts.devices import device_confirm, device_pending


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=gettext_lazy("One-time code"),
        regex=r"^\d{6}$",
        error_messages={"invalid": gettext_lazy("The code has six digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


def _not_throttled(form, devices) -> bool:
    """After a wrong code the device waits a moment (growing with each failure); say so."""
    if all(device.verify_is_allowed()[0] for device in devices):
        return True
    form.add_error("token", _("Too many wrong codes: please wait a few seconds and try again."))
    return False


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return "/"
    return target


def otp_setup(request):
    """First login of authority or chamber staff: add the app, then confirm one code from it."""
    if user_has_device(request.user):
        return redirect("accounts:otp_verify")
    device = device_pending(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _not_throttled(form, [device]):
        if device.verify_token(form.cleaned_data["token"]):
            device_confirm(device=device)
            otp_login(request, device)
            messages.success(request, _("The authenticator app is set up."))
            return redirect(_next(request))
        form.add_error("token", _("This code is not valid. Please check the time on your phone."))
    qr = segno.make(device.config_url, error="m").svg_inline(
        scale=4, title=_("QR code for the app")
    )
    secret = device.config_url.split("secret=")[1].split("&")[0]
    context = {"form": form, "qr": qr, "secret": secret, "next": _next(request)}
    return render(request, "accounts/otp_setup.html", context)


def otp_verify(request):
    """Confirm the login with the current code of the app."""
    if not user_has_device(request.user):
        return redirect("accounts:otp_setup")
    form = TokenForm(request.POST or None)
    devices = list(devices_for_user(request.user))
    if request.method == "POST" and form.is_valid() and _not_throttled(form, devices):
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("token", _("This code is not valid. Please check the time on your phone."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})
