"""A test-only fault hook: named points in a flow where a crash test kills the process.

`fault_point("forwarding.building")` does nothing unless the setting `LOTSE_FAULT_POINTS` names
the point; then the process kills itself with SIGKILL on the spot (no cleanup, no `finally`, as a
power cut or the OOM killer would). Only the test settings read that list from the environment
(`LOTSE_FAULT_POINTS=a,b`); everywhere else it is empty.
"""

import os
import signal

from django.conf import settings


def fault_point(name: str) -> None:
    if name in getattr(settings, "LOTSE_FAULT_POINTS", ()):
        os.kill(os.getpid(), signal.SIGKILL)
