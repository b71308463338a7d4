"""Every number of the annual follow-up report, worked out from the model: pure, no templates.

The year runs from 1 January to 31 December. The signatories on 1 January are those as the year
begins (active at the end of 31 December before it, so that a signing on 1 January is a joining
of the year), those on 31 December are those active at its end (:mod:`overens.model.status`); a
joining is a membership period that began in the year, a withdrawal one whose withdrawal took
effect in it, so that the count on 1 January plus the joinings minus the withdrawals is the count
on 31 December. Reports follow the rule
``annual-reports`` (docs/decisions/0207-annual-reports.md): in the year, the report for the year
before is due, from each signatory that was one on at least one day of that year. Nothing here
holds a person: organisations, counts and dates only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from overens.documents import lifecycle
from overens.model.agreement import Agreement, Revision
from overens.model.dates import DayRange, PartialDate
from overens.model.signatory import Signatory
from overens.model.status import Status
from overens.model.summary import collation_key
from overens.model.terms import ReportKind


@dataclass(frozen=True, slots=True)
class Change:
    """An organisation that joined or left in the year."""

    name: str
    sector: str
    municipality: str | None
    day: PartialDate
    """The day it joined or left, as precise as it is recorded (a year, a month or a day)."""


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Signatories of one sector or municipality: on 1 January, joined, left, on 31 December."""

    key: str
    start: int
    joined: int
    left: int
    end: int


@dataclass(frozen=True, slots=True)
class ReportLine:
    """One organisation's report of one kind, due in the year."""

    name: str
    received: dt.date | None
    late: bool
    """Received after the due day, or not received by 31 December."""


@dataclass(frozen=True, slots=True)
class ReportKindFigures:
    """One kind of report due in the year: for the year before, on ``due``."""

    kind: str
    title: str
    for_year: int
    due: dt.date
    lines: tuple[ReportLine, ...]

    @property
    def owed(self) -> int:
        return len(self.lines)

    @property
    def received(self) -> int:
        return sum(1 for x in self.lines if x.received is not None)

    @property
    def on_time(self) -> int:
        return sum(1 for x in self.lines if x.received is not None and not x.late)

    @property
    def late(self) -> tuple[ReportLine, ...]:
        return tuple(x for x in self.lines if x.late)


@dataclass(frozen=True, slots=True)
class SeatFigures:
    """A seat of a body: what the agreement asks for, and how many serve on 31 December."""

    label: str
    required: int | None
    per_municipality: bool
    co_opted: bool
    serving: int
    substitutes: int


@dataclass(frozen=True, slots=True)
class BodyFigures:
    name: str
    seats: tuple[SeatFigures, ...]
    recorded: bool
    """Whether a members file is kept for the body (without one, nothing can be counted)."""


@dataclass(frozen=True, slots=True)
class YearFigures:
    """One year of the history the charts show."""

    year: int
    members: int
    """Signatories on 31 December (or on the report's last day, for a year not yet over)."""
    joined: int
    left: int
    reports_due: int
    reports_received: int


@dataclass(frozen=True, slots=True)
class FollowUp:
    """The follow-up of one agreement for one year."""

    agreement: Agreement
    year: int
    first_day: dt.date
    last_day: dt.date
    start: int
    end: int
    joined: tuple[Change, ...]
    left: tuple[Change, ...]
    by_sector: tuple[Breakdown, ...]
    by_municipality: tuple[Breakdown, ...]
    reports: tuple[ReportKindFigures, ...]
    contacts: int
    """Signatories on 31 December who have a contact person recorded."""
    bodies: tuple[BodyFigures, ...]
    findings: tuple[tuple[str, str, int], ...]
    """(rule, severity, count) on 31 December, most severe first."""
    revisions: tuple[Revision, ...]
    history: tuple[YearFigures, ...]
    plans: tuple[lifecycle.PlanActivity, ...]
    """The activities of the plans that certainly cover the year, each with the last follow-up
    recorded, whenever it was (outcomes are reported after the year, by ``terms.plans``)."""
    events: tuple[lifecycle.EventHeld, ...]
    """The meetings and events recorded in the year, held, cancelled or planned."""


_DAY = dt.timedelta(days=1)
HISTORY_YEARS = 15
"""The charts and their tables cover at most this many years, up to the report's."""


def _active(s: Signatory, day: dt.date) -> bool:
    return s.status_on(day) is Status.ACTIVE


def _within(day: DayRange | None, first: dt.date, last: dt.date) -> bool:
    """True when ``day`` (as precise as recorded) certainly falls between ``first`` and ``last``;
    a date known to the year or month falls in that year."""
    return day is not None and first <= day.first and day.last <= last


def _changes(
    signatories: Iterable[Signatory], first: dt.date, last: dt.date
) -> tuple[tuple[Change, ...], tuple[Change, ...]]:
    joined, left = [], []
    for s in signatories:
        for m in s.memberships:
            if m.signed.date is not None and _within(m.signed.date, first, last):
                joined.append(Change(s.name, s.sector, s.municipality, m.signed.date))
            w = m.withdrawal
            if w is not None and _within(w.effective, first, last):
                left.append(Change(s.name, s.sector, s.municipality, w.effective))

    def order(c: Change) -> tuple[dt.date, tuple[str, str]]:
        return c.day.first, collation_key(c.name)

    return tuple(sorted(joined, key=order)), tuple(sorted(left, key=order))


def _breakdown(
    signatories: Sequence[Signatory],
    key: Callable[[Signatory], str],
    first: dt.date,
    last: dt.date,
) -> tuple[Breakdown, ...]:
    start: Counter[str] = Counter()
    end: Counter[str] = Counter()
    joined: Counter[str] = Counter()
    left: Counter[str] = Counter()
    for s in signatories:
        k = key(s)
        start[k] += _active(s, first - _DAY)
        end[k] += _active(s, last)
        for m in s.memberships:
            joined[k] += _within(m.signed.date, first, last)
            w = m.withdrawal
            left[k] += w is not None and _within(w.effective, first, last)
    keys = sorted(
        (k for k in start | end | joined | left if start[k] or end[k] or joined[k] or left[k]),
        key=collation_key,
    )
    return tuple(Breakdown(k, start[k], joined[k], left[k], end[k]) for k in keys)


def _bodies(agreement: Agreement, day: dt.date) -> tuple[BodyFigures, ...]:
    out = []
    recorded = {m.id: m for m in agreement.members}
    for body in agreement.bodies:
        members = recorded.get(body.id)
        serving = [m for m in (members.members if members else ()) if m.serving_on(day)]
        seats = tuple(
            SeatFigures(
                seat.label,
                seat.count if seat.per is None else None,
                seat.per == "municipality",
                seat.co_opted,
                sum(1 for m in serving if m.seat == seat.id and m.substitute_for is None),
                sum(1 for m in serving if m.seat == seat.id and m.substitute_for is not None),
            )
            for seat in body.seats
        )
        out.append(BodyFigures(body.name, seats, members is not None))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Owing:
    """What rule ``annual-reports`` asks of an agreement: its kinds, its period, and each
    signatory in the sectors it covers with the years it was a signatory (by name)."""

    kinds: tuple[ReportKind, ...]
    since: int | None
    start: DayRange | None
    end: DayRange | None
    signatories: tuple[tuple[Signatory, frozenset[int]], ...]
    """Each signatory with the years it was certainly a signatory on at least one day."""

    def in_period(self, owed_year: int) -> bool:
        """Was the agreement certainly in force on a day of ``owed_year`` (from ``since``)? A
        start or end known only to the year or month counts only where it cannot be doubted."""
        return (
            (self.since is None or owed_year >= self.since)
            and (self.start is None or owed_year >= self.start.last.year)
            and (self.end is None or owed_year <= self.end.first.year)
        )


def _owing(agreement: Agreement, last: dt.date) -> _Owing:
    from overens.checks.rules.base import validity_end, validity_start
    from overens.checks.rules.followup import years_active

    config = agreement.check_config("annual-reports")
    params = config.params if config else {}
    sectors = params.get("sectors", ["ideburen", "offentlig"])
    wanted = params.get("kinds")
    start = validity_start(agreement)
    kinds = tuple(k for k in agreement.terms.reports if wanted is None or k.kind in wanted)
    ordered = sorted(agreement.signatories, key=lambda s: collation_key(s.name))
    return _Owing(
        kinds,
        params.get("since"),
        start,
        validity_end(agreement),
        tuple(
            (s, frozenset(years_active(s, start, last)[0])) for s in ordered if s.sector in sectors
        ),
    )


def _report_kinds(owing: _Owing, year: int, last: dt.date) -> tuple[ReportKindFigures, ...]:
    """The reports due in ``year`` (for the year before), as received by ``last``."""
    owed_year = year - 1
    out = []
    for kind in owing.kinds:
        due = kind.due_date(owed_year)
        lines = []
        for s, years in owing.signatories if owing.in_period(owed_year) else ():
            if owed_year not in years:
                continue
            got = [
                r.received
                for r in s.reports
                if r.year == owed_year and r.kind == kind.kind and r.received <= last
            ]
            received = min(got) if got else None
            lines.append(ReportLine(s.name, received, received is None or received > due))
        out.append(ReportKindFigures(kind.kind, kind.title, owed_year, due, tuple(lines)))
    return tuple(out)


def _history(
    agreement: Agreement, year: int, last: dt.date, owing: _Owing
) -> tuple[YearFigures, ...]:
    days = [m.signed.date for s in agreement.signatories for m in s.memberships if m.signed.date]
    start = owing.start
    first_year = min([d.first.year for d in days] + [start.first.year if start else year, year])
    first_year = max(first_year, year - HISTORY_YEARS + 1)
    out = []
    for y in range(first_year, year + 1):
        y_first, y_last = dt.date(y, 1, 1), min(dt.date(y, 12, 31), last)
        joined, left = _changes(agreement.signatories, y_first, y_last)
        kinds = _report_kinds(owing, y, y_last)
        out.append(
            YearFigures(
                y,
                sum(_active(s, y_last) for s in agreement.signatories),
                len(joined),
                len(left),
                sum(k.owed for k in kinds),
                sum(k.received for k in kinds),
            )
        )
    return tuple(out)


def follow_up(
    agreement: Agreement, year: int, findings: Sequence[tuple[str, str, int]]
) -> FollowUp:
    """The figures of ``year`` (``agreement`` loaded with its signatories and body members;
    ``findings`` the counts by rule on 31 December)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    signatories = agreement.signatories
    joined, left = _changes(signatories, first, last)
    owing = _owing(agreement, last)
    return FollowUp(
        agreement=agreement,
        year=year,
        first_day=first,
        last_day=last,
        start=sum(_active(s, first - _DAY) for s in signatories),
        end=sum(_active(s, last) for s in signatories),
        joined=joined,
        left=left,
        by_sector=_breakdown(signatories, lambda s: s.sector, first, last),
        by_municipality=_breakdown(signatories, lambda s: s.municipality or "", first, last),
        reports=_report_kinds(owing, year, last),
        contacts=sum(1 for s in signatories if _active(s, last) and s.contact is not None),
        bodies=_bodies(agreement, last),
        findings=tuple(findings),
        revisions=tuple(r for r in agreement.revisions if _within(r.date, first, last)),
        history=_history(agreement, year, last, owing),
        plans=lifecycle.plan_activities(agreement, year),
        events=lifecycle.events_held(agreement, year, last),
    )
