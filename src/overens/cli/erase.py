"""`overens erase`: remove an organisation's personal data from its file, as one git commit."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from overens.cli import changes as change
from overens.cli.shared import (
    AgreementArgument,
    NoCacheOption,
    RepoOption,
    err,
    fewer_collections,
    handle_errors,
)

if TYPE_CHECKING:
    from overens.membership.erase import Erasure

WHY_SEPARATE = """\
Removing it from the history as well is a separate decision, because a rewrite:
  - changes the id of every commit from the first that holds the data onwards, so every clone,
    fork and open pull request must be re-cloned (or rebased) onto the new history, and links
    to old commits stop working;
  - drops the signatures of signed commits and tags in that range, and commit ids cited
    elsewhere (minutes, e-mails, rendered copies) no longer lead anywhere;
  - cannot reach copies already made: clones, forks, backups, caches of the hosting service."""


CANNOT_REACH = """\
What neither erase nor a purge can reach: other clones of the repository (everyone who cloned or
fetched it), forks on the hosting service, backups, CI caches and artifacts, the hosting
service's copies of old commits and pull requests, and this checkout's own old objects and
reflog until it is re-cloned. Ask whoever holds such copies to delete them."""


def _report(done: "Erasure") -> str:
    lines = []
    if done.erased:
        verb = "would erase" if done.dry_run else "erased"
        lines.append(f"{done.name}: {verb} {' and '.join(done.erased)} from {done.path}")
        lines.append(
            "  kept: the organisation's public record (name, organisation number, sector, "
            "membership periods with their dates, versions and evidence)"
        )
        if done.commit:
            lines.append(
                f"  committed {done.commit[:12]}: erase({done.agreement}): personal data "
                f"of {done.name}"
            )
        elif not done.dry_run:
            lines.append(f"  not committed; review it, then: git add {done.path} && git commit")
    else:
        lines.append(f"{done.name}: {done.path} holds no personal data to erase")
    for path in done.evidence_files:
        lines.append(
            f"  note: the stored evidence {path} was kept (it proves the signing); a "
            "scanned form may hold personal data too"
        )
    purge = done.purge
    if purge is None:
        return "\n".join([*lines, "", CANNOT_REACH]) + "\n"
    held = f"{purge.versions} committed version{'s' if purge.versions != 1 else ''} of the file"
    if purge.names:
        held += f" (also under its earlier name{'s' if len(purge.names) > 1 else ''} {', '.join(purge.names)})"
    if purge.messages:
        held += f" and {purge.messages} commit message{'s' if purge.messages != 1 else ''}"
    lines += ["", f"The git history still holds the erased data ({held}).", WHY_SEPARATE, ""]
    if done.also_in:
        lines.append(
            f"The same values are also in {', '.join(done.also_in)}; the purge replaces "
            "them there too."
        )
    written = "would be written to" if done.dry_run else "are in"
    lines += [
        (
            "If it is decided, purge it in a fresh clone with git-filter-repo (pip install "
            f"git-filter-repo); the values to replace {written} {purge.expressions_file}:"
        ),
        "",
        *(f"    {c}" for c in purge.commands),
        "",
        (
            "then check the result, force-push every branch and tag to the shared repository "
            "(git push --force --all <remote>; git push --force --tags <remote>), have everyone "
            f"re-clone, and delete {purge.expressions_file}."
        ),
        "",
        CANNOT_REACH,
    ]
    return "\n".join(lines) + "\n"


@handle_errors
def erase(
    agreement: AgreementArgument,
    organisation: change.OrganisationArgument,
    signer: Annotated[
        bool,
        typer.Option(
            "--signer",
            help="Also erase the authorised signer's name and title (kept by default: they "
            "signed the public document in that role).",
        ),
    ] = False,
    no_commit: change.NoCommitOption = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be erased; change nothing.")
    ] = False,
    repo: RepoOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Remove ORG's personal data (its contact person) from its signatory file, and commit it.

    The organisation's public record stays: name, organisation number, sector, membership
    periods, dates, versions and evidence. The data remains in the git history; erase prints the
    exact commands that would purge it from there too, and why that is a separate decision.
    """
    import overens

    fewer_collections()  # the look-up: 10,000 signatories' names, no reference cycles
    done = overens.erase(
        overens.EraseRequest(agreement, organisation, signer=signer),
        repo=repo,
        delivery=change.delivery(no_commit=no_commit, branch=None, dry_run=dry_run),
        use_cache=not no_cache,
    )
    if done.recovered:
        err(f"note: {done.recovered}")
    sys.stdout.write(_report(done))
