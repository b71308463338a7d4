"""`overens revise`: the changed text declared as a new version, as one git commit."""

import enum
from typing import Annotated

import typer

from overens.cli import changes as change
from overens.cli.shared import AgreementArgument, RepoOption, day_option, handle_errors


class Kind(str, enum.Enum):
    editorial = "editorial"
    material = "material"


KindOption = Annotated[
    Kind,
    typer.Option(
        "--kind", help="editorial (wording; nobody signs again) or material (signatories confirm)."
    ),
]
SummaryOption = Annotated[str, typer.Option("--summary", help="What changed, in a sentence.")]
DecidedByOption = Annotated[str, typer.Option("--decided-by", help="Who decided the revision.")]
DateOption = Annotated[
    str | None,
    typer.Option("--date", metavar="YYYY-MM-DD", help="The decision's date [default: today]."),
]
ReferenceOption = Annotated[
    str | None, typer.Option("--reference", help="The decision's registry number (diarienummer).")
]
ParagraphOption = Annotated[
    str | None, typer.Option("--paragraph", help="The paragraph of the minutes (§ 6).")
]
VersionOption = Annotated[
    str | None,
    typer.Option("--version", help="The new version [default: the current one plus one]."),
]


@handle_errors
def revise(
    agreement: AgreementArgument,
    kind: KindOption,
    summary: SummaryOption,
    decided_by: DecidedByOption,
    date: DateOption = None,
    reference: ReferenceOption = None,
    paragraph: ParagraphOption = None,
    version: VersionOption = None,
    no_commit: change.NoCommitOption = False,
    branch: change.BranchOption = None,
    dry_run: change.DryRunOption = False,
    json_output: change.JsonOption = False,
    repo: RepoOption = None,
) -> None:
    """Declare the changed text of AGREEMENT as a new version, and commit it.

    Computes the SHA-256 of the text as it stands, appends the revision (kind, date, summary,
    who decided it, registry number) and sets `version` to it; text files changed since the last
    commit are committed with it. Says which principles changed. With --branch the commit goes
    on a new branch for a pull request. Refused, with nothing written, when the text has not
    changed since the current version was declared, has errors, or the agreement is a draft.
    """
    import overens

    done = overens.revise(
        overens.ReviseRequest(
            agreement,
            kind.value,
            summary,
            decided_by,
            day_option(date, "--date"),
            reference,
            paragraph,
            version,
        ),
        repo=repo,
        delivery=change.delivery(no_commit=no_commit, branch=branch, dry_run=dry_run),
    )
    confirm = (
        f"each signatory confirms it: `overens confirm {done.agreement} ORG`; `overens check` "
        "lists who has not"
        if kind is Kind.material
        else "nobody signs again (editorial)"
    )
    change.print_text_change(
        done,
        as_json=json_output,
        first=f"{done.agreement}: version {done.version} ({kind.value}) declared",
        next_step=confirm,
    )
