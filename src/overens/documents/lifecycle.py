"""What the site and the follow-up report show of an agreement's plans, events and succession.

The lifecycle model (docs/decisions/0800-lifecycle-model.md) records plans (``plans/<period>.yaml``),
the events held each year (``events/<year>.yaml``) and succession (``succession`` in
agreement.yaml). The site and the follow-up report have a place for each; these functions are the
one seam between them and the model. Until the model carries the records, each returns nothing,
and the pages and the report leave the section out (they never print an empty heading). When the
model has them, each function becomes a few lines that read it; nothing else changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from overens.model.agreement import Agreement


@dataclass(frozen=True, slots=True)
class PlanActivity:
    """One activity of a plan, as a page or the follow-up report lists it."""

    plan: str
    """The plan's id (``2025`` or ``2024-2026``)."""
    title: str
    area: str | None = None
    responsible: str | None = None
    """Who carries it: a party, a body, a signatory or the secretariat, by name."""
    status: str | None = None
    """The last follow-up's status (``done``, ``partly_done``, ``postponed``, ``cancelled``, …)."""
    outcome: str | None = None


@dataclass(frozen=True, slots=True)
class EventHeld:
    """A meeting or an annual event (a conference, a dialogue meeting) as recorded."""

    date: str
    """As written: ``2025``, ``2025-03`` or ``2025-03-14``."""
    kind: str
    title: str
    status: str | None = None
    """``held``, ``cancelled``, … as recorded."""
    body: str | None = None
    """The body that met, for a meeting of one."""


@dataclass(frozen=True, slots=True)
class SuccessionLink:
    """The agreement this one replaced, or the one that replaced it."""

    relation: str
    """``replaces`` or ``replaced_by``."""
    title: str
    agreement_id: str | None = None
    """The other agreement's id, when this repository holds it (the site links to its page)."""
    url: str | None = None
    date: str | None = None


def plan_activities(agreement: Agreement, year: int | None = None) -> tuple[PlanActivity, ...]:
    """The activities of the agreement's plans (those covering ``year``, when given).

    Empty until the model loads ``plans/`` (Agreement has no plans yet).
    """
    del agreement, year
    return ()


def events_held(agreement: Agreement, year: int | None = None) -> tuple[EventHeld, ...]:
    """The meetings and annual events recorded for the agreement (in ``year``, when given).

    Empty until the model loads ``events/`` (Agreement has no events yet).
    """
    del agreement, year
    return ()


def succession(agreement: Agreement) -> tuple[SuccessionLink, ...]:
    """What the agreement replaced and what replaced it.

    Empty until the model reads ``succession`` from agreement.yaml.
    """
    del agreement
    return ()


def replaced_on(agreement: Agreement) -> dt.date | None:
    """The day a successor took over, when one is recorded with a full date."""
    for link in succession(agreement):
        if link.relation == "replaced_by" and link.date and len(link.date) == 10:
            return dt.date.fromisoformat(link.date)
    return None
