"""A commit made with plumbing (overens.vcs.direct_commit) is the one `git commit` makes: the
same commit (hash), reflog entries and index, on real repositories, one committed through each
way. `commit.cleanup=strip` sends a commit through `git commit` (plumbing cannot strip
comments); the messages here have no comment lines, so both ways clean them alike."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import git, init_repo
from overens.errors import CommitFailedError
from overens.vcs import direct_commit
from overens.vcs.worktree import GitRepo


@pytest.fixture(autouse=True)
def _fixed_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2026-01-02T03:04:05 +0100")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-01-02T03:04:05 +0100")


FROM_ENTRIES = direct_commit.FROM_ENTRIES


@pytest.fixture(autouse=True)
def _from_any_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plumbing from an index of one entry: a repository of 4,000 files is made only where the
    size is what is tested (the last test)."""
    monkeypatch.setattr(direct_commit, "FROM_ENTRIES", 1)


def _twins(tmp_path: Path, *, commit: bool = True) -> tuple[Path, Path]:
    """Two repositories alike; the second commits through `git commit`."""
    first = tmp_path / "plumbing"
    (first / "data").mkdir(parents=True)
    (first / "data" / "a.txt").write_text("a\n")
    (first / "c.txt").write_text("c\n")
    if commit:
        init_repo(first)
    else:
        git(first, "init", "-q", "-b", "main")
    second = tmp_path / "porcelain"
    shutil.copytree(first, second, symlinks=True)
    git(second, "config", "commit.cleanup", "strip")
    return first, second


def _state(repo: Path) -> dict[str, str]:
    return {
        "head": git(repo, "rev-parse", "HEAD"),
        "reflog HEAD": git(repo, "reflog", "-1", "--format=%gs", "HEAD"),
        "reflog main": git(repo, "reflog", "-1", "--format=%gs", "refs/heads/main"),
        "index": git(repo, "ls-files", "-s"),
        "status": git(repo, "status", "--porcelain", "--untracked-files=all"),
    }


def _committed(
    monkeypatch: pytest.MonkeyPatch, repo: Path, paths: list[Path], message: str, **options: bool
) -> tuple[str, list[str]]:
    """``commit_paths`` in ``repo``: the commit, and the git commands it ran (git's own trace)."""
    trace = repo.parent / f"{repo.name}.trace"
    trace.unlink(missing_ok=True)
    monkeypatch.setenv("GIT_TRACE2", str(trace))
    try:
        sha = GitRepo.open(repo).commit_paths(paths, message, **options)
    finally:
        monkeypatch.delenv("GIT_TRACE2")
    lines = trace.read_text().splitlines()
    started = [line.split(" start ", 1)[1].split() for line in lines if " start " in line]
    noise = ("git", "-c", "core.quotePath=false", "--literal-pathspecs")
    return sha, [" ".join(a for a in c if a.rsplit("/", 1)[-1] not in noise) for c in started]


def _ran(commands: list[str], prefix: str) -> bool:
    """Whether git ran a command that begins with ``prefix``'s words."""
    return any(f"{c} ".startswith(f"{prefix} ") for c in commands)


Change = Callable[[Path], list[Path]]


def _new_file(repo: Path) -> list[Path]:
    (repo / "data" / "new.txt").write_text("new\n")
    return [repo / "data" / "new.txt"]


def _edit(repo: Path) -> list[Path]:
    (repo / "data" / "a.txt").write_text("a, edited\n")
    return [repo / "data" / "a.txt"]


@pytest.mark.parametrize("change", [_new_file, _edit])
def test_the_same_commit_reflog_and_index_as_git_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: Change
) -> None:
    first, second = _twins(tmp_path)
    (first / "data" / "untracked.txt").write_text("someone's work\n")
    (second / "data" / "untracked.txt").write_text("someone's work\n")
    message = "  \nsign(demo): Föreningen  \n\n\n\tSigned-on: 2026-01-02 \t\n\n"
    (sha, plumbing), (same, porcelain) = (
        _committed(monkeypatch, r, change(r), message) for r in (first, second)
    )
    assert _ran(plumbing, "commit-tree") and not _ran(plumbing, "commit")
    assert _ran(porcelain, "commit") and not _ran(porcelain, "commit-tree")
    assert sha == same
    assert _state(first) == _state(second)
    assert (
        git(first, "log", "-1", "--format=%B")
        == "sign(demo): Föreningen\n\n\tSigned-on: 2026-01-02\n\n"
    )
    assert _state(first)["reflog HEAD"] == "commit: sign(demo): Föreningen\n"


def test_the_first_commit_of_a_branch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a branch with no commit yet, someone's file staged (so there is an index): the commit
    holds the file written alone, with no parent, both ways."""
    first, second = _twins(tmp_path, commit=False)
    for repo in (first, second):
        git(repo, "add", "data/a.txt")
    (sha, plumbing), (same, porcelain) = (
        _committed(monkeypatch, r, [r / "c.txt"], "first\n") for r in (first, second)
    )
    assert _ran(plumbing, "commit-tree") and _ran(porcelain, "commit")
    assert sha == same
    assert _state(first) == _state(second)
    assert _state(first)["reflog HEAD"] == "commit (initial): first\n"
    assert git(first, "ls-tree", "-r", "--name-only", sha) == "c.txt\n"
    assert git(first, "diff", "--cached", "--name-only") == "data/a.txt\n"


def test_a_verbatim_message_is_kept_as_it_is(tmp_path: Path) -> None:
    first, second = _twins(tmp_path)
    git(first, "config", "commit.cleanup", "verbatim")
    git(second, "config", "commit.cleanup", "verbatim")
    git(second, "config", "commit.gpgSign", "false")
    (second / ".git" / "hooks" / "post-commit").write_text("#!/bin/sh\nexit 0\n")
    (second / ".git" / "hooks" / "post-commit").chmod(0o755)  # through `git commit`
    assert direct_commit.mode(GitRepo.open(first)) == "verbatim"
    message = "subject  \n\n\nbody\n"
    made = [GitRepo.open(r).commit_paths(_new_file(r), message) for r in (first, second)]
    assert made[0] == made[1]
    assert git(first, "cat-file", "commit", made[0]).endswith("\n\nsubject  \n\n\nbody\n")


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({}, "whitespace"),
        ({"commit.cleanup": "default"}, "whitespace"),
        ({"commit.cleanup": "whitespace"}, "whitespace"),
        ({"commit.cleanup": "verbatim"}, "verbatim"),
        ({"commit.cleanup": "strip"}, None),
        ({"commit.cleanup": "scissors"}, None),
        ({"commit.gpgSign": "true"}, None),
        ({"commit.gpgSign": "yes"}, None),
        ({"commit.gpgSign": "false"}, "whitespace"),
        ({"commit.gpgSign": "off", "commit.cleanup": "verbatim"}, "verbatim"),
    ],
)
def test_when_plumbing_makes_the_commit(
    tmp_path: Path, settings: dict[str, str], expected: str | None
) -> None:
    repo = init_repo(tmp_path)
    for key, value in settings.items():
        git(repo, "config", key, value)
    assert direct_commit.mode(GitRepo.open(repo)) == expected


def test_a_signing_setting_without_a_value_means_yes(tmp_path: Path) -> None:
    repo = init_repo(tmp_path)
    with (repo / ".git" / "config").open("a") as f:
        f.write("[commit]\n\tgpgsign\n")
    assert direct_commit.mode(GitRepo.open(repo)) is None


def test_signed_commits_go_through_git_commit(tmp_path: Path) -> None:
    """With commit.gpgSign on, the commit is git's to sign (here it cannot: nothing is made)."""
    repo = init_repo(tmp_path)
    git(repo, "config", "commit.gpgSign", "true")
    git(repo, "config", "gpg.program", "false")
    head = git(repo, "rev-parse", "HEAD")
    (repo / "new.txt").write_text("new\n")
    with pytest.raises(CommitFailedError, match="sign"):
        GitRepo.open(repo).commit_paths([repo / "new.txt"], "subject\n")
    assert git(repo, "rev-parse", "HEAD") == head


def test_a_file_git_tracks_is_committed_by_git_commit_include(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One process against the plumbing's six (decision 0720); the same at 10,000 entries."""
    repo, _ = _twins(tmp_path)
    _, ran = _committed(monkeypatch, repo, _edit(repo), "subject\n", tracked=True)
    assert _ran(ran, "commit") and not _ran(ran, "commit-tree")


def test_nothing_to_commit_is_refused_both_ways(tmp_path: Path) -> None:
    for repo in _twins(tmp_path):
        head = git(repo, "rev-parse", "HEAD")
        with pytest.raises(CommitFailedError, match="nothing"):
            GitRepo.open(repo).commit_paths([repo / "c.txt"], "subject\n")
        assert git(repo, "rev-parse", "HEAD") == head
        assert git(repo, "status", "--porcelain") == ""


def test_automatic_maintenance_runs_as_after_git_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for repo in _twins(tmp_path):
        _, ran = _committed(monkeypatch, repo, _new_file(repo), "subject\n")
        assert _ran(ran, "maintenance run --auto --quiet")


def test_a_head_moved_meanwhile_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """update-ref is given the commit HEAD had: a commit made by someone else in between is never
    overwritten (git commit refuses the same way)."""
    repo = init_repo(tmp_path)
    opened = GitRepo.open(repo)
    real = opened.head_commit

    def moved() -> str | None:
        before = real()
        (repo / "other.txt").write_text("other\n")
        git(repo, "add", "other.txt")
        git(repo, "commit", "-q", "-m", "someone else")
        return before

    monkeypatch.setattr(opened, "head_commit", moved)
    (repo / "new.txt").write_text("new\n")
    with pytest.raises(CommitFailedError):
        opened.commit_paths([repo / "new.txt"], "subject\n")
    assert git(repo, "log", "-1", "--format=%s") == "someone else\n"


@pytest.mark.parametrize("files", [FROM_ENTRIES - 1, FROM_ENTRIES])
def test_plumbing_from_an_index_of_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: int
) -> None:
    """A file added to an index of FROM_ENTRIES - 1 entries is committed by `git commit`, to one
    of FROM_ENTRIES with plumbing; the same commit either way."""
    monkeypatch.setattr(direct_commit, "FROM_ENTRIES", FROM_ENTRIES)
    first, second = _twins(tmp_path, commit=False)
    for repo in (first, second):
        many = repo / "many"
        many.mkdir()
        for i in range(files - 2):  # with data/a.txt and c.txt
            (many / f"{i}.txt").write_text(f"{i}\n")
        init_repo(repo)
    (sha, first_ran), (same, _) = (
        _committed(monkeypatch, r, _new_file(r), "subject\n") for r in (first, second)
    )
    assert sha == same
    assert _ran(first_ran, "commit-tree") == (files == FROM_ENTRIES)
