"""What proves an event and what decided it: :class:`Evidence` and :class:`Decision`.

One decision shape for everything decided (``$defs/decision`` in the schemas): an adoption
and each party's own decision, a revision, a party's joining, a succession, an appointment, a
plan's adoption, an exception to a joining criterion.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from overens.model.dates import PartialDate, partial_of


@dataclass(frozen=True, slots=True)
class Evidence:
    """What proves an event: a file hash, a stored file and/or a registry number."""

    sha256: str | None = None
    file: str | None = None
    reference: str | None = None

    @classmethod
    def build(cls, d: dict[str, Any] | None) -> Evidence | None:
        if not d:
            return None
        return cls(d.get("sha256"), d.get("file"), d.get("reference"))

    def to_dict(self) -> dict[str, str]:
        return {
            k: v
            for k, v in (
                ("sha256", self.sha256),
                ("file", self.file),
                ("reference", self.reference),
            )
            if v
        }


@dataclass(frozen=True, slots=True)
class Decision:
    """A decision as its minutes record it; every part is optional."""

    date: PartialDate | None = None
    by: str | None = None
    """The deciding assembly or body (beslutande organ)."""
    reference: str | None = None
    """The registry number (diarienummer)."""
    paragraph: str | None = None
    """The paragraph of the minutes (protokollsparagraf)."""
    party: str | None = None
    """The id of the party whose decision it is, where several parties decide."""
    evidence: Evidence | None = None

    @classmethod
    def build(cls, d: dict[str, Any] | None) -> Decision | None:
        if not d:
            return None
        return cls(
            partial_of(d.get("date")),
            d.get("by"),
            d.get("reference"),
            d.get("paragraph"),
            d.get("party"),
            Evidence.build(d.get("evidence")),
        )


def decisions(items: Any) -> tuple[Decision, ...]:
    """A list of decisions from a file (an empty tuple when there is none)."""
    return tuple(d for d in (Decision.build(i) for i in items or ()) if d is not None)
