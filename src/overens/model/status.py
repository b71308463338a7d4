"""A signatory's status on a day, derived from its membership periods: the one place it is worked out.

Status is never stored. A period began on its signing date (a signing recorded without a date is
in force from the start) and ended on the day its withdrawal took effect. Either date may be
known only to the year or the month (:class:`~overens.model.dates.PartialDate`): on a day inside
such a date the status cannot be told, and it is :attr:`Status.UNCERTAIN`, never guessed. The
model's :class:`~overens.model.signatory.Signatory` and the documents' lists
(:class:`~overens.model.summary.Summary`) both ask here.

The agreement's own period is here too (:func:`agreement_start`, :func:`last_day`,
:func:`in_force`): it ends with its validity or when a successor takes over, and nobody is an
active signatory of an agreement that has ended (docs/decisions/0202-as-of-semantics.md).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

from overens.model.dates import DayRange, PartialDate, Tri

if TYPE_CHECKING:
    from overens.model.agreement import Agreement


class Status(str, enum.Enum):
    """A signatory's derived status on a date."""

    ACTIVE = "active"
    WITHDRAWN = "withdrawn"
    PENDING = "pending"
    UNCERTAIN = "uncertain"
    """The period may or may not have begun (or ended) on the day: a date known to the year or month."""


class Span(Protocol):
    """A membership period as far as its status goes."""

    @property
    def start(self) -> PartialDate | None:
        """The signing day; None when the signing is recorded without a date."""

    @property
    def end(self) -> PartialDate | None:
        """The day a withdrawal took effect; None while no withdrawal is recorded."""


S = TypeVar("S", bound=Span)


# These run once per signatory when a list of 10,000 is made: plain comparisons, no calls.


def began(span: Span, day: dt.date) -> Tri:
    """Had the period begun by ``day``? (A signing without a date counts from the start.)"""
    start = span.start
    if start is None or start.last <= day:
        return Tri.YES
    return Tri.NO if start.first > day else Tri.MAYBE


def has_ended(span: Span, day: dt.date) -> Tri:
    """Had the period's withdrawal taken effect by ``day``?"""
    end = span.end
    if end is None or end.first > day:
        return Tri.NO
    return Tri.YES if end.last <= day else Tri.MAYBE


def current(spans: Sequence[S], day: dt.date) -> S | None:
    """The latest period that had, or may have, started by ``day``."""
    found = None
    for span in spans:
        start = span.start
        if start is None or start.first <= day:
            found = span
    return found


def ended(span: Span, day: dt.date) -> bool:
    """True when the period's withdrawal had certainly taken effect by ``day``."""
    return has_ended(span, day).yes


def status_on(
    spans: Sequence[Span], day: dt.date, applied: Iterable[PartialDate | None] = ()
) -> Status | None:
    """The status on ``day``: active or withdrawn by the current period, uncertain when a date
    it depends on is known only to the year or month, pending when only an application had
    arrived, None when the organisation had neither applied nor signed."""
    span = current(spans, day)
    if span is not None:
        if began(span, day).maybe:
            return Status.UNCERTAIN
        return {Tri.YES: Status.WITHDRAWN, Tri.NO: Status.ACTIVE}.get(
            has_ended(span, day), Status.UNCERTAIN
        )
    arrived = Tri.NO
    for a in applied:
        if a is not None:
            arrived = arrived | a.by(day)
    if arrived.yes:
        return Status.PENDING
    return Status.UNCERTAIN if arrived.maybe else None


# ----------------------------------------------------------------------------- the agreement


def agreement_start(a: Agreement) -> PartialDate | None:
    """The first day of the agreement: validity.from, else the adoption date, else the first
    revision's."""
    first_revision = a.revisions[0].date if a.revisions else None
    return a.terms.valid_from or a.adopted_date or first_revision


def validity_end(a: Agreement) -> DayRange | None:
    """The last day of the agreement's validity: validity.until, else start + period_years - 1
    day (as vague as the dates it is counted from)."""
    t = a.terms
    if t.valid_until is not None:
        return t.valid_until
    start = agreement_start(a)
    if t.period_years and start is not None and not t.indefinite:
        return start.plus_years(t.period_years).shifted(-1)
    return None


def last_day(a: Agreement) -> DayRange | None:
    """The agreement's last day in force: the end of its validity or the day before its
    successor took over, whichever is earlier; None while neither is recorded."""
    ends = [e for e in (validity_end(a), _before_successor(a)) if e is not None]
    if not ends:
        return None
    return DayRange(min(e.first for e in ends), min(e.last for e in ends))


def _before_successor(a: Agreement) -> DayRange | None:
    successor = a.succession.successor
    return successor.date.shifted(-1) if successor is not None else None


def replaced(a: Agreement, day: dt.date) -> Tri:
    """Had a successor taken over by ``day``?"""
    successor = a.succession.successor
    return successor.date.by(day) if successor is not None else Tri.NO


def in_force(a: Agreement, day: dt.date) -> Tri:
    """Is ``day`` still within the agreement's period (its validity has not ended and no
    successor has taken over)? Its start is not asked: before it, nobody has signed."""
    end = last_day(a)
    return Tri.YES if end is None else end.until(day)


def certainly_in_force(a: Agreement, day: dt.date) -> bool:
    """Had the agreement certainly begun by ``day``, and was it certainly not yet ended then?"""
    start = agreement_start(a)
    return start is not None and start.by(day).yes and in_force(a, day).yes


def in_force_all_year(a: Agreement, year: int) -> bool:
    """Was the agreement certainly in force from 1 January to 31 December of ``year`` (what an
    annual obligation needs to be owed for that year)?"""
    return certainly_in_force(a, dt.date(year, 1, 1)) and certainly_in_force(
        a, dt.date(year, 12, 31)
    )


def register_day(a: Agreement, day: dt.date) -> tuple[dt.date, DayRange | None, bool]:
    """The day an agreement's register is listed for on ``day``: ``day`` itself while it is in
    force; once it has ended, its last day (the register as it stood then), which is returned
    too; and whether it may have ended by ``day`` (an end known to the year or month), when
    nobody is certainly active."""
    answer = in_force(a, day)
    if not answer.no:
        return day, None, answer.maybe
    end = last_day(a)
    assert end is not None
    return min(end.last, day), end, False
