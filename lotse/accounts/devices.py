"""Every change of a person's second-factor devices goes through here, and each is reported to
the recorders registered by the layers above (the organisation audit log in `orgs` registers
itself; accounts sits below orgs and does not import it). The Django admin has no page for the
devices: a platform administrator cannot give anyone's second factor to itself."""

from collections.abc import Callable

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

# recorder(actor=User | None, subject=User, action=str, old=dict, new=dict)
Recorder = Callable[..., None]
_recorders: list[Recorder] = []

CONFIRMED = "device.confirmed"
REMOVED = "device.removed"


def device_changes_recorded_by(recorder: Recorder) -> None:
    """Register a recorder (once, from an app's `ready()`)."""
    if recorder not in _recorders:
        _recorders.append(recorder)


def _report(**change) -> None:
    for recorder in _recorders:
        recorder(**change)


def device_pending(*, user) -> TOTPDevice:
    """The person's new, unconfirmed app (made once): it opens nothing until `device_confirm`,
    so it is not logged."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "Authenticator"}
    )
    return device


@transaction.atomic
def device_confirm(*, device: TOTPDevice) -> TOTPDevice:
    """The person confirmed the first code from their new authenticator app."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _report(
        actor=device.user,
        subject=device.user,
        action=CONFIRMED,
        old={},
        new={"device": device.name},
    )
    return device


@transaction.atomic
def devices_remove(*, user, actor) -> int:
    """Remove all of `user`'s devices (a lost phone); the next login sets up a new app."""
    devices = list(TOTPDevice.objects.filter(user=user))
    if not devices:
        return 0
    TOTPDevice.objects.filter(pk__in=[device.pk for device in devices]).delete()
    _report(
        actor=actor,
        subject=user,
        action=REMOVED,
        old={"devices": sorted(device.name for device in devices)},
        new={},
    )
    return len(devices)
