"""`overens validate`: parse and schema-check every file, and what a schema cannot check."""

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from overens.cli.shared import RepoOption, err, handle_errors


class Format(str, enum.Enum):
    text = "text"
    json = "json"


@handle_errors
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="Files or folders to validate (default: the whole repository).",
            show_default=False,
        ),
    ] = None,
    repo: RepoOption = None,
    output_format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.text,
) -> None:
    """Validate agreement files: YAML, JSON Schema, names, numbering and references.

    Reports every problem in one run as path:line:column: message. Exit 0 when clean, 1 when
    anything is wrong, 2 on a usage error.
    """
    import overens
    from overens.checks import reporters

    result = overens.validate(paths or [], repo)

    if output_format is Format.json:
        sys.stdout.write(reporters.as_json(result.findings, {"files": result.files}))
    else:
        reporters.write_text(result.findings, sys.stdout)
        err(
            ("✗ " if result.findings.errors else "✓ ")
            + reporters.summary_line(result.findings, result.files)
        )
    if result.findings.errors:
        raise typer.Exit(1)
