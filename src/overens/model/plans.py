"""Plans that carry an agreement out (plans/<period>.yaml): the period, development areas,
activities with who is responsible, a budget per year, and each activity's follow-up.

Plans are records, not the signed text: adding one or following it up needs no revision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from overens.model.dates import PartialDate, Tri, partial_of, required_partial
from overens.model.decisions import Decision, Evidence

FINAL = frozenset({"done", "partly_done", "postponed", "cancelled"})
"""The statuses that close an activity."""


def _tuple(items: Any, build: Any) -> tuple[Any, ...]:
    return tuple(build(i) for i in items or ())


@dataclass(frozen=True, slots=True)
class Responsible:
    """One who carries an activity out: a party, a body, a signatory, the secretariat or a name."""

    party: str | None = None
    body: str | None = None
    signatory: str | None = None
    secretariat: bool = False
    name: str | None = None
    lead: bool = False

    @classmethod
    def build(cls, d: dict[str, Any]) -> Responsible:
        return cls(
            d.get("party"),
            d.get("body"),
            d.get("signatory"),
            bool(d.get("secretariat", False)),
            d.get("name"),
            bool(d.get("lead", False)),
        )


@dataclass(frozen=True, slots=True)
class BudgetLine:
    """An amount for one year (SEK unless ``currency`` says otherwise)."""

    year: int
    amount: float
    currency: str = "SEK"
    source: str | None = None
    note: str | None = None

    @classmethod
    def build(cls, d: dict[str, Any]) -> BudgetLine:
        return cls(d["year"], d["amount"], d.get("currency", "SEK"), d.get("source"), d.get("note"))


@dataclass(frozen=True, slots=True)
class FollowUp:
    """An activity's status on a date, and its outcome when it is closed."""

    date: PartialDate
    status: str
    outcome: str | None = None
    evidence: Evidence | None = None

    @property
    def closes(self) -> bool:
        """A final status with an outcome recorded."""
        return self.status in FINAL and bool(self.outcome)

    @classmethod
    def build(cls, d: dict[str, Any]) -> FollowUp:
        return cls(
            required_partial(d["date"]),
            d["status"],
            d.get("outcome"),
            Evidence.build(d.get("evidence")),
        )


@dataclass(frozen=True, slots=True)
class Activity:
    """One activity of a development area."""

    id: str
    title: str
    text: str | None = None
    responsible: tuple[Responsible, ...] = ()
    start: PartialDate | None = None
    end: PartialDate | None = None
    """``when``: the part of the plan's period the activity runs in, where the plan says."""
    budget: tuple[BudgetLine, ...] = ()
    event: str | None = None
    """The event (an id in events/) the activity carries out."""
    follow_up: tuple[FollowUp, ...] = ()

    def closed_by(self, day: dt.date) -> Tri:
        """Is the last follow-up recorded by ``day`` one that closes the activity?"""
        certain = [f for f in self.follow_up if f.date.by(day).yes]
        possible = [f for f in self.follow_up if not f.date.by(day).no]
        return Tri.of(bool(certain) and certain[-1].closes, bool(possible) and possible[-1].closes)

    @classmethod
    def build(cls, d: dict[str, Any]) -> Activity:
        when = d.get("when") or {}
        return cls(
            d["id"],
            d["title"],
            d.get("text"),
            _tuple(d.get("responsible"), Responsible.build),
            partial_of(when.get("from")),
            partial_of(when.get("until")),
            _tuple(d.get("budget"), BudgetLine.build),
            d.get("event"),
            _tuple(d.get("follow_up"), FollowUp.build),
        )


@dataclass(frozen=True, slots=True)
class Area:
    """A development area and its activities, in the plan's order."""

    id: str
    title: str
    text: str | None = None
    activities: tuple[Activity, ...] = ()

    @classmethod
    def build(cls, d: dict[str, Any]) -> Area:
        return cls(d["id"], d["title"], d.get("text"), _tuple(d.get("activities"), Activity.build))


@dataclass(frozen=True, slots=True)
class Plan:
    """One plan (plans/<period>.yaml)."""

    path: str
    id: str
    title: str
    start: PartialDate
    end: PartialDate
    areas: tuple[Area, ...]
    kind: str | None = None
    adopted: Decision | None = None
    text: str | None = None
    budget: tuple[BudgetLine, ...] = ()
    notes: str | None = None

    @property
    def years(self) -> range:
        """The calendar years the period touches."""
        return range(self.start.first.year, self.end.last.year + 1)

    def activities(self) -> Iterator[tuple[int, Area, int, Activity]]:
        """Every activity with its area, and their indexes in the file."""
        for i, area in enumerate(self.areas):
            for j, activity in enumerate(area.activities):
                yield i, area, j, activity

    def covers(self, year: int) -> Tri:
        """Does the plan's period include a day of ``year``?"""
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return Tri.of(
            self.start.last <= last and self.end.first >= first,
            self.start.first <= last and self.end.last >= first,
        )

    def adopted_by(self, day: dt.date) -> Tri:
        """Was the plan adopted by ``day``? (Without an adoption date: from its period's start.)"""
        date = self.adopted.date if self.adopted and self.adopted.date else self.start
        return date.by(day)

    def budget_years(self) -> list[int]:
        """The years of every budget line, the plan's and its activities', in order."""
        years = {b.year for b in self.budget}
        for _, _, _, activity in self.activities():
            years.update(b.year for b in activity.budget)
        return sorted(years)

    @classmethod
    def build(cls, path: str, d: dict[str, Any]) -> Plan:
        period = d["period"]
        return cls(
            path,
            d["id"],
            d["title"],
            required_partial(period["from"]),
            required_partial(period["until"]),
            _tuple(d["areas"], Area.build),
            d.get("kind"),
            Decision.build(d.get("adopted")),
            d.get("text"),
            _tuple(d.get("budget"), BudgetLine.build),
            d.get("notes"),
        )
