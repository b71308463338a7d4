"""A signatory's status on a day, derived from its membership periods: the one place it is worked out.

Status is never stored. A period began on its signing date (a signing recorded without a date is
in force from the start) and ended on the day its withdrawal took effect. The model's
:class:`~overens.model.signatory.Signatory` and the documents' lists
(:class:`~overens.model.summary.Summary`) both ask here.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar


class Status(str, enum.Enum):
    """A signatory's derived status on a date."""

    ACTIVE = "active"
    WITHDRAWN = "withdrawn"
    PENDING = "pending"


class Span(Protocol):
    """A membership period as far as its status goes."""

    @property
    def start(self) -> dt.date | None:
        """The signing day; None when the signing is recorded without a date."""

    @property
    def end(self) -> dt.date | None:
        """The day a withdrawal took effect; None while no withdrawal is recorded."""


S = TypeVar("S", bound=Span)


def current(spans: Sequence[S], day: dt.date) -> S | None:
    """The latest period that had started by ``day``."""
    found = None
    for span in spans:
        if span.start is None or span.start <= day:
            found = span
    return found


def ended(span: Span, day: dt.date) -> bool:
    """True when the period's withdrawal had taken effect by ``day``."""
    return span.end is not None and span.end <= day


def status_on(
    spans: Sequence[Span], day: dt.date, applied: Iterable[dt.date | None] = ()
) -> Status | None:
    """The status on ``day``: active or withdrawn by the current period, pending when only an
    application had arrived, None when the organisation had neither applied nor signed."""
    span = current(spans, day)
    if span is not None:
        return Status.WITHDRAWN if ended(span, day) else Status.ACTIVE
    if any(a is not None and a <= day for a in applied):
        return Status.PENDING
    return None
