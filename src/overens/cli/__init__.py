"""The Typer CLI: a thin layer that parses options, calls one core function and prints.

Each command lives in its own module (Typer's one-file-per-command layout). Command modules
import heavy libraries inside their functions, so ``overens --help`` stays fast; a run that names
a command builds an app of that command alone (:func:`main`), since Typer reads the signature of
every command it holds before it runs one.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
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


def _typer() -> typer.Typer:
    return typer.Typer(
        name="overens",
        help="Keep collaboration agreements (överenskommelser) as validated YAML in git.",
        no_args_is_help=True,
        # --install-completion and --show-completion. Typer imports its completion module at
        # start-up whether or not they are on, so they cost nothing measurable (`overens --help`
        # with and without them: the same median); bench/run.py keeps the start-up in check.
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


def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Keep collaboration agreements (överenskommelser) as validated YAML in git."""


COMMANDS: dict[str, Callable[..., None]] = {
    "validate": _validate.validate,
    "sign": _sign.sign,
    "withdraw": _withdraw.withdraw,
    "confirm": _confirm.confirm,
    "list": _list.list_signatories,
    "check": _check.check,
    "rules": _rules.rules,
    "render": _render.render,
    "version": _version_cmd.version,
    "diff": _diff.diff,
    "history": _history.history,
    "init": _init.init,
    "erase": _erase.erase,
    "new": _new.new,
    "adopt": _adopt.adopt,
    "revise": _revise.revise,
    "report": _report.report,
    "due": _due.due,
    "export": _export.export,
    "site": _site.site,
    "followup": _followup.followup,
}
"""Every command, in the order `overens --help` lists them (``schemas`` is a group of its own)."""


def build(only: str | None = None) -> typer.Typer:
    """The app: every command, or ``only`` the one named (with the same root options; none when
    ``only`` names no command)."""
    made = _typer()
    made.callback()(_root)
    for name, command in COMMANDS.items():
        if only in (None, name):
            made.command(name)(command)
    if only in (None, "schemas"):
        made.add_typer(_schemas.app, name="schemas")
    return made


app = build()


def _app_for(argv: list[str]) -> typer.Typer:
    """The app to run ``argv`` with: when it names a command first, an app of that command alone.
    Typer reads the signature of every command it holds to build the command line (about 0.02 s
    for all of them, paid by every run); one command's usage, options, help and errors are the
    same either way (tests/unit/startup_test.py compares them). Completion asks the whole app."""
    if any(k.startswith("_OVERENS_COMPLETE") for k in os.environ):
        return app
    if argv and (argv[0] in COMMANDS or argv[0] == "schemas"):
        return build(argv[0])
    if argv == ["--version"]:
        return build("")  # the root's options alone: nothing else is read
    return app


def main() -> None:
    """The console entry point (``overens``, and ``python -m overens``, which is named the same:
    in its usage lines, and in the shell completion it installs)."""
    _app_for(sys.argv[1:])(prog_name="overens")
