"""`overens init`: scaffold a new agreements repository."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from overens.cli.shared import handle_errors


@handle_errors
def init(
    folder: Annotated[
        Path,
        typer.Argument(
            help="Where to create the repository (created if missing).",
            file_okay=False,
            metavar="DIR",
        ),
    ] = Path("."),
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be written; write nothing.")
    ] = False,
    overens_spec: Annotated[
        str | None,
        typer.Option(
            "--overens-spec",
            metavar="VERSION|URL",
            help="The overens the workflow and README install: a version (0.2.0) or a URL pip "
            "installs from (git+https://git.example.org/overens.git@v0.2.0). Default: this "
            "overens's own version.",
        ),
    ] = None,
) -> None:
    """Create an agreements repository: git, an example agreement, CI and pre-commit.

    Writes agreements/exempel/ (an example that passes `overens check`), schemas/ (a copy of the
    JSON Schemas for editors; `overens schemas update` keeps it in step), .gitignore, templates/,
    a README for coordinators, .pre-commit-config.yaml and .github/workflows/overens.yml, and runs
    `git init` unless the folder is already in a git repository. Refuses to overwrite any file.
    """
    from overens.scaffold.init import init as run_init

    result = run_init(folder, dry_run=dry_run, overens_spec=overens_spec)
    verb = "would create" if dry_run else "created"
    lines = [f"{verb} {folder / rel}" for rel in result.created]
    if result.git_initialised:
        lines.insert(
            0, f"{'would initialise' if dry_run else 'initialised'} a git repository in {folder}"
        )
    if not dry_run:
        lines += [
            "",
            "Next:",
            f"  cd {folder}",
            "  overens check",
            "  git add -A && git commit -m 'Start the agreements repository'",
            "  pre-commit install   # optional: check before each commit",
        ]
    sys.stdout.write("\n".join(lines) + "\n")
