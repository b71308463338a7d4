"""Rules about an agreement's succession: that it has been replaced, and that the signatories its
text carries over from its predecessor are recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from overens.checks.rules.base import Context, Issue, rule
from overens.model.agreement import Agreement
from overens.model.dates import Tri, plus_days
from overens.model.decisions import Decision
from overens.model.findings import Severity
from overens.model.identity import name_key, org_key
from overens.model.signatory import Signatory
from overens.model.status import Status
from overens.model.succession import Link


def _decision(d: Decision | None) -> str:
    """A decision in a few words: ``Regionfullmäktige 2021-02-16 (RS 2020/1190, § 18)``."""
    if d is None:
        return ""
    ref = ", ".join(x for x in (d.reference, d.paragraph) if x)
    words = " ".join(x for x in (d.by, str(d.date) if d.date else None) if x)
    return f"{words} ({ref})" if ref and words else words or ref


def _named(ctx: Context, link: Link) -> str:
    """The other agreement by its title and id, as far as they are known."""
    other = ctx.others.get(link.agreement) if link.agreement else None
    title = (other.short_name or other.title) if other is not None else link.title
    if title and link.agreement:
        return f"{title} ({link.agreement})"
    return title or link.agreement or "another agreement"


@rule(
    "replaced",
    Severity.INFO,
    "The agreement has been replaced by its successor.",
    applies_when="succession.successor is recorded",
    applies=lambda a: a.succession.successor is not None,
)
def replaced(ctx: Context) -> Iterator[Issue]:
    """From the day its successor took over (succession.successor.date), the agreement has been
    replaced: this says by which agreement, on which day and by which decision (and the new body
    that took over, where one did). The agreement has then ended: nobody is an active signatory
    of it, and the rules about active signatories and recurring obligations are quiet, as
    validity-expired is. A successor's date known only to the year or month gives an uncertain
    verdict inside it."""
    link = ctx.agreement.succession.successor
    assert link is not None
    taken = link.date.by(ctx.as_of)
    if taken.no:
        return
    decision = _decision(link.decision)
    body = f"; {link.body} took over" if link.body else ""
    when = (
        f"on {link.date}"
        if taken.yes
        else f"in {link.date}; whether it had by {ctx.as_of} cannot be told"
    )
    yield Issue(
        ctx.agreement.path,
        ("succession", "successor"),
        f"replaced by {_named(ctx, link)} {when}"
        + (f", by the decision of {decision}" if decision else "")
        + body,
        hint="nothing to do: record and check the successor's signatories there",
        uncertain=taken.maybe,
    )


def _carry_over(a: Agreement) -> bool:
    p = a.succession.predecessor
    return p is not None and p.carry_over and p.agreement is not None


def _keys(s: Signatory) -> list[str]:
    """What matches an organisation across two registers: its number, and its name."""
    return [*([f"#{org_key(s.org_number)}"] if s.org_number else []), name_key(s.name)]


def _active_on(predecessor: Agreement, day: dt.date) -> list[tuple[Signatory, Tri]]:
    found = []
    for s in predecessor.signatories:
        status = s.status_on(day)
        if status is Status.ACTIVE:
            found.append((s, Tri.YES))
        elif status is Status.UNCERTAIN:
            found.append((s, Tri.MAYBE))
    return found


@rule(
    "carry-over",
    Severity.WARNING,
    "The predecessor's signatories that the text carries over are recorded.",
    applies_when="succession.predecessor names an agreement in this repository and "
    "carry_over.signatories is true",
    applies=_carry_over,
)
def carry_over(ctx: Context) -> Iterator[Issue]:
    """Where the text says that the predecessor's signatories remain signatories
    (succession.predecessor.carry_over.signatories), from the succession's date each
    organisation that was an active signatory of the predecessor on the day before has a file
    here (matched by organisation number, else by name), normally with
    `signed.carried_over_from`; and a file that says it was carried over names an organisation
    that was. A signatory of the predecessor whose status on that day cannot be told gives an
    uncertain verdict. The rule runs once the succession's date is known to the day."""
    a = ctx.agreement
    link = a.succession.predecessor
    assert link is not None and link.agreement is not None
    predecessor = ctx.others.get(link.agreement)
    if predecessor is None or not link.date.by(ctx.as_of).yes or link.date.exact is None:
        return
    eve = plus_days(link.date.first, -1)
    before = _active_on(predecessor, eve)
    here = {key for s in a.signatories for key in _keys(s)}
    for s, active in before:
        if not any(key in here for key in _keys(s)):
            yield Issue(
                a.path,
                ("succession", "predecessor", "carry_over"),
                f"{s.name} was a signatory of {link.agreement} on {eve} and, as the text carries "
                f"its signatories over, is one of {a.id} from {link.date}, but no file records it"
                + ("; whether it was a signatory then cannot be told" if active.maybe else ""),
                hint=f"add signatories/{s.id}.yaml with `signed: {{version: …, date: {link.date}, "
                f"carried_over_from: {link.agreement}}}`",
                uncertain=active.maybe,
            )
    known = {key for s, _ in before for key in _keys(s)}
    for s in a.signatories:
        for i, m in enumerate(s.memberships):
            if m.carried_over_from == link.agreement and not any(k in known for k in _keys(s)):
                yield Issue(
                    s.path,
                    ("memberships", i, "signed", "carried_over_from"),
                    f"{s.name} is recorded as carried over from {link.agreement}, but was not an "
                    f"active signatory of it on {eve}",
                    hint="record the organisation's own signing instead, or correct the predecessor's "
                    "register",
                )
