"""`overens withdraw`: an organisation leaves an agreement, as one git commit."""

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
def withdraw(
    agreement: AgreementArgument,
    organisation: change.OrganisationArgument,
    notice_date: Annotated[
        str | None,
        typer.Option(
            "--notice-date", metavar="YYYY-MM-DD", help="When the written notice was received."
        ),
    ] = None,
    effective: Annotated[
        str | None,
        typer.Option(
            "--effective",
            metavar="YYYY-MM-DD",
            help="When the withdrawal takes effect [default: the notice date plus the agreement's "
            "notice period].",
        ),
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="The reason given, if any.")
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
    """Record that ORG withdrew from AGREEMENT, and commit it.

    Appends a withdrawal to the organisation's last membership period; the file and its earlier
    records are kept. Refused, with nothing written, when the organisation is unknown or already
    withdrawn, the dates do not fit, or the agreement requires written notice and neither
    --evidence nor --reference is given."""
    import overens

    fewer_collections()  # the look-up: 10,000 signatories' names, no reference cycles
    notice = day_option(notice_date, "--notice-date")
    if notice is None and change.interactive():
        notice = change.ask(
            "Notice received (YYYY-MM-DD)", lambda raw: day_option(raw, "--notice-date")
        )
    done = overens.withdraw(
        overens.WithdrawRequest(
            agreement=agreement,
            organisation=organisation,
            notice_date=notice,
            effective=day_option(effective, "--effective"),
            reason=reason,
            evidence=evidence,
            store_evidence=store_evidence,
            reference=reference,
        ),
        repo=repo,
        delivery=change.delivery(no_commit=no_commit, branch=branch, dry_run=dry_run),
        use_cache=not no_cache,
    )
    change.print_change(done, as_json=json_output)
