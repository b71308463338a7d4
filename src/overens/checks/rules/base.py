"""What every compliance rule shares: the registry, the context a rule sees, and what it yields.

A rule is a pure function ``(Context) -> Iterator[Issue]`` over one loaded agreement on one date.
It reads no files and knows no lines: an :class:`Issue` names the file and the place in it as a
JSON path, and :mod:`overens.checks.engine` turns it into a :class:`~overens.model.findings.Finding` with a
line, reading the file only when there is something to report (a clean check stays fast).

Rules are registered with :func:`rule` under a stable id; their parameters are declared in the
shipped agreement schema (``$defs/check-<id>``), so the schema validates what an agreement
writes under ``checks:`` and ``overens rules`` documents the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from overens.model.agreement import Agreement
from overens.model.findings import Severity
from overens.model.identity import name_key
from overens.model.signatory import Membership, Signatory

JsonPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Issue:
    """One thing a rule found: the file, where in it, what is wrong and how to fix it."""

    path: str
    """The file, relative to the repository root (the model's ``path``)."""
    json_path: JsonPath
    """Where in the file; a missing key resolves to the mapping that lacks it."""
    message: str
    hint: str | None = None
    needle: str | None = None
    """Text to find inside a multi-line value, so the line is the one that holds it."""
    severity: Severity | None = None
    """A severity of its own (an overdue confirmation is an error), unless the agreement sets
    the rule's severity under ``checks:``; None: the rule's."""


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule sees: one agreement, the date of the verdict and the rule's parameters."""

    agreement: Agreement
    as_of: dt.date
    params: Mapping[str, Any] = field(default_factory=dict)

    def param(self, name: str, default: Any = None) -> Any:
        value = self.params.get(name)
        return default if value is None else value

    @property
    def ended(self) -> bool:
        """True when the agreement's period ended before the as-of date."""
        end = validity_end(self.agreement)
        return end is not None and self.as_of > end

    def active(self) -> list[tuple[Signatory, int, Membership]]:
        """The signatories active on the date, each with its current period and that period's index.

        Nobody is an active signatory of an agreement whose period has ended
        (docs/decisions/0202-as-of-semantics.md).
        """
        if self.ended:
            return []
        found = []
        for s in self.agreement.signatories:
            if s.active_on(self.as_of):
                index, membership = current_period(s, self.as_of)
                found.append((s, index, membership))
        return found


ConfigFn = Callable[[Agreement], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered compliance rule."""

    id: str
    severity: Severity
    summary: str
    """One line: what the rule requires."""
    explanation: str
    """What it checks, why, and how to satisfy it (the function's docstring)."""
    applies_when: str
    """When the rule runs for an agreement whose ``checks`` does not name it, in words."""
    applies: Callable[[Agreement], bool]
    defaults: ConfigFn
    """Parameter defaults taken from the agreement's terms."""
    check: Callable[[Context], Iterator[Issue]]
    builtin: Mapping[str, Any] = field(default_factory=dict)
    """Parameter defaults that live in code (shown by ``overens rules``), weaker than the terms'."""
    requires: tuple[str, ...] = ()
    """Parameters without which the rule cannot run; :mod:`overens.checks.engine` reports them missing."""
    drafts: bool = False
    """True: the rule judges drafts (``status: draft``), and only drafts; the others judge only
    adopted agreements."""


RULES: dict[str, Rule] = {}


def _always(_: Agreement) -> bool:
    return True


def _no_defaults(_: Agreement) -> dict[str, Any]:
    return {}


def rule(
    rule_id: str,
    severity: Severity,
    summary: str,
    *,
    applies_when: str = "always",
    applies: Callable[[Agreement], bool] = _always,
    defaults: ConfigFn = _no_defaults,
    builtin: Mapping[str, Any] | None = None,
    requires: tuple[str, ...] = (),
    drafts: bool = False,
) -> Callable[[Callable[[Context], Iterator[Issue]]], Callable[[Context], Iterator[Issue]]]:
    """Register a rule function under ``rule_id``; its docstring is the explanation."""

    def register(
        func: Callable[[Context], Iterator[Issue]],
    ) -> Callable[[Context], Iterator[Issue]]:
        if rule_id in RULES:
            raise RuntimeError(f"rule id {rule_id!r} registered twice")
        explanation = " ".join((func.__doc__ or summary).split())
        RULES[rule_id] = Rule(
            rule_id,
            severity,
            summary,
            explanation,
            applies_when,
            applies,
            defaults,
            func,
            dict(builtin or {}),
            requires,
            drafts,
        )
        return func

    return register


# ----------------------------------------------------------------------------- shared helpers


def current_period(s: Signatory, day: dt.date) -> tuple[int, Membership]:
    """The period that had started by ``day`` (the last one when none had), with its index."""
    current = s.membership_on(day) or s.last
    index = next(i for i, m in enumerate(s.memberships) if m is current)
    return index, current


def validity_start(a: Agreement) -> dt.date | None:
    """The first day of the agreement: validity.from, else the adoption date, else the first revision's."""
    first_revision = a.revisions[0].date if a.revisions else None
    return a.terms.valid_from or a.adopted_date or first_revision


def validity_end(a: Agreement) -> dt.date | None:
    """The last day of the agreement: validity.until, else start + period_years - 1 day."""
    t = a.terms
    if t.valid_until is not None:
        return t.valid_until
    start = validity_start(a)
    if t.period_years and start is not None and not t.indefinite:
        return add_years(start, t.period_years) - dt.timedelta(days=1)
    return None


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def party_signatories(a: Agreement) -> list[str]:
    """Ids of the signatories that are the agreement's own parties (or represent one).

    They made the agreement rather than joined it, so the joining rules exempt them by default.
    """
    names = {name_key(p.name) for p in a.parties} | {
        name_key(p.represented_by) for p in a.parties if p.represented_by
    }
    return [s.id for s in a.signatories if name_key(s.name) in names]


def quote(text: str | None, limit: int = 110) -> str:
    """The agreement's own wording, shortened to its first sentence, for a hint."""
    if not text:
        return ""
    first = " ".join(text.split())
    for stop in (". ", "? ", "! "):
        if stop in first:
            first = first.split(stop, 1)[0] + stop.strip()
            break
    if len(first) > limit:
        first = first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return f" (the agreement: \u201d{first}\u201d)"


def sector_label(sector: str) -> str:
    return {"ideburen": "idéburen", "offentlig": "public (offentlig)"}.get(sector, sector)
