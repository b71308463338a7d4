"""Rules about time: the agreement's period, its periodic review and confirmed versions."""

from __future__ import annotations

from collections.abc import Iterator

from overens.checks.rules.base import Context, Issue, plus_years, rule, validity_end, validity_start
from overens.model.agreement import Agreement
from overens.model.dates import Tri, plus_days
from overens.model.findings import Severity
from overens.model.status import replaced


def _states_an_end(a: Agreement) -> bool:
    return a.terms.valid_until is not None or (
        a.terms.period_years is not None and not a.terms.indefinite
    )


@rule(
    "validity-expired",
    Severity.WARNING,
    "The agreement is still in force on the date.",
    applies_when="terms.validity sets `until` or `period_years`",
    applies=_states_an_end,
)
def validity_expired(ctx: Context) -> Iterator[Issue]:
    """The agreement's period has not ended on the date. The last day is terms.validity.until, or
    the start (validity.from, else the adoption date, else the first revision's date) plus
    period_years. A period in years with no start recorded is reported too, since whether the
    agreement is in force cannot then be told. Once the period has ended, nobody is an active
    signatory, so the rules about active signatories report nothing for later dates. Once a
    successor has taken over (succession.successor) the agreement is replaced, not expired, and
    this rule is quiet (rule `replaced` says so); between the end of the period and the successor's
    first day it says who takes over when. An end known only to the year or month gives an
    uncertain verdict inside it."""
    a, t = ctx.agreement, ctx.agreement.terms
    end = validity_end(a)
    if end is None:
        if t.period_years is not None and not t.indefinite:
            yield Issue(
                a.path,
                ("terms", "validity", "period_years"),
                f"the agreement runs for {t.period_years} years, but no start date is recorded, so "
                f"whether it is in force on {ctx.as_of} cannot be told",
                hint="record terms.validity.from and until (a change of text: declare a revision), "
                "or the date of the first revision",
            )
        return
    if replaced(a, ctx.as_of).yes:
        return
    expired = ~end.until(ctx.as_of)
    if expired.no:
        return
    where = (
        ("terms", "validity", "until") if t.valid_until else ("terms", "validity", "period_years")
    )
    successor = a.succession.successor
    if expired.maybe:
        message = (
            f"the agreement's period ends in {end}; whether it is still in force on {ctx.as_of} "
            "cannot be told"
        )
    else:
        message = f"the agreement's period ended on {end}; on {ctx.as_of} it is no longer in force"
    if successor is not None:
        yield Issue(
            a.path,
            where,
            f"{message}; {successor.name} takes over on {successor.date}",
            hint="nothing to do if that is right: from that day the agreement is replaced",
            uncertain=expired.maybe,
        )
        return
    yield Issue(
        a.path,
        where,
        message,
        hint="decide on a new period and declare it as a material revision; or record its "
        "successor (succession.successor); or, for an archived agreement, turn the rule off "
        "(`checks: {validity-expired: {enabled: false}}`)",
        uncertain=expired.maybe,
    )


def _interval(a: Agreement) -> dict[str, object]:
    return {"interval_years": a.terms.review_interval_years}


_PARTS = {
    "whole": "the whole text",
    "principles": "the principles",
    "actions": "the actions",
    "responsibilities": "the responsibilities",
    "commitments": "the commitments",
    "bodies": "the bodies",
    "terms": "the terms",
}


def part_name(part: str) -> str:
    """A part of the text in words (``section:malbild`` is the section malbild)."""
    return _PARTS.get(part) or f"the section {part.removeprefix('section:')}"


@rule(
    "review-due",
    Severity.WARNING,
    "The periodic review of the agreement is not overdue.",
    applies_when="terms.validity.review_interval_years or terms.reviews is set",
    applies=lambda a: bool(a.terms.review_cycles()),
    defaults=_interval,
)
def review_due(ctx: Context) -> Iterator[Issue]:
    """Each part of the text is reviewed on its own cycle: terms.reviews gives parts (principles,
    commitments, a section, …) and their interval in years, and terms.validity.review_interval_years
    (parameter `interval_years`) is a cycle of the whole text. A part is due `interval` years after
    the latest revision decided by the date that reviewed it (`reviewed` lists the part or whole, or
    nothing: a revision that lists no parts reviewed everything); without one, after the start of
    the agreement. Record a review as a revision, editorial when the text stays the same, with the
    parts it reviewed. A revision dated only to the year or month gives an uncertain verdict while
    it cannot be told whether it counts. Not reported once the agreement has ended."""
    a = ctx.agreement
    if ctx.ended:
        return
    interval: int | None = ctx.param("interval_years")
    cycles: list[tuple[tuple[str | int, ...], tuple[str, ...], int]] = (
        [(("revisions",), ("whole",), interval)] if interval else []
    )
    cycles += [
        (("terms", "reviews", i), c.parts, c.interval_years) for i, c in enumerate(a.terms.reviews)
    ]
    if not cycles:
        yield Issue(
            a.path,
            ("checks", "review-due"),
            "review-due is enabled, but its parameter interval_years has no value and "
            "terms.reviews lists no parts, so it cannot run",
            hint="set `params: {interval_years: …}` here (or terms.validity.review_interval_years), "
            "or list the review cycles in terms.reviews",
        )
        return
    for where, parts, years in cycles:
        for part in parts:
            yield from _review(ctx, where, part, years)


def _review(ctx: Context, where: tuple[str | int, ...], part: str, years: int) -> Iterator[Issue]:
    """The verdict for one part: computed with the revisions that certainly count (at the earliest
    day each may be), and with every one that may (at the latest day, up to the as-of date)."""
    a, day = ctx.agreement, ctx.as_of
    dated = [r.date for r in a.revisions if r.date is not None and r.reviews(part)]
    certain = [d.first for d in dated if d.by(day).yes]
    possible = [min(d.last, day) for d in dated if not d.by(day).no]
    start = validity_start(a)
    name = part_name(part)
    if not possible and start is None:
        yield Issue(
            a.path,
            where,
            f"a review of {name} is due every {years} years, but no revision or start date is "
            "recorded to count from",
            hint="add the date of the latest revision (`date:` under revisions)",
        )
        return
    early = max(certain) if certain else start.first if start else None
    late = max(possible) if possible else start.last if start else None
    assert early is not None and late is not None
    overdue = Tri.of(day > plus_years(early, years), day > plus_years(late, years))
    if overdue.no:
        return
    latest = max((d for d in dated if not d.by(day).no), key=lambda d: d.last, default=None)
    since = latest if latest is not None else start
    if overdue.maybe:
        message = (
            f"a review of {name} is due every {years} years; whether one was due on {day} cannot be "
            f"told (counted from {since})"
        )
    else:
        message = (
            f"a review of {name} was due by {plus_years(early, years)} ({years} years after "
            f"{since}); none is recorded by {day}"
        )
    yield Issue(
        a.path,
        where,
        message,
        hint="review it and declare the result as a revision (editorial if nothing changes), "
        f"with `reviewed: [{part}]`"
        if part != "whole"
        else "review the agreement and declare "
        "the result as a revision (editorial if nothing changes)",
        uncertain=overdue.maybe,
    )


@rule(
    "version-confirmed",
    Severity.WARNING,
    "Each active signatory has signed or confirmed the latest material version.",
)
def version_confirmed(ctx: Context) -> Iterator[Issue]:
    """A material revision changes what the signatories are bound by, so each signatory active on
    the date must have signed or confirmed the latest material version decided by the date
    (`memberships[].confirmations`). Editorial revisions need no confirmation. Each signatory
    that has not is reported from the revision's own date, so the day it is declared already
    shows who must confirm. Parameter `grace_days` gives the day by which they must (that many
    days after the revision's date): before it the finding says by when, after it the finding
    is an error. Without `grace_days` set for the agreement, the findings stay warnings."""
    a = ctx.agreement
    order = [r.version for r in a.revisions]
    # Only what had certainly been decided, and confirmations that may have been made, count: a
    # date known to the year or month never makes a finding here.
    material = [
        r for r in a.revisions if r.material and (r.date is None or r.date.by(ctx.as_of).yes)
    ]
    if not material:
        return
    latest = material[-1]
    config = a.check_config("version-confirmed")
    deadline = None
    if config is not None and "grace_days" in config.params and latest.date is not None:
        deadline = plus_days(latest.date.last, ctx.param("grace_days", 0))
    overdue = deadline is not None and ctx.as_of > deadline
    for s, i, m in ctx.active():
        confirmed = [c for c in m.confirmations if not c.date.by(ctx.as_of).no]
        version = confirmed[-1].version if confirmed else m.signed.version
        if version in order and order.index(version) < order.index(latest.version):
            where = (
                ("memberships", i, "confirmations") if confirmed else ("memberships", i, "signed")
            )
            decided = f" of {latest.date}" if latest.date else ""
            by = (
                f" (it was due by {deadline})" if overdue else f" by {deadline}" if deadline else ""
            )
            yield Issue(
                s.path,
                where,
                f"{s.name} is bound by version {version}; the material revision{decided} to version "
                f"{latest.version} must be confirmed{by}",
                hint=f"when the organisation has confirmed it, record that with "
                f"`overens confirm {ctx.agreement.id} {s.id} --date YYYY-MM-DD`",
                severity=Severity.ERROR if overdue else None,
            )
