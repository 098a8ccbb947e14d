"""`lotse audit verify`: check every case's hash-chained log (exit 1 and the first broken link)."""

import os
import sys


def main(argv: list[str]) -> int:
    if argv != ["verify"]:
        sys.stderr.write("usage: lotse audit verify\n")
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings.dev")
    import django
    from django.core.management import call_command
    from django.core.management.base import CommandError

    django.setup()
    try:
        call_command("audit_verify")
    except CommandError as error:
        sys.stderr.write(f"{error}\n")
        return 1
    return 0
