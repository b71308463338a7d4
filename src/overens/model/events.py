"""Recorded events (events/<year>.yaml): the year's conferences, dialogue meetings and annual
meetings, one file per year, so that a year in which an event was not held shows in the folder."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from overens.model.dates import PartialDate, partial_of, required_partial
from overens.model.decisions import Evidence


@dataclass(frozen=True, slots=True)
class Event:
    """One event: its kind (as in terms.events), when, and whether it was held."""

    id: str
    kind: str
    title: str
    date: PartialDate
    end: PartialDate | None = None
    status: str = "held"
    """``held``, ``cancelled`` or ``planned``."""
    reason: str | None = None
    place: str | None = None
    organiser: str | None = None
    participants: int | None = None
    organisations: int | None = None
    text: str | None = None
    evidence: Evidence | None = None

    @property
    def held(self) -> bool:
        return self.status == "held"

    @classmethod
    def build(cls, d: dict[str, Any]) -> Event:
        return cls(
            d["id"],
            d["kind"],
            d["title"],
            required_partial(d["date"]),
            partial_of(d.get("until")),
            d.get("status", "held"),
            d.get("reason"),
            d.get("place"),
            d.get("organiser"),
            d.get("participants"),
            d.get("organisations"),
            d.get("text"),
            Evidence.build(d.get("evidence")),
        )


@dataclass(frozen=True, slots=True)
class EventYear:
    """The events of one year (events/<year>.yaml)."""

    path: str
    year: int
    events: tuple[Event, ...]
    notes: str | None = None

    @classmethod
    def build(cls, path: str, d: dict[str, Any]) -> EventYear:
        return cls(path, d["year"], tuple(Event.build(e) for e in d["events"]), d.get("notes"))
