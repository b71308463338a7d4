"""The annual follow-up: the reports each signatory owes for each year it was a signatory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from overens.checks.rules.base import Context, Issue, rule, validity_end, validity_start
from overens.model.agreement import Agreement
from overens.model.dates import DayRange
from overens.model.findings import Severity
from overens.model.signatory import Signatory
from overens.model.terms import ReportKind


def years_active(
    s: Signatory, fallback_start: DayRange | None, until: dt.date
) -> tuple[set[int], set[int]]:
    """The years up to ``until`` in which the organisation was certainly a signatory on at least
    one day, and those in which it may have been (a date known to the year or month)."""
    certain: set[int] = set()
    possible: set[int] = set()
    for m in s.memberships:
        start = m.signed.date or fallback_start
        if start is None:
            continue
        # `effective` is the first day the organisation is no longer a signatory.
        last = m.withdrawal.effective.shifted(-1) if m.withdrawal else None
        for years, begin, end in (
            (certain, start.last, last.first if last else None),
            (possible, start.first, last.last if last else None),
        ):
            if end is None or end >= begin:
                years.update(
                    range(begin.year, min(end.year if end else until.year, until.year) + 1)
                )
    return certain, possible | certain


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
        certain, possible = years_active(s, start, ctx.as_of)
        for kind in kinds:
            overdue = [
                y
                for y in sorted(possible)
                if (since is None or y >= since)
                and (end is None or y <= end.last.year)
                and (start is None or y >= start.first.year)
                and kind.due_date(y) < ctx.as_of
                and (y, kind.kind) not in received
            ]
            for years in (
                [y for y in overdue if y in certain],
                [y for y in overdue if y not in certain],
            ):
                if years:
                    yield _missing_reports(s, kind, years, uncertain=years[0] not in certain)


def _missing_reports(s: Signatory, kind: ReportKind, years: list[int], *, uncertain: bool) -> Issue:
    listed = ", ".join(f"{y} (due {kind.due_date(y)})" for y in years)
    vague = (
        "; whether it was a signatory in "
        + ("that year" if len(years) == 1 else "those years")
        + " cannot be told from dates known only to the year or month"
        if uncertain
        else ""
    )
    return Issue(
        s.path,
        ("reports",),
        f"{s.name} has not sent its {kind.title} ({kind.kind}) for {listed}{vague}",
        hint=f"record each report when it arrives: `reports: [{{year: {years[0]}, kind: {kind.kind}, "
        "received: YYYY-MM-DD}]`",
        uncertain=uncertain,
    )
