"""`overens list`: an agreement's signatories and their derived status on a date."""

from __future__ import annotations

import enum
import json
import os
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from overens.cli.shared import (
    AgreementArgument,
    AsOfOption,
    RepoOption,
    as_of_day,
    err,
    handle_errors,
)

if TYPE_CHECKING:
    from overens.membership.register import Roster


class StatusChoice(str, enum.Enum):
    active = "active"
    withdrawn = "withdrawn"
    pending = "pending"
    uncertain = "uncertain"
    ended = "ended"
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
) -> None:
    """List the signatories of AGREEMENT and their status on a date, with its parties, counts and succession.

    A status is active, withdrawn, pending, uncertain (a date known only to the year or month
    leaves it open) or ended (the agreement is no longer in force: the register as it stood on
    its last day). Parties that joined later are listed from their date; organisations recorded
    only as a number are shown as a count, never as signatories.
    """
    import overens

    roster = overens.list_signatories(
        agreement, repo=repo, as_of=as_of_day(as_of), status=status.value
    )
    for path in roster.unreadable:
        err(f"warning: {path} has errors and is left out (run `overens validate {path}`)")
    if json_output:
        sys.stdout.write(json.dumps(roster.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    _print_table(roster)


def _print_table(roster: Roster) -> None:
    """The roster as a table: the name folds when the terminal is narrow; the rest never wraps."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    which = "" if roster.status == "all" else f"{roster.status} "
    # The name folds when the table is narrow; the short columns never wrap.
    table = Table(
        title=f"{roster.title}: {which}signatories on {roster.as_of}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        collapse_padding=True,
    )
    rows = [
        {
            "Organisation": e.name,
            "Org. number": e.org_number or "",
            "Sector": e.sector,
            "Status": e.status,
            "Since": (e.since.isoformat() if e.since else "")
            + (" (carried over)" if e.carried_over_from else ""),
            "Until": e.until.isoformat() if e.until else "",
            "Version": e.version or "",
        }
        for e in roster.entries
    ]
    # A column nobody has a value in is left out, so the names get the room.
    shown = [
        c
        for c in ("Org. number", "Sector", "Status", "Since", "Until", "Version")
        if c == "Status" or any(r[c] for r in rows)
    ]
    table.add_column("Organisation", overflow="fold", min_width=12, ratio=1)
    for column in shown:
        table.add_column(column, no_wrap=True)
    for r in rows:
        table.add_row(r["Organisation"], *(r[c] for c in shown))
    console = Console(highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        # Piped or redirected (a report, CI, a README): 100 columns keep one organisation a line;
        # in a terminal the table takes the terminal's width.
        console = Console(highlight=False, width=100)
    if roster.entries:
        console.print(table)
    else:
        console.print(f"{roster.title}: no {which}signatories on {roster.as_of}")
    for line in _context_lines(roster):
        console.print(line, soft_wrap=True)
    err(_count(roster))


def _context_lines(roster: Roster) -> list[str]:
    """The parties on the date, the agreement's end, its succession and the counts without names."""
    lines = []
    if roster.parties:
        shown = []
        for p in roster.parties:
            text = p.name + (f" ({p.kind.replace('_', ' ')})" if p.kind else "")
            if p.joined is not None:
                text += f", a party since {p.joined}"
            if p.status == "uncertain":
                text += " (uncertain on this date)"
            shown.append(text)
        lines.append(f"Parties on {roster.as_of}: " + "; ".join(shown))
    if roster.ended is not None:
        lines.append(
            f"No longer in force: the register as it stood on its last day ({roster.ended})."
        )
    if roster.succession is not None:
        lines += roster.succession.sentences()
    lines += [c.sentence() + "." for c in roster.counts]
    return lines


def _count(roster: Roster) -> str:
    """How many are listed, by status: a withdrawn organisation is not counted as a signatory."""
    counts = {s: sum(1 for e in roster.entries if e.status == s) for s in STATUS_ORDER}
    active = counts.pop("active")
    noun = "signatory" if active == 1 else "signatories"
    rest = [f"{n} {status}" for status, n in counts.items() if n]
    return f"{active} active {noun}" + (f" ({', '.join(rest)} listed too)" if rest else "")


STATUS_ORDER = ("active", "withdrawn", "pending")
