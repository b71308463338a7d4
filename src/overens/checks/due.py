"""The core of ``overens due``: everything that falls due in a window of days, sorted by date.

``check`` says what is wrong on a day; ``due`` says what the same rules will ask for on the days
ahead, from the same terms and the same parameters (:func:`overens.checks.engine.applied_rules`),
so both agree: a report ``due`` lists is the one ``check`` reports once its day has passed. Each
kind of date is one function of :data:`overens.checks.due_sources.SOURCES` (``(agreement,
window, params) → items``): reports, confirmations, reviews per part, withdrawals, the end of the
period, plans and their outcomes, and the annual events (docs/decisions/0209-due.md).

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
from overens.errors import UsageError
from overens.model.agreement import Agreement
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
    """report, confirmation, review, withdrawal, validity, plan, plan-outcomes or event."""
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


def uid(*parts: object) -> str:
    """A stable id from what an item is about (never its date)."""
    return ".".join(str(p) for p in parts) + "@overens"


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
    from overens.checks.due_sources import SOURCES
    from overens.model.status import agreement_start, last_day

    for a in loaded.repository.agreements:
        # Nothing falls due outside an agreement's period: before it starts, or after its last day
        # (its validity ended, or its successor took over). Once it has certainly ended, `check`
        # reports only that, and so `due` lists nothing of it.
        start, end = agreement_start(a), last_day(a)
        if a.draft or (end is not None and end.last < window.as_of):
            continue
        first = start.first if start is not None else dt.date.min
        last = end.last if end is not None else dt.date.max
        params = {x.rule.id: x.params for x in applied_rules(a)}
        for rank, source in enumerate(SOURCES):
            found += [
                (i.date, i.agreement, rank, i.uid, i)
                for i in source(a, window, params)
                if first <= i.date <= last
            ]
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
