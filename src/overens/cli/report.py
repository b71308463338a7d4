"""`overens report`: a received annual report, recorded as one git commit."""

from typing import Annotated

import typer

from overens.cli import changes as change
from overens.cli.shared import (
    AgreementArgument,
    RepoOption,
    day_option,
    fewer_collections,
    handle_errors,
)


@handle_errors
def report(
    agreement: AgreementArgument,
    organisation: change.OrganisationArgument,
    kind: Annotated[
        str,
        typer.Option(
            "--kind", help="The report kind, as the agreement names it (terms.follow_up.reports)."
        ),
    ],
    year: Annotated[int, typer.Option("--year", metavar="YYYY", help="The year it covers.")],
    received: Annotated[
        str | None,
        typer.Option("--received", metavar="YYYY-MM-DD", help="When it arrived [default: today]."),
    ] = None,
    evidence: change.EvidenceOption = None,
    store_evidence: change.StoreEvidenceOption = False,
    reference: change.ReferenceOption = None,
    no_commit: change.NoCommitOption = False,
    branch: change.BranchOption = None,
    dry_run: change.DryRunOption = False,
    json_output: change.JsonOption = False,
    repo: RepoOption = None,
) -> None:
    """Record that ORG's annual report for a year arrived, and commit it.

    Appends the year, the kind, the day it was received and its evidence to the organisation's
    `reports`; `overens check` (rule annual-reports) then counts it and `overens due` no longer
    lists it. Refused, with nothing written, for an unknown organisation or kind, a report
    already recorded, a year before the organisation signed, or a date in the future.
    """
    import overens

    fewer_collections()  # the look-up: 10,000 signatories' names, no reference cycles
    done = overens.report(
        overens.ReportRequest(
            agreement=agreement,
            organisation=organisation,
            kind=kind,
            year=year,
            received=day_option(received, "--received"),
            evidence=evidence,
            store_evidence=store_evidence,
            reference=reference,
        ),
        repo=repo,
        delivery=change.delivery(no_commit=no_commit, branch=branch, dry_run=dry_run),
    )
    change.print_change(done, as_json=json_output)
