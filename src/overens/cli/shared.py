"""What every command shares: the common arguments and options (one definition each, so each says
the same everywhere), error handling and printing to stderr."""

import datetime as dt
import enum
import errno
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from overens.errors import OverensError
from overens.model.shown import printable

F = TypeVar("F", bound=Callable[..., Any])

RepoOption = Annotated[
    Path | None,
    typer.Option(
        "--repo",
        help="The agreements repository (default: found from the current folder upward).",
        file_okay=False,
        dir_okay=True,
    ),
]


AgreementArgument = Annotated[
    str,
    typer.Argument(metavar="AGREEMENT", help="The agreement's id (its folder under agreements/)."),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        show_default=False,
        help="The day to look at: every date-dependent answer is the one of that day "
        "[default: today].",
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read every file again; neither read nor write .overens-cache/ (the answer is the same).",
    ),
]


GC_THRESHOLD = (200_000, 50, 100)
"""The garbage collector's thresholds in commands that build tens of thousands of values without
reference cycles (render, list, history, and the look-up of sign, withdraw, confirm, report and
erase, where collections walking an index of 10,000 entries again and again cost a signing 10-20
ms; mypy raises its own for the same reason). Not `check`:
a cold check of 100,000 files kept cycles of PyYAML's loaders alive for longer and its peak
memory went from 146 MB to 581 MB."""


def fewer_collections() -> None:
    """:data:`GC_THRESHOLD` for the rest of the process."""
    import gc

    gc.set_threshold(*GC_THRESHOLD)


class OutputFormat(str, enum.Enum):
    """What a read command prints: text for a person, or JSON of a documented, stable shape."""

    text = "text"
    json = "json"


FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format", help="text for a person, or json (a stable shape, documented in the README)."
    ),
]
JsonAliasOption = Annotated[
    bool, typer.Option("--json", hidden=True, help="The same as --format json (kept for scripts).")
]
"""The ``--json`` flag of earlier versions: hidden from the help, and still honoured."""


def wants_json(output_format: OutputFormat, json_alias: bool) -> bool:
    """``--format json``, or the older ``--json``."""
    return json_alias or output_format is OutputFormat.json


def as_of_day(value: str | None) -> dt.date:
    """``--as-of`` as a date: today when not given; one message for a wrong value everywhere."""
    from overens.model.dates import parse_as_of

    return parse_as_of(value)


def day_option(value: str | None, option: str) -> dt.date | None:
    """A date option (``--date``, ``--notice-date``, …): None when not given."""
    from overens.model.dates import parse_date

    return parse_date(value, option) if value is not None else None


def err(message: str) -> None:
    """Print a message to stderr (plain text, so it stays readable in CI logs)."""
    sys.stderr.write(message.rstrip("\n") + "\n")


def output_width(piped: int = 100) -> int:
    """The width to lay a table out in: ``COLUMNS`` when set, else the terminal's; ``piped``
    columns when the output is a file or a pipe (a report, CI, a README keep one row a line)."""
    from overens.tables import console_width

    return console_width(sys.stdout, piped)


def write_lines(lines: list[str]) -> None:
    """Print ``lines``; in a terminal, through a pager when they are more than fit on the screen
    (``$PAGER``, else ``less``; ``PAGER=cat`` or an empty ``PAGER`` prints them as they are)."""
    if sys.stdout.isatty():
        import shutil

        if len(lines) >= shutil.get_terminal_size().lines and _page(lines):
            return
    sys.stdout.write("".join(line + "\n" for line in lines))


def _page(lines: list[str]) -> bool:
    """Send ``lines`` through the pager; False when there is none to start."""
    import shlex
    import subprocess

    command = shlex.split(os.environ.get("PAGER", "less"))
    if not command or command == ["cat"]:
        return False
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # quit when it fits, no colours to interpret, keep the screen
    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert pager.stdin is not None
    try:
        with pager.stdin:
            for line in lines:
                pager.stdin.write((line + "\n").encode("utf-8"))
    except BrokenPipeError:
        pass  # the reader quit the pager before the end
    pager.wait()
    return True


def handle_errors(func: F) -> F:
    """Turn every error into a clear message and an exit code; never show a traceback.

    Exit codes: 0 ok, 1 findings or a refused operation, 2 usage, 3 a bug in overens, 130 Ctrl-C.
    Set OVERENS_TRACEBACK=1 to see the traceback of an unexpected error.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except typer.Abort as e:
            # A prompt turns Ctrl-C into Abort (kept as its context), which Typer would print as
            # "Aborted!" and exit 1; an interruption exits 130 wherever it comes. The prompt's line
            # is left open after ^C, hence the new line first.
            if isinstance(e.__context__, KeyboardInterrupt):
                err("\nInterrupted.")
                raise typer.Exit(130) from None
            raise
        except OverensError as e:
            # A safety net: no message shows a personal identity number in full, a control
            # character or a megabyte of text.
            err(f"Error: {printable(_redacted(str(e)))}")
            raise typer.Exit(e.exit_code) from None
        except KeyboardInterrupt:
            err("Interrupted.")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # The reader went away (`overens rules | head`): not an error of ours. Point stdout
            # at /dev/null so that Python's flush at exit does not raise again.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        except OSError as e:
            if e.errno not in _ENVIRONMENT_ERRNOS:
                return _bug(e)
            where = f" ({printable(str(e.filename))})" if e.filename else ""
            err(
                f"Error: {e.strerror}{where}: overens could not read or write a file there\n"
                "  hint: fix the cause (free disk space, a read-only or protected folder, a name "
                "too long), then run the command again"
            )
            raise typer.Exit(1) from None
        except Exception as e:  # the one place that turns bugs into exit 3
            return _bug(e)

    return wrapper  # type: ignore[return-value]


_ENVIRONMENT_ERRNOS = {
    errno.ENOSPC,
    errno.EROFS,
    errno.EACCES,
    errno.EPERM,
    errno.ENAMETOOLONG,
    errno.EDQUOT,
    errno.ELOOP,
    errno.EMFILE,
}
"""Errors of the machine, not of overens: a full disk, a read-only or protected folder, a name
too long, a link that loops. Whatever raised one, the user can fix it (exit 1)."""


def _bug(e: BaseException) -> Any:
    if os.environ.get("OVERENS_TRACEBACK"):
        raise e
    err(
        f"Error: an unexpected error occurred ({type(e).__name__}: {printable(_redacted(str(e)))}).\n"
        "  This is a bug in overens. Rerun with OVERENS_TRACEBACK=1 to see the traceback, "
        "and report it with the command you ran."
    )
    raise typer.Exit(3) from None


def _redacted(text: str) -> str:
    """``text`` with any personal identity number redacted (imported on an error only: its
    patterns cost start-up time every command would pay)."""
    from overens.model.personal_numbers import redact

    return redact(text)
