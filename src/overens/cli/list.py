"""`overens list`: an agreement's signatories and their derived status on a date."""

import enum
import json
import operator
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from overens.cli.shared import (
    AgreementArgument,
    AsOfOption,
    FormatOption,
    JsonAliasOption,
    NoCacheOption,
    OutputFormat,
    RepoOption,
    as_of_day,
    err,
    fewer_collections,
    handle_errors,
    output_width,
    wants_json,
    write_lines,
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
    output_format: FormatOption = OutputFormat.text,
    json_output: JsonAliasOption = False,
    repo: RepoOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """List the signatories of AGREEMENT and their status on a date, with its parties, counts and succession.

    A status is active, withdrawn, pending, uncertain (a date known only to the year or month
    leaves it open) or ended (the agreement is no longer in force: the register as it stood on
    its last day). Parties that joined later are listed from their date; organisations recorded
    only as a number are shown as a count, never as signatories.

    In a terminal, a list longer than the screen is shown in a pager ($PAGER, or less).
    """
    import overens

    fewer_collections()  # 10,000 summaries and rows, no reference cycles
    roster = overens.list_signatories(
        agreement, repo=repo, as_of=as_of_day(as_of), status=status.value, use_cache=not no_cache
    )
    for path in roster.unreadable:
        err(f"warning: {path} has errors and is left out (run `overens validate {path}`)")
    if wants_json(output_format, json_output):
        sys.stdout.write(json.dumps(roster.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    width = output_width()
    write_lines(_table(roster, width) + _context_lines(roster, width))
    err(_count(roster))


_COLUMNS = ("Org. number", "Sector", "Status", "Since", "Until", "Version")


def _table(roster: "Roster", width: int) -> list[str]:
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
            (e.since.isoformat() if e.since else "")
            + (" (carried over)" if e.carried_over_from else ""),
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
    picked = operator.itemgetter(*shown)  # at least two columns: each row a tuple
    return list(lines(columns, list(map(picked, rows)), width, title=title))


def _context_lines(roster: "Roster", width: int) -> list[str]:
    """The parties on the date, the agreement's end, its succession and the counts without names,
    folded to ``width`` as the title is."""
    from overens.tables import wrap

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
    return [line for sentence in lines for line in wrap(sentence, width)]


def _count(roster: "Roster") -> str:
    """How many are listed, by status: a withdrawn organisation is not counted as a signatory."""
    counts = {s: sum(1 for e in roster.entries if e.status == s) for s in STATUS_ORDER}
    active = counts.pop("active")
    noun = "signatory" if active == 1 else "signatories"
    rest = [f"{n} {status}" for status, n in counts.items() if n]
    return f"{active} active {noun}" + (f" ({', '.join(rest)} listed too)" if rest else "")


STATUS_ORDER = ("active", "withdrawn", "pending", "uncertain", "ended")
"""Every status `list` shows, in the order the count line names them."""
