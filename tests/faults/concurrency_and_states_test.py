"""Faults other than a crash: eight processes signing at once, a commit hook that
rejects, and git states in which overens refuses to write (a merge or rebase in progress, a
detached HEAD, no repository at all), for each command that writes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, git, snapshot_tree
from coordinator_helpers import (
    SIGNATORIES,
    conflicting_branches,
    install_hook,
    sign_args,
    stopped_at,
    withdraw_args,
)
from hardening_helpers import luhn_org_number
from overens.model.identity import slugify
from overens.store import safe_yaml


def test_eight_processes_signing_eight_organisations_all_land(run_line, demo_repo: Path) -> None:
    names = [f"Förening nummer {n}" for n in range(1, 9)]
    env = {**os.environ, "OVERENS_LOCK_TIMEOUT": "300"}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "overens",
                *sign_args(demo_repo, name=name, org_number=luhn_org_number(f"80247010{n}")),
            ],
            cwd=demo_repo,
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n, name in enumerate(names, start=1)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, outputs
    subjects = git(demo_repo, "log", "--format=%s", "HEAD~8..HEAD").splitlines()
    assert sorted(subjects) == sorted(f"sign(demo): {n}" for n in names)
    assert git(demo_repo, "rev-list", "--count", "HEAD") == "9\n"  # the initial commit and 8
    for name in names:
        path = demo_repo / SIGNATORIES / f"{slugify(name)}.yaml"
        assert safe_yaml.load(path)["name"] == name
    assert git(demo_repo, "status", "--porcelain") == ""
    assert run_line(["validate", "--repo", demo_repo]).exit_code == 0


def _erase_args(repo: Path, *flags: str) -> list[str]:
    return ["erase", "demo", "foreningen-exempel", "--repo", str(repo), *flags]


COMMANDS: dict[str, Callable[..., list[str]]] = {
    "sign": sign_args,
    "withdraw": lambda repo, *flags: withdraw_args(repo, "foreningen-exempel", *flags),
    "erase": _erase_args,
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_commit_hook_that_rejects_restores_everything(
    run_line, demo_repo: Path, command: str
) -> None:
    install_hook(demo_repo, "pre-commit", "echo 'policy: no changes on Fridays' >&2\nexit 1\n")
    principle = demo_repo / "agreements/demo/principles/01-dialog.yaml"
    principle.write_text(principle.read_text() + "# someone's staged work\n")
    git(demo_repo, "add", "-u")
    before = snapshot_tree(demo_repo)
    result = run_line(COMMANDS[command](demo_repo))
    assert result.exit_code == 1, result.output
    assert "policy: no changes on Fridays" in result.stderr
    assert "nothing was committed and the files are as they were" in result.stderr
    assert snapshot_tree(demo_repo) == before
    assert not [p for p in (demo_repo / ".git").iterdir() if p.name.startswith("overens-")]


def _mid_merge(repo: Path) -> Path:
    conflicting_branches(repo)
    git(repo, "merge", "other", check=False)
    assert (repo / ".git" / "MERGE_HEAD").exists()
    return repo


def _mid_rebase(repo: Path) -> Path:
    conflicting_branches(repo)
    git(repo, "rebase", "other", check=False)
    assert (repo / ".git" / "rebase-merge").exists() or (repo / ".git" / "rebase-apply").exists()
    return repo


def _squash_with_autostash(repo: Path) -> Path:
    """A squash merge with `--autostash` that stopped at a conflict, the conflict resolved and
    staged: no MERGE_HEAD, but the edit put aside waits for the merge's commit to bring it back."""
    conflicting_branches(repo)
    principle = repo / "agreements/demo/principles/01-dialog.yaml"
    principle.write_text(principle.read_text() + "# someone's unsaved work\n")
    git(repo, "merge", "--squash", "--autostash", "other", check=False)
    (repo / "notes.txt").write_text("resolved\n")
    git(repo, "add", "notes.txt")
    assert (repo / ".git" / "MERGE_AUTOSTASH").exists()
    assert not (repo / ".git" / "MERGE_HEAD").exists()
    return repo


def _detached(repo: Path) -> Path:
    git(repo, "checkout", "-q", "--detach")
    return repo


def _no_repository(repo: Path) -> Path:
    plain = repo.parent / "plain"
    shutil.copytree(FIXTURES / "repo", plain)
    return plain


STATES = {
    "mid-merge": (_mid_merge, ["middle of a merge", "git merge --abort"]),
    "mid-rebase": (_mid_rebase, ["middle of a rebase"]),
    "squash with autostash": (_squash_with_autostash, ["stashed changes wait", "git commit"]),
    "detached HEAD": (_detached, ["HEAD is detached", "git switch"]),
    "outside a repository": (_no_repository, ["not inside a git repository", "--no-commit"]),
}
GIT_STATE_CASES = [(c, s) for c in COMMANDS for s in STATES]


@pytest.mark.parametrize(
    ("command", "state"), GIT_STATE_CASES, ids=[f"{c}-{s}" for c, s in GIT_STATE_CASES]
)
def test_refused_in_a_git_state_with_nothing_written(
    run_line, demo_repo: Path, command: str, state: str
) -> None:
    setup, words = STATES[state]
    repo = setup(demo_repo)
    before = snapshot_tree(repo)
    result = run_line(COMMANDS[command](repo))
    assert result.exit_code == 1, result.output
    for word in words:
        assert word in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert snapshot_tree(repo) == before


def test_staging_while_a_signing_commits_is_kept(demo_repo: Path) -> None:
    """Someone stages a file while overens commits: the process is stopped just after its commit
    (overens.faults), the other file staged, and the process continued. The real index changed
    after overens copied it, so it is not replaced; git adds the committed file's entry to it,
    and the staged change stays staged."""
    principle = demo_repo / "agreements/demo/principles/01-dialog.yaml"
    proc = stopped_at("after-commit", sign_args(demo_repo), demo_repo)
    try:
        principle.write_text(principle.read_text() + "# staged meanwhile\n")
        git(demo_repo, "add", str(principle))
    finally:
        os.kill(proc.pid, signal.SIGCONT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert git(demo_repo, "diff", "--cached", "--name-only") == (
        "agreements/demo/principles/01-dialog.yaml\n"
    )
    assert git(demo_repo, "status", "--porcelain") == (
        "M  agreements/demo/principles/01-dialog.yaml\n"
    )
    assert git(demo_repo, "log", "-1", "--format=%s").startswith("sign(demo): ")
