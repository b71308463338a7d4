"""The core of ``overens due``: everything that falls due in a window of days, sorted by date.

``check`` says what is wrong on a day; ``due`` says what the same rules will ask for on the days
ahead, from the same terms and the same parameters (:func:`overens.checks.engine.applied_rules`),
so both agree: a report ``due`` lists is the one ``check`` reports once its day has passed. Each
kind of date is one function of :data:`SOURCES` (``(agreement, window, params) → items``);
plan periods and annual events of the lifecycle model are one more function each
(docs/decisions/0209-due.md).

Every item has a stable id (its kind, agreement, organisation and what it is about, never its
date), which the calendar export uses as the iCalendar UID: exported again after a date has
moved, the event is updated in a subscribed calendar rather than duplicated.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overens.checks.engine import agreement_ids, applied_rules
from overens.checks.rules.base import add_years, validity_end, validity_start
from overens.checks.rules.followup import years_active
from overens.errors import UsageError
from overens.model.agreement import Agreement
from overens.revisions.versions import awaiting_confirmation, latest_material
from overens.store.folders import resolve_root
from overens.store.loader import load


@dataclass(frozen=True, slots=True)
class Window:
    """The days looked at: from ``as_of`` to ``until``, both included."""

    as_of: dt.date
    until: dt.date


@dataclass(frozen=True, slots=True)
class DueItem:
    """One thing that falls due on a day."""

    date: dt.date
    agreement: str
    kind: str
    """report, confirmation, review, withdrawal or validity."""
    title: str
    """One line: who and what."""
    uid: str
    """Stable across runs and date changes: the calendar event's UID."""
    subject: str | None = None
    """The organisation's id (its file name), where the item is about one."""
    detail: str | None = None
    overdue: bool = False
    """Its day has passed and it is still outstanding."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "agreement": self.agreement,
            "kind": self.kind,
            "title": self.title,
            "subject": self.subject,
            "detail": self.detail,
            "overdue": self.overdue,
            "uid": self.uid,
        }


@dataclass(frozen=True, slots=True)
class Due:
    """Everything due in the window, sorted by date."""

    as_of: dt.date
    until: dt.date
    agreements: tuple[str, ...]
    items: tuple[DueItem, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "until": self.until.isoformat(),
            "agreements": list(self.agreements),
            "items": [i.to_dict() for i in self.items],
        }


Params = Mapping[str, Mapping[str, Any]]
"""The parameters of the rules that apply to the agreement, by rule id."""
Source = Callable[[Agreement, Window, Params], Iterator[DueItem]]


def _uid(*parts: object) -> str:
    return ".".join(str(p) for p in parts) + "@overens"


def reports(a: Agreement, w: Window, params: Params) -> Iterator[DueItem]:
    """Each annual report still to come in: due on its kind's day the year after."""
    if "annual-reports" not in params:
        return
    p = params["annual-reports"]
    kinds = [k for k in a.terms.reports if k.kind in p.get("kinds", [])]
    start, end = validity_start(a), validity_end(a)
    since, sectors = p.get("since"), p.get("sectors", ["ideburen", "offentlig"])
    for s in a.signatories:
        if s.sector not in sectors:
            continue
        received = {(r.year, r.kind) for r in s.reports if r.received <= w.as_of}
        for year in sorted(years_active(s, start, w.until)):
            if (since is not None and year < since) or (start and year < start.year):
                continue
            if end is not None and year > end.year:
                continue
            for kind in kinds:
                day = kind.due_date(year)
                if day <= w.until and (year, kind.kind) not in received:
                    yield DueItem(
                        day,
                        a.id,
                        "report",
                        f"{s.name}: {kind.title} for {year}",
                        _uid("report", a.id, s.id, kind.kind, year),
                        s.id,
                        f"record it with `overens report {a.id} {s.id} --kind {kind.kind} "
                        f"--year {year} --received YYYY-MM-DD`",
                        day < w.as_of,
                    )


def confirmations(a: Agreement, w: Window, params: Params) -> Iterator[DueItem]:
    """Each active signatory's confirmation of the latest material revision: due when its grace
    period ends (the revision's day when the agreement sets none)."""
    if "version-confirmed" not in params:
        return
    revision = latest_material(a)
    if revision is None:
        return
    grace = int(params["version-confirmed"].get("grace_days") or 0)
    day = (revision.date or w.as_of) + dt.timedelta(days=grace)
    if day > w.until:
        return
    for s in awaiting_confirmation(a, w.as_of):
        yield DueItem(
            day,
            a.id,
            "confirmation",
            f"{s.name}: confirm version {revision.version}",
            _uid("confirmation", a.id, s.id, revision.version),
            s.id,
            f"material revision of {revision.date or 'an unknown day'}: {revision.summary}",
            day < w.as_of,
        )


def reviews(a: Agreement, w: Window, params: Params) -> Iterator[DueItem]:
    """The periodic review of the whole text: every interval_years after the latest revision
    (or the agreement's start). Review cycles per part replace this with one item per part."""
    if "review-due" not in params or not params["review-due"].get("interval_years"):
        return
    interval = int(params["review-due"]["interval_years"])
    dated = [r for r in a.revisions if r.date is not None and r.date <= w.until]
    last = max((r.date for r in dated if r.date), default=None) or validity_start(a)
    end = validity_end(a)
    if last is None or (end is not None and end < w.as_of):
        return
    day = add_years(last, interval)
    if day <= w.until:
        after = max(dated, key=lambda r: r.date or dt.date.min).version if dated else "start"
        yield DueItem(
            day,
            a.id,
            "review",
            f"{a.name}: the review every {interval} years",
            _uid("review", a.id, "whole", after),
            None,
            f"{interval} years after {last}; declare its outcome with `overens revise`",
            day < w.as_of,
        )


def withdrawals(a: Agreement, w: Window, params: Params) -> Iterator[DueItem]:
    """Each withdrawal that takes effect in the window (its notice period ends)."""
    for s in a.signatories:
        for m in s.memberships:
            x = m.withdrawal
            if x is not None and w.as_of <= x.effective <= w.until:
                yield DueItem(
                    x.effective,
                    a.id,
                    "withdrawal",
                    f"{s.name}: no longer a signatory from this day",
                    _uid("withdrawal", a.id, s.id, x.notice_date),
                    s.id,
                    f"notice received {x.notice_date}",
                )


def validity(a: Agreement, w: Window, params: Params) -> Iterator[DueItem]:
    """The last day of the agreement's period, when it falls in the window."""
    end = validity_end(a)
    if end is not None and w.as_of <= end <= w.until:
        yield DueItem(
            end,
            a.id,
            "validity",
            f"{a.name}: the agreement's period ends",
            _uid("validity", a.id, "end"),
            None,
            "decide on a new period (a material revision) or a successor",
        )


SOURCES: tuple[Source, ...] = (reports, confirmations, reviews, withdrawals, validity)
"""Every kind of date ``due`` knows, in the order items of the same day are listed."""


def parse_within(text: str, as_of: dt.date) -> dt.date:
    """``--within``: ``60d``, ``8w``, ``3m`` or ``1y`` from ``as_of``; the last day included."""
    m = re.fullmatch(r"\s*([0-9]{1,4})\s*([dwmy])\s*", text)
    if m is None:
        raise UsageError(
            f"--within {text!r} is not a span of days",
            hint="write a number and d, w, m or y: 60d, 8w, 3m, 1y",
        )
    n, unit = int(m.group(1)), m.group(2)
    if unit in "dw":
        return as_of + dt.timedelta(days=n * (7 if unit == "w" else 1))
    year, month = divmod(as_of.month - 1 + n * (12 if unit == "y" else 1), 12)
    year, month = as_of.year + year, month + 1
    return dt.date(year, month, min(as_of.day, calendar.monthrange(year, month)[1]))


def due(
    agreements: Sequence[str] = (),
    *,
    repo: Path | None = None,
    as_of: dt.date | None = None,
    within: str = "60d",
) -> Due:
    """Everything due from ``as_of`` (today) to the end of ``within``, in the agreements named
    (all when none), sorted by date; outstanding items whose day has passed are included."""
    day = as_of or dt.date.today()
    window = Window(day, parse_within(within, day))
    root = resolve_root(repo).resolve()
    ids = agreement_ids(root, agreements)
    loaded = load(root, ids or None)
    found: list[tuple[dt.date, str, int, str, DueItem]] = []
    for a in loaded.repository.agreements:
        if a.draft:
            continue
        params = {x.rule.id: x.params for x in applied_rules(a)}
        for rank, source in enumerate(SOURCES):
            found += [(i.date, i.agreement, rank, i.uid, i) for i in source(a, window, params)]
    items = [entry[-1] for entry in sorted(found, key=lambda entry: entry[:4])]
    names = tuple(ids or [a.id for a in loaded.repository.agreements])
    return Due(window.as_of, window.until, names, tuple(items))


def to_ics(result: Due) -> bytes:
    """The items as an iCalendar file (RFC 5545): one all-day event each, its UID the item's."""
    from icalendar import Calendar, Event

    feed = Calendar()
    feed.add("prodid", "-//overens//due//EN")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", "overens: " + ", ".join(result.agreements))
    stamp = dt.datetime.combine(result.as_of, dt.time(), tzinfo=dt.UTC)
    for item in result.items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.date)
        event.add("dtend", item.date + dt.timedelta(days=1))
        event.add("summary", item.title)
        event.add(
            "description", f"{item.agreement}: {item.detail}" if item.detail else item.agreement
        )
        event.add("categories", [item.kind])
        event.add("transp", "TRANSPARENT")
        feed.add_component(event)
    data: bytes = feed.to_ical()
    return data
