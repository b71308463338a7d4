"""`overens sign`: an organisation joins an agreement, as one git commit."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from overens.cli import changes as change
from overens.cli.shared import (
    AgreementArgument,
    NoCacheOption,
    RepoOption,
    day_option,
    handle_errors,
)

Name = Annotated[str | None, typer.Option("--name", help="The organisation's name.")]
OrgNumber = Annotated[
    str | None, typer.Option("--org-number", help="Its organisationsnummer, NNNNNN-NNNN.")
]
Sector = Annotated[str | None, typer.Option("--sector", help="ideburen or offentlig.")]
LegalForm = Annotated[
    str | None, typer.Option("--legal-form", help="e.g. ideell förening, stiftelse.")
]
Municipality = Annotated[str | None, typer.Option("--municipality", help="Where it has its seat.")]
Website = Annotated[str | None, typer.Option("--website", help="Its website, https://…")]
SignedBy = Annotated[
    str | None, typer.Option("--signed-by", help="The authorised signer (firmatecknare).")
]
SignedByTitle = Annotated[str | None, typer.Option("--signed-by-title", help="The signer's title.")]
ContactName = Annotated[str | None, typer.Option("--contact-name", help="The contact person.")]
ContactEmail = Annotated[
    str | None, typer.Option("--contact-email", help="The contact person's e-mail.")
]
ContactPhone = Annotated[
    str | None, typer.Option("--contact-phone", help="The contact person's telephone.")
]
Date = Annotated[
    str | None,
    typer.Option("--date", metavar="YYYY-MM-DD", help="The signing date [default: today]."),
]
Version = Annotated[
    str | None,
    typer.Option("--version", help="The agreement version signed [default: the current version]."),
]
Applied = Annotated[
    str | None,
    typer.Option("--applied", metavar="YYYY-MM-DD", help="When the application was received."),
]
Approved = Annotated[
    str | None, typer.Option("--approved", metavar="YYYY-MM-DD", help="When joining was approved.")
]
ApprovedBy = Annotated[
    str | None,
    typer.Option("--approved-by", help="Who approved it [default: the body the agreement names]."),
]
Slug = Annotated[
    str | None,
    typer.Option(
        "--slug",
        help="The file name to use instead of one made from the name (to avoid a collision).",
    ),
]
DemocraticValues = Annotated[
    bool | None,
    typer.Option(
        "--democratic-values/--no-democratic-values",
        help="The organisation attests that it supports democratic values.",
        show_default=False,
    ),
]

_DATES = {"date": "--date", "applied": "--applied", "approved": "--approved"}
_DELIVERY = ("no_commit", "branch", "dry_run", "json_output", "repo", "no_cache")
"""The options that say how the change is delivered and shown, not what is signed."""


@handle_errors
def sign(
    agreement: AgreementArgument,
    name: Name = None,
    org_number: OrgNumber = None,
    sector: Sector = None,
    legal_form: LegalForm = None,
    municipality: Municipality = None,
    website: Website = None,
    signed_by: SignedBy = None,
    signed_by_title: SignedByTitle = None,
    contact_name: ContactName = None,
    contact_email: ContactEmail = None,
    contact_phone: ContactPhone = None,
    date: Date = None,
    version: Version = None,
    evidence: change.EvidenceOption = None,
    store_evidence: change.StoreEvidenceOption = False,
    reference: change.ReferenceOption = None,
    applied: Applied = None,
    approved: Approved = None,
    approved_by: ApprovedBy = None,
    democratic_values: DemocraticValues = None,
    slug: Slug = None,
    no_commit: change.NoCommitOption = False,
    branch: change.BranchOption = None,
    dry_run: change.DryRunOption = False,
    json_output: change.JsonOption = False,
    repo: RepoOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Record that an organisation signed AGREEMENT, and commit it.

    Writes agreements/AGREEMENT/signatories/<slug>.yaml with the signed version's text hash and
    commits only that file. In a terminal, missing required values are asked for; otherwise every
    missing option is listed. Refused, with nothing written, when the organisation is already a
    signatory or any value or date does not fit the agreement.
    """
    values: dict[str, Any] = {k: v for k, v in locals().items() if k not in _DELIVERY}
    values.update({k: day_option(values[k], option) for k, option in _DATES.items()})
    if change.interactive():
        _ask_missing(agreement, values, repo)
    import overens

    done = overens.sign(
        overens.SignRequest(**values),
        repo=repo,
        delivery=change.delivery(no_commit=no_commit, branch=branch, dry_run=dry_run),
        use_cache=not no_cache,
    )
    change.print_change(done, as_json=json_output)


def _ask_missing(agreement: str, values: dict[str, Any], repo: Any) -> None:
    """Ask, in a terminal, for each value the agreement requires and the options left out."""
    from overens.membership.inputs import check_value
    from overens.membership.requirements import requirements
    from overens.model.dates import parse_date

    needs = requirements(agreement, repo)
    sectors = needs.terms.open_to
    for need in needs.missing(values):

        def check(raw: str, field: str = need.field, option: str = need.option) -> object:
            if field in _DATES:
                return parse_date(raw, option)
            return check_value(field, raw, sectors=sectors)

        if need.field == "democratic_values":
            values[need.field] = typer.confirm(need.prompt, default=None)
        else:
            values[need.field] = change.ask(need.prompt, check)
