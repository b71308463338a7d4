"""What `overens list` shows around the signatories, on a date: the agreement's parties (one that
joined later is a party from its `joined` date), the counts of organisations recorded without
names, the agreement's succession, and whether it had ended (then the register is listed as it
stood on its last day)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from overens.model.agreement import Agreement
from overens.model.dates import PartialDate, Tri
from overens.model.repository import Repository
from overens.model.succession import Link


@dataclass(frozen=True, slots=True)
class PartyEntry:
    """A party of the agreement on the list's date."""

    id: str
    name: str
    sector: str
    kind: str | None
    status: str
    """``party``, or ``uncertain`` while its joining date (known to the year or month) leaves it open."""
    joined: PartialDate | None
    """The day it joined, for a party that joined after adoption."""

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "sector": self.sector,
            "kind": self.kind,
            "status": self.status,
            "joined": self.joined.isoformat() if self.joined else None,
        }


@dataclass(frozen=True, slots=True)
class CountEntry:
    """A number of organisations recorded without their names."""

    date: PartialDate
    count: int
    approximate: bool
    counted: str
    """``signed`` (that many signed on the date) or ``signatories`` (that many were signatories)."""
    sector: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "date": self.date.isoformat(),
            "count": self.count,
            "approximate": self.approximate,
            "counted": self.counted,
            "sector": self.sector,
            "names": False,
        }

    def sentence(self) -> str:
        """``About 70 organisations (idéburen sector) signed on 2014-12-05; names not recorded``."""
        sector = {"ideburen": " (idéburen sector)", "offentlig": " (public sector)"}.get(
            self.sector or "", ""
        )
        what = "signed on" if self.counted == "signed" else "were signatories on"
        about = "about " if self.approximate else ""
        text = f"{about}{self.count} organisations{sector} {what} {self.date}; names not recorded"
        return text[0].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class LinkEntry:
    """One side of the succession as the list shows it."""

    agreement: str | None
    title: str | None
    short_name: str | None
    """The other agreement's short name, when it is in the repository and has one."""
    date: PartialDate
    status: str
    """For a successor: ``replaced`` (it has taken over), ``uncertain``, or ``future``."""

    def to_dict(self) -> dict[str, object]:
        return {
            "agreement": self.agreement,
            "title": self.title,
            "date": self.date.isoformat(),
            "status": self.status,
        }


@dataclass(frozen=True, slots=True)
class SuccessionEntry:
    """The agreement's predecessor and successor."""

    predecessor: LinkEntry | None
    successor: LinkEntry | None

    def to_dict(self) -> dict[str, object]:
        return {
            "predecessor": self.predecessor.to_dict() if self.predecessor else None,
            "successor": self.successor.to_dict() if self.successor else None,
        }

    def sentences(self) -> list[str]:
        lines = []
        if self.predecessor is not None:
            lines.append(f"Replaces {_named(self.predecessor)} from {self.predecessor.date}.")
        s = self.successor
        if s is not None:
            verb = {"replaced": "Replaced by", "uncertain": "Perhaps replaced by"}.get(
                s.status, "To be replaced by"
            )
            lines.append(f"{verb} {_named(s)} on {s.date}.")
        return lines


def _named(link: LinkEntry) -> str:
    name = link.short_name or link.title
    if link.agreement and name:
        return f"{name} ({link.agreement})"
    return link.agreement or name or "?"


_STATUS = {Tri.YES: "party", Tri.MAYBE: "uncertain"}


def parties_on(agreement: Agreement, day: dt.date) -> tuple[PartyEntry, ...]:
    """The parties that are, or may be, parties on ``day``."""
    return tuple(
        PartyEntry(
            p.id,
            p.name,
            p.sector,
            p.kind,
            _STATUS[answer],
            p.joined.date if p.joined else None,
        )
        for p, answer in agreement.parties_on(day)
    )


def counts_on(agreement: Agreement, day: dt.date) -> tuple[CountEntry, ...]:
    """The counts recorded for dates on or before ``day``."""
    return tuple(
        CountEntry(c.date, c.count, c.approximate, c.counted, c.sector)
        for c in agreement.counts
        if c.date.by(day).yes
    )


def _link(link: Link | None, repository: Repository, status: str) -> LinkEntry | None:
    if link is None:
        return None
    other = repository.find(link.agreement) if link.agreement else None
    title = other.title if other is not None else link.title
    short = other.short_name if other is not None else None
    return LinkEntry(link.agreement, title, short, link.date, status)


def succession_of(
    agreement: Agreement, repository: Repository, day: dt.date
) -> SuccessionEntry | None:
    """The agreement's succession as the list shows it on ``day``; None when none is recorded."""
    s = agreement.succession
    if s.predecessor is None and s.successor is None:
        return None
    taken = s.successor.date.by(day) if s.successor else Tri.NO
    status = {Tri.YES: "replaced", Tri.MAYBE: "uncertain"}.get(taken, "future")
    return SuccessionEntry(
        _link(s.predecessor, repository, "predecessor"), _link(s.successor, repository, status)
    )
