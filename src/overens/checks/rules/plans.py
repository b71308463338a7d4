"""Rules about the plans that carry the agreement out (plans/<period>.yaml): a plan for every
year where the text requires one, and a recorded outcome for every activity once it is due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from overens.checks.rules.base import Context, Issue, quote, rule
from overens.model.dates import DayRange, Tri, any_of
from overens.model.findings import Severity
from overens.model.plans import Plan
from overens.model.status import agreement_start, certainly_in_force


def _years(answers: dict[int, Tri], answer: Tri) -> list[int]:
    return [y for y, a in answers.items() if a is answer]


@rule(
    "plan-coverage",
    Severity.ERROR,
    "A plan covers every year of the agreement, where the text requires one.",
    applies_when="terms.plans.required is true",
    applies=lambda a: a.terms.plans.required,
)
def plan_coverage(ctx: Context) -> Iterator[Issue]:
    """Where the text requires a plan for every year (terms.plans.required), every year on whose
    1 January the agreement was certainly in force (from parameter `since`, a year) has, once
    the as-of date is past that year's due day (terms.plans.due, MM-DD; 1 January by default), a
    plan whose period includes a day of the year and that was adopted by the as-of date (a plan
    without an adoption date counts from the start of its period). A plan adopted in a month or
    year that the as-of date falls in gives an uncertain verdict."""
    a, day = ctx.agreement, ctx.as_of
    terms = a.terms.plans
    month, mday = (int(x) for x in (terms.due or "01-01").split("-"))
    since: int | None = ctx.param("since")
    start = agreement_start(a)
    if start is None:
        return
    answers: dict[int, Tri] = {}
    for year in range(max(start.first.year, since or 0), day.year + 1):
        if day <= dt.date(year, month, mday) or not certainly_in_force(
            ctx.agreement, dt.date(year, 1, 1)
        ):
            continue
        answers[year] = any_of(p.covers(year) & p.adopted_by(day) for p in a.plans)
    kind = terms.kind or "plan"
    wording = quote(terms.text)
    for answer, uncertain in ((Tri.NO, False), (Tri.MAYBE, True)):
        years = _years(answers, answer)
        if not years:
            continue
        listed = ", ".join(map(str, years))
        if uncertain:
            message = (
                f"whether a {kind} adopted by {day} covers {listed} cannot be told: a plan for "
                f"{'it' if len(years) == 1 else 'them'} is dated only to the year or month"
            )
        else:
            message = f"no {kind} adopted by {day} covers {listed}{wording}"
        yield Issue(
            a.path,
            ("terms", "plans", "required"),
            message,
            hint=f"record the plan as plans/{years[0]}.yaml (its period, adoption and activities)",
            uncertain=uncertain,
        )


def outcomes_due(plan: Plan, outcome_due: str | None) -> DayRange:
    """The day by which a plan's outcomes are recorded: terms.plans.outcome_due (MM-DD) in the year
    after its period, else its period's last day."""
    if outcome_due is None:
        return plan.end
    month, mday = (int(x) for x in outcome_due.split("-"))
    return DayRange(
        dt.date(plan.end.first.year + 1, month, mday), dt.date(plan.end.last.year + 1, month, mday)
    )


@rule(
    "plan-outcomes",
    Severity.WARNING,
    "Every activity of an ended plan has a recorded outcome once outcomes are due.",
    applies_when="the agreement has plans (plans/)",
    applies=lambda a: bool(a.plans),
)
def plan_outcomes(ctx: Context) -> Iterator[Issue]:
    """Once a plan's outcomes are due (terms.plans.outcome_due, MM-DD, in the year after the
    plan's period; without it, the period's last day), the last follow-up recorded by the as-of
    date of each of its activities has a final status (done, partly_done, postponed or cancelled)
    and an `outcome`. A due day or a follow-up known only to the year or month gives an uncertain
    verdict while it cannot be told."""
    day = ctx.as_of
    for plan in ctx.agreement.plans:
        due = outcomes_due(plan, ctx.agreement.terms.plans.outcome_due)
        overdue = Tri.of(day > due.last, day > due.first)
        if overdue.no:
            continue
        for i, _, j, activity in plan.activities():
            open_ = ~activity.closed_by(day)
            verdict = overdue & open_
            if verdict.no:
                continue
            last = next((f for f in reversed(activity.follow_up) if not f.date.by(day).no), None)
            state = (
                f"its last follow-up ({last.date}) says {last.status.replace('_', ' ')}"
                if last
                else "it has no follow-up"
            )
            yield Issue(
                plan.path,
                ("areas", i, "activities", j),
                f"the activity {activity.id} (\u201d{activity.title}\u201d) of {plan.title} has no "
                f"recorded outcome: {state}; outcomes were due by {due}"
                + (
                    "; whether that is so on " + str(day) + " cannot be told"
                    if verdict.maybe
                    else ""
                ),
                hint="add a follow-up with a final status (done, partly_done, postponed or "
                "cancelled) and an `outcome`: `follow_up: [{date: YYYY-MM-DD, status: done, "
                "outcome: …}]`",
                uncertain=verdict.maybe,
            )
