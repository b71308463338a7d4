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
from overens.model.governance import Body, BodyMembers
from overens.model.signatory import Signatory
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
    """A party named by the agreement itself."""

    id: str
    name: str
    sector: str
    represented_by: str | None = None

    @classmethod
    def build(cls, d: dict[str, Any]) -> Party:
        return cls(d["id"], d["name"], d["sector"], d.get("represented_by"))


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
    text_sha256: str
    date: dt.date | None = None
    decided_by: str | None = None

    @property
    def material(self) -> bool:
        return self.kind == "material"

    @classmethod
    def build(cls, d: dict[str, Any]) -> Revision:
        return cls(
            d["version"],
            d["kind"],
            d["summary"],
            d["text_sha256"],
            _date(d.get("date")),
            d.get("decided_by"),
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
    adopted_date: dt.date | None = None
    adopted_by: str | None = None
    actions_title: str | None = None
    actions: tuple[Undertaking, ...] = ()
    draft: bool = False
    """``status: draft``: not adopted yet, so no version is declared and nobody can sign it."""

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
            adopted_date=_date(adopted.get("date")),
            adopted_by=adopted.get("by"),
            actions_title=actions.get("title"),
            actions=_tuple(actions.get("items"), Undertaking.build),
            draft=d.get("status") == "draft",
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
