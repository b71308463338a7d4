"""The `overens` process ends without the interpreter's teardown (overens.cli._leave): its exit
status, its output and the work of its exit functions must be what a usual exit gives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _buffered(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment with standard output buffered, as a user's Python has it (some machines
    set PYTHONUNBUFFERED, under which a missing flush could not show)."""
    return {k: v for k, v in (env or os.environ).items() if k != "PYTHONUNBUFFERED"}


def _overens(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "overens", *args],
        capture_output=True,
        text=True,
        env=_buffered(env),
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["rules", "contact-person", "--json"], 0),
        (["--no-such-option"], 2),
        (["list", "no-such-agreement", "--repo", "."], 2),
    ],
)
def test_the_exit_status_is_the_commands(args: list[str], status: int) -> None:
    done = _overens(*args)
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stderr


def test_the_whole_output_is_written(shipped_repo: Path) -> None:
    """The standard output is flushed before the process ends: a long listing arrives whole, as
    `overens list --json` prints it in a process that exits the usual way."""
    done = _overens("list", "blekinge", "--json", "--repo", str(shipped_repo))
    assert done.returncode == 0, done.stderr
    usual = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from overens.cli.commands import app_for; "
            "sys.argv = ['overens', *sys.argv[1:]]; app_for(sys.argv[1:])(prog_name='overens')",
            "list",
            "blekinge",
            "--json",
            "--repo",
            str(shipped_repo),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert usual.returncode == 0 and done.stdout == usual.stdout and len(done.stdout) > 1000


def test_a_reader_that_goes_away_is_no_error(shipped_repo: Path) -> None:
    """`overens rules | head -1`: the rest of the output has nowhere to go; no message about it."""
    shell = subprocess.run(
        f"{sys.executable} -m overens rules | head -1",
        shell=True,
        capture_output=True,
        text=True,
        env=_buffered(),
        check=False,
    )
    assert shell.returncode == 0 and shell.stdout.strip() and shell.stderr == ""


def test_the_exit_functions_run(shipped_repo: Path, tmp_path: Path) -> None:
    """The dates the site formats are kept for the next run by an exit function: the file is
    there after the process ended."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary)}
    out = tmp_path / "site"
    done = _overens("site", "--output", str(out), "--repo", str(shipped_repo), env=env)
    assert done.returncode == 0, done.stderr
    kept = list(temporary.glob("overens-*/formats-*.json"))
    assert kept and all(path.stat().st_size > 2 for path in kept)


def test_output_that_cannot_be_written_is_an_error() -> None:
    """Output still buffered when the process leaves, to a full disk (/dev/full): an error and
    exit 1, not a silent success (a usual exit says the same and exits 120)."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    code = "import sys; from overens.cli import _leave; sys.stdout.write('x' * 100); _leave(0)"
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-c", code],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=_buffered(),
        )
    assert done.returncode == 1
    assert "the output could not be written: No space left on device" in done.stderr
