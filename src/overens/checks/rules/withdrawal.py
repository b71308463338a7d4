"""Rules about withdrawals (utträde): written notice and the notice period."""

from __future__ import annotations

from collections.abc import Iterator

from overens.checks.rules.base import Context, Issue, quote, rule
from overens.model.agreement import Agreement
from overens.model.dates import Tri, plus_days
from overens.model.findings import Severity
from overens.model.signatory import Signatory, Withdrawal


def _withdrawals(ctx: Context) -> Iterator[tuple[Signatory, int, Withdrawal, Tri]]:
    """Every withdrawal whose notice had, or may have, been received by the as-of date, of every
    signatory, with the answer."""
    for s in ctx.agreement.signatories:
        for i, m in enumerate(s.memberships):
            if (
                m.withdrawal is not None
                and not (received := m.withdrawal.notice_date.by(ctx.as_of)).no
            ):
                yield s, i, m.withdrawal, received


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
    for s, i, w, received in _withdrawals(ctx):
        if w.evidence is None:
            yield Issue(
                s.path,
                ("memberships", i, "withdrawal"),
                f"{s.name}'s withdrawal (notice {w.notice_date}) records no written notice{wording}"
                + (
                    f"; whether the notice had arrived by {ctx.as_of} cannot be told"
                    if received.maybe
                    else ""
                ),
                hint="add `evidence: {reference: …}` (the registry number of the letter) or "
                "`{sha256: …, file: evidence/…}` under `withdrawal:`",
                uncertain=received.maybe,
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
    agreement's terms.withdrawal.notice_period_days) after the notice was received. Where either
    date is known only to the year or month, only a certain breach is reported."""
    days: int = ctx.param("days")
    for s, i, w, received in _withdrawals(ctx):
        # An order between dates: only a certain contradiction is reported (the latest effect
        # and the earliest notice are too close).
        earliest_day = plus_days(w.notice_date.first, days)
        if not w.effective.last < earliest_day:
            continue
        uncertain = received.maybe
        if w.effective.exact and w.notice_date.exact:
            when = (
                f"on {w.effective}, {(w.effective.first - w.notice_date.first).days} days after "
                f"the notice ({w.notice_date})"
            )
            earliest = str(earliest_day)
        else:
            when = f"in {w.effective}, after a notice received in {w.notice_date}"
            earliest = str(w.notice_date.shifted(days))
        yield Issue(
            s.path,
            ("memberships", i, "withdrawal", "effective"),
            f"{s.name}'s withdrawal takes effect {when}; the notice period is {days} days"
            + (
                f"; whether the notice had arrived by {ctx.as_of} cannot be told"
                if uncertain
                else ""
            ),
            hint=f"the earliest effective date is {earliest}",
            uncertain=uncertain,
        )
