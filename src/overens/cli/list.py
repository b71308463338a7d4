"""`overens list`: an agreement's signatories and their derived status on a date."""

from __future__ import annotations

import enum
import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from overens.cli.shared import (
    AgreementArgument,
    AsOfOption,
    NoCacheOption,
    RepoOption,
    as_of_day,
    err,
    fewer_collections,
    handle_errors,
    output_width,
    write_lines,
)

if TYPE_CHECKING:
    from overens.membership.register import Roster


class StatusChoice(str, enum.Enum):
    active = "active"
    withdrawn = "withdrawn"
    pending = "pending"
    all = "all"


@handle_errors
def list_signatories(
    agreement: AgreementArgument,
    as_of: AsOfOption = None,
    status: Annotated[
        StatusChoice, typer.Option("--status", help="Which signatories to show.")
    ] = StatusChoice.all,
    json_output: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
    repo: RepoOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """List the signatories of AGREEMENT and their status (active, withdrawn, pending) on a date.

    In a terminal, a list longer than the screen is shown in a pager ($PAGER, or less).
    """
    import overens

    fewer_collections()  # 10,000 summaries and rows, no reference cycles
    roster = overens.list_signatories(
        agreement, repo=repo, as_of=as_of_day(as_of), status=status.value, use_cache=not no_cache
    )
    for path in roster.unreadable:
        err(f"warning: {path} has errors and is left out (run `overens validate {path}`)")
    if json_output:
        sys.stdout.write(json.dumps(roster.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    write_lines(_table(roster, output_width()))
    count = len(roster.entries)
    err(f"{count} signator{'y' if count == 1 else 'ies'}")


_COLUMNS = ("Org. number", "Sector", "Status", "Since", "Until", "Version")


def _table(roster: Roster, width: int) -> list[str]:
    """The roster as a table: the name folds when the table is too wide; the rest never wraps."""
    from overens.tables import Column, lines, wrap

    which = "" if roster.status == "all" else f"{roster.status} "
    if not roster.entries:
        return wrap(f"{roster.title}: no {which}signatories on {roster.as_of}", width)
    rows = [
        (
            e.name,
            e.org_number or "",
            e.sector,
            e.status,
            e.since.isoformat() if e.since else "",
            e.until.isoformat() if e.until else "",
            e.version or "",
        )
        for e in roster.entries
    ]
    # A column nobody has a value in is left out, so the names get the room.
    shown = [0] + [
        i
        for i, column in enumerate(_COLUMNS, start=1)
        if column == "Status" or any(row[i] for row in rows)
    ]
    columns = [Column("Organisation", wrap=True, min_width=12)]
    columns += [Column(_COLUMNS[i - 1]) for i in shown[1:]]
    title = f"{roster.title}: {which}signatories on {roster.as_of}"
    return list(lines(columns, [[row[i] for i in shown] for row in rows], width, title=title))
