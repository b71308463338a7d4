"""What the commands that change the repository share: the delivery options, prompting, and
printing a change (of a signatory: sign, withdraw, confirm, report; of the text: new, adopt,
revise)."""

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from overens.cli.shared import err

if TYPE_CHECKING:
    from overens.membership.change import Change
    from overens.revisions.text_change import TextChange
    from overens.vcs.transaction import Delivery

OrganisationArgument = Annotated[
    str,
    typer.Argument(
        metavar="ORG",
        help="The organisation: its file name (slug), organisation number or exact name.",
    ),
]
NoCommitOption = Annotated[
    bool,
    typer.Option(
        "--no-commit",
        help="Write the file but do not commit it (works outside a git repository too).",
    ),
]
BranchOption = Annotated[
    str | None,
    typer.Option(
        "--branch",
        metavar="NAME",
        help="Commit on a new branch NAME (for a pull request); the current branch, index and "
        "working "
        "tree are left as they are.",
    ),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Print the file that would be written; change nothing.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the record as JSON.")]
EvidenceOption = Annotated[
    Path | None,
    typer.Option(
        "--evidence",
        metavar="FILE",
        dir_okay=False,
        help="A scanned form or letter: its SHA-256 is recorded (the file is not copied unless "
        "--store-evidence).",
    ),
]
StoreEvidenceOption = Annotated[
    bool,
    typer.Option(
        "--store-evidence",
        help="Also copy the --evidence file into the agreement's evidence/ folder and commit it.",
    ),
]
ReferenceOption = Annotated[
    str | None, typer.Option("--reference", help="A registry or case number (diarienummer).")
]


def delivery(*, no_commit: bool, branch: str | None, dry_run: bool) -> "Delivery":
    from overens.vcs.transaction import Delivery

    return Delivery(commit=not no_commit, branch=branch, dry_run=dry_run)


def interactive() -> bool:
    """True when a person can answer prompts (stdin is a terminal)."""
    return sys.stdin.isatty()


def ask(prompt: str, check: Callable[[str], Any], default: str | None = None) -> Any:
    """Ask until the answer passes ``check``; its error message is shown before asking again."""
    from overens.errors import OverensError

    def value_proc(raw: str) -> Any:
        try:
            return check(raw)
        except OverensError as e:
            raise typer.BadParameter(f"{e.message} ({e.hint})" if e.hint else e.message) from None

    # An empty default (an optional value) is not shown as "[]"; Enter gives it.
    return typer.prompt(prompt, default=default, value_proc=value_proc, show_default=bool(default))


def delivered(
    files: tuple[str, ...], commit: str | None, branch: str | None, message: str
) -> list[str]:
    """Where a change went: the files written and the commit, or the new branch that holds them
    (the working tree is then untouched: nothing was written there)."""
    subject = message.splitlines()[0] if message else ""
    if branch and commit:
        return [
            f"  committed {commit[:12]} on the new branch {branch}: {subject}",
            f"  the commit holds {', '.join(files)}; your working tree and current branch are "
            "unchanged",
            f"  next: git push -u origin {branch}, then open a pull request",
        ]
    lines = [f"  wrote {', '.join(files)}"]
    if commit:
        lines.append(f"  committed {commit[:12]}: {subject}")
    else:
        lines.append(f"  not committed; review it, then: git add {' '.join(files)} && git commit")
    return lines


_DONE = {
    "sign": "signed",
    "confirm": "confirmed the current version of",
    "report": "sent a report to",
}


def print_change(change: "Change", *, as_json: bool) -> None:
    """Print what sign, withdraw, confirm or report did: the record as JSON, the file (dry run),
    or a summary with each value that changed, old → new."""
    if change.recovered:
        err(f"note: {change.recovered}")
    if as_json:
        sys.stdout.write(json.dumps(change.to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif change.dry_run:
        sys.stdout.write(change.text)
        err(f"dry run: would write {', '.join(change.files)}; nothing was changed")
        return
    else:
        done = _DONE.get(change.action, "withdrew from")
        again = " again (a new membership period)" if change.rejoin else ""
        lines = [f"{change.name} {done} {change.agreement}{again}"]
        if change.detail:
            lines.append(f"  {change.detail}")
        lines += [f"  changed {c.describe()}" for c in change.changes]
        lines += delivered(change.files, change.commit, change.branch, change.message)
        sys.stdout.write("\n".join(lines) + "\n")
    if not change.layout_kept and not change.dry_run:
        err(
            f"note: {change.path} could not be edited line by line and was written afresh; "
            "comments in it were lost"
        )


def print_text_change(change: "TextChange", *, as_json: bool, first: str, next_step: str) -> None:
    """Print what new, adopt or revise did: ``first`` line, what changed, the hash, where it
    went, and ``next_step``."""
    if change.recovered:
        err(f"note: {change.recovered}")
    if as_json:
        sys.stdout.write(json.dumps(change.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    if change.dry_run:
        sys.stdout.write(change.text)
        err(f"dry run: would write {', '.join(change.files)}; nothing was changed")
        return
    lines = [first]
    for i, what in enumerate(change.changed):
        lines.append(("  changed: " if i == 0 else "           ") + what)
    if change.text_sha256:
        lines.append(f"  text sha256: {change.text_sha256}")
    lines += delivered(change.files, change.commit, change.branch, change.message)
    if next_step:
        lines.append(f"  next: {next_step}")
    sys.stdout.write("\n".join(lines) + "\n")
    if not change.layout_kept:
        err(
            f"note: {change.path} could not be edited line by line and was written afresh; "
            "comments in it were lost"
        )
