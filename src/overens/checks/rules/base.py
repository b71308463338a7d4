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

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from overens.model.agreement import Agreement, Party
from overens.model.dates import Tri, plus_years
from overens.model.findings import Severity
from overens.model.identity import name_key
from overens.model.signatory import Membership, Signatory
from overens.model.status import agreement_start, in_force, validity_end

validity_start = agreement_start
"""The first day of the agreement (:func:`overens.model.status.agreement_start`)."""

__all__ = ["plus_years", "validity_end", "validity_start"]

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
    uncertain: bool = False
    """The verdict depends on a date known only to the year or month: reported at severity info,
    whatever the rule's severity, and marked uncertain (docs/decisions/0800-lifecycle-model.md)."""
    severity: Severity | None = None
    """A severity of its own (an overdue confirmation is an error), unless the agreement sets
    the rule's severity under ``checks:``; None: the rule's."""


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule sees: one agreement, the date of the verdict and the rule's parameters."""

    agreement: Agreement
    as_of: dt.date
    params: Mapping[str, Any] = field(default_factory=dict)
    others: Mapping[str, Agreement] = field(default_factory=dict)
    """The agreements its succession links name, where they are in the repository, by id."""

    def param(self, name: str, default: Any = None) -> Any:
        value = self.params.get(name)
        return default if value is None else value

    @property
    def in_force(self) -> Tri:
        """Is the as-of date within the agreement's period (not past its validity, not replaced)?"""
        return in_force(self.agreement, self.as_of)

    @property
    def ended(self) -> bool:
        """True when the agreement's period had certainly ended by the as-of date (its validity
        ended or a successor took over)."""
        return self.in_force.no

    def active(self) -> list[tuple[Signatory, int, Membership]]:
        """The signatories certainly active on the date, each with its current period and that
        period's index.

        Nobody is an active signatory of an agreement whose period has ended
        (docs/decisions/0202-as-of-semantics.md), nor certainly active while it may have ended.
        """
        if not self.in_force.yes:
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


def party_signatories(a: Agreement) -> list[str]:
    """Ids of the signatories that are the agreement's own parties (or represent one): those the
    parties name (``parties[].signatory``), else those of the same name.

    They made the agreement rather than joined it, so the joining rules exempt them by default.
    A party that joined later is one from its `joined` date (:func:`exempt_on`).
    """
    return list(_party_of_signatory(a))


def _party_of_signatory(a: Agreement) -> dict[str, Party]:
    found: dict[str, Party] = {}
    by_name: dict[str, Party] = {}
    for p in a.parties:
        if p.signatory:
            found[p.signatory] = p
        else:
            by_name[name_key(p.name)] = p
            if p.represented_by:
                by_name[name_key(p.represented_by)] = p
    for s in a.signatories:
        party = by_name.get(name_key(s.name))
        if s.id not in found and party is not None:
            found[s.id] = party
    return found


def exempt_on(ctx: Context, exempt: list[str]) -> dict[str, Tri]:
    """The signatories of ``exempt`` and whether each is exempt on the as-of date: a party that
    joined after adoption is exempt from its `joined` date, every other one always."""
    parties = _party_of_signatory(ctx.agreement)
    answers = {}
    for signatory in exempt:
        party = parties.get(signatory)
        answers[signatory] = party.party_on(ctx.as_of) if party is not None else Tri.YES
    return answers


def joiners(ctx: Context, exempt: list[str]) -> list[tuple[Signatory, int, Membership, Tri]]:
    """The active signatories that joined the agreement: not one of its parties (``exempt``), and
    not carried over from a predecessor; with whether that can be told (a party that joined in
    "2018" may or may not have been one on the date)."""
    exempted = exempt_on(ctx, exempt)
    since = ctx.param("since")
    found = []
    for s, i, m in ctx.active():
        if m.carried_over_from:
            continue
        if since is not None and m.signed.date is not None and m.signed.date.last < _day(since):
            continue
        joined = ~exempted.get(s.id, Tri.NO)
        if not joined.no:
            found.append((s, i, m, joined))
    return found


def merge_ends(low: list[Issue], high: list[Issue]) -> list[Issue]:
    """A verdict computed at both ends of what a vague date allows (``low`` and ``high``): an
    issue found both ways is certain (as ``low`` words it), one found only one way is uncertain.
    Two issues are the same when they are about the same place and say the same but for numbers."""

    def key(issue: Issue) -> tuple[str, JsonPath, str]:
        return issue.path, issue.json_path, re.sub(r"\d+", "#", issue.message)

    both = {key(i) for i in low} & {key(i) for i in high}
    merged = [i for i in low if key(i) in both]
    seen = set(both)
    for issue in (*low, *high):
        k = key(issue)
        if k not in seen:
            seen.add(k)
            merged.append(
                dataclasses.replace(
                    issue,
                    message=issue.message + "; whether that is so cannot be told from dates "
                    "known only to the year or month",
                    uncertain=True,
                )
            )
    return merged


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


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
