"""What falls due, kind by kind: one function each, ``(agreement, window, params) → items``.

Each asks what the rule of the same name checks (the rules' own parameters are passed in), so an
item ``due`` lists is the one ``check`` reports once its day has passed. A date known only to the
year or month is listed on the earliest day it may fall on, and says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from overens.checks.due import DueItem, Params, Source, Window, uid
from overens.checks.rules.followup import years_active
from overens.checks.rules.plans import outcomes_due
from overens.model.agreement import Agreement
from overens.model.dates import DayRange, plus_days, plus_years
from overens.model.status import agreement_start, in_force_all_year, validity_end
from overens.revisions.versions import awaiting_confirmation, latest_material


def _when(day: DayRange) -> str:
    return "" if day.exact else f" (known only as {day})"


def reports(a: Agreement, w: Window, params: Params) -> Iterator[DueItem]:
    """Each annual report still to come in: due on its kind's day the year after."""
    if "annual-reports" not in params:
        return
    p = params["annual-reports"]
    kinds = [k for k in a.terms.reports if k.kind in p.get("kinds", [])]
    start, end = agreement_start(a), validity_end(a)
    since, sectors = p.get("since"), p.get("sectors", ["ideburen", "offentlig"])
    for s in a.signatories:
        if s.sector not in sectors:
            continue
        received = {(r.year, r.kind) for r in s.reports if r.received <= w.as_of}
        certain, _ = years_active(s, start, w.until)
        for year in sorted(certain):
            if (since is not None and year < since) or (start and year < start.first.year):
                continue
            if end is not None and year > end.last.year:
                continue
            for kind in kinds:
                day = kind.due_date(year)
                if day <= w.until and (year, kind.kind) not in received:
                    yield DueItem(
                        day,
                        a.id,
                        "report",
                        f"{s.name}: {kind.title} for {year}",
                        uid("report", a.id, s.id, kind.kind, year),
                        s.id,
                        f"record it with `overens report {a.id} {s.id} --kind {kind.kind} "
                        f"--year {year} --received YYYY-MM-DD`",
                        day < w.as_of,
                    )


def confirmations(a: Agreement, w: Window, params: Params) -> Iterator[DueItem]:
    """Each active signatory's confirmation of the latest material revision: due when its grace
    period ends (the revision's day when the agreement sets none)."""
    if "version-confirmed" not in params:
        return
    revision = latest_material(a)
    if revision is None:
        return
    grace = int(params["version-confirmed"].get("grace_days") or 0)
    day = plus_days(revision.date.last if revision.date else w.as_of, grace)
    if day > w.until:
        return
    for s in awaiting_confirmation(a, w.as_of):
        yield DueItem(
            day,
            a.id,
            "confirmation",
            f"{s.name}: confirm version {revision.version}",
            uid("confirmation", a.id, s.id, revision.version),
            s.id,
            f"material revision of {revision.date or 'an unknown day'}: {revision.summary}",
            day < w.as_of,
        )


def reviews(a: Agreement, w: Window, params: Params) -> Iterator[DueItem]:
    """Each part's review on its own cycle (terms.reviews, and the whole text every
    interval_years): due ``interval`` years after the latest revision that reviewed it, or after
    the agreement's start."""
    if "review-due" not in params:
        return
    interval = params["review-due"].get("interval_years")
    cycles: list[tuple[tuple[str, ...], int]] = [(("whole",), int(interval))] if interval else []
    cycles += [(c.parts, c.interval_years) for c in a.terms.reviews]
    start, end = agreement_start(a), validity_end(a)
    if end is not None and end.last < w.as_of:
        return
    for parts, years in cycles:
        for part in parts:
            dated = [r for r in a.revisions if r.date is not None and r.reviews(part)]
            dated = [r for r in dated if r.date is not None and r.date.first <= w.until]
            latest = max(dated, key=lambda r: r.date.first if r.date else dt.date.min, default=None)
            since = latest.date if latest is not None and latest.date else start
            if since is None:
                continue
            day = plus_years(since.first, years)
            if day <= w.until:
                after = latest.version if latest else "start"
                yield DueItem(
                    day,
                    a.id,
                    "review",
                    f"{a.name}: the review of {part} every {years} years",
                    uid("review", a.id, part, after),
                    None,
                    f"{years} years after {since}; declare its outcome with `overens revise`",
                    day < w.as_of,
                )


def withdrawals(a: Agreement, w: Window, params: Params) -> Iterator[DueItem]:
    """Each withdrawal that takes effect in the window (its notice period ends)."""
    for s in a.signatories:
        for m in s.memberships:
            x = m.withdrawal
            if x is not None and w.as_of <= x.effective.last and x.effective.first <= w.until:
                yield DueItem(
                    max(x.effective.first, w.as_of),
                    a.id,
                    "withdrawal",
                    f"{s.name}: no longer a signatory from this day{_when(x.effective)}",
                    uid("withdrawal", a.id, s.id, x.notice_date),
                    s.id,
                    f"notice received {x.notice_date}",
                )


def validity(a: Agreement, w: Window, params: Params) -> Iterator[DueItem]:
    """The last day of the agreement's period, when it falls in the window."""
    end = validity_end(a)
    if end is not None and w.as_of <= end.last and end.first <= w.until:
        yield DueItem(
            max(end.first, w.as_of),
            a.id,
            "validity",
            f"{a.name}: the agreement's period ends{_when(end)}",
            uid("validity", a.id, "end"),
            None,
            "decide on a new period (a material revision) or a successor",
        )


def plans(a: Agreement, w: Window, params: Params) -> Iterator[DueItem]:
    """Where the text requires a plan for every year: the next year's plan, due by its day
    (terms.plans.due), while none adopted covers it; and each plan's outcomes, due by
    terms.plans.outcome_due, while an activity has no final follow-up."""
    terms = a.terms.plans
    kind = terms.kind or "plan"
    if "plan-coverage" in params:
        month, mday = (int(x) for x in (terms.due or "01-01").split("-"))
        for year in range(w.as_of.year, w.until.year + 2):
            day = dt.date(year, month, mday)
            if not w.as_of <= day <= w.until or any(p.covers(year).yes for p in a.plans):
                continue
            yield DueItem(
                day,
                a.id,
                "plan",
                f"{a.name}: a {kind} covering {year}",
                uid("plan", a.id, year),
                None,
                f"adopted by {terms.decided_by}" if terms.decided_by else "adopt it",
            )
    if "plan-outcomes" not in params:
        return
    for plan in a.plans:
        due = outcomes_due(plan, terms.outcome_due)
        open_ = [act.id for _, _, _, act in plan.activities() if not act.closed_by(w.until).yes]
        if open_ and due.first <= w.until:
            yield DueItem(
                due.first,
                a.id,
                "plan-outcomes",
                f"{plan.title}: the outcome of {len(open_)} activit{'y' if len(open_) == 1 else 'ies'}"
                f"{_when(due)}",
                uid("plan-outcomes", a.id, plan.id),
                None,
                "record each activity's final follow-up: " + ", ".join(open_),
                due.last < w.as_of,
            )


def events(a: Agreement, w: Window, params: Params) -> Iterator[DueItem]:
    """Each event the text requires every year, due by its day (terms.events[].due) in every
    year of the window the agreement is in force from start to end (as rule annual-event asks)
    in which none of its kind is recorded as held."""
    if "annual-event" not in params:
        return
    for required in a.terms.events:
        if required.frequency != "annual":
            continue
        for year in range(w.as_of.year, w.until.year + 1):
            day = required.due_date(year)
            held = any(
                e.held and e.date.first.year == year for e in a.recorded_events(required.kind)
            )
            if held or day > w.until or not in_force_all_year(a, year):
                continue
            yield DueItem(
                day,
                a.id,
                "event",
                f"{a.name}: {required.title} {year}",
                uid("event", a.id, required.kind, year),
                None,
                f"record it in events/{year}.yaml once it is held",
                day < w.as_of,
            )


SOURCES: tuple[Source, ...] = (
    reports,
    confirmations,
    reviews,
    withdrawals,
    validity,
    plans,
    events,
)
"""Every kind of date ``due`` knows, in the order items of the same day are listed."""
