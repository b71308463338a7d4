"""What the site shows of an agreement on a day, worked out once for its pages, feeds and data.

Pure data from the model: the agreement and its signatories as listed
(:class:`overens.model.summary.Listed`, kept per file by :mod:`overens.store.signatory_index`).
Nothing here holds a person: a :class:`Member` is an organisation's name, sector, municipality
and dates, and the signer and contact person of :class:`Listed` are never copied
(docs/decisions/0902-no-personal-data-on-the-site.md).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from overens.documents import lifecycle
from overens.model import status
from overens.model.agreement import Agreement, Revision
from overens.model.identity import slugify
from overens.model.summary import BY_NAME, Listed

IN_FORCE, ENDED, NOT_YET, REPLACED = "in_force", "ended", "not_yet", "replaced"


class Member(NamedTuple):
    """One membership period of an organisation, as the site lists it (no personal data)."""

    id: str
    name: str
    sector: str | None
    municipality: str | None
    joined: dt.date | None
    """The signing day; None for a signing recorded without a date."""
    version: str
    withdrawn: dt.date | None
    """The day its withdrawal took effect, when that is on or before the site's day."""

    @property
    def active(self) -> bool:
        return self.withdrawn is None


class Happening(NamedTuple):
    """A joining, a withdrawal or a revision: a line of the timeline and an entry of the feeds."""

    day: dt.date
    kind: str
    """``joined``, ``withdrew`` or ``revised``."""
    subject: str
    """The organisation's id, or the version."""
    name: str
    """The organisation's name, or the version."""


class Card(NamedTuple):
    """An agreement as the site's index lists it (plain values: kept between builds as JSON)."""

    id: str
    title: str
    language: str
    parties: tuple[str, ...]
    version: str
    state: str
    active: int
    """Signatories in force on the agreement's list day."""
    as_of: str | None
    """The agreement's list day (ISO), None when nothing has happened yet."""

    @classmethod
    def of(cls, agreement: Agreement, state: str, active: int, as_of: dt.date | None) -> Card:
        parties = tuple(p.name for p in agreement.parties)
        a = agreement
        day = as_of.isoformat() if as_of else None
        return cls(a.id, a.title, a.language, parties, a.version, state, active, day)

    @classmethod
    def from_json(cls, value: list[Any]) -> Card:
        aid, title, language, parties, version, state, active, as_of = value
        return cls(aid, title, language, tuple(parties), version, state, active, as_of)


def happenings_to_json(found: Sequence[Happening]) -> list[list[str]]:
    return [[h.day.isoformat(), h.kind, h.subject, h.name] for h in found]


def happenings_from_json(value: list[list[str]]) -> list[Happening]:
    return [
        Happening(dt.date.fromisoformat(d), kind, subject, name) for d, kind, subject, name in value
    ]


@dataclass(frozen=True, slots=True)
class Group:
    """Members who share a municipality or a sector: a page of their own."""

    key: str
    """The municipality's name, or the sector."""
    slug: str
    members: tuple[Member, ...]


@dataclass(frozen=True, slots=True)
class YearInTimeline:
    """One year of the timeline, newest first on the page."""

    year: int
    revisions: tuple[Revision, ...]
    joined: tuple[Happening, ...]
    withdrew: tuple[Happening, ...]


@dataclass(frozen=True, slots=True)
class AgreementView:
    """Everything the site needs of one agreement on its day."""

    agreement: Agreement
    as_of: dt.date | None
    """The day the lists are for (the latest recorded event on or before the site's day)."""
    state: str
    """``in_force``, ``ended``, ``not_yet`` or ``replaced`` on the site's day."""
    members: tuple[Member, ...]
    """In force on ``as_of``, by name."""
    withdrawn: tuple[Member, ...]
    """Periods that ended by ``as_of``, by name."""
    municipalities: tuple[Group, ...]
    sectors: tuple[Group, ...]
    happenings: tuple[Happening, ...]
    """Joinings, withdrawals and revisions up to the site's day, newest first."""
    timeline: tuple[YearInTimeline, ...]
    plans: tuple[lifecycle.PlanActivity, ...]
    events: tuple[lifecycle.EventHeld, ...]
    succession: tuple[lifecycle.SuccessionLink, ...]

    @property
    def id(self) -> str:
        return self.agreement.id


def agreement_state(agreement: Agreement, day: dt.date) -> str:
    """Whether the agreement is in force on ``day``, not yet, ended, or replaced by a successor."""
    replaced = lifecycle.replaced_on(agreement)
    if replaced is not None and replaced <= day:
        return REPLACED
    terms = agreement.terms
    if terms.valid_until is not None and terms.valid_until < day:
        return ENDED
    start = terms.valid_from or agreement.adopted_date
    if start is not None and start > day:
        return NOT_YET
    return IN_FORCE


def members(signatories: Sequence[Listed], day: dt.date) -> list[Member]:
    """Every membership period that had begun by ``day``, by name then id, as the site lists it."""
    out = []
    for s in sorted(signatories, key=BY_NAME):
        for p in s.periods:
            if p.signed is not None and p.signed > day:
                continue
            withdrawn = p.withdrawn if status.ended(p, day) else None
            out.append(
                Member(s.id, s.name, s.sector, s.municipality, p.signed, p.version, withdrawn)
            )
    return out


def happenings(
    agreement: Agreement, signatories: Sequence[Listed], day: dt.date
) -> list[Happening]:
    """Joinings (a period's signing day), withdrawals (the day each took effect) and dated
    revisions, up to ``day``, newest first (ties in a fixed order, so the feeds are stable)."""
    found = [
        Happening(r.date, "revised", r.version, r.version)
        for r in agreement.revisions
        if r.date is not None and r.date <= day
    ]
    for s in signatories:
        for p in s.periods:
            if p.signed is not None and p.signed <= day:
                found.append(Happening(p.signed, "joined", s.id, s.name))
            if p.withdrawn is not None and p.withdrawn <= day:
                found.append(Happening(p.withdrawn, "withdrew", s.id, s.name))
    found.sort(key=lambda h: (h.day, h.kind, h.subject), reverse=True)
    return found


def _groups(rows: Sequence[Member], key: str) -> tuple[Group, ...]:
    by: dict[str, list[Member]] = {}
    for m in rows:
        value = getattr(m, key)
        if value:
            by.setdefault(value, []).append(m)
    taken: Counter[str] = Counter()
    groups = []
    for value in sorted(by, key=lambda v: (v.casefold(), v)):
        slug = slugify(value) or "x"
        taken[slug] += 1
        if taken[slug] > 1:  # two names with one slug (Håbo, Habo): number the second
            slug = f"{slug}-{taken[slug]}"
        groups.append(Group(value, slug, tuple(by[value])))
    return tuple(groups)


def _timeline(agreement: Agreement, found: Sequence[Happening]) -> tuple[YearInTimeline, ...]:
    years = sorted({h.day.year for h in found}, reverse=True)
    revisions = {r.version: r for r in agreement.revisions}
    return tuple(
        YearInTimeline(
            year,
            tuple(
                revisions[h.subject] for h in found if h.day.year == year and h.kind == "revised"
            ),
            tuple(h for h in found if h.day.year == year and h.kind == "joined"),
            tuple(h for h in found if h.day.year == year and h.kind == "withdrew"),
        )
        for year in years
    )


def agreement_view(
    agreement: Agreement,
    signatories: Sequence[Listed],
    day: dt.date,
    as_of: dt.date | None,
    found: Sequence[Happening] | None = None,
) -> AgreementView:
    """The agreement as the site shows it: the lists on ``as_of`` (the latest event up to ``day``,
    as ``render`` lists them), the timeline and the state up to ``day``. ``found`` are its
    :func:`happenings` up to ``day``, when the caller has them already."""
    listed_day = as_of or day
    rows = members(signatories, listed_day)
    active = tuple(m for m in rows if m.active)
    if found is None:
        found = happenings(agreement, signatories, day)
    return AgreementView(
        agreement=agreement,
        as_of=as_of,
        state=agreement_state(agreement, day),
        members=active,
        withdrawn=tuple(m for m in rows if not m.active),
        municipalities=_groups(active, "municipality"),
        sectors=_groups(active, "sector"),
        happenings=tuple(found),
        timeline=_timeline(agreement, found),
        plans=lifecycle.plan_activities(agreement),
        events=lifecycle.events_held(agreement),
        succession=lifecycle.succession(agreement),
    )
