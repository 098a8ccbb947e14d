"""`lotse audit verify|seal`: check every case against the last seal (exit 1 and the first broken
link of each broken case), or seal every case's head."""

import os
import sys


def main(argv: list[str]) -> int:
    if argv not in (["verify"], ["seal"]):
        sys.stderr.write("usage: lotse audit {verify,seal}\n")
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings.dev")
    import django
    from django.core.management import call_command
    from django.core.management.base import CommandError

    django.setup()
    try:
        call_command("audit", argv[0])
    except CommandError as error:
        sys.stderr.write(f"{error}\n")
        return 1
    return 0
