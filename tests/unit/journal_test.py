"""The crash journal's recovery decisions, on real repositories (the kill tests in tests/faults/
drive it end to end; these pin down the cases a kill cannot reach deterministically)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import git
from coordinator_helpers import EXEMPEL, HALLAND, commit_all
from overens.vcs.journal import JOURNAL_FILE, Journal, recover
from overens.vcs.worktree import GitRepo


def _begin(repo: Path, files: dict[str, bytes], message: str = "sign(demo): X") -> Journal:
    g = GitRepo.open(repo)
    root = repo.resolve()
    return Journal.begin(
        g.git_dir / JOURNAL_FILE,
        root,
        head=g.head_commit(),
        commit=True,
        message=message,
        files={root / k: v for k, v in files.items()},
    )


def test_no_journal_nothing_to_recover(demo_repo: Path) -> None:
    (demo_repo / ".git" / "overens-index-abc").write_bytes(b"x")
    assert recover(demo_repo / ".git" / JOURNAL_FILE, GitRepo.open(demo_repo)) is None
    assert not (demo_repo / ".git" / "overens-index-abc").exists()


def test_a_written_but_uncommitted_change_is_rolled_back(demo_repo: Path) -> None:
    old = (demo_repo / EXEMPEL).read_bytes()
    journal = _begin(demo_repo, {EXEMPEL: b"new\n", HALLAND: b"new file\n"})
    (demo_repo / EXEMPEL).write_bytes(b"new\n")
    (demo_repo / HALLAND).write_bytes(b"new file\n")
    (demo_repo / EXEMPEL).with_name(".foreningen-exempel.yaml.x1.tmp").write_bytes(b"half")
    done = recover(journal.path, GitRepo.open(demo_repo))
    assert done is not None and done.outcome == "rolled back"
    assert (demo_repo / EXEMPEL).read_bytes() == old and not (demo_repo / HALLAND).exists()
    assert git(demo_repo, "status", "--porcelain", "--untracked-files=all") == ""
    assert not journal.path.exists()


def test_a_file_changed_after_the_crash_is_left_alone(demo_repo: Path) -> None:
    journal = _begin(demo_repo, {EXEMPEL: b"new\n"})
    (demo_repo / EXEMPEL).write_bytes(b"someone's later edit\n")
    done = recover(journal.path, GitRepo.open(demo_repo))
    assert done is not None and done.kept == (EXEMPEL,)
    assert (demo_repo / EXEMPEL).read_bytes() == b"someone's later edit\n"


def test_a_made_commit_is_completed_in_the_index(demo_repo: Path) -> None:
    journal = _begin(demo_repo, {HALLAND: b"id: x\n"}, message="sign(demo): X\n\nSigned-on: 1")
    (demo_repo / HALLAND).write_bytes(b"id: x\n")
    # The commit was made through another index, as commit_paths does; the real one is stale.
    env_index = demo_repo / ".git" / "overens-index-test"
    env = {**os.environ, "GIT_INDEX_FILE": str(env_index)}
    subprocess.run(["git", "read-tree", "HEAD"], cwd=demo_repo, env=env, check=True)
    subprocess.run(["git", "update-index", "--add", HALLAND], cwd=demo_repo, env=env, check=True)
    subprocess.run(
        ["git", "commit", "-q", "-m", "sign(demo): X"], cwd=demo_repo, env=env, check=True
    )
    assert HALLAND in git(demo_repo, "status", "--porcelain")  # staged as deleted, untracked
    done = recover(journal.path, GitRepo.open(demo_repo))
    assert done is not None and done.outcome == "completed"
    assert git(demo_repo, "status", "--porcelain", "--untracked-files=all") == ""


def test_head_moved_by_someone_else_touches_nothing(demo_repo: Path) -> None:
    journal = _begin(demo_repo, {HALLAND: b"id: x\n"})
    (demo_repo / HALLAND).write_bytes(b"id: x\n")
    (demo_repo / "notes.txt").write_text("a later commit\n")
    commit_all(demo_repo, "someone else's commit")
    done = recover(journal.path, GitRepo.open(demo_repo))
    assert done is not None and done.outcome == "left as found"
    assert (demo_repo / HALLAND).exists() and not journal.path.exists()
