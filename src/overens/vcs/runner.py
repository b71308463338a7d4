"""The one way overens runs git: the git binary, in a known environment, its output as bytes.

Every read (:mod:`overens.vcs.reading`) and every write (:mod:`overens.vcs.worktree`) goes through
:func:`run`. The environment is the user's, without the variables that would point git at
another repository or index (pre-commit sets some of them while it runs a hook: a command run as
a hook must still see the repository it was asked about), in the C locale (so messages can be
recognised) and with terminal prompts off (git never waits for a password).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from overens.errors import GitError, GitTooOldError, NotAGitRepoError, UntrustedRepositoryError
from overens.model.shown import printable

LOCATION_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
)


class GitFailed(GitError):
    """git exited with a failure. Callers that expect it turn it into their own sentence; any
    other is shown as it is (exit 1): what git said, and what to do about a lock it found."""

    def __init__(self, args: Sequence[str], returncode: int, stderr: str) -> None:
        said = printable(" ".join(stderr.split()), 600)
        super().__init__(
            f"git {' '.join(args[:1])} failed (exit {returncode}): {said}",
            hint=_hint(stderr),
        )
        self.args_given = tuple(args)
        self.returncode = returncode
        self.stderr = stderr


def _hint(stderr: str) -> str:
    if ".lock': File exists" in stderr or ".lock': file exists" in stderr.lower():
        return (
            "another git process holds a lock in this repository (an editor opened by `git "
            "commit`, an IDE); let it finish. If none is running, one crashed: remove the .lock "
            "file git names, then run the command again"
        )
    return (
        "nothing overens could not undo was left half-done; fix what git reports and run it again"
    )


def environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment git runs in (see the module's description), with ``extra`` on top."""
    env = {k: v for k, v in os.environ.items() if k not in LOCATION_VARIABLES}
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["LC_ALL"] = "C"
    env["LANGUAGE"] = "C"
    if extra:
        env.update(extra)
    return env


def _completed(
    root: Path,
    args: Sequence[str],
    input: bytes | None = None,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    try:
        proc = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=root,
            input=input,
            capture_output=True,
            env=environment(env),
            check=False,
        )
    except FileNotFoundError:
        raise NotAGitRepoError(
            "git is not installed (or not on PATH)",
            hint="install git, or use --no-commit to only write the file",
        ) from None
    refused = _UNTRUSTED.search(proc.stderr) if proc.returncode else None
    if refused is not None:
        raise _untrusted(refused)
    if proc.returncode == USAGE_EXIT:
        _refuse_old_git(root)
    return proc


MINIMUM_GIT = (2, 24)
"""The oldest git overens is held to. The newest options it asks for are older by git's release
notes (``--no-optional-locks`` 2.15, ``status --ignored=matching`` 2.16, ``diff-index
--ita-visible-in-index`` 2.19 at the latest); only git 2.39 could be tried here, and 2.24
(November 2019) leaves a margin. It never asks for ``init --initial-branch`` (2.28) or
``rev-parse --end-of-options`` (2.30)."""

USAGE_EXIT = 129
"""git's exit code for options it does not know (and other wrong usage)."""


def _refuse_old_git(root: Path) -> None:
    """After git refused its options: if this git is older than :data:`MINIMUM_GIT`, that is what
    the user must hear, not git's usage text. Asked only then, so a run pays nothing for it."""
    said = subprocess.run(["git", "--version"], cwd=root, capture_output=True, check=False)
    version = said.stdout.decode("ascii", "replace").strip()
    found = version_of(version)
    if found is not None and found < MINIMUM_GIT:
        need = ".".join(map(str, MINIMUM_GIT))
        raise GitTooOldError(
            f"overens needs git {need} or later; this is {version}",
            hint=f"install git {need} or later (your system's packages, or git-scm.com), and "
            "make it the first git on PATH",
        )


def version_of(said: str) -> tuple[int, int] | None:
    """The major and minor version in what ``git --version`` says ("git version 2.39.5",
    "git version 2.37.1 (Apple Git-137.1)", "git version 2.42.0.windows.2"); None if neither."""
    found = re.match(r"git version (\d+)\.(\d+)", said.strip())
    return (int(found.group(1)), int(found.group(2))) if found else None


_UNTRUSTED = re.compile(rb"dubious ownership in repository at '([^']*)'")
"""git's refusal of a repository another user owns (every command, whatever it was asked)."""


def _untrusted(refused: re.Match[bytes]) -> UntrustedRepositoryError:
    """The refusal as overens says it: which repository, why, and the one command that lifts it
    (git's own advice), for the user who trusts it."""
    where = refused.group(1).decode("utf-8", "replace")
    return UntrustedRepositoryError(
        f"git refuses to work in {where}: the repository belongs to another user than the one "
        "running overens (git's safe.directory check), so overens can neither read its history "
        "nor commit",
        hint=f"if you trust it, run `git config --global --add safe.directory {where}` once; "
        "or run overens as the user who owns the repository",
    )


def run(
    root: Path,
    args: Sequence[str],
    *,
    input: bytes | None = None,
    env: Mapping[str, str] | None = None,
    check: bool = True,
) -> bytes:
    """``git ARGS`` in ``root``; its standard output. Raises :class:`GitFailed` when git fails
    (unless ``check`` is false) and :class:`NotAGitRepoError` when git is not installed."""
    proc = _completed(root, args, input, env)
    if check and proc.returncode != 0:
        raise GitFailed(args, proc.returncode, proc.stderr.decode("utf-8", "replace").strip())
    return proc.stdout


def outside_a_repository(error: GitFailed) -> bool:
    """Whether git failed because there is no repository there (any other failure, a repository
    git cannot read, is git's to say, never "no repository")."""
    return "not a git repository" in error.stderr


def succeeds(root: Path, *args: str) -> bool:
    """Whether ``git ARGS`` exits 0 (for the commands that answer by their exit code)."""
    return _completed(root, args).returncode == 0


def text(root: Path, *args: str, env: Mapping[str, str] | None = None, strip: bool = True) -> str:
    """``git ARGS`` as text (UTF-8), without its final line end when ``strip``."""
    out = run(root, args, env=env).decode("utf-8", "replace")
    return out.rstrip("\n") if strip else out
