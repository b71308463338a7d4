"""What the site and the follow-up report show of an agreement's plans, events and succession.

The lifecycle model (docs/decisions/0800-lifecycle-model.md) records plans (``plans/<period>.yaml``,
:class:`overens.model.plans.Plan`), the events of each year (``events/<year>.yaml``,
:class:`overens.model.events.Event`) and succession (``succession`` in agreement.yaml,
:class:`overens.model.succession.Succession`). These functions are the one seam between them and
the site's pages and the follow-up report; the templates phrase what they return.

Dates stay as precise as they are recorded (a :class:`~overens.model.dates.PartialDate`), and a
question about a day or a year takes the honest reading: a plan, an activity, an event or a
follow-up counts for a year (or by a day) only when it certainly falls in it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from overens.documents.plan import ResponsibleView, responsible_view
from overens.model.agreement import Agreement
from overens.model.dates import DayRange, PartialDate, Tri
from overens.model.plans import Activity, FollowUp, Plan


@dataclass(frozen=True, slots=True)
class PlanActivity:
    """One activity of a plan, as a page or the follow-up report lists it."""

    plan: str
    """The plan's id (``2025`` or ``2024-2026``)."""
    plan_title: str
    title: str
    area: str | None = None
    responsible: tuple[ResponsibleView, ...] = ()
    """Who carries it, by name: a party, a body, a signatory, the secretariat or another name."""
    status: str | None = None
    """The last follow-up's status (``done``, ``partly_done``, ``postponed``, ``cancelled``, …);
    None while none is recorded."""
    outcome: str | None = None
    followed_up: PartialDate | None = None
    """The day of the last follow-up, as precise as it is recorded."""


@dataclass(frozen=True, slots=True)
class EventHeld:
    """A meeting or an annual event (a conference, a dialogue meeting) as recorded."""

    date: PartialDate
    """As precise as recorded: ``2025``, ``2025-03`` or ``2025-03-14``."""
    kind: str
    title: str
    status: str = "held"
    """``held``, ``cancelled`` or ``planned``."""
    end: PartialDate | None = None
    place: str | None = None
    reason: str | None = None
    """Why it was cancelled, where that is recorded."""


@dataclass(frozen=True, slots=True)
class SuccessionLink:
    """The agreement this one replaced, or the one that replaced it."""

    relation: str
    """``replaces`` or ``replaced_by``."""
    title: str
    agreement_id: str | None = None
    """The other agreement's id, when this repository holds it (the site links to its page)."""
    url: str | None = None
    date: PartialDate | None = None
    """The successor's first day, as precise as it is recorded."""
    body: str | None = None
    """The new body that took over (a successor)."""
    carry_over: bool = False
    """The predecessor's signatories remain signatories of this one."""


def _touches(start: DayRange | None, end: DayRange | None, year: int) -> bool:
    """True when a span from ``start`` to ``end`` (either open) certainly includes a day of
    ``year``."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (start is None or start.last <= last) and (end is None or end.first >= first)


def _last_follow_up(activity: Activity, day: dt.date | None) -> FollowUp | None:
    recorded = [f for f in activity.follow_up if day is None or f.date.by(day).yes]
    return recorded[-1] if recorded else None


def _plans(agreement: Agreement, year: int | None, day: dt.date | None) -> list[Plan]:
    return [
        p
        for p in agreement.plans
        if (year is None or p.covers(year) is Tri.YES) and (day is None or p.adopted_by(day).yes)
    ]


def plan_activities(
    agreement: Agreement,
    year: int | None = None,
    day: dt.date | None = None,
    names: Mapping[str, str] | None = None,
) -> tuple[PlanActivity, ...]:
    """The activities of the agreement's plans, in the plans' order, each with its last
    follow-up.

    ``year``: only the plans whose period certainly includes a day of it, and of those the
    activities whose own time (``when``) certainly does. ``day``: only the plans certainly adopted
    by then, and the follow-ups certainly recorded by then (all, when None). ``names`` are the
    signatories' names by id (the agreement's own signatories when None).
    """
    if names is None:
        names = {s.id: s.name for s in agreement.signatories}
    out = []
    for plan in _plans(agreement, year, day):
        for _, area, _, activity in plan.activities():
            if year is not None and not _touches(activity.start, activity.end, year):
                continue
            last = _last_follow_up(activity, day)
            out.append(
                PlanActivity(
                    plan.id,
                    plan.title,
                    activity.title,
                    area.title,
                    tuple(responsible_view(agreement, r, names) for r in activity.responsible),
                    last.status if last else None,
                    last.outcome if last else None,
                    last.date if last else None,
                )
            )
    return tuple(out)


def events_held(
    agreement: Agreement, year: int | None = None, day: dt.date | None = None
) -> tuple[EventHeld, ...]:
    """The meetings and annual events recorded for the agreement, oldest first, with their status
    (held, cancelled or planned).

    ``year``: only those certainly in that year. ``day``: only those certainly dated by then.
    """
    found = [
        e
        for e in agreement.recorded_events()
        if (year is None or (e.date.first.year == year and e.date.last.year == year))
        and (day is None or e.date.by(day).yes)
    ]
    found.sort(key=lambda e: (e.date.first, e.date.last, e.id))
    return tuple(
        EventHeld(e.date, e.kind, e.title, e.status, e.end, e.place, e.reason) for e in found
    )


def succession(
    agreement: Agreement,
    others: Mapping[str, Agreement] | None = None,
    held: frozenset[str] | None = None,
    day: dt.date | None = None,
) -> tuple[SuccessionLink, ...]:
    """What the agreement replaced and what replaced it, the predecessor first; with ``day``, the
    successor only once it has (or may have) taken over by then, as documents show it.

    ``others`` are the agreements the links name, where they are loaded (their titles are shown);
    ``held`` the ids of the agreements this repository holds (a link names its page only then;
    when None, those in ``others``).
    """
    others = others or {}
    held = frozenset(others) if held is None else held
    out = []
    s = agreement.succession
    for relation, link in (("replaces", s.predecessor), ("replaced_by", s.successor)):
        if link is None or (relation == "replaced_by" and day is not None and link.date.by(day).no):
            continue
        other = others.get(link.agreement) if link.agreement else None
        title = other.title if other is not None else link.name
        out.append(
            SuccessionLink(
                relation,
                title,
                link.agreement if link.agreement in held else None,
                link.url,
                link.date,
                link.body if relation == "replaced_by" else None,
                link.carry_over if relation == "replaces" else False,
            )
        )
    return tuple(out)


def replaced_on(agreement: Agreement) -> PartialDate | None:
    """The day a successor took over, as precise as it is recorded; None without a successor."""
    successor = agreement.succession.successor
    return successor.date if successor is not None else None
