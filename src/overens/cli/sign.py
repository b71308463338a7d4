"""`overens sign`: an organisation joins an agreement, as one git commit."""

from typing import Annotated, Any

import typer

from overens.cli import changes as change
from overens.cli.shared import (
    AgreementArgument,
    NoCacheOption,
    RepoOption,
    day_option,
    fewer_collections,
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
NoSignedByTitle = Annotated[
    bool,
    typer.Option(
        "--no-signed-by-title",
        help="On a rejoin with a new signer: the new signer has no title (the recorded title was "
        "the old signer's and is removed).",
    ),
]
NoContactEmail = Annotated[
    bool,
    typer.Option(
        "--no-contact-email",
        help="On a rejoin with a new contact person: remove the old one's e-mail.",
    ),
]
NoContactPhone = Annotated[
    bool,
    typer.Option(
        "--no-contact-phone",
        help="On a rejoin with a new contact person: remove the old one's telephone.",
    ),
]

Channel = Annotated[
    str | None,
    typer.Option(
        "--channel", help="How it joined: an id of the agreement's terms.joining.channels."
    ),
]
Criterion = Annotated[
    list[str] | None,
    typer.Option(
        "--criterion",
        metavar="ID",
        help="A joining criterion (terms.joining.criteria) the organisation attests; repeat for "
        "each.",
        show_default=False,
    ),
]
CarriedOverFrom = Annotated[
    str | None,
    typer.Option(
        "--carried-over-from",
        metavar="AGREEMENT",
        help="Record an organisation that remains a signatory of the predecessor AGREEMENT "
        "without signing anew, as the text says (no text hash; dated the succession's day).",
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
    channel: Channel = None,
    criterion: Criterion = None,
    carried_over_from: CarriedOverFrom = None,
    no_signed_by_title: NoSignedByTitle = False,
    no_contact_email: NoContactEmail = False,
    no_contact_phone: NoContactPhone = False,
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
    values["criteria"] = tuple(values.pop("criterion") or ())
    interactive = change.interactive()
    if interactive:
        from overens.cli.sign_prompts import ask_missing

        ask_missing(agreement, values, repo)
    delivery = change.delivery(no_commit=no_commit, branch=branch, dry_run=dry_run)
    done = _sign(values, repo, delivery, interactive, use_cache=not no_cache)
    change.print_change(done, as_json=json_output)


def _sign(
    values: dict[str, Any], repo: Any, delivery: Any, interactive: bool, *, use_cache: bool
) -> Any:
    """Sign; a rejoin's new signer or contact person asks (in a terminal) for the value that
    belonged to the old one, once per value; a script gives the option instead."""
    import overens
    from overens.errors import MissingValueError

    fewer_collections()  # the look-up: 10,000 signatories' names, no reference cycles

    asked: set[str] = set()
    while True:
        try:
            return overens.sign(
                overens.SignRequest(**values), repo=repo, delivery=delivery, use_cache=use_cache
            )
        except MissingValueError as e:
            if not interactive or e.field in asked:
                raise
            from overens.cli.sign_prompts import ask_dependent

            asked.add(e.field)
            ask_dependent(e, values)
