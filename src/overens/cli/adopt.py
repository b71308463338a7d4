"""`overens adopt`: a draft's text is decided; version 1 is declared, as one git commit."""

from typing import Annotated

import typer

from overens.cli import changes as change
from overens.cli.shared import AgreementArgument, RepoOption, day_option, handle_errors


@handle_errors
def adopt(
    agreement: AgreementArgument,
    by: Annotated[str, typer.Option("--by", help="The deciding assembly (Regionfullmäktige, …).")],
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="The decision's date [default: today]."),
    ] = None,
    reference: Annotated[
        str | None,
        typer.Option("--reference", help="The decision's registry number (diarienummer)."),
    ] = None,
    paragraph: Annotated[
        str | None, typer.Option("--paragraph", help="The paragraph of the minutes (§ 12).")
    ] = None,
    summary: Annotated[
        str | None,
        typer.Option(
            "--summary", help="The first revision's summary [default: the text as adopted]."
        ),
    ] = None,
    no_commit: change.NoCommitOption = False,
    branch: change.BranchOption = None,
    dry_run: change.DryRunOption = False,
    json_output: change.JsonOption = False,
    repo: RepoOption = None,
) -> None:
    """Record that the draft AGREEMENT was adopted, declare version 1, and commit it.

    Records the decision (`adopted`: date, by, reference, paragraph) and version 1 with the
    SHA-256 of the text as it stands; text files changed since the last commit are committed with
    it. From then on a change of the text is a revision (`overens revise`). Refused, with nothing
    written, when the agreement is not a draft, its text has errors or unfilled placeholders, or
    the date is in the future.
    """
    import overens

    done = overens.adopt(
        overens.AdoptRequest(
            agreement, by, day_option(date, "--date"), reference, paragraph, summary
        ),
        repo=repo,
        delivery=change.delivery(no_commit=no_commit, branch=branch, dry_run=dry_run),
    )
    change.print_text_change(
        done,
        as_json=json_output,
        first=f"{done.agreement}: version {done.version} adopted by {by}",
        next_step=f"organisations can sign it: `overens sign {done.agreement}`",
    )
