"""Who runs an agreement: the owning committee, its reporting chain and the secretariat
(``governance``); the governance bodies, their seats and offices; the members and elections
recorded for them (bodies/<id>.yaml)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from overens.model.dates import PartialDate, Tri, partial_of, required_partial
from overens.model.decisions import Decision


def _tuple(items: Any, build: Any) -> tuple[Any, ...]:
    return tuple(build(i) for i in items or ())


@dataclass(frozen=True, slots=True)
class Selection:
    """How a group of seats is filled: election, appointment or ex officio."""

    method: str
    by: str | None = None
    term_years: int | None = None
    event: str | None = None
    """The kind of event (terms.events) at which the election is held."""
    text: str | None = None

    @property
    def elected(self) -> bool:
        return self.method == "election"

    @classmethod
    def build(cls, d: dict[str, Any] | None) -> Selection | None:
        if not d:
            return None
        return cls(d["method"], d.get("by"), d.get("term_years"), d.get("event"), d.get("text"))


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
    selection: Selection | None = None

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
            Selection.build(d.get("selection")),
        )


@dataclass(frozen=True, slots=True)
class BodyRole:
    """An office in a body (the chair), held by ``count`` members from ``seats``."""

    id: str
    title: str
    seats: tuple[str, ...] = ()
    """The seats it is held from; every seat when empty."""
    count: int = 1
    required: bool = True
    text: str | None = None

    @classmethod
    def build(cls, d: dict[str, Any]) -> BodyRole:
        return cls(
            d["id"],
            d["title"],
            tuple(d.get("seats", ())),
            d.get("count", 1),
            bool(d.get("required", True)),
            d.get("text"),
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
    roles: tuple[BodyRole, ...] = ()
    reports_to: str | None = None

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
            _tuple(d.get("roles"), BodyRole.build),
            d.get("reports_to"),
        )


@dataclass(frozen=True, slots=True)
class Member:
    """A recorded member of a governance body (one term: a re-election is a new entry)."""

    name: str
    seat: str
    start: PartialDate
    end: PartialDate | None = None
    organisation: str | None = None
    substitute_for: str | None = None
    title: str | None = None
    """The member's office in the organisation (regionråd)."""
    roles: tuple[str, ...] = ()
    """The body's offices the member holds (ids of the body's roles)."""
    elected: str | None = None
    """The election (an id in the file's elections) that chose the member."""
    appointed: Decision | None = None
    term_until: PartialDate | None = None

    def serving(self, day: dt.date) -> Tri:
        """Is the member serving on ``day``? (Maybe, when a date is known to the year or month.)"""
        return self.start.by(day) & (Tri.YES if self.end is None else self.end.until(day))

    def serving_on(self, day: dt.date) -> bool:
        return self.serving(day).yes

    @classmethod
    def build(cls, d: dict[str, Any]) -> Member:
        return cls(
            d["name"],
            d["seat"],
            required_partial(d["from"]),
            partial_of(d.get("until")),
            d.get("organisation"),
            d.get("substitute_for"),
            d.get("title"),
            tuple(d.get("roles", ())),
            d.get("elected"),
            Decision.build(d.get("appointed")),
            partial_of(d.get("term_until")),
        )


@dataclass(frozen=True, slots=True)
class Election:
    """An election of members (at an annual meeting, for example)."""

    id: str
    date: PartialDate
    by: str | None = None
    event: str | None = None
    """The event (an id in events/) at which it was held."""
    reference: str | None = None

    @classmethod
    def build(cls, d: dict[str, Any]) -> Election:
        return cls(
            d["id"], required_partial(d["date"]), d.get("by"), d.get("event"), d.get("reference")
        )


@dataclass(frozen=True, slots=True)
class BodyMembers:
    """The members and elections recorded for one body (bodies/<id>.yaml)."""

    path: str
    id: str
    members: tuple[Member, ...]
    elections: tuple[Election, ...] = ()

    def election(self, election_id: str) -> Election | None:
        return next((e for e in self.elections if e.id == election_id), None)

    @classmethod
    def build(cls, path: str, d: dict[str, Any]) -> BodyMembers:
        return cls(
            path,
            d["id"],
            _tuple(d["members"], Member.build),
            _tuple(d.get("elections"), Election.build),
        )


@dataclass(frozen=True, slots=True)
class Committee:
    """A committee or assembly: the agreement's owner, or one it reports to."""

    name: str
    party: str | None = None
    organisation: str | None = None
    since: PartialDate | None = None
    decision: Decision | None = None

    @classmethod
    def build(cls, d: dict[str, Any]) -> Committee:
        return cls(
            d["name"],
            d.get("party"),
            d.get("organisation"),
            partial_of(d.get("since")),
            Decision.build(d.get("decision")),
        )


@dataclass(frozen=True, slots=True)
class Staff:
    """A role in the secretariat and its extent (full-time equivalents); never a name."""

    role: str
    fte: float | None = None


@dataclass(frozen=True, slots=True)
class Secretariat:
    """The secretariat (kansli): staff, not a body with seats."""

    name: str
    host: str | None = None
    party: str | None = None
    staff: tuple[Staff, ...] = ()
    tasks: str | None = None

    @classmethod
    def build(cls, d: dict[str, Any]) -> Secretariat:
        return cls(
            d["name"],
            d.get("host"),
            d.get("party"),
            tuple(Staff(s["role"], s.get("fte")) for s in d.get("staff", ())),
            d.get("tasks"),
        )


@dataclass(frozen=True, slots=True)
class Governance:
    """Who owns the agreement, the chain it reports to (nearest first), and its secretariat."""

    owner: Committee | None = None
    reports_to: tuple[Committee, ...] = ()
    secretariat: Secretariat | None = None
    notes: str | None = None

    @classmethod
    def build(cls, d: dict[str, Any] | None) -> Governance | None:
        if not d:
            return None
        owner, secretariat = d.get("owner"), d.get("secretariat")
        return cls(
            Committee.build(owner) if owner else None,
            _tuple(d.get("reports_to"), Committee.build),
            Secretariat.build(secretariat) if secretariat else None,
            d.get("notes"),
        )
