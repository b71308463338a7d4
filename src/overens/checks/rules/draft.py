"""A draft's advice: what is still missing before it can be adopted (docs/decisions/0208-drafts.md)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from overens.checks.rules.base import Context, Issue, rule
from overens.checks.rules.text import DEFAULT_PATTERNS, texts
from overens.model.findings import Severity

_PATTERNS = tuple(re.compile(p) for p in DEFAULT_PATTERNS)


def placeholders_in(text: str) -> list[str]:
    """The placeholders in ``text``, each once, in the order of the patterns (no overlaps)."""
    spans: list[tuple[int, int]] = []
    found: list[str] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in spans):
                continue
            spans.append(m.span())
            if m.group(0) not in found:
                found.append(m.group(0))
    return found


@rule(
    "draft",
    Severity.INFO,
    "A draft says what is still missing before it can be adopted.",
    applies_when="the agreement is a draft (`status: draft`)",
    applies=lambda a: a.draft,
    drafts=True,
)
def draft(ctx: Context) -> Iterator[Issue]:
    """A draft (`status: draft`, written by `overens new`) has not been adopted: no version is
    declared, so it has no text hash and nobody can sign it. Instead of the rules for adopted
    agreements, `check` says what is still missing before adoption: every placeholder left in
    the text (the patterns of the placeholders rule, such as \u201d[Skriv …]\u201d), a text without
    principles, and terms.validity without a period (from and until, period_years, or
    indefinite). When the text is decided, `overens adopt` records the decision and declares
    version 1."""
    a = ctx.agreement
    yield Issue(
        a.path,
        ("status",),
        f"{a.id} is a draft: it has not been adopted, so it has no version to sign yet",
        hint=f"when the text is decided, record the decision with `overens adopt {a.id} --date "
        "YYYY-MM-DD --by BODY` (it declares version 1)",
    )
    for path, where, text, label in texts(a):
        for found in placeholders_in(text):
            yield Issue(
                path,
                where,
                f"before adoption: write the text in place of \u201d{found}\u201d in {label}",
                hint="`overens adopt` refuses while a placeholder is left",
                needle=found,
            )
    if not a.principles:
        yield Issue(
            a.path,
            ("id",),
            "before adoption: the draft has no principles",
            hint=f"write each as agreements/{a.id}/principles/NN-<slug>.yaml (see the data model)",
        )
    t = a.terms
    if not (t.valid_from or t.valid_until or t.indefinite or t.period_years):
        yield Issue(
            a.path,
            ("terms",),
            "before adoption: the terms say nothing about how long the agreement applies",
            hint="write terms.validity: from and until, period_years, or indefinite: true (tills "
            "vidare), as the text states it",
        )
