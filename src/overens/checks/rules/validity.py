"""Rules about time: the agreement's period, its periodic review and confirmed versions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from overens.checks.rules.base import Context, Issue, add_years, rule, validity_end, validity_start
from overens.model.agreement import Agreement
from overens.model.findings import Severity


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
    signatory, so the rules about active signatories report nothing for later dates."""
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
    if ctx.as_of > end:
        where = (
            ("terms", "validity", "until")
            if t.valid_until
            else ("terms", "validity", "period_years")
        )
        yield Issue(
            a.path,
            where,
            f"the agreement's period ended on {end}; on {ctx.as_of} it is no longer in force",
            hint="decide on a new period and declare it as a material revision; or, for an archived "
            "agreement, turn the rule off (`checks: {validity-expired: {enabled: false}}`)",
        )


def _interval(a: Agreement) -> dict[str, object]:
    return {"interval_years": a.terms.review_interval_years}


@rule(
    "review-due",
    Severity.WARNING,
    "The periodic review of the agreement is not overdue.",
    applies_when="terms.validity.review_interval_years is set",
    applies=lambda a: a.terms.review_interval_years is not None,
    defaults=_interval,
    requires=("interval_years",),
)
def review_due(ctx: Context) -> Iterator[Issue]:
    """Where the agreement is reviewed every `interval_years` years (by default
    terms.validity.review_interval_years), the latest revision decided by the date (or, without a
    dated revision, the start of the agreement) is no older than that. Record a review as a
    revision, editorial when the text stays the same. Not reported once the agreement has ended."""
    a = ctx.agreement
    interval: int = ctx.param("interval_years")
    if ctx.ended:
        return
    dated = [r.date for r in a.revisions if r.date is not None and r.date <= ctx.as_of]
    last = max(dated) if dated else validity_start(a)
    if last is None:
        yield Issue(
            a.path,
            ("revisions",),
            f"a review is due every {interval} years, but no revision or start date is recorded to count from",
            hint="add the date of the latest revision (`date:` under revisions)",
        )
        return
    due = add_years(last, interval)
    if ctx.as_of > due:
        yield Issue(
            a.path,
            ("revisions",),
            f"a review was due by {due} ({interval} years after {last}); none is recorded by {ctx.as_of}",
            hint="review the agreement and declare the result as a revision (editorial if nothing changes)",
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
    material = [r for r in a.revisions if r.material and (r.date is None or r.date <= ctx.as_of)]
    if not material:
        return
    latest = material[-1]
    config = a.check_config("version-confirmed")
    deadline = None
    if config is not None and "grace_days" in config.params and latest.date is not None:
        deadline = latest.date + dt.timedelta(days=ctx.param("grace_days", 0))
    overdue = deadline is not None and ctx.as_of > deadline
    for s, i, m in ctx.active():
        confirmed = [c for c in m.confirmations if c.date <= ctx.as_of]
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
