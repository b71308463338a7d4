"""Succession: the agreement an agreement replaced and the one that replaced it.

A link names an agreement in this repository by its id, or one that is not held by its title (and
address); ``date`` is the successor's first day, so the predecessor's last day is the day before.
Either side may be recorded; when both are, the loader checks that they agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from overens.model.dates import PartialDate, required_partial
from overens.model.decisions import Decision


@dataclass(frozen=True, slots=True)
class Link:
    """One side of a succession: the other agreement, the day the successor took over, the decision."""

    date: PartialDate
    """The successor's first day."""
    agreement: str | None = None
    """The other agreement's id, when it is in this repository."""
    title: str | None = None
    """The other agreement's title, when it is not (or to name it as the source does)."""
    url: str | None = None
    decision: Decision | None = None
    note: str | None = None
    body: str | None = None
    """The new body that took over (a successor only)."""
    carry_over: bool = False
    """The new text says the predecessor's signatories remain signatories (a predecessor only)."""
    carry_over_text: str | None = None

    @property
    def name(self) -> str:
        """How to name the other agreement when nothing else is known of it."""
        return self.title or self.agreement or ""

    @classmethod
    def build(cls, d: dict[str, Any] | None) -> Link | None:
        if not d:
            return None
        carry = d.get("carry_over") or {}
        return cls(
            required_partial(d["date"]),
            d.get("agreement"),
            d.get("title"),
            d.get("url"),
            Decision.build(d.get("decision")),
            d.get("note"),
            d.get("body"),
            bool(carry.get("signatories", False)),
            carry.get("text"),
        )


@dataclass(frozen=True, slots=True)
class Succession:
    """The agreement's predecessor and successor, as far as they are recorded."""

    predecessor: Link | None = None
    successor: Link | None = None

    @property
    def linked(self) -> tuple[str, ...]:
        """The ids of the agreements in this repository that the links name."""
        return tuple(
            link.agreement
            for link in (self.predecessor, self.successor)
            if link is not None and link.agreement
        )

    @classmethod
    def build(cls, d: dict[str, Any] | None) -> Succession:
        d = d or {}
        return cls(Link.build(d.get("predecessor")), Link.build(d.get("successor")))
