"""Who runs an agreement: its governance bodies, their seats, and the members recorded for them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from overens.model.dates import date_of as _date


def _tuple(items: Any, build: Any) -> tuple[Any, ...]:
    return tuple(build(i) for i in items or ())


@dataclass(frozen=True, slots=True)
class Seat:
    """A group of seats in a governance body."""

    id: str
    label: str
    role: str
    sector: str | None = None
    organisation: str | None = None
    count: int | None = None
    per: str | None = None
    personal_substitutes: int | None = None

    @property
    def co_opted(self) -> bool:
        return self.role == "co_opted"

    @classmethod
    def build(cls, d: dict[str, Any]) -> Seat:
        return cls(
            d["id"],
            d["label"],
            d["role"],
            d.get("sector"),
            d.get("organisation"),
            d.get("count"),
            d.get("per"),
            d.get("personal_substitutes"),
        )


@dataclass(frozen=True, slots=True)
class Body:
    """A governance body and its make-up."""

    id: str
    name: str
    purpose: str | None
    appointment: str | None
    parity: bool
    seats: tuple[Seat, ...]

    def seat(self, seat_id: str) -> Seat | None:
        return next((s for s in self.seats if s.id == seat_id), None)

    @classmethod
    def build(cls, d: dict[str, Any]) -> Body:
        return cls(
            d["id"],
            d["name"],
            d.get("purpose"),
            d.get("appointment"),
            bool(d.get("parity", False)),
            _tuple(d["seats"], Seat.build),
        )


@dataclass(frozen=True, slots=True)
class Member:
    """A recorded member of a governance body."""

    name: str
    seat: str
    start: dt.date
    end: dt.date | None = None
    organisation: str | None = None
    substitute_for: str | None = None

    def serving_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    @classmethod
    def build(cls, d: dict[str, Any]) -> Member:
        start = _date(d["from"])
        assert start is not None
        return cls(
            d["name"],
            d["seat"],
            start,
            _date(d.get("until")),
            d.get("organisation"),
            d.get("substitute_for"),
        )


@dataclass(frozen=True, slots=True)
class BodyMembers:
    """The members recorded for one body (bodies/<id>.yaml)."""

    path: str
    id: str
    members: tuple[Member, ...]

    @classmethod
    def build(cls, path: str, d: dict[str, Any]) -> BodyMembers:
        return cls(path, d["id"], _tuple(d["members"], Member.build))
