"""The Typer CLI: a thin layer that parses options, calls one core function and prints.

Each command lives in its own module (Typer's one-file-per-command layout). Command modules
import heavy libraries inside their functions, so ``overens --help`` stays fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from overens._version import __version__
from overens.cli import adopt as _adopt
from overens.cli import check as _check
from overens.cli import confirm as _confirm
from overens.cli import diff as _diff
from overens.cli import due as _due
from overens.cli import erase as _erase
from overens.cli import export as _export
from overens.cli import followup as _followup
from overens.cli import history as _history
from overens.cli import init as _init
from overens.cli import list as _list
from overens.cli import new as _new
from overens.cli import render as _render
from overens.cli import report as _report
from overens.cli import revise as _revise
from overens.cli import rules as _rules
from overens.cli import schemas as _schemas
from overens.cli import sign as _sign
from overens.cli import site as _site
from overens.cli import validate as _validate
from overens.cli import version as _version_cmd
from overens.cli import withdraw as _withdraw

app = typer.Typer(
    name="overens",
    help="Keep collaboration agreements (överenskommelser) as validated YAML in git.",
    no_args_is_help=True,
    # --install-completion and --show-completion. Typer imports its completion module at start-up
    # whether or not they are on, so they cost nothing measurable (`overens --help` with and without
    # them: the same median); bench/run.py keeps the start-up in check.
    add_completion=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    # -h as well as --help, on the app and (inherited by their contexts) on every command.
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"overens {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Keep collaboration agreements (överenskommelser) as validated YAML in git."""


app.command("validate")(_validate.validate)
app.command("sign")(_sign.sign)
app.command("withdraw")(_withdraw.withdraw)
app.command("confirm")(_confirm.confirm)
app.command("list")(_list.list_signatories)
app.command("check")(_check.check)
app.command("rules")(_rules.rules)
app.command("render")(_render.render)
app.command("version")(_version_cmd.version)
app.command("diff")(_diff.diff)
app.command("history")(_history.history)
app.command("init")(_init.init)
app.command("erase")(_erase.erase)
app.add_typer(_schemas.app, name="schemas")
app.command("new")(_new.new)
app.command("adopt")(_adopt.adopt)
app.command("revise")(_revise.revise)
app.command("report")(_report.report)
app.command("due")(_due.due)
app.command("export")(_export.export)
app.command("site")(_site.site)
app.command("followup")(_followup.followup)


def main() -> None:
    """The console entry point (``overens``, and ``python -m overens``, which is named the same:
    in its usage lines, and in the shell completion it installs)."""
    app(prog_name="overens")
