"""Counts without names: "about 70 organisations signed on 5 December 2014" when the source gives
the number of organisations but not who they are. A count is never a signatory: the lists show it
as a count, beside the named signatories, and never add it to their number."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from overens.model.dates import PartialDate, required_partial


@dataclass(frozen=True, slots=True)
class Count:
    """A number of organisations without their names, as the source gives it."""

    date: PartialDate
    count: int
    counted: str
    """``signed`` (that many signed on the date) or ``signatories`` (that many were signatories)."""
    approximate: bool = False
    sector: str | None = None
    text: str | None = None
    source: str | None = None

    @classmethod
    def build(cls, d: dict[str, Any]) -> Count:
        return cls(
            required_partial(d["date"]),
            d["count"],
            d["counted"],
            bool(d.get("approximate", False)),
            d.get("sector"),
            d.get("text"),
            d.get("source"),
        )
