"""A test seam: named points in a change where a test can stop the process to kill it there.

``sign``, ``withdraw`` and ``erase`` must leave the repository as it was or as it would be after
the change, whatever moment a crash picks. To test that deterministically, the
transaction calls :func:`point` at each interesting moment. Only when a test sets
``OVERENS_FAULT_POINT`` to that point's name does the process stop itself there (``SIGSTOP``),
so the test sees exactly where it is, kills it with ``SIGKILL`` and inspects what is left. With
the variable unset (always, outside the tests), :func:`point` does nothing.

This is a seam, not a mock: the process that is stopped and killed is the real ``overens``
command doing real writes and real git commits. See docs/decisions/0601-surviving-a-crash.md.
"""

from __future__ import annotations

import os
import signal

FAULT_POINT_ENV = "OVERENS_FAULT_POINT"

POINTS = (
    "before-lock",
    "after-lock",
    "after-journal",
    "after-temp-write",
    "after-replace",
    "after-commit",
    "after-index-update",
)
"""Every point, in the order a change passes them. A commit hook that blocks is the test's way
to stop inside ``git commit`` (between ``after-replace`` and ``after-commit``)."""


def point(name: str) -> None:
    """Stop this process here if a test asked for ``name``; otherwise do nothing."""
    assert name in POINTS, name
    if os.environ.get(FAULT_POINT_ENV) == name and hasattr(signal, "SIGSTOP"):
        os.kill(os.getpid(), signal.SIGSTOP)
