"""`overens schemas update`: bring the repository's copy of the schemas in step with overens."""

import sys
from typing import Annotated

import typer

from overens.cli.shared import RepoOption, handle_errors

app = typer.Typer(
    name="schemas",
    help="The repository's copy of the JSON Schemas (schemas/), which editors and other validators use.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@app.command("update")
@handle_errors
def update(
    repo: RepoOption = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Also replace schema files that were edited in this repository."
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would change; write nothing.")
    ] = False,
) -> None:
    """Replace schemas/ with the schemas of the running overens, and say what changed.

    Every YAML file names its schema by a relative path (`../../schemas/agreement.schema.json`),
    so editors and validators such as check-jsonschema and ajv find the schemas in the repository.
    overens validates with its own shipped schemas; run this after upgrading overens so that the
    other tools agree with it. A schema edited here is not replaced without --force.
    """
    from overens._version import __version__
    from overens.scaffold.schemas_update import update as run_update
    from overens.store.folders import resolve_root

    result = run_update(resolve_root(repo), force=force, dry_run=dry_run)
    would = "would " if dry_run else ""
    lines = [f"{would}add {p}" for p in result.added]
    lines += [
        f"{would}update {p}" + (" (replacing local edits)" if p in result.replaced_edits else "")
        for p in result.updated
    ]
    lines += [
        f"{would}remove {p}" + (" (replacing local edits)" if p in result.replaced_edits else "")
        for p in result.removed
    ]
    if result.changed:
        lines.append(
            f"schemas/ {'would be' if dry_run else 'is now'} in step with overens {__version__}"
            + ("" if dry_run else "; review and commit the change")
        )
    else:
        lines.append(
            f"schemas/ is already in step with overens {__version__} "
            f"({len(result.unchanged)} files unchanged)"
        )
    sys.stdout.write("\n".join(lines) + "\n")
