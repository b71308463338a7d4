"""`overens history`: the timeline of an agreement with the commits that recorded it."""

import json
import sys
from typing import Annotated

import typer

from overens.cli.shared import (
    AgreementArgument,
    FormatOption,
    JsonAliasOption,
    NoCacheOption,
    OutputFormat,
    RepoOption,
    fewer_collections,
    handle_errors,
    wants_json,
)


@handle_errors
def history(
    agreement: AgreementArgument,
    org: Annotated[
        str | None,
        typer.Option(
            "--org",
            help="Only this organisation's events (and the agreement's revisions).",
            show_default=False,
        ),
    ] = None,
    repo: RepoOption = None,
    output_format: FormatOption = OutputFormat.text,
    as_json: JsonAliasOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Show revisions, signings, confirmations and withdrawals in date order.

    Each event has the date the files record and the commit (id, author, date) that first
    recorded it, from git; events not yet committed are marked so.
    """
    from overens.revisions.history import history as run_history
    from overens.revisions.history import require_agreement
    from overens.store.folders import resolve_root

    fewer_collections()  # tens of thousands of events, no reference cycles
    root = resolve_root(repo)
    require_agreement(root, agreement)
    events = run_history(root, agreement, org, use_cache=not no_cache)
    if wants_json(output_format, as_json):
        doc = {"agreement": agreement, "organisation": org, "events": [e.to_dict() for e in events]}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return
    out = []
    for e in events:
        line = f"{e.date or '(no date)':<10}  {e.kind:<9}  {e.description}"
        out.append(line if e.current else line + " [no longer recorded]")
        c = e.commit
        out.append(
            f"{'':<10}  {'':<9}  "
            + (
                f"recorded in {c.short} on {c.date[:10]} by {c.author} <{c.email}>: {c.subject}"
                if c
                else "not committed yet"
            )
        )
    sys.stdout.write("\n".join(out) + "\n" if out else f"No events recorded for {agreement}.\n")
