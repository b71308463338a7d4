"""The Typer CLI: a thin layer that parses options, calls one core function and prints.

Each command lives in its own module (Typer's one-file-per-command layout); the app and the table
of commands are in :mod:`overens.cli.commands`. Command modules import heavy libraries inside
their functions, so ``overens --help`` stays fast; a run that names a command builds an app of
that command alone (:func:`overens.cli.commands.app_for`), since Typer reads the signature of
every command it holds before it runs one; ``overens --version`` is answered before the CLI
framework is imported (tests/unit/startup_test.py holds it to the app's own answer). The process
ends without the interpreter's teardown (:func:`_leave`).
"""

import os
import sys
from typing import Any, NoReturn


def main() -> None:
    """The console entry point (``overens``, and ``python -m overens``, which is named the same:
    in its usage lines, and in the shell completion it installs)."""
    argv = sys.argv[1:]
    if argv == ["--version"] and not any(k.startswith("_OVERENS_COMPLETE") for k in os.environ):
        from overens._version import __version__

        sys.stdout.write(f"overens {__version__}\n")
        return
    from overens.cli.commands import app_for

    try:
        app_for(argv)(prog_name="overens")
    except SystemExit as e:
        _leave(e.code)
    _leave(0)


def _leave(code: str | int | None) -> NoReturn:
    """Exit with ``code`` as ``sys.exit`` would, without the interpreter's teardown, which frees
    every object one by one and walks every module: 0.07 s after a render of 10,000 signatories,
    a sixth of the run (mypy ends the same way). The exit functions run first (the date formats
    kept for the next run are written) and the standard streams are flushed; every file overens
    writes is closed before this. Where the exit functions cannot be run, the usual exit."""
    import atexit

    run_exit_functions = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_functions is None:
        sys.exit(code)
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        sys.stderr.write(f"{code}\n")
        status = 1
    run_exit_functions()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (`overens rules | head`): not an error
        pass
    except OSError as e:  # the output was not written (a full disk): never a silent success
        sys.stderr.write(f"Error: the output could not be written: {e.strerror}\n")
        status = status or 1
    except ValueError:  # the stream was closed
        pass
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(status & 0xFF)


def __getattr__(name: str) -> Any:
    """``app`` (every command: for tests and the shell completion), built when first asked for."""
    if name == "app":
        from overens.cli.commands import build

        globals()["app"] = made = build()
        return made
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
