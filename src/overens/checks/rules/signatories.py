"""Rules about who the active signatories are and what their files record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from overens.checks.rules.base import Context, Issue, party_signatories, quote, rule, sector_label
from overens.model.agreement import Agreement
from overens.model.findings import Severity
from overens.model.identity import format_org_number, name_key
from overens.model.signatory import Signatory


@rule(
    "contact-person",
    Severity.ERROR,
    "Each active signatory names one contact person.",
    applies_when="terms.contact_person.required is true",
    applies=lambda a: a.terms.contact_required,
)
def contact_person(ctx: Context) -> Iterator[Issue]:
    """Each signatory active on the date names one contact person (`contact:` in its file; the
    schema allows exactly one). Parameter `fields` also requires e-mail and/or phone. The contact
    person is a role separate from the authorised signer."""
    wording = quote(ctx.agreement.terms.contact_text)
    fields: list[str] = ctx.param("fields", [])
    for s, _, _ in ctx.active():
        if s.contact is None:
            yield Issue(
                s.path,
                ("contact",),
                f"{s.name} names no contact person{wording}",
                hint="add `contact:` with the person's name (and e-mail or phone) to the signatory file",
            )
            continue
        missing = [f for f in fields if not getattr(s.contact, f)]
        if missing:
            yield Issue(
                s.path,
                ("contact",),
                f"{s.name}'s contact person has no {' and no '.join(missing)} recorded",
                hint=f"add {', '.join(f'`{m}:`' for m in missing)} under `contact:`",
            )


@rule(
    "signer",
    Severity.WARNING,
    "Each active signatory records its authorised signer (firmatecknare).",
)
def signer(ctx: Context) -> Iterator[Issue]:
    """Each signatory active on the date records the person who signed for it (`signer:`, the
    firmatecknare), so the register shows who bound the organisation. Parameter `title` also
    requires the signer's title."""
    for s, _, _ in ctx.active():
        if s.signer is None:
            yield Issue(
                s.path,
                ("signer",),
                f"{s.name} records no authorised signer (firmatecknare)",
                hint="add `signer:` with the name (and title) of the person who signed",
            )
        elif ctx.param("title", False) and not s.signer.title:
            yield Issue(
                s.path,
                ("signer",),
                f"{s.name}'s signer {s.signer.name} has no title recorded",
                hint="add `title:` under `signer:` (for example Ordförande)",
            )


@rule("signing-date", Severity.WARNING, "Each active signatory's signing records its date.")
def signing_date(ctx: Context) -> Iterator[Issue]:
    """The current membership period of each signatory active on the date records when it
    signed (`memberships[].signed.date`). Without a date, nobody can tell from when the
    organisation was bound, nor which years it owes reports for."""
    for s, index, m in ctx.active():
        if m.signed.date is None:
            yield Issue(
                s.path,
                ("memberships", index, "signed"),
                f"{s.name}'s signing of version {m.signed.version} has no date",
                hint="add `date: YYYY-MM-DD` under `signed:` from the signed document",
            )


@rule("org-number", Severity.WARNING, "Each active signatory records its organisation number.")
def org_number(ctx: Context) -> Iterator[Issue]:
    """Each signatory active on the date, in the sectors of parameter `sectors` (both by default),
    records its organisationsnummer. Whether a number is valid (its checksum, and that it is not a
    personal identity number) is checked with the schema on every run, so a wrong number is
    reported as an `org-number-valid` finding at its line."""
    sectors: list[str] = ctx.param("sectors", ["ideburen", "offentlig"])
    for s, _, _ in ctx.active():
        if s.org_number is None and s.sector in sectors:
            yield Issue(
                s.path,
                ("org_number",),
                f"{s.name} records no organisation number",
                hint="add `org_number: NNNNNN-NNNN` (look it up in Bolagsverket's or SCB's register)",
            )


@rule(
    "unique-signatory",
    Severity.ERROR,
    "No two active signatories share an organisation number or a name.",
)
def unique_signatory(ctx: Context) -> Iterator[Issue]:
    """No two signatories active on the date have the same organisation number or the same name
    (compared case-insensitively, white space collapsed): the same organisation would be counted
    twice. Keep one file and remove the other, or correct the number or name."""
    first_by_number: dict[str, Signatory] = {}
    first_by_name: dict[str, Signatory] = {}
    # The organisation that signed later is the one reported (an unknown date counts as earliest).
    by_signing = sorted(ctx.active(), key=lambda x: (x[2].signed.date or dt.date.min, x[0].id))
    for s, _, _ in by_signing:
        if s.org_number:
            number = format_org_number(s.org_number)
            other = first_by_number.setdefault(number, s)
            if other is not s:
                yield Issue(
                    s.path,
                    ("org_number",),
                    f"{s.name} has the organisation number {number}, as {other.name} ({other.path}) has",
                    hint="one organisation signs once: remove one of the two files or correct the number",
                )
                continue
        other = first_by_name.setdefault(name_key(s.name), s)
        if other is not s:
            yield Issue(
                s.path,
                ("name",),
                f"{s.name} is also a signatory as {other.path}",
                hint="one organisation signs once: remove one of the two files or correct the name",
            )


def _open_to(a: Agreement) -> dict[str, object]:
    return {"sectors": list(a.terms.open_to)}


@rule(
    "sector-admitted",
    Severity.ERROR,
    "Each active signatory belongs to a sector the agreement is open to.",
    defaults=_open_to,
)
def sector_admitted(ctx: Context) -> Iterator[Issue]:
    """Each signatory active on the date belongs to a sector the agreement admits: parameter
    `sectors`, by default the agreement's terms.joining.open_to (both sectors when the terms do not
    say)."""
    sectors: list[str] = ctx.param("sectors")
    for s, _, _ in ctx.active():
        if s.sector not in sectors:
            admitted = " and ".join(sector_label(x) for x in sectors)
            yield Issue(
                s.path,
                ("sector",),
                f"{s.name} is in the {sector_label(s.sector)} sector, but the agreement is open to "
                f"the {admitted} sector only",
                hint="correct the sector if it is wrong; otherwise the organisation cannot sign this agreement",
            )


def _exempt(a: Agreement) -> dict[str, object]:
    return {"exempt": party_signatories(a)}


@rule(
    "democratic-values",
    Severity.ERROR,
    "Each active signatory that joined attests that it supports democratic values.",
    applies_when="terms.joining.democratic_values is true",
    applies=lambda a: a.terms.democratic_values,
    defaults=_exempt,
)
def democratic_values(ctx: Context) -> Iterator[Issue]:
    """Where the agreement admits only organisations that support democratic values, each
    signatory active on the date in the sectors of parameter `sectors` (the idéburen sector by
    default) records its attestation (`democratic_values: {attested: true, date: …}`). The
    agreement's own parties are exempt by default (parameter `exempt`)."""
    sectors: list[str] = ctx.param("sectors", ["ideburen"])
    exempt: list[str] = ctx.param("exempt", [])
    wording = quote(ctx.agreement.terms.joining_text)
    for s, _, _ in ctx.active():
        if s.sector not in sectors or s.id in exempt:
            continue
        if s.democratic_values is None:
            yield Issue(
                s.path,
                ("democratic_values",),
                f"{s.name} has no attestation of support for democratic values{wording}",
                hint="record the attestation from the application: "
                "`democratic_values: {attested: true, date: YYYY-MM-DD}`",
            )
        elif s.democratic_values is False:
            yield Issue(
                s.path,
                ("democratic_values", "attested"),
                f"{s.name} does not attest support for democratic values, which joining requires",
                hint="an organisation that does not attest cannot be a signatory; record its withdrawal",
            )


def _joining(a: Agreement) -> dict[str, object]:
    return {
        "application": a.terms.application_required,
        "approval": a.terms.approval_required,
        "exempt": party_signatories(a),
    }


@rule(
    "joining-approved",
    Severity.ERROR,
    "Each active signatory that joined has its application and approval recorded.",
    applies_when="terms.joining.application_required is true or terms.joining.approval_by is set",
    applies=lambda a: a.terms.application_required or a.terms.approval_required,
    defaults=_joining,
)
def joining_approved(ctx: Context) -> Iterator[Issue]:
    """Where joining needs an application and/or an approval, the current membership period of
    each signatory active on the date records them (`application.date`; `approval.date` and
    `approval.by`), in order: application, approval, signing. The agreement's own parties are
    exempt by default (parameter `exempt`)."""
    exempt: list[str] = ctx.param("exempt", [])
    approver = ctx.agreement.terms.approval_by
    for s, i, m in ctx.active():
        if s.id in exempt:
            continue
        here = ("memberships", i)
        if ctx.param("application", False) and m.application_date is None:
            yield Issue(
                s.path,
                here,
                f"{s.name}'s joining has no application recorded",
                hint="add `application: {date: YYYY-MM-DD, evidence: {reference: …}}` to the period",
            )
        if ctx.param("approval", False) and m.approval_date is None:
            by = f" by {approver}" if approver else ""
            yield Issue(
                s.path,
                here,
                f"{s.name}'s joining has no approval{by} recorded",
                hint="add `approval: {date: YYYY-MM-DD, by: …, reference: …}` from the decision's minutes",
            )
        if m.application_date and m.approval_date and m.approval_date < m.application_date:
            yield Issue(
                s.path,
                (*here, "approval", "date"),
                f"{s.name}'s joining was approved ({m.approval_date}) before it applied ({m.application_date})",
                hint="check the two dates",
            )
        if m.approval_date and m.signed.date and m.signed.date < m.approval_date:
            yield Issue(
                s.path,
                (*here, "signed", "date"),
                f"{s.name} signed ({m.signed.date}) before its joining was approved ({m.approval_date})",
                hint="check the dates; an organisation signs once its joining is approved",
            )
