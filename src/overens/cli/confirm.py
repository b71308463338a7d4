"""`overens confirm`: an organisation confirms the agreement's current version, as one git commit."""

from typing import Annotated

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


@handle_errors
def confirm(
    agreement: AgreementArgument,
    organisation: change.OrganisationArgument,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="YYYY-MM-DD", help="When the organisation confirmed [default: today]."
        ),
    ] = None,
    evidence: change.EvidenceOption = None,
    store_evidence: change.StoreEvidenceOption = False,
    reference: change.ReferenceOption = None,
    no_commit: change.NoCommitOption = False,
    branch: change.BranchOption = None,
    dry_run: change.DryRunOption = False,
    json_output: change.JsonOption = False,
    repo: RepoOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Record that ORG confirmed the current version of AGREEMENT, and commit it.

    Appends the version, the date and the text's SHA-256 to the confirmations of the
    organisation's current membership period. Needed after a material revision; `overens version`
    and `overens check` list who has still to confirm. Refused, with nothing written, when the
    organisation is unknown, withdrawn or already holds the current version, when the date is in
    the future or before the version was decided, or when the text has changed since its version
    was declared.
    """
    import overens

    fewer_collections()  # the look-up: 10,000 signatories' names, no reference cycles
    done = overens.confirm(
        overens.ConfirmRequest(
            agreement=agreement,
            organisation=organisation,
            date=day_option(date, "--date"),
            evidence=evidence,
            store_evidence=store_evidence,
            reference=reference,
        ),
        repo=repo,
        delivery=change.delivery(no_commit=no_commit, branch=branch, dry_run=dry_run),
        use_cache=not no_cache,
    )
    change.print_change(done, as_json=json_output)
