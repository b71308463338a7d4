"""`overens check`: validation plus every compliance rule the agreements state, on a date."""

import enum
import sys
from typing import Annotated

import typer

from overens.cli.shared import AsOfOption, RepoOption, as_of_day, handle_errors


class CheckFormat(str, enum.Enum):
    text = "text"
    lines = "lines"
    json = "json"
    github = "github"


@handle_errors
def check(
    agreements: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[AGREEMENT]...",
            show_default=False,
            help="Agreement ids (or their folders) to check (default: all).",
        ),
    ] = None,
    repo: RepoOption = None,
    as_of: AsOfOption = None,
    output_format: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            help="text (a table per agreement where the width allows, else one finding a "
            "line), lines (one finding a line, as compilers print them), json, or github "
            "(workflow annotations).",
        ),
    ] = CheckFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    rule: Annotated[
        list[str] | None,
        typer.Option(
            "--rule",
            metavar="ID",
            show_default=False,
            help="Run only this rule (repeatable); validation always runs. See `overens rules`.",
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Check every file again; neither read nor write .overens-cache/."
        ),
    ] = False,
) -> None:
    """Check the agreements: everything `validate` does, plus the compliance rules they state.

    Each rule reports what is wrong, where (file:line) and how to fix it. Exit 0 when there is no
    error, 1 when there is one (or a warning, with --strict), 2 on a usage error.
    """
    import overens
    from overens.checks import reporters

    result = overens.check(
        repo, agreements or [], as_of=as_of_day(as_of), rules=rule or [], use_cache=not no_cache
    )
    reporters.write_check(
        result, output_format.value, strict=strict, out=sys.stdout, log=sys.stderr
    )
    if result.failed(strict=strict):
        raise typer.Exit(1)
