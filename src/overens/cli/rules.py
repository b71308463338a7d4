"""`overens rules`: the catalogue of compliance rules."""

import sys
from typing import Annotated

import typer

from overens.cli.shared import (
    FormatOption,
    JsonAliasOption,
    OutputFormat,
    handle_errors,
    wants_json,
)


@handle_errors
def rules(
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID]...", show_default=False, help="Rules to describe (default: all)."
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.text,
    as_json: JsonAliasOption = False,
) -> None:
    """List every compliance rule: its id, default severity, when it runs, what it checks and its parameters.

    An agreement turns rules on or off and sets their parameters under `checks:` in agreement.yaml.
    """
    from overens.checks import catalogue

    described = catalogue.describe(ids or [])
    if wants_json(output_format, as_json):
        sys.stdout.write(catalogue.as_json(described))
    else:
        catalogue.write_text(described, sys.stdout)
