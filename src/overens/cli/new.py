"""`overens new`: a draft agreement, as one git commit."""

from typing import Annotated

import typer

from overens.cli import changes as change
from overens.cli.shared import RepoOption, handle_errors


@handle_errors
def new(
    agreement: Annotated[
        str,
        typer.Argument(
            metavar="AGREEMENT",
            help="The new agreement's id: its folder under agreements/ (a slug).",
        ),
    ],
    title: Annotated[
        str, typer.Option("--title", help="The agreement's full title, as it will be printed.")
    ],
    region: Annotated[
        str | None,
        typer.Option(
            "--region", help="The public party (Region Exempelland); a placeholder when left out."
        ),
    ] = None,
    short_name: Annotated[
        str | None, typer.Option("--short-name", help="A short name for lists and messages.")
    ] = None,
    language: Annotated[
        str, typer.Option("--language", help="The language of the text: sv or en.")
    ] = "sv",
    no_commit: change.NoCommitOption = False,
    branch: change.BranchOption = None,
    dry_run: change.DryRunOption = False,
    json_output: change.JsonOption = False,
    repo: RepoOption = None,
) -> None:
    """Start a draft of a new agreement, AGREEMENT, and commit it.

    Writes agreements/AGREEMENT/agreement.yaml (with `status: draft` and every part a coordinator
    writes, each holding a placeholder) and one example principle. A draft has no version and
    no text hash, and nobody can sign it; `overens check AGREEMENT` lists what is still missing, and
    `overens adopt AGREEMENT` declares version 1 once the text is decided.
    """
    import overens

    done = overens.new(
        overens.NewRequest(agreement, title, region, short_name, language),
        repo=repo,
        delivery=change.delivery(no_commit=no_commit, branch=branch, dry_run=dry_run),
    )
    change.print_text_change(
        done,
        as_json=json_output,
        first=f"a draft of {done.agreement}: {title}",
        next_step=f"write the text in place of each [Skriv …] and [Ange …]; `overens check "
        f"{done.agreement}` lists what is still missing",
    )
