"""Recurring events the text requires (terms.events): held every year, as events/<year>.yaml
records them."""

from __future__ import annotations

import calendar
from collections.abc import Iterator

from overens.checks.rules.base import Context, Issue, quote, rule
from overens.model.dates import Tri, any_of
from overens.model.findings import Severity
from overens.model.status import agreement_start, in_force_all_year
from overens.model.terms import RecurringEvent


def day_month(month_day: str) -> str:
    """``06-30`` as ``30 June``."""
    month, day = (int(x) for x in month_day.split("-"))
    return f"{day} {calendar.month_name[month]}"


@rule(
    "annual-event",
    Severity.ERROR,
    "Each event the text requires every year is held every year.",
    applies_when="terms.events lists an annual event",
    applies=lambda a: any(e.frequency == "annual" for e in a.terms.events),
)
def annual_event(ctx: Context) -> Iterator[Issue]:
    """For each kind of event the text requires every year (terms.events, `frequency: annual`),
    every year the agreement was certainly in force from 1 January to 31 December (from
    parameter `since`, a year) has, once the as-of date is past the event's due day (`due`,
    MM-DD; 31 December by default), an event of that kind recorded in events/<year>.yaml, dated
    on or before the due day, and held (a cancelled or planned event does not count). The years
    missing and the years it was cancelled are listed. An event dated only to the month gives an
    uncertain verdict while it cannot be told whether it was before the due day. Not reported
    once the agreement has ended."""
    a = ctx.agreement
    start = agreement_start(a)
    if ctx.ended or start is None:
        return
    since: int | None = ctx.param("since")
    for index, required in enumerate(a.terms.events):
        if required.frequency != "annual":
            continue
        answers: dict[int, Tri] = {}
        for year in range(max(start.first.year, since or 0), ctx.as_of.year + 1):
            if ctx.as_of <= required.due_date(year):
                continue
            if not in_force_all_year(a, year):
                continue
            answers[year] = _held(ctx, required, year)
        yield from _report(ctx, index, required, answers)


def _held(ctx: Context, required: RecurringEvent, year: int) -> Tri:
    due = required.due_date(year)
    return any_of(
        Tri.of(e.date.last <= due, e.date.first <= due)
        for e in ctx.agreement.recorded_events(required.kind)
        if e.held and e.date.first.year == year
    )


def _report(
    ctx: Context, index: int, required: RecurringEvent, answers: dict[int, Tri]
) -> Iterator[Issue]:
    missing = [y for y, a in answers.items() if a.no]
    cancelled = {
        e.date.first.year
        for e in ctx.agreement.recorded_events(required.kind)
        if e.status == "cancelled"
    }
    name = f"{required.title} ({required.kind})"
    due = (
        f" by {required.due[3:].lstrip('0')}/{required.due[:2].lstrip('0')}" if required.due else ""
    )
    where = ("terms", "events", index)
    if missing:
        parts = []
        absent = [y for y in missing if y not in cancelled]
        if absent:
            parts.append(f"not held{due} in {', '.join(map(str, absent))}")
        dropped = [y for y in missing if y in cancelled]
        if dropped:
            parts.append(f"cancelled in {', '.join(map(str, dropped))}")
        yield Issue(
            ctx.agreement.path,
            where,
            f"{name} is held every year{quote(required.text)}, but was " + "; ".join(parts),
            hint=f"record each event in events/<year>.yaml (kind: {required.kind}); a year in which "
            "it was not held stays a finding",
        )
    vague = [y for y, a in answers.items() if a.maybe]
    if vague:
        yield Issue(
            ctx.agreement.path,
            where,
            f"whether {name} was held{due or ' in time'} in {', '.join(map(str, vague))} cannot be "
            "told: it is dated only to the month or year",
            hint="record the day it was held, where the source gives it",
            uncertain=True,
        )
