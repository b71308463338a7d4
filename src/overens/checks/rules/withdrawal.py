"""Rules about withdrawals (utträde): written notice and the notice period."""

from __future__ import annotations

from collections.abc import Iterator

from overens.checks.rules.base import Context, Issue, quote, rule
from overens.model.agreement import Agreement
from overens.model.dates import plus_days
from overens.model.findings import Severity
from overens.model.signatory import Signatory, Withdrawal


def _withdrawals(ctx: Context) -> Iterator[tuple[Signatory, int, Withdrawal]]:
    """Every withdrawal whose notice had been received by the as-of date, of every signatory."""
    for s in ctx.agreement.signatories:
        for i, m in enumerate(s.memberships):
            if m.withdrawal is not None and m.withdrawal.notice_date <= ctx.as_of:
                yield s, i, m.withdrawal


@rule(
    "withdrawal-written",
    Severity.ERROR,
    "Each withdrawal records the written notice (evidence or a reference).",
    applies_when="terms.withdrawal.written_notice is true",
    applies=lambda a: a.terms.written_notice,
)
def withdrawal_written(ctx: Context) -> Iterator[Issue]:
    """Where notice of withdrawal must be given formally and in writing, each withdrawal received
    by the date records the letter: `evidence` with a file hash, a stored file or a registry
    reference (diarienummer). Withdrawn signatories are checked too."""
    wording = quote(ctx.agreement.terms.withdrawal_text)
    for s, i, w in _withdrawals(ctx):
        if w.evidence is None:
            yield Issue(
                s.path,
                ("memberships", i, "withdrawal"),
                f"{s.name}'s withdrawal (notice {w.notice_date}) records no written notice{wording}",
                hint="add `evidence: {reference: …}` (the registry number of the letter) or "
                "`{sha256: …, file: evidence/…}` under `withdrawal:`",
            )


def _notice_days(a: Agreement) -> dict[str, object]:
    return {"days": a.terms.notice_period_days}


@rule(
    "notice-period",
    Severity.ERROR,
    "Each withdrawal takes effect no earlier than the notice period allows.",
    applies_when="terms.withdrawal.notice_period_days is set",
    applies=lambda a: a.terms.notice_period_days is not None,
    defaults=_notice_days,
    requires=("days",),
)
def notice_period(ctx: Context) -> Iterator[Issue]:
    """Each withdrawal received by the date takes effect at least `days` days (by default the
    agreement's terms.withdrawal.notice_period_days) after the notice was received."""
    days: int = ctx.param("days")
    for s, i, w in _withdrawals(ctx):
        earliest = plus_days(w.notice_date, days)
        if w.effective < earliest:
            yield Issue(
                s.path,
                ("memberships", i, "withdrawal", "effective"),
                f"{s.name}'s withdrawal takes effect on {w.effective}, {(w.effective - w.notice_date).days} "
                f"days after the notice ({w.notice_date}); the notice period is {days} days",
                hint=f"the earliest effective date is {earliest}",
            )
