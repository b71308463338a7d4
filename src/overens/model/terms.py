"""The agreement's terms: contact persons, joining (with its criteria and channels), withdrawal,
renegotiation, follow-up (with the reports signatories owe), validity, the review cycle of each
part, the plans and the recurring events the text requires, as the text states them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from overens.model.dates import PartialDate, partial_of


@dataclass(frozen=True, slots=True)
class ReportKind:
    """A report every active signatory owes each year."""

    kind: str
    title: str
    due: str | None = None

    def due_date(self, year: int) -> dt.date:
        """The day by which the report for ``year`` is due (the end of the next year by default)."""
        month, day = (int(x) for x in (self.due or "12-31").split("-"))
        if year + 1 > dt.MAXYEAR:
            return dt.date.max
        return dt.date(year + 1, month, day)


@dataclass(frozen=True, slots=True)
class Criterion:
    """A condition the text sets for who may join, attested by each joining organisation."""

    id: str
    text: str
    attested: bool = True
    """False for a criterion the text only describes (nobody attests it)."""
    exceptions: str | None = None
    """When an organisation that does not meet it may join anyway, in the text's words."""


@dataclass(frozen=True, slots=True)
class Channel:
    """A way to join (a web form, a paper form)."""

    id: str
    label: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class ReviewCycle:
    """Parts of the text reviewed every ``interval_years`` years."""

    parts: tuple[str, ...]
    interval_years: int
    text: str | None = None


@dataclass(frozen=True, slots=True)
class PlanTerms:
    """What the text says about the plans that carry it out."""

    required: bool = False
    """A plan must cover every year."""
    kind: str | None = None
    decided_by: str | None = None
    due: str | None = None
    """MM-DD: the day a year's plan must be adopted by (1 January when None)."""
    outcome_due: str | None = None
    """MM-DD in the year after a plan's period: its outcomes are recorded by then."""
    text: str | None = None


@dataclass(frozen=True, slots=True)
class RecurringEvent:
    """An event the text requires every year (an annual conference, a dialogue meeting)."""

    kind: str
    title: str
    frequency: str = "annual"
    due: str | None = None
    """MM-DD: the day in the year it must be held by (31 December when None)."""
    organiser: str | None = None
    text: str | None = None

    def due_date(self, year: int) -> dt.date:
        month, day = (int(x) for x in (self.due or "12-31").split("-"))
        return dt.date(year, month, day)


@dataclass(frozen=True, slots=True)
class Terms:
    """The agreement's rules for contact persons, joining, withdrawal, follow-up and validity."""

    contact_required: bool = False
    contact_text: str | None = None
    open_to: tuple[str, ...] = ("ideburen", "offentlig")
    democratic_values: bool = False
    application_required: bool = False
    approval_by: str | None = None
    published: bool = False
    joining_text: str | None = None
    written_notice: bool = False
    notify: str | None = None
    notice_period_days: int | None = None
    withdrawal_text: str | None = None
    renegotiation_written: bool = False
    renegotiation_text: str | None = None
    follow_up_frequency: str | None = None
    follow_up_forum: str | None = None
    revision_proposals: str | None = None
    reports: tuple[ReportKind, ...] = ()
    follow_up_text: str | None = None
    valid_from: PartialDate | None = None
    valid_until: PartialDate | None = None
    indefinite: bool = False
    period_years: int | None = None
    review_interval_years: int | None = None
    validity_text: str | None = None
    criteria: tuple[Criterion, ...] = ()
    channels: tuple[Channel, ...] = ()
    reviews: tuple[ReviewCycle, ...] = ()
    """Review cycles per part (terms.reviews); review_interval_years is a cycle of the whole."""
    plans: PlanTerms = PlanTerms()
    events: tuple[RecurringEvent, ...] = ()

    @property
    def approval_required(self) -> bool:
        return self.approval_by is not None

    @property
    def attested_criteria(self) -> tuple[Criterion, ...]:
        """The criteria each joining organisation attests."""
        return tuple(c for c in self.criteria if c.attested)

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def review_cycles(self) -> tuple[ReviewCycle, ...]:
        """Every review cycle: terms.reviews, and review_interval_years as a cycle of the whole."""
        whole = (
            (ReviewCycle(("whole",), self.review_interval_years),)
            if self.review_interval_years
            else ()
        )
        return whole + self.reviews

    @classmethod
    def build(cls, d: dict[str, Any] | None) -> Terms:
        d = d or {}
        c, j, w = d.get("contact_person", {}), d.get("joining", {}), d.get("withdrawal", {})
        r, f, v = d.get("renegotiation", {}), d.get("follow_up", {}), d.get("validity", {})
        return cls(
            contact_required=bool(c.get("required", False)),
            contact_text=c.get("text"),
            open_to=tuple(j.get("open_to", ("ideburen", "offentlig"))),
            democratic_values=bool(j.get("democratic_values", False)),
            application_required=bool(j.get("application_required", False)),
            approval_by=j.get("approval_by"),
            published=bool(j.get("published", False)),
            joining_text=j.get("text"),
            written_notice=bool(w.get("written_notice", False)),
            notify=w.get("notify"),
            notice_period_days=w.get("notice_period_days"),
            withdrawal_text=w.get("text"),
            renegotiation_written=bool(r.get("written", False)),
            renegotiation_text=r.get("text"),
            follow_up_frequency=f.get("frequency"),
            follow_up_forum=f.get("forum"),
            revision_proposals=f.get("revision_proposals"),
            reports=tuple(
                ReportKind(x["kind"], x["title"], x.get("due")) for x in f.get("reports", ())
            ),
            follow_up_text=f.get("text"),
            valid_from=partial_of(v.get("from")),
            valid_until=partial_of(v.get("until")),
            indefinite=bool(v.get("indefinite", False)),
            period_years=v.get("period_years"),
            review_interval_years=v.get("review_interval_years"),
            validity_text=v.get("text"),
            **_lifecycle_terms(d),
        )


def _lifecycle_terms(d: dict[str, Any]) -> dict[str, Any]:
    """The terms an agreement's whole life adds: criteria, channels, reviews, plans, events."""
    j, p = d.get("joining", {}), d.get("plans")
    return {
        "criteria": tuple(
            Criterion(c["id"], c["text"], bool(c.get("attested", True)), c.get("exceptions"))
            for c in j.get("criteria", ())
        ),
        "channels": tuple(
            Channel(c["id"], c["label"], c.get("url")) for c in j.get("channels", ())
        ),
        "reviews": tuple(
            ReviewCycle(tuple(r["parts"]), r["interval_years"], r.get("text"))
            for r in d.get("reviews", ())
        ),
        "plans": PlanTerms(
            bool(p.get("required", False)),
            p.get("kind"),
            p.get("decided_by"),
            p.get("due"),
            p.get("outcome_due"),
            p.get("text"),
        )
        if p
        else PlanTerms(),
        "events": tuple(
            RecurringEvent(
                e["kind"],
                e["title"],
                e.get("frequency", "annual"),
                e.get("due"),
                e.get("organiser"),
                e.get("text"),
            )
            for e in d.get("events", ())
        ),
    }
