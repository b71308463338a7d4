"""What a rendered agreement shows of its whole life on a day, besides its text: the parties on
that day (one that joined later, from its date), each party's decision to adopt it, its
succession, its versions and the decisions behind them, who runs it, the counts of organisations
recorded without names, its plans and the year's events. Pure data, like
:mod:`overens.documents.document`; the templates phrase it from the catalogues."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from overens.model.agreement import Agreement
from overens.model.counts import Count
from overens.model.dates import DayRange, PartialDate
from overens.model.decisions import Decision
from overens.model.events import Event
from overens.model.governance import Governance
from overens.model.plans import Plan
from overens.model.succession import Link


@dataclass(frozen=True, slots=True)
class PartyView:
    """A party as the title page lists it on the day."""

    name: str
    kind: str | None
    joined: PartialDate | None
    """The day a party that joined after adoption became one."""
    uncertain: bool
    """Whether it was a party on the day cannot be told (it joined in a year or month)."""


@dataclass(frozen=True, slots=True)
class DecisionView:
    """A decision, with the name of the party whose decision it is."""

    party: str | None
    by: str | None
    date: PartialDate | None
    reference: str | None
    paragraph: str | None


@dataclass(frozen=True, slots=True)
class LinkView:
    """The agreement a succession names, as far as it is known."""

    name: str
    """Its title (the agreement in this repository, or the title the link gives), else its id."""
    agreement: str | None
    date: PartialDate
    decision: DecisionView | None
    body: str | None
    carry_over: bool
    carry_over_text: str | None


@dataclass(frozen=True, slots=True)
class VersionView:
    """One version of the text and the decision behind it."""

    version: str
    date: PartialDate | None
    kind: str
    decided_by: str | None
    reference: str | None
    paragraph: str | None
    text_recorded: bool
    reviewed: tuple[str, ...]
    current: bool


@dataclass(frozen=True, slots=True)
class Records:
    """Everything about the agreement's life a document shows on its day."""

    parties: tuple[PartyView, ...] = ()
    decisions: tuple[DecisionView, ...] = ()
    """Each party's own decision to adopt the text."""
    predecessor: LinkView | None = None
    successor: LinkView | None = None
    """The successor, once it has (or may have) taken over by the day."""
    ended: DayRange | None = None
    """The agreement's last day, when it had ended by the day: the lists are as they stood then."""
    versions: tuple[VersionView, ...] = ()
    """The versions, where any records a decision's reference, the parts it reviewed, or a text
    that is not recorded (otherwise the footer's version says all there is)."""
    governance: Governance | None = None
    counts: tuple[Count, ...] = ()
    """Organisations recorded as a number, without names, by the day."""
    plans: tuple[Plan, ...] = ()
    """The plans adopted by the day (or that may have been)."""
    events: tuple[Event, ...] = ()
    """The events recorded for the year of the day."""
    events_year: int | None = None


def _decision(agreement: Agreement, d: Decision | None) -> DecisionView | None:
    if d is None:
        return None
    party = agreement.party(d.party) if d.party else None
    return DecisionView(party.name if party else d.party, d.by, d.date, d.reference, d.paragraph)


def _link(
    agreement: Agreement, link: Link | None, others: Mapping[str, Agreement]
) -> LinkView | None:
    if link is None:
        return None
    other = others.get(link.agreement) if link.agreement else None
    name = other.title if other is not None else link.title or link.agreement or ""
    return LinkView(
        name,
        link.agreement,
        link.date,
        _decision(agreement, link.decision),
        link.body,
        link.carry_over,
        link.carry_over_text,
    )


def _versions(agreement: Agreement) -> tuple[VersionView, ...]:
    shown = any(
        r.reference or r.paragraph or r.decisions or r.reviewed or not r.text_recorded
        for r in agreement.revisions
    )
    if not shown:
        return ()
    return tuple(
        VersionView(
            r.version,
            r.date,
            r.kind,
            r.decided_by,
            r.reference,
            r.paragraph,
            r.text_recorded,
            r.reviewed,
            r.version == agreement.version,
        )
        for r in agreement.revisions
    )


def build_records(
    agreement: Agreement,
    day: dt.date,
    ended: DayRange | None,
    others: Mapping[str, Agreement] | None = None,
) -> Records:
    """What the document shows of ``agreement``'s life on ``day`` (``ended``: its last day, when
    it had ended by then)."""
    others = others or {}
    successor = agreement.succession.successor
    shown_successor = successor if successor is not None and not successor.date.by(day).no else None
    year = day.year
    return Records(
        parties=tuple(
            PartyView(p.name, p.kind, p.joined.date if p.joined else None, on.maybe)
            for p, on in agreement.parties_on(day)
        ),
        decisions=tuple(
            v for v in (_decision(agreement, d) for d in agreement.adoption_decisions) if v
        ),
        predecessor=_link(agreement, agreement.succession.predecessor, others),
        successor=_link(agreement, shown_successor, others),
        ended=ended,
        versions=_versions(agreement),
        governance=agreement.governance,
        counts=tuple(c for c in agreement.counts if c.date.by(day).yes),
        plans=tuple(p for p in agreement.plans if not p.adopted_by(day).no),
        events=tuple(e for y in agreement.events if y.year == year for e in y.events),
        events_year=year if any(y.year == year for y in agreement.events) else None,
    )


def record_days(agreement: Agreement) -> list[dt.date]:
    """The days on which what a document shows of the agreement's life changes: a successor
    taking over, a party joining, a count (for the default day of a document)."""
    dates: list[DayRange] = []
    if agreement.succession.successor is not None:
        dates.append(agreement.succession.successor.date)
    dates += [p.joined.date for p in agreement.parties if p.joined and p.joined.date]
    dates += [c.date for c in agreement.counts]
    return [day for d in dates for day in (d.first, d.last)]
