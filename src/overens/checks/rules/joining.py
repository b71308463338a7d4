"""Rules about how an organisation joined: its attestation of each joining criterion, and the
channel it joined through (terms.joining.criteria and channels)."""

from __future__ import annotations

from collections.abc import Iterator

from overens.checks.rules.base import Context, Issue, joiners, party_signatories, quote, rule
from overens.model.agreement import Agreement
from overens.model.findings import Severity


def _exempt(a: Agreement) -> dict[str, object]:
    return {"exempt": party_signatories(a)}


def _vague(joined: object, ctx: Context) -> str:
    return (
        f"; whether it was a party rather than a joiner on {ctx.as_of} cannot be told"
        if getattr(joined, "maybe", False)
        else ""
    )


@rule(
    "joining-criteria-attested",
    Severity.ERROR,
    "Each active signatory that joined attests each joining criterion, or was admitted by exception.",
    applies_when="terms.joining.criteria lists a criterion that is attested",
    applies=lambda a: bool(a.terms.attested_criteria),
    defaults=_exempt,
)
def joining_criteria_attested(ctx: Context) -> Iterator[Issue]:
    """Where the agreement lists criteria for who may join (terms.joining.criteria), each
    signatory active on the date that joined it (not one of its parties, parameter `exempt`, and
    not carried over from a predecessor) records for each criterion that is attested
    (`attested`, true by default) an attestation in its membership period
    (`criteria: [{id: …, attested: true}]`), or, where the criterion allows exceptions, the
    decision that admitted it by exception (`exception: {by: …, date: …}`). Parameter `since`
    (a date) leaves out periods that began earlier, for criteria a revision added."""
    criteria = ctx.agreement.terms.attested_criteria
    for s, i, m, joined in joiners(ctx, ctx.param("exempt", [])):
        here = ("memberships", i)
        for criterion in criteria:
            given = m.attestation(criterion.id)
            wording = quote(criterion.text)
            if given is None:
                message = f"{s.name} records no attestation of the joining criterion {criterion.id}"
            elif given.exception is not None and not criterion.exceptions:
                message = (
                    f"{s.name} is recorded as admitted by exception to the criterion "
                    f"{criterion.id}, which allows no exceptions"
                )
            elif given.exception is None and given.attested is not True:
                message = f"{s.name} does not attest the joining criterion {criterion.id}"
            else:
                continue
            yield Issue(
                s.path,
                (*here, "criteria") if m.criteria else here,
                message + wording + _vague(joined, ctx),
                hint=f"record it from the application: `criteria: [{{id: {criterion.id}, "
                "attested: true, date: YYYY-MM-DD}]` under the period"
                + (
                    ", or the decision that admitted it by exception"
                    if criterion.exceptions
                    else ""
                ),
                uncertain=joined.maybe,
            )


@rule(
    "joining-channel",
    Severity.WARNING,
    "Each active signatory that joined records the channel it joined through.",
    applies_when="terms.joining.channels lists channels",
    applies=lambda a: bool(a.terms.channels),
    defaults=_exempt,
)
def joining_channel(ctx: Context) -> Iterator[Issue]:
    """Where the agreement lists the ways to join (terms.joining.channels: a web form, a paper
    form), each signatory active on the date that joined it (not one of its parties, parameter
    `exempt`, and not carried over) records the channel it used (`channel:` in its membership
    period). Parameter `since` (a date) leaves out periods that began earlier."""
    channels = ", ".join(c.id for c in ctx.agreement.terms.channels)
    for s, i, m, joined in joiners(ctx, ctx.param("exempt", [])):
        if m.channel is None:
            yield Issue(
                s.path,
                ("memberships", i),
                f"{s.name} records no joining channel" + _vague(joined, ctx),
                hint=f"add `channel:` to the period: one of {channels}",
                uncertain=joined.maybe,
            )
