"""The typed model: frozen dataclasses built from schema-valid dicts (style.md §5).

Nothing after the loader touches raw dicts. Every object that comes from a file keeps its
``path`` (relative to the repository root) so that findings can name it. Status is derived from
the membership periods on a given date, never stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from overens.model.dates import date_of as _date
from overens.model.signatory import Signatory


def _tuple(items: Any, build: Any) -> tuple[Any, ...]:
    return tuple(build(i) for i in items or ())


@dataclass(frozen=True, slots=True)
class Undertaking:
    """An action, responsibility or commitment and who carries it."""

    text: str
    by: str | None = None
    body: str | None = None

    @classmethod
    def build(cls, d: dict[str, Any]) -> Undertaking:
        return cls(d["text"], d.get("by"), d.get("body"))


# ----------------------------------------------------------------------------- the agreement


@dataclass(frozen=True, slots=True)
class Principle:
    """One principle: number, title, text, and what each party does."""

    path: str
    id: str
    number: int
    title: str
    text: str | None
    actions: tuple[Undertaking, ...]
    responsibilities: tuple[Undertaking, ...]
    commitments: tuple[Undertaking, ...]

    @classmethod
    def build(cls, path: str, d: dict[str, Any]) -> Principle:
        return cls(
            path, d["id"], d["number"], d["title"], d.get("text"),
            _tuple(d.get("actions"), Undertaking.build),
            _tuple(d.get("responsibilities"), Undertaking.build),
            _tuple(d.get("commitments"), Undertaking.build),
        )


@dataclass(frozen=True, slots=True)
class Section:
    """A prose section with optional bullet items and subsections."""

    id: str
    title: str | None
    placement: str
    text: str | None
    items: tuple[str, ...]
    closing: str | None
    sections: tuple[Section, ...]

    @classmethod
    def build(cls, d: dict[str, Any]) -> Section:
        return cls(
            d["id"], d.get("title"), d.get("placement", "before_principles"), d.get("text"),
            tuple(d.get("items", ())), d.get("closing"), _tuple(d.get("sections"), Section.build),
        )


@dataclass(frozen=True, slots=True)
class Party:
    """A party named by the agreement itself."""

    id: str
    name: str
    sector: str
    represented_by: str | None = None

    @classmethod
    def build(cls, d: dict[str, Any]) -> Party:
        return cls(d["id"], d["name"], d["sector"], d.get("represented_by"))


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
        return cls(d["id"], d["label"], d["role"], d.get("sector"), d.get("organisation"),
                   d.get("count"), d.get("per"), d.get("personal_substitutes"))


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
        return cls(d["id"], d["name"], d.get("purpose"), d.get("appointment"),
                   bool(d.get("parity", False)), _tuple(d["seats"], Seat.build))


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
        return cls(d["name"], d["seat"], start, _date(d.get("until")), d.get("organisation"),
                   d.get("substitute_for"))


@dataclass(frozen=True, slots=True)
class BodyMembers:
    """The members recorded for one body (bodies/<id>.yaml)."""

    path: str
    id: str
    members: tuple[Member, ...]

    @classmethod
    def build(cls, path: str, d: dict[str, Any]) -> BodyMembers:
        return cls(path, d["id"], _tuple(d["members"], Member.build))


@dataclass(frozen=True, slots=True)
class ReportKind:
    """A report every active signatory owes each year."""

    kind: str
    title: str
    due: str | None = None

    def due_date(self, year: int) -> dt.date:
        """The day by which the report for ``year`` is due (the end of the next year by default)."""
        month, day = (int(x) for x in (self.due or "12-31").split("-"))
        return dt.date(year + 1, month, day)


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
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    indefinite: bool = False
    period_years: int | None = None
    review_interval_years: int | None = None
    validity_text: str | None = None

    @property
    def approval_required(self) -> bool:
        return self.approval_by is not None

    @classmethod
    def build(cls, d: dict[str, Any] | None) -> Terms:
        d = d or {}
        c, j, w = d.get("contact_person", {}), d.get("joining", {}), d.get("withdrawal", {})
        r, f, v = d.get("renegotiation", {}), d.get("follow_up", {}), d.get("validity", {})
        return cls(
            contact_required=bool(c.get("required", False)), contact_text=c.get("text"),
            open_to=tuple(j.get("open_to", ("ideburen", "offentlig"))),
            democratic_values=bool(j.get("democratic_values", False)),
            application_required=bool(j.get("application_required", False)),
            approval_by=j.get("approval_by"), published=bool(j.get("published", False)),
            joining_text=j.get("text"),
            written_notice=bool(w.get("written_notice", False)), notify=w.get("notify"),
            notice_period_days=w.get("notice_period_days"), withdrawal_text=w.get("text"),
            renegotiation_written=bool(r.get("written", False)), renegotiation_text=r.get("text"),
            follow_up_frequency=f.get("frequency"), follow_up_forum=f.get("forum"),
            revision_proposals=f.get("revision_proposals"),
            reports=tuple(ReportKind(x["kind"], x["title"], x.get("due")) for x in f.get("reports", ())),
            follow_up_text=f.get("text"),
            valid_from=_date(v.get("from")), valid_until=_date(v.get("until")),
            indefinite=bool(v.get("indefinite", False)), period_years=v.get("period_years"),
            review_interval_years=v.get("review_interval_years"), validity_text=v.get("text"),
        )


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    """The layout of the signature block."""

    layout: str
    heading: str | None = None
    intro: str | None = None
    columns: tuple[str, ...] = ()
    date_per_party: bool = False
    copies: int | None = None
    copies_text: str | None = None

    @classmethod
    def build(cls, d: dict[str, Any]) -> SignatureBlock:
        return cls(d["layout"], d.get("heading"), d.get("intro"), tuple(d.get("columns", ())),
                   bool(d.get("date_per_party", False)), d.get("copies"), d.get("copies_text"))


@dataclass(frozen=True, slots=True)
class Revision:
    """One version of the text."""

    version: str
    kind: str
    summary: str
    text_sha256: str
    date: dt.date | None = None
    decided_by: str | None = None

    @property
    def material(self) -> bool:
        return self.kind == "material"

    @classmethod
    def build(cls, d: dict[str, Any]) -> Revision:
        return cls(d["version"], d["kind"], d["summary"], d["text_sha256"], _date(d.get("date")),
                   d.get("decided_by"))


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """One compliance rule as an agreement configures it."""

    rule: str
    enabled: bool = True
    severity: str | None = None
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class Source:
    """A document the encoding is taken from."""

    document: str
    description: str
    notes: str | None = None


# ----------------------------------------------------------------------------- aggregate


@dataclass(frozen=True, slots=True)
class Agreement:
    """An agreement with its principles, signatories and recorded body members."""

    path: str
    id: str
    title: str
    language: str
    version: str
    text_sha256: str
    """SHA-256 of the current canonical text (see :mod:`overens.canonical`)."""
    parties: tuple[Party, ...]
    sources: tuple[Source, ...]
    sections: tuple[Section, ...]
    bodies: tuple[Body, ...]
    terms: Terms
    signature_block: SignatureBlock
    revisions: tuple[Revision, ...]
    checks: tuple[CheckConfig, ...]
    principles: tuple[Principle, ...] = ()
    signatories: tuple[Signatory, ...] = ()
    members: tuple[BodyMembers, ...] = ()
    subtitle: str | None = None
    short_name: str | None = None
    adopted_date: dt.date | None = None
    adopted_by: str | None = None
    actions_title: str | None = None
    actions: tuple[Undertaking, ...] = ()

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0]

    @property
    def name(self) -> str:
        return self.short_name or self.id

    def revision(self, version: str) -> Revision | None:
        return next((r for r in self.revisions if r.version == version), None)

    def body(self, body_id: str) -> Body | None:
        return next((b for b in self.bodies if b.id == body_id), None)

    def signatory(self, slug: str) -> Signatory | None:
        return next((s for s in self.signatories if s.id == slug), None)

    def check_config(self, rule: str) -> CheckConfig | None:
        return next((c for c in self.checks if c.rule == rule), None)

    @classmethod
    def build(
        cls,
        path: str,
        d: dict[str, Any],
        *,
        text_sha256: str,
        principles: tuple[Principle, ...] = (),
        signatories: tuple[Signatory, ...] = (),
        members: tuple[BodyMembers, ...] = (),
    ) -> Agreement:
        adopted = d.get("adopted") or {}
        actions = d.get("actions") or {}
        return cls(
            path=path, id=d["id"], title=d["title"], language=d["language"], version=d["version"],
            text_sha256=text_sha256,
            parties=_tuple(d["parties"], Party.build),
            sources=tuple(Source(s["document"], s["description"], s.get("notes")) for s in d["sources"]),
            sections=_tuple(d.get("sections"), Section.build),
            bodies=_tuple(d.get("bodies"), Body.build),
            terms=Terms.build(d.get("terms")),
            signature_block=SignatureBlock.build(d["signature_block"]),
            revisions=_tuple(d["revisions"], Revision.build),
            checks=tuple(
                CheckConfig(rule, bool(c.get("enabled", True)), c.get("severity"), dict(c.get("params", {})))
                for rule, c in (d.get("checks") or {}).items()
            ),
            principles=tuple(sorted(principles, key=lambda p: p.number)),
            signatories=tuple(sorted(signatories, key=lambda s: s.id)),
            members=members,
            subtitle=d.get("subtitle"), short_name=d.get("short_name"),
            adopted_date=_date(adopted.get("date")), adopted_by=adopted.get("by"),
            actions_title=actions.get("title"),
            actions=_tuple(actions.get("items"), Undertaking.build),
        )


@dataclass(frozen=True, slots=True)
class Repository:
    """Everything loaded from one agreements repository."""

    root: str
    agreements: tuple[Agreement, ...]

    def agreement(self, agreement_id: str) -> Agreement | None:
        return next((a for a in self.agreements if a.id == agreement_id), None)

    @property
    def ids(self) -> list[str]:
        return [a.id for a in self.agreements]
