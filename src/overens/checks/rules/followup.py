"""The annual follow-up: the reports each signatory owes for each year it was a signatory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from overens.checks.rules.base import Context, Issue, rule, validity_end, validity_start
from overens.model.agreement import Agreement
from overens.model.findings import Severity
from overens.model.signatory import Signatory


def years_active(s: Signatory, fallback_start: dt.date | None, until: dt.date) -> set[int]:
    """The years up to ``until`` in which the organisation was a signatory on at least one day."""
    years: set[int] = set()
    for m in s.memberships:
        start = m.signed.date or fallback_start
        if start is None:
            continue
        # `effective` is the first day the organisation is no longer a signatory.
        last = m.withdrawal.effective - dt.timedelta(days=1) if m.withdrawal else None
        if last is None or last >= start:
            years.update(range(start.year, min(last.year if last else until.year, until.year) + 1))
    return years


def _kinds(a: Agreement) -> dict[str, object]:
    return {"kinds": [k.kind for k in a.terms.reports]}


@rule(
    "annual-reports",
    Severity.ERROR,
    "Each signatory sends the required reports for every year it was a signatory, by their due date.",
    applies_when="terms.follow_up.reports lists report kinds",
    applies=lambda a: bool(a.terms.reports),
    defaults=_kinds,
)
def annual_reports(ctx: Context) -> Iterator[Issue]:
    """For each report kind in terms.follow_up.reports (parameter `kinds` narrows them), each
    signatory in the sectors of parameter `sectors` (both by default) owes one report for every year in which it was a signatory on at least one day
    (withdrawn signatories too, for their years), from parameter `since` and within the
    agreement's period. A report for a year is due by the kind's `due` day (MM-DD) of the next
    year, the end of the next year without one. A report not recorded as received by the as-of
    date is overdue once its due date has passed. Record received reports under `reports:` in the
    signatory's file."""
    a = ctx.agreement
    wanted: list[str] = ctx.param("kinds", [])
    known = {k.kind for k in a.terms.reports}
    unknown = [k for k in wanted if k not in known]
    if unknown:
        yield Issue(
            a.path,
            ("checks", "annual-reports", "params", "kinds"),
            f"annual-reports names report kinds the agreement does not declare: {', '.join(unknown)}",
            hint=f"declared in terms.follow_up.reports: {', '.join(sorted(known)) or 'none'}",
        )
    kinds = [k for k in a.terms.reports if k.kind in wanted]
    start, end = validity_start(a), validity_end(a)
    since: int | None = ctx.param("since")
    sectors: list[str] = ctx.param("sectors", ["ideburen", "offentlig"])
    for s in a.signatories:
        if s.sector not in sectors:
            continue
        received = {(r.year, r.kind) for r in s.reports if r.received <= ctx.as_of}
        years = sorted(years_active(s, start, ctx.as_of))
        for kind in kinds:
            overdue = [
                y
                for y in years
                if (since is None or y >= since)
                and (end is None or y <= end.year)
                and (start is None or y >= start.year)
                and kind.due_date(y) < ctx.as_of
                and (y, kind.kind) not in received
            ]
            if not overdue:
                continue
            listed = ", ".join(f"{y} (due {kind.due_date(y)})" for y in overdue)
            yield Issue(
                s.path,
                ("reports",),
                f"{s.name} has not sent its {kind.title} ({kind.kind}) for {listed}",
                hint=f"record each report when it arrives: `reports: [{{year: {overdue[0]}, kind: {kind.kind}, "
                "received: YYYY-MM-DD}]`",
            )
