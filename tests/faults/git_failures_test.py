"""git's own failure modes, for every writing command: a lock git holds (refused before anything
is written, exit 1), a commit hook that stages other files, leaves ours out or touches the real
index (the commit undone, the index as it was, exit 1), git failing where overens does not
expect it (its words, exit 1, never exit 3), and a repository git refuses to work in because
another user owns it, or cannot read (said so, for every command that needs git, never taken
for no repository or no history)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import git, snapshot_tree
from coordinator_helpers import install_hook, sign_args, withdraw_args

COMMANDS = {
    "sign": lambda r: sign_args(r),
    "withdraw": lambda r: withdraw_args(r),
    "confirm": lambda r: ["confirm", "demo", "foreningen-exempel", "--repo", r],
    "erase": lambda r: ["erase", "demo", "foreningen-exempel", "--repo", r],
}
LOCKS = ["index.lock", "HEAD.lock", "refs/heads/main.lock"]
LOCK_CASES = [(c, lock) for c in COMMANDS for lock in LOCKS]


def _prepare(repo: Path, command: str) -> None:
    if command == "confirm":  # a new version to confirm
        from coordinator_helpers import edit_agreement

        edit_agreement(repo, lambda d: d.update(title=d["title"] + " (rev.)"))


@pytest.mark.parametrize(("command", "lock"), LOCK_CASES, ids=[f"{c}:{k}" for c, k in LOCK_CASES])
def test_a_lock_git_holds_is_refused_before_anything_is_written(
    run_line, demo_repo: Path, command: str, lock: str
) -> None:
    _prepare(demo_repo, command)
    (demo_repo / ".git" / lock).write_text("")
    before = snapshot_tree(demo_repo)
    result = run_line(COMMANDS[command](demo_repo))
    assert result.exit_code == 1, result.output
    assert f"{Path(lock).name} exists" in result.stderr and "wrote nothing" in result.stderr
    assert snapshot_tree(demo_repo) == before


HOOKS = {
    "stages another file": "echo injected > injected.txt\ngit add injected.txt\n",
    "unstages the file overens wrote": "git diff --cached --name-only | xargs git rm -q --cached\n",
    "stages into the real index": "echo x > stray.txt\nenv -u GIT_INDEX_FILE git add stray.txt\n"
    "echo injected > injected.txt\ngit add injected.txt\n",
}
HOOK_CASES = [(c, h) for c in COMMANDS for h in HOOKS]


@pytest.mark.parametrize(("command", "hook"), HOOK_CASES, ids=[f"{c}:{h}" for c, h in HOOK_CASES])
def test_a_commit_hook_that_changes_what_is_committed_gets_the_commit_undone(
    run_line, demo_repo: Path, command: str, hook: str
) -> None:
    _prepare(demo_repo, command)
    install_hook(demo_repo, "pre-commit", HOOKS[hook])
    head = git(demo_repo, "rev-parse", "HEAD")
    index = (demo_repo / ".git" / "index").read_bytes()
    result = run_line(COMMANDS[command](demo_repo))
    assert result.exit_code == 1, result.output
    assert "changed what the commit holds" in result.stderr and "undone" in result.stderr
    assert git(demo_repo, "rev-parse", "HEAD") == head
    assert (demo_repo / ".git" / "index").read_bytes() == index
    status = git(demo_repo, "status", "--porcelain").split("\n")
    # Only what the hook itself created is left, untracked; overens's own file is as it was.
    assert {ln[3:] for ln in status if ln} <= {"injected.txt", "stray.txt"}
    assert all(ln.startswith("??") for ln in status if ln)


def test_a_hook_that_only_formats_the_file_is_accepted(run_line, demo_repo: Path) -> None:
    install_hook(demo_repo, "pre-commit", "git diff --cached --name-only | xargs git add\n")
    assert run_line(sign_args(demo_repo)).exit_code == 0


def test_git_failing_unexpectedly_is_an_error_not_a_bug(run_line, demo_repo: Path) -> None:
    (demo_repo / ".git" / "index").write_bytes(b"DIRC garbage")  # a corrupt index
    result = run_line(sign_args(demo_repo))
    assert result.exit_code == 1, result.output
    assert "git" in result.stderr and "unexpected error" not in result.stderr


NEEDS_GIT = {
    **COMMANDS,
    "history": lambda r: ["history", "demo", "--repo", r],
    "diff": lambda r: ["diff", "--repo", r],
    "site": lambda r: ["site", "--output", r.parent / "site", "--repo", r],
}


@pytest.mark.parametrize("command", list(NEEDS_GIT))
def test_a_repository_git_does_not_trust_is_said_so(
    run_line, demo_repo: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git refuses a repository another user owns (its safe.directory check; a shared folder, a
    container's volume, a checkout made by CI). `GIT_TEST_ASSUME_DIFFERENT_OWNER` is git's own
    switch for that refusal. Every command that needs git says so with git's remedy, and writes
    nothing; none takes the refusal for "not a repository" or for a history with no commits."""
    _prepare(demo_repo, command)
    before = snapshot_tree(demo_repo)
    monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")
    result = run_line(NEEDS_GIT[command](demo_repo))
    monkeypatch.delenv("GIT_TEST_ASSUME_DIFFERENT_OWNER")
    assert result.exit_code == 1, result.output
    where = demo_repo.resolve()
    assert f"git refuses to work in {where}: the repository belongs to another user" in (
        result.stderr
    )
    assert f"git config --global --add safe.directory {where}" in result.stderr
    assert "not inside a git repository" not in result.stderr
    assert snapshot_tree(demo_repo) == before
    assert not (demo_repo.parent / "site").exists()


@pytest.mark.parametrize("command", list(NEEDS_GIT))
def test_a_repository_git_cannot_read_is_not_taken_for_none(
    run_line, demo_repo: Path, command: str
) -> None:
    """A line of .git/config git cannot parse makes every git command fail. That is git's to say,
    with its words; overens took it for "not a git repository" (and advised `git init`), and
    `history` and `site` for a folder with no commits."""
    _prepare(demo_repo, command)
    before = snapshot_tree(demo_repo)
    config = demo_repo / ".git" / "config"
    kept = config.read_text()
    config.write_text(kept + "[core\n")
    result = run_line(NEEDS_GIT[command](demo_repo))
    config.write_text(kept)
    assert result.exit_code == 1, result.output
    assert "bad config line" in result.stderr
    assert "not inside a git repository" not in result.stderr
    assert snapshot_tree(demo_repo) == before
    assert not (demo_repo.parent / "site").exists()


def _untrusted(repo: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")
    return f"git refuses to work in {repo.resolve()}"


def _unreadable(repo: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    config = repo / ".git" / "config"
    config.write_text(config.read_text() + "[core\n")
    return "bad config line"


@pytest.mark.parametrize("silence", [_untrusted, _unreadable], ids=["untrusted", "unreadable"])
def test_a_site_of_a_repository_git_answers_nothing_in_is_not_built_without_its_revisions(
    run_line,
    demo_repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    silence: Callable[[Path, pytest.MonkeyPatch], str],
) -> None:
    """With `--as-of`, the site reads git only for what each revision changed, and the comparison
    takes a failure for "git does not hold both texts": a repository git does not trust or
    cannot read must fail as loudly as the commit's date does, not leave it out of the page."""
    from coordinator_helpers import edit_agreement

    edit_agreement(demo_repo, lambda d: d.update(title=d["title"] + " (rev.)"))
    site = ["site", "--as-of", "2025-12-31", "--repo", demo_repo, "--output"]
    answered = run_line([*site, demo_repo.parent / "answered"])
    assert answered.exit_code == 0, answered.output
    assert (
        "Vad som ändrats sedan version 1"
        in (demo_repo.parent / "answered" / "demo" / "index.html").read_text()
    )
    said = silence(demo_repo, monkeypatch)
    result = run_line([*site, demo_repo.parent / "site"])
    assert result.exit_code == 1, result.output
    assert said in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert not (demo_repo.parent / "site" / "demo" / "index.html").exists()


GIT_FAILURE_CASES = len(LOCK_CASES) + len(HOOK_CASES) + 2 + 2 * len(NEEDS_GIT) + 2
"""git failure scenarios generated here (stated in SECURITY.md)."""
