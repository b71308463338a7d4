"""The message git prepared for the user's own next commit (`git merge --squash` writes
SQUASH_MSG, `git cherry-pick -n` MERGE_MSG) outlives overens's commit, which `git commit` would
otherwise remove with it; a run killed just after its commit leaves it aside, and the next run
puts it back (docs/decisions/0614-what-git-prepared-for-the-next-commit.md)."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import git
from coordinator_helpers import (
    head_files,
    install_hook,
    other_branch,
    sign_args,
    stopped_at,
    withdraw_args,
)
from overens.model.identity import slugify


def _other_branch(repo: Path) -> None:
    """A branch `other` that adds a line to notes.txt, which main has too (no conflict)."""
    other_branch(repo, "base\n", "base\nfrom other\n", "a line from other")


def _squash(repo: Path) -> Path:
    _other_branch(repo)
    git(repo, "merge", "-q", "--squash", "other")
    return repo / ".git" / "SQUASH_MSG"


def _cherry_pick(repo: Path) -> Path:
    _other_branch(repo)
    git(repo, "cherry-pick", "-n", "other")
    return repo / ".git" / "MERGE_MSG"


PREPARED: dict[str, Callable[[Path], Path]] = {"squash": _squash, "cherry-pick -n": _cherry_pick}
WRITES = {
    "sign": (sign_args, f"{slugify('Hallands bildningsförbund')}.yaml"),
    "withdraw": (lambda repo: withdraw_args(repo, "foreningen-exempel"), "foreningen-exempel.yaml"),
}
CASES = [(w, p) for w in WRITES for p in PREPARED]


@pytest.mark.parametrize(("command", "prepared"), CASES, ids=[f"{w}-{p}" for w, p in CASES])
def test_the_prepared_message_outlives_the_commit(
    run_line, demo_repo: Path, command: str, prepared: str
) -> None:
    message = PREPARED[prepared](demo_repo)
    before = message.read_bytes()
    assert b"a line from other" in before
    args, written = WRITES[command]
    result = run_line(args(demo_repo))
    assert result.exit_code == 0, result.output
    assert message.read_bytes() == before
    assert head_files(demo_repo) == [f"agreements/demo/signatories/{written}"]
    assert git(demo_repo, "diff", "--cached", "--name-only") == "notes.txt\n"
    assert not [p for p in (demo_repo / ".git").iterdir() if p.name.startswith("overens-")]


def test_killed_after_its_commit_the_next_run_puts_the_message_back(
    run_line, demo_repo: Path
) -> None:
    message = _squash(demo_repo)
    before = message.read_bytes()
    proc = stopped_at("after-commit", sign_args(demo_repo), demo_repo)
    try:
        # git's commit removed the message; only its second name holds it now
        assert not message.exists()
        assert (demo_repo / ".git" / "overens-kept-SQUASH_MSG").read_bytes() == before
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
    # a run that writes without committing: only its recovery can put the message back
    result = run_line(withdraw_args(demo_repo, "foreningen-exempel", "--no-commit"))
    assert result.exit_code == 0, result.output
    assert message.read_bytes() == before
    assert not (demo_repo / ".git" / "overens-kept-SQUASH_MSG").exists()
    assert git(demo_repo, "diff", "--cached", "--name-only") == "notes.txt\n"


def test_a_refused_commit_leaves_the_prepared_message_as_it_was(run_line, demo_repo: Path) -> None:
    message = _squash(demo_repo)
    before = message.read_bytes()
    install_hook(demo_repo, "pre-commit", "exit 1\n")
    result = run_line(sign_args(demo_repo))
    assert result.exit_code == 1, result.output
    assert message.read_bytes() == before
    assert not [p for p in (demo_repo / ".git").iterdir() if p.name.startswith("overens-")]


PREPARED_MESSAGE_CASES = len(CASES) + 2
"""Scenarios generated here (stated in SECURITY.md)."""
