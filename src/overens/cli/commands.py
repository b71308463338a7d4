"""The Typer app: every command by name (:data:`COMMANDS`), the root options, and the app
that runs one command line (:func:`app_for`). Command modules are imported when their command is
built, so a run imports its own command's module alone."""

import importlib
import os
from collections.abc import Callable
from typing import Annotated

import typer

from overens._version import __version__


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


COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("validate", "validate"),
    "sign": ("sign", "sign"),
    "withdraw": ("withdraw", "withdraw"),
    "confirm": ("confirm", "confirm"),
    "list": ("list", "list_signatories"),
    "check": ("check", "check"),
    "rules": ("rules", "rules"),
    "render": ("render", "render"),
    "version": ("version", "version"),
    "diff": ("diff", "diff"),
    "history": ("history", "history"),
    "init": ("init", "init"),
    "erase": ("erase", "erase"),
    "new": ("new", "new"),
    "adopt": ("adopt", "adopt"),
    "revise": ("revise", "revise"),
    "report": ("report", "report"),
    "due": ("due", "due"),
    "export": ("export", "export"),
    "site": ("site", "site"),
    "followup": ("followup", "followup"),
}
"""Every command (its module in ``overens.cli`` and its function), in the order `overens --help`
lists them (``schemas`` is a group of its own). A run imports the module of its command alone."""


def command(name: str) -> Callable[..., None]:
    """The function of the command ``name``."""
    module, function = COMMANDS[name]
    found: Callable[..., None] = getattr(importlib.import_module(f"overens.cli.{module}"), function)
    return found


def build(only: str | None = None) -> typer.Typer:
    """The app: every command, or ``only`` the one named (with the same root options; none when
    ``only`` names no command)."""
    made = _typer()
    made.callback()(_root)
    for name in COMMANDS:
        if only in (None, name):
            made.command(name)(command(name))
    if only in (None, "schemas"):
        from overens.cli import schemas

        made.add_typer(schemas.app, name="schemas")
    return made


def app_for(argv: list[str]) -> typer.Typer:
    """The app to run ``argv`` with: when it names a command first, an app of that command alone.
    Typer reads the signature of every command it holds to build the command line (about 0.02 s
    for all of them, paid by every run; the modules of ``overens.cli`` do not postpone their
    annotations, so Typer finds them made rather than compiling some 900 strings: a tenth of
    ``overens --help``); one command's usage, options, help and errors are the
    same either way (tests/unit/startup_test.py compares them). Completion asks the whole app."""
    if any(k.startswith("_OVERENS_COMPLETE") for k in os.environ):
        return build()
    if argv and (argv[0] in COMMANDS or argv[0] == "schemas"):
        return build(argv[0])
    return build()
