"""A plan (plans/<period>.yaml) as a document of its own: its period and adoption, its development
areas, each activity with who is responsible, its budget per year as a table, and its follow-ups
and outcome. Pure data, like :mod:`overens.documents.document`; ``overens render ID --plan PERIOD``
lays it out with the ``plan.*.jinja`` templates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from overens.errors import UsageError
from overens.model.agreement import Agreement
from overens.model.events import Event
from overens.model.plans import Activity, BudgetLine, FollowUp, Plan, Responsible


@dataclass(frozen=True, slots=True)
class ResponsibleView:
    """One who carries an activity out, by name (a party's, a body's, a signatory's, the
    secretariat's, or the name the plan gives)."""

    name: str
    secretariat: bool
    """The secretariat without a name of its own (the templates say "the secretariat")."""
    lead: bool


@dataclass(frozen=True, slots=True)
class ActivityView:
    """An activity as the plan document shows it."""

    id: str
    title: str
    text: str | None
    responsible: tuple[ResponsibleView, ...]
    budget: tuple[BudgetLine, ...]
    follow_up: tuple[FollowUp, ...]
    outcome: FollowUp | None
    """The last follow-up, when it closes the activity (a final status and an outcome)."""
    event: Event | None
    """The recorded event the activity carries out, where it names one."""
    activity: Activity


@dataclass(frozen=True, slots=True)
class AreaView:
    title: str
    text: str | None
    activities: tuple[ActivityView, ...]


@dataclass(frozen=True, slots=True)
class BudgetRow:
    """One row of the budget table: an activity (or the plan's own total) and an amount per year."""

    title: str
    amounts: tuple[float | None, ...]
    """One per year of :attr:`PlanDocument.years`; None where nothing is budgeted."""


@dataclass(frozen=True, slots=True)
class PlanDocument:
    """Everything a plan template needs."""

    agreement: Agreement
    plan: Plan
    lang: str
    areas: tuple[AreaView, ...]
    years: tuple[int, ...]
    """The years of the budget table's columns."""
    budget: tuple[BudgetRow, ...]
    """A row per activity with a budget, in the plan's order."""
    totals: tuple[BudgetRow, ...]
    """The plan's own totals per year (where it gives them), else the sums of its activities."""
    currency: str


def responsible_view(
    agreement: Agreement, r: Responsible, names: Mapping[str, str]
) -> ResponsibleView:
    """``r`` by name (``names``: the signatories' names by id)."""
    if r.party:
        party = agreement.party(r.party)
        return ResponsibleView(party.name if party else r.party, False, r.lead)
    if r.body:
        body = agreement.body(r.body)
        return ResponsibleView(body.name if body else r.body, False, r.lead)
    if r.signatory:
        return ResponsibleView(names.get(r.signatory, r.signatory), False, r.lead)
    if r.secretariat:
        governance = agreement.governance
        name = governance.secretariat.name if governance and governance.secretariat else ""
        return ResponsibleView(name, not name, r.lead)
    return ResponsibleView(r.name or "", False, r.lead)


def _activity(agreement: Agreement, a: Activity, names: Mapping[str, str]) -> ActivityView:
    last = a.follow_up[-1] if a.follow_up else None
    event = next((e for e in agreement.recorded_events() if e.id == a.event), None)
    return ActivityView(
        a.id,
        a.title,
        a.text,
        tuple(responsible_view(agreement, r, names) for r in a.responsible),
        a.budget,
        a.follow_up,
        last if last is not None and last.closes else None,
        event,
        a,
    )


def _amounts(lines: tuple[BudgetLine, ...], years: tuple[int, ...]) -> tuple[float | None, ...]:
    by_year: dict[int, float] = {}
    for line in lines:
        by_year[line.year] = by_year.get(line.year, 0) + line.amount
    return tuple(by_year.get(y) for y in years)


def build_plan_document(
    agreement: Agreement, plan_id: str, lang: str | None, names: Mapping[str, str] | None = None
) -> PlanDocument:
    """The plan ``plan_id`` of ``agreement`` as a document; a :class:`UsageError` naming the plans
    there are when it has none of that id. ``names`` are the signatories' names by id (the
    agreement's own signatories when None)."""
    if names is None:
        names = {s.id: s.name for s in agreement.signatories}
    plan = agreement.plan(plan_id)
    if plan is None:
        known = ", ".join(p.id for p in agreement.plans) or "none"
        raise UsageError(
            f"{agreement.id} has no plan {plan_id!r}",
            hint=f"its plans (plans/<period>.yaml): {known}",
        )
    years = tuple(plan.budget_years())
    activities = [a for _, _, _, a in plan.activities()]
    budget = tuple(BudgetRow(a.title, _amounts(a.budget, years)) for a in activities if a.budget)
    totals: tuple[BudgetRow, ...]
    if plan.budget:
        totals = (BudgetRow(plan.title, _amounts(plan.budget, years)),)
    elif budget:
        lines = tuple(line for a in activities for line in a.budget)
        totals = (BudgetRow(plan.title, _amounts(lines, years)),)
    else:
        totals = ()
    currencies = {line.currency for a in activities for line in a.budget} | {
        line.currency for line in plan.budget
    }
    return PlanDocument(
        agreement,
        plan,
        lang or agreement.language,
        tuple(
            AreaView(
                area.title,
                area.text,
                tuple(_activity(agreement, a, names) for a in area.activities),
            )
            for area in plan.areas
        ),
        years,
        budget,
        totals,
        currencies.pop() if len(currencies) == 1 else "SEK",
    )
