"""What `sign` and `withdraw` share: the delivery options, prompting and printing the change."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from overens.cli.shared import err

if TYPE_CHECKING:
    from overens.membership.change import Change
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


def delivery(*, no_commit: bool, branch: str | None, dry_run: bool) -> Delivery:
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
            raise typer.BadParameter(e.message) from None

    return typer.prompt(prompt, default=default, value_proc=value_proc)


def print_change(change: Change, *, as_json: bool) -> None:
    """Print what sign or withdraw did: the record as JSON, the file (dry run), or a summary."""
    if change.recovered:
        err(f"note: {change.recovered}")
    if as_json:
        sys.stdout.write(json.dumps(change.to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif change.dry_run:
        sys.stdout.write(change.text)
        err(f"dry run: would write {', '.join(change.files)}; nothing was changed")
        return
    else:
        done = {"sign": "signed", "confirm": "confirmed the current version of"}.get(
            change.action, "withdrew from"
        )
        again = " again (a new membership period)" if change.rejoin else ""
        lines = [
            f"{change.name} {done} {change.agreement}{again}",
            f"  wrote {', '.join(change.files)}",
        ]
        if change.branch and change.commit:
            lines += [
                (
                    f"  committed {change.commit[:12]} on the new branch {change.branch}; "
                    "your checkout is unchanged"
                ),
                f"  next: git push -u origin {change.branch}, then open a pull request",
            ]
        elif change.commit:
            lines.append(f"  committed {change.commit[:12]}: {change.message.splitlines()[0]}")
        else:
            lines.append(
                f"  not committed; review it, then: git add {' '.join(change.files)} && git commit"
            )
        sys.stdout.write("\n".join(lines) + "\n")
    if not change.layout_kept and not change.dry_run:
        err(
            f"note: {change.path} could not be edited line by line and was written afresh; "
            "comments in it were lost"
        )
