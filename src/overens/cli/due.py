"""`overens due`: what falls due in the coming days, as text, JSON or an iCalendar file."""

import enum
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from overens.cli.shared import AsOfOption, RepoOption, as_of_day, err, handle_errors

if TYPE_CHECKING:
    from overens.checks.due import Due


class DueFormat(str, enum.Enum):
    text = "text"
    json = "json"
    ics = "ics"


@handle_errors
def due(
    agreements: Annotated[
        list[str] | None,
        typer.Argument(metavar="[AGREEMENT]...", help="The agreements [default: all]."),
    ] = None,
    within: Annotated[
        str,
        typer.Option(
            "--within", help="How far ahead: days, weeks, months or years (60d, 8w, 3m, 1y)."
        ),
    ] = "60d",
    as_of: AsOfOption = None,
    output_format: Annotated[
        DueFormat, typer.Option("--format", help="text, json, or ics (iCalendar).")
    ] = DueFormat.text,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", metavar="FILE", dir_okay=False, help="Write to FILE instead of printing."
        ),
    ] = None,
    repo: RepoOption = None,
) -> None:
    """List what falls due by a day: annual reports, confirmations, reviews, withdrawals, the end
    of an agreement's period.

    Sorted by date; items still outstanding whose day has passed are listed too (as overdue).
    --format ics writes an iCalendar file for Outlook or Google Calendar: every event keeps its
    UID from one export to the next, so a calendar subscribed to the file updates its events
    instead of adding them again.
    """
    import overens

    result = overens.due(agreements or (), repo=repo, as_of=as_of_day(as_of), within=within)
    if output_format is DueFormat.ics:
        from overens.checks.due import to_ics

        data = to_ics(result)
    elif output_format is DueFormat.json:
        data = (json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n").encode()
    else:
        data = _text(result).encode()
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        from overens.store.files import atomic_write

        atomic_write(output, data)
        err(f"wrote {output} ({len(result.items)} item{'' if len(result.items) == 1 else 's'})")


def _text(result: "Due") -> str:
    head = f"due by {result.until} (as of {result.as_of})"
    if not result.items:
        return f"{head}: nothing\n"
    width = max(len(i.kind) for i in result.items)
    wide = max(len(i.agreement) for i in result.items)
    lines = [f"{head}: {len(result.items)} item{'' if len(result.items) == 1 else 's'}"]
    for i in result.items:
        mark = "overdue" if i.overdue else "       "
        lines.append(f"  {i.date}  {mark}  {i.agreement:<{wide}}  {i.kind:<{width}}  {i.title}")
    return "\n".join(lines) + "\n"
