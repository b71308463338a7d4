"""The typed model: frozen dataclasses built from schema-valid dicts (style.md §5).

Nothing after the loader touches raw dicts. Every object that comes from a file keeps its
``path`` (relative to the repository root) so that findings can name it. Status is derived from
the membership periods on a given date, never stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from overens.model.counts import Count
from overens.model.dates import PartialDate, Tri, partial_of
from overens.model.decisions import Decision, decisions
from overens.model.events import Event, EventYear
from overens.model.governance import Body, BodyMembers, Governance
from overens.model.plans import Plan
from overens.model.signatory import Signatory
from overens.model.succession import Succession
from overens.model.terms import Terms


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
    excerpt: bool = False
    """Only part of the wording is known (or only the heading, when ``text`` is None)."""

    @classmethod
    def build(cls, path: str, d: dict[str, Any]) -> Principle:
        return cls(
            path,
            d["id"],
            d["number"],
            d["title"],
            d.get("text"),
            _tuple(d.get("actions"), Undertaking.build),
            _tuple(d.get("responsibilities"), Undertaking.build),
            _tuple(d.get("commitments"), Undertaking.build),
            bool(d.get("excerpt", False)),
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
            d["id"],
            d.get("title"),
            d.get("placement", "before_principles"),
            d.get("text"),
            tuple(d.get("items", ())),
            d.get("closing"),
            _tuple(d.get("sections"), Section.build),
        )


@dataclass(frozen=True, slots=True)
class Party:
    """A party named by the agreement itself: one that made it, or one that joined it later."""

    id: str
    name: str
    sector: str
    represented_by: str | None = None
    kind: str | None = None
    """government, region, municipality, ... (``$defs/party_kind``)."""
    joined: Decision | None = None
    """The decision by which the party joined an agreement already adopted."""
    signatory: str | None = None
    """The id of the signatory file that records the party's signing."""

    def party_on(self, day: dt.date) -> Tri:
        """Is it a party on ``day``? A founding party always is; one that joined, from its date."""
        if self.joined is None:
            return Tri.YES
        return self.joined.date.by(day) if self.joined.date else Tri.MAYBE

    @classmethod
    def build(cls, d: dict[str, Any]) -> Party:
        return cls(
            d["id"],
            d["name"],
            d["sector"],
            d.get("represented_by"),
            d.get("kind"),
            Decision.build(d.get("joined")),
            d.get("signatory"),
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
        return cls(
            d["layout"],
            d.get("heading"),
            d.get("intro"),
            tuple(d.get("columns", ())),
            bool(d.get("date_per_party", False)),
            d.get("copies"),
            d.get("copies_text"),
        )


@dataclass(frozen=True, slots=True)
class Revision:
    """One version of the text."""

    version: str
    kind: str
    summary: str
    text_sha256: str | None
    """The hash of the version's text; None when the text is not recorded."""
    date: PartialDate | None = None
    decided_by: str | None = None
    text_recorded: bool = True
    """False for a version known only by its date and decision."""
    reference: str | None = None
    paragraph: str | None = None
    decisions: tuple[Decision, ...] = ()
    reviewed: tuple[str, ...] = ()
    """The parts of the text the revision reviewed; none listed: the whole."""

    @property
    def material(self) -> bool:
        return self.kind == "material"

    def reviews(self, part: str) -> bool:
        """Did the revision review ``part`` (it reviewed the part, the whole, or everything)?"""
        return not self.reviewed or part in self.reviewed or "whole" in self.reviewed

    @classmethod
    def build(cls, d: dict[str, Any]) -> Revision:
        return cls(
            d["version"],
            d["kind"],
            d["summary"],
            d.get("text_sha256"),
            partial_of(d.get("date")),
            d.get("decided_by"),
            bool(d.get("text_recorded", True)),
            d.get("reference"),
            d.get("paragraph"),
            decisions(d.get("decisions")),
            tuple(d.get("reviewed", ())),
        )


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
    """SHA-256 of the current canonical text (see :mod:`overens.model.canonical`)."""
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
    adoption: Decision | None = None
    """The adoption: its date, the deciding assembly, registry number and paragraph."""
    adoption_decisions: tuple[Decision, ...] = ()
    """Each party's own decision to adopt the text (``adopted.decisions``)."""
    actions_title: str | None = None
    actions: tuple[Undertaking, ...] = ()
    succession: Succession = Succession()
    governance: Governance | None = None
    counts: tuple[Count, ...] = ()
    """Numbers of organisations recorded without their names."""
    plans: tuple[Plan, ...] = ()
    """The plans (plans/<period>.yaml), by period."""
    events: tuple[EventYear, ...] = ()
    """The recorded events (events/<year>.yaml), by year."""
    complete: bool = True
    """False when a principle file could not be read: the text is not all there."""
    draft: bool = False
    """``status: draft``: not adopted yet, so no version is declared and nobody can sign it."""

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0]

    @property
    def adopted_date(self) -> PartialDate | None:
        return self.adoption.date if self.adoption else None

    @property
    def adopted_by(self) -> str | None:
        return self.adoption.by if self.adoption else None

    @property
    def text_recorded(self) -> bool:
        """False when the current version's text is not recorded (known only by its decision)."""
        current = self.revision(self.version)
        return current is None or current.text_recorded

    def party(self, party_id: str) -> Party | None:
        return next((p for p in self.parties if p.id == party_id), None)

    def parties_on(self, day: dt.date) -> list[tuple[Party, Tri]]:
        """The parties that are, or may be, parties on ``day``, with the answer."""
        return [(p, on) for p in self.parties if not (on := p.party_on(day)).no]

    def plan(self, plan_id: str) -> Plan | None:
        return next((p for p in self.plans if p.id == plan_id), None)

    def recorded_events(self, kind: str | None = None) -> list[Event]:
        """Every recorded event (of ``kind``), in the order of the files."""
        return [e for y in self.events for e in y.events if kind is None or e.kind == kind]

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
        plans: tuple[Plan, ...] = (),
        events: tuple[EventYear, ...] = (),
        complete: bool = True,
    ) -> Agreement:
        adopted = d.get("adopted") or {}
        actions = d.get("actions") or {}
        return cls(
            path=path,
            id=d["id"],
            title=d["title"],
            language=d["language"],
            version=d["version"],
            text_sha256=text_sha256,
            parties=_tuple(d["parties"], Party.build),
            sources=tuple(
                Source(s["document"], s["description"], s.get("notes")) for s in d["sources"]
            ),
            sections=_tuple(d.get("sections"), Section.build),
            bodies=_tuple(d.get("bodies"), Body.build),
            terms=Terms.build(d.get("terms")),
            signature_block=SignatureBlock.build(d["signature_block"]),
            revisions=_tuple(d.get("revisions"), Revision.build),
            checks=tuple(
                CheckConfig(
                    rule, bool(c.get("enabled", True)), c.get("severity"), dict(c.get("params", {}))
                )
                for rule, c in (d.get("checks") or {}).items()
            ),
            principles=tuple(sorted(principles, key=lambda p: p.number)),
            signatories=tuple(sorted(signatories, key=lambda s: s.id)),
            members=members,
            subtitle=d.get("subtitle"),
            short_name=d.get("short_name"),
            adoption=Decision.build(
                {k: v for k, v in adopted.items() if k in ("date", "by", "reference", "paragraph")}
            ),
            adoption_decisions=decisions(adopted.get("decisions")),
            actions_title=actions.get("title"),
            actions=_tuple(actions.get("items"), Undertaking.build),
            succession=Succession.build(d.get("succession")),
            governance=Governance.build(d.get("governance")),
            counts=_tuple(d.get("counts"), Count.build),
            plans=tuple(sorted(plans, key=lambda p: p.id)),
            events=tuple(sorted(events, key=lambda e: e.year)),
            complete=complete,
            draft=d.get("status") == "draft",
        )
