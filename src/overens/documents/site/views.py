"""What the site shows of an agreement on a day, worked out once for its pages, feeds and data.

Pure data from the model: the agreement and its signatories as listed
(:class:`overens.model.summary.Summary`, kept per file by :mod:`overens.store.signatory_index`).
Nothing here holds a person: a :class:`Member` is an organisation's name, sector, municipality
and dates, and the signer and contact person of :class:`Summary` are never copied
(docs/decisions/0902-no-personal-data-on-the-site.md).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from overens.documents import lifecycle
from overens.model import status
from overens.model.agreement import Agreement, Revision
from overens.model.dates import PartialDate, Tri, required_partial
from overens.model.identity import slugify
from overens.model.summary import BY_NAME, Summary

IN_FORCE, ENDED, NOT_YET, REPLACED = "in_force", "ended", "not_yet", "replaced"
UNCERTAIN = "uncertain"
"""Whether the agreement is in force on the day cannot be told (a date known to the year or month)."""


class Member(NamedTuple):
    """One membership period of an organisation, as the site lists it (no personal data)."""

    id: str
    name: str
    sector: str | None
    municipality: str | None
    joined: PartialDate | None
    """The signing day, as precise as it is recorded; None for a signing recorded without a date."""
    version: str
    withdrawn: PartialDate | None
    """The day its withdrawal took effect, when that is (or may be) on or before the lists' day."""
    uncertain: bool = False
    """Whether it was a signatory on the lists' day cannot be told: a date it depends on is known
    only to the year or month."""

    @property
    def active(self) -> bool:
        return self.withdrawn is None and not self.uncertain

    @property
    def signed(self) -> PartialDate | None:
        """The signing day (the name the documents' sentences use)."""
        return self.joined


class Happening(NamedTuple):
    """A joining, a withdrawal or a revision: a line of the timeline and an entry of the feeds."""

    day: PartialDate
    """As precise as it is recorded (a year, a month or a day)."""
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
    return [Happening(required_partial(d), kind, subject, name) for d, kind, subject, name in value]


def newest_first(h: Happening) -> tuple[dt.date, dt.date, str, str]:
    """The order of the timeline and the feeds, reversed: by the first day a happening may be
    (then its last, kind and subject, so that the order is fixed)."""
    return h.day.first, h.day.last, h.kind, h.subject


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
    """The document's day: the latest recorded event on or before the site's day."""
    listed_on: dt.date | None
    """The day the lists are for: ``as_of``, or the agreement's last day once it has ended
    (:func:`overens.model.status.register_day`)."""
    state: str
    """``in_force``, ``ended``, ``not_yet``, ``replaced`` or ``uncertain`` on the site's day."""
    members: tuple[Member, ...]
    """Certainly in force on ``listed_on``, by name."""
    withdrawn: tuple[Member, ...]
    """Periods that certainly ended by ``listed_on``, by name."""
    uncertain: tuple[Member, ...]
    """Periods whose state on ``listed_on`` cannot be told, by name."""
    municipalities: tuple[Group, ...]
    sectors: tuple[Group, ...]
    happenings: tuple[Happening, ...]
    """Joinings, withdrawals and revisions up to the site's day, newest first."""
    timeline: tuple[YearInTimeline, ...]
    plans: tuple[lifecycle.PlanActivity, ...]
    """The activities of the plans adopted by the site's day, with their last follow-up by then."""
    events: tuple[lifecycle.EventHeld, ...]
    """The meetings and events recorded up to the site's day, newest first."""
    succession: tuple[lifecycle.SuccessionLink, ...]
    others: Mapping[str, Agreement] = field(default_factory=dict)
    """The agreements its succession names, where the repository holds them (their titles)."""

    @property
    def id(self) -> str:
        return self.agreement.id


def agreement_state(agreement: Agreement, day: dt.date) -> str:
    """Whether the agreement is in force on ``day``, not yet, ended, or replaced by a successor,
    by its own period (:mod:`overens.model.status`): each only when it is certain, ``uncertain``
    when a date known to the year or month leaves it open."""
    if status.replaced(agreement, day) is Tri.YES:
        return REPLACED
    in_force = status.in_force(agreement, day)
    if in_force is Tri.NO:
        return ENDED
    start = status.agreement_start(agreement)
    begun = Tri.YES if start is None else start.by(day)
    if begun is Tri.NO:
        return NOT_YET
    return IN_FORCE if in_force is Tri.YES and begun is Tri.YES else UNCERTAIN


def members(signatories: Sequence[Summary], day: dt.date) -> list[Member]:
    """Every membership period that had, or may have, begun by ``day``, by name then id, as the
    site lists it: active, withdrawn, or uncertain when a date known only to the year or month
    leaves its state on ``day`` open."""
    out = []
    for s in sorted(signatories, key=BY_NAME):
        for p in s.periods:
            began = status.began(p, day)
            if began is Tri.NO:
                continue
            ended = status.has_ended(p, day)
            withdrawn = p.withdrawn if ended is not Tri.NO else None
            unsure = began is Tri.MAYBE or ended is Tri.MAYBE
            out.append(
                Member(
                    s.id, s.name, s.sector, s.municipality, p.signed, p.version, withdrawn, unsure
                )
            )
    return out


def happenings(
    agreement: Agreement, signatories: Sequence[Summary], day: dt.date
) -> list[Happening]:
    """Joinings (a period's signing day), withdrawals (the day each took effect) and dated
    revisions that had certainly happened by ``day``, newest first by the first day each may be
    (:func:`newest_first`: ties in a fixed order, so the feeds are stable)."""
    found = [
        Happening(r.date, "revised", r.version, r.version)
        for r in agreement.revisions
        if r.date is not None and r.date.by(day) is Tri.YES
    ]
    for s in signatories:
        for p in s.periods:
            if p.signed is not None and p.signed.by(day) is Tri.YES:
                found.append(Happening(p.signed, "joined", s.id, s.name))
            if p.withdrawn is not None and p.withdrawn.by(day) is Tri.YES:
                found.append(Happening(p.withdrawn, "withdrew", s.id, s.name))
    found.sort(key=newest_first, reverse=True)
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
    # A recorded date lies within one year (a year, a month or a day of it).
    years = sorted({h.day.first.year for h in found}, reverse=True)
    revisions = {r.version: r for r in agreement.revisions}

    def of(year: int, kind: str) -> list[Happening]:
        return [h for h in found if h.day.first.year == year and h.kind == kind]

    return tuple(
        YearInTimeline(
            year,
            tuple(revisions[h.subject] for h in of(year, "revised")),
            tuple(of(year, "joined")),
            tuple(of(year, "withdrew")),
        )
        for year in years
    )


def agreement_view(
    agreement: Agreement,
    signatories: Sequence[Summary],
    day: dt.date,
    as_of: dt.date | None,
    found: Sequence[Happening] | None = None,
    others: Mapping[str, Agreement] | None = None,
    held: frozenset[str] | None = None,
) -> AgreementView:
    """The agreement as the site shows it: the lists on ``as_of`` (the latest event up to ``day``,
    as ``render`` lists them; once the agreement has ended, as they stood on its last day), the
    timeline, plans, events and state up to ``day``. ``found`` are its :func:`happenings` up to
    ``day``, when the caller has them already; ``others`` the agreements its succession names
    (their titles), ``held`` the ids of the agreements the site holds (their pages are linked)."""
    listed_on, _, _ = status.register_day(agreement, as_of or day)
    rows = members(signatories, listed_on)
    active = tuple(m for m in rows if m.active)
    if found is None:
        found = happenings(agreement, signatories, day)
    names = {s.id: s.name for s in signatories}
    events = lifecycle.events_held(agreement, day=day)
    return AgreementView(
        agreement=agreement,
        as_of=as_of,
        listed_on=listed_on if as_of else None,
        state=agreement_state(agreement, day),
        members=active,
        withdrawn=tuple(m for m in rows if not m.active and not m.uncertain),
        uncertain=tuple(m for m in rows if m.uncertain),
        municipalities=_groups(active, "municipality"),
        sectors=_groups(active, "sector"),
        happenings=tuple(found),
        timeline=_timeline(agreement, found),
        plans=lifecycle.plan_activities(agreement, day=day, names=names),
        events=tuple(reversed(events)),
        succession=lifecycle.succession(agreement, others, held, day),
        others=others or {},
    )
