"""overens.vcs.worktree against real temporary git repositories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import git, init_repo, snapshot_tree
from coordinator_helpers import head_files, install_hook
from overens.errors import CommitFailedError, GitStateError, NotAGitRepoError, UsageError
from overens.vcs.worktree import GitRepo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "r"
    (root / "data").mkdir(parents=True)
    (root / "data" / "a.txt").write_text("a\n")
    (root / "data" / "b.txt").write_text("b\n")
    (root / "c.txt").write_text("c\n")
    return init_repo(root)


def _conflict(repo: Path) -> None:
    git(repo, "switch", "-q", "-c", "other")
    (repo / "c.txt").write_text("other\n")
    git(repo, "commit", "-q", "-am", "other")
    git(repo, "switch", "-q", "main")
    (repo / "c.txt").write_text("main\n")
    git(repo, "commit", "-q", "-am", "main")


def test_outside_a_repository(tmp_path: Path) -> None:
    with pytest.raises(NotAGitRepoError, match="not inside a git repository"):
        GitRepo.open(tmp_path)


def test_opens_from_a_subfolder(repo: Path) -> None:
    assert GitRepo.open(repo / "data").root == repo.resolve()


def test_refuses_in_the_middle_of_a_merge(repo: Path) -> None:
    _conflict(repo)
    git(repo, "merge", "other", check=False)
    assert (repo / ".git" / "MERGE_HEAD").exists()
    with pytest.raises(GitStateError, match="middle of a merge") as e:
        GitRepo.open(repo).check_state(need_branch=True)
    assert "git merge --abort" in str(e.value)


def test_refuses_in_the_middle_of_a_rebase(repo: Path) -> None:
    _conflict(repo)
    git(repo, "rebase", "other", check=False)
    assert (repo / ".git" / "rebase-merge").exists() or (repo / ".git" / "rebase-apply").exists()
    with pytest.raises(GitStateError, match="middle of a rebase"):
        GitRepo.open(repo).check_state(need_branch=False)


def test_refuses_unmerged_paths_without_a_merge(repo: Path) -> None:
    _conflict(repo)
    git(repo, "merge", "other", check=False)
    (repo / ".git" / "MERGE_HEAD").unlink()  # as after some failed stash pops: conflicts, no merge
    with pytest.raises(GitStateError, match="unmerged paths"):
        GitRepo.open(repo).check_state(need_branch=False)


def test_detached_head_is_refused_only_when_committing_on_it(repo: Path) -> None:
    git(repo, "checkout", "-q", "--detach")
    opened = GitRepo.open(repo)
    with pytest.raises(GitStateError, match="detached"):
        opened.check_state(need_branch=True)
    opened.check_state(need_branch=False)


def test_path_status(repo: Path) -> None:
    opened = GitRepo.open(repo)
    assert opened.path_status(repo / "data" / "a.txt").clean
    assert opened.path_status(repo / "data" / "new.txt").clean  # absent and untracked
    (repo / "data" / "a.txt").write_text("changed\n")
    assert opened.path_status(repo / "data" / "a.txt").describe() == "it has unstaged changes"
    git(repo, "add", "data/a.txt")
    assert opened.path_status(repo / "data" / "a.txt").describe() == "it has staged changes"
    (repo / "data" / "new.txt").write_text("new\n")
    assert opened.path_status(repo / "data" / "new.txt").code == "??"
    # A path that is not there: deleted in the working tree, or the deletion staged.
    (repo / "data" / "b.txt").unlink()
    assert opened.path_status(repo / "data" / "b.txt").code == " D"
    git(repo, "rm", "-q", "--cached", "data/b.txt")
    assert opened.path_status(repo / "data" / "b.txt").code == "D "


def test_path_status_tells_a_committed_file(repo: Path) -> None:
    """Only a file that is there and committed as it is counts as tracked: not one absent,
    untracked, ignored or changed. An ignored file is clean (nothing of it is overwritten)."""
    opened = GitRepo.open(repo)
    (repo / ".git" / "info" / "exclude").write_text("ignored.txt\n")
    (repo / "ignored.txt").write_text("ignored\n")
    (repo / "new.txt").write_text("new\n")
    (repo / "c.txt").write_text("changed\n")
    seen = {
        name: (status.code, status.clean, status.tracked)
        for name in ("data/a.txt", "absent.txt", "new.txt", "ignored.txt", "c.txt")
        for status in [opened.path_status(repo / name)]
    }
    assert seen == {
        "data/a.txt": ("", True, True),
        "absent.txt": ("", True, False),
        "new.txt": ("??", False, False),
        "ignored.txt": ("!!", True, False),
        "c.txt": (" M", False, False),
    }


def test_staged_tells_an_index_equal_to_head(repo: Path) -> None:
    """commit_paths resets its copy of the index to HEAD only when the index differs from it."""
    opened = GitRepo.open(repo)
    assert not opened._staged()
    (repo / "data" / "a.txt").write_text("unstaged only\n")
    (repo / "untracked.txt").write_text("untracked\n")
    assert not opened._staged()  # the working tree does not count
    git(repo, "add", "--intent-to-add", "untracked.txt")
    assert opened._staged()
    git(repo, "rm", "-q", "--cached", "untracked.txt")
    assert not opened._staged()
    git(repo, "add", "data/a.txt")
    assert opened._staged()


def test_commit_paths_commits_one_path_and_leaves_everything_else(repo: Path) -> None:
    (repo / "data" / "a.txt").write_text("staged change\n")
    git(repo, "add", "data/a.txt")
    (repo / "data" / "a.txt").write_text("staged change\nplus an unstaged one\n")
    (repo / "c.txt").write_text("unstaged only\n")
    (repo / "untracked.txt").write_text("untracked\n")
    staged_before = git(repo, "diff", "--cached", "--no-ext-diff")
    unstaged_before = git(repo, "diff", "--no-ext-diff")
    (repo / "data" / "new.yaml").write_text("id: new\n")

    sha = GitRepo.open(repo).commit_paths(
        [repo / "data" / "new.yaml"], "sign(x): New\n\nSigned-on: 2024-01-01\n"
    )

    assert git(repo, "rev-parse", "HEAD").strip() == sha
    assert head_files(repo) == ["data/new.yaml"]
    assert git(repo, "show", "HEAD:data/new.yaml") == "id: new\n"
    assert git(repo, "show", "HEAD:data/a.txt") == "a\n"
    assert (
        git(repo, "log", "-1", "--format=%B", "HEAD").strip()
        == "sign(x): New\n\nSigned-on: 2024-01-01"
    )
    assert git(repo, "diff", "--cached", "--no-ext-diff") == staged_before
    assert git(repo, "diff", "--no-ext-diff") == unstaged_before
    assert (repo / "data" / "a.txt").read_text() == "staged change\nplus an unstaged one\n"
    status = git(repo, "status", "--porcelain")
    assert "data/new.yaml" not in status
    assert "MM data/a.txt" in status and " M c.txt" in status and "?? untracked.txt" in status


def _index_and_status(repo: Path) -> tuple[str, str, str]:
    """What the index holds (every entry's mode, blob and path), what status says of the working
    tree, and what is staged."""
    return (
        git(repo, "ls-files", "--stage"),
        git(repo, "status", "--porcelain", "--untracked-files=all"),
        git(repo, "diff", "--cached", "--name-only"),
    )


@pytest.mark.parametrize("hook", [None, "post-commit"])
def test_a_commit_with_nothing_staged_leaves_the_index_as_git_would(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hook: str | None
) -> None:
    """With nothing staged and no hook, the temporary index the commit was made from takes the
    real index's place; with a hook, git updates the committed path's entry in the real index (a
    second ``update-index``, seen in git's trace). Both leave the same index and status: the new
    file committed and clean, the unstaged and untracked work as it was."""
    (repo / "c.txt").write_text("unstaged only\n")
    (repo / "untracked.txt").write_text("untracked\n")
    (repo / "data" / "new.yaml").write_text("id: new\n")
    if hook:
        install_hook(repo, hook, "true\n")
    trace = tmp_path / "trace.txt"
    monkeypatch.setenv("GIT_TRACE2", str(trace))
    GitRepo.open(repo).commit_paths([repo / "data" / "new.yaml"], "m")
    monkeypatch.delenv("GIT_TRACE2")
    updates = [line for line in trace.read_text().splitlines() if " update-index " in line]
    assert len([line for line in updates if " start " in line]) == (2 if hook else 1)
    stage, status, staged = _index_and_status(repo)
    assert "data/new.yaml" in stage and "data/new.yaml" not in status and staged == ""
    assert status.splitlines() == [" M c.txt", "?? untracked.txt"]
    assert not (repo / ".git" / "index.lock").exists()
    assert git(repo, "fsck", "--no-progress") == ""


@pytest.mark.parametrize("hook", [None, "pre-commit"])
@pytest.mark.parametrize("staged", [False, True], ids=["nothing staged", "other work staged"])
def test_committed_files_are_committed_alike_by_include(
    repo: Path, tmp_path: Path, hook: str | None, staged: bool
) -> None:
    """Files known to be committed already (``tracked``) are staged by ``git commit --include``
    instead of ``git update-index`` first: the same tree, message, index and status, beside
    unstaged, untracked and staged work and with a hook. The paths are literal: ``[ab].txt``
    names that one file, not a.txt and b.txt."""
    (repo / "data" / "[ab].txt").write_text("brackets\n")
    git(repo, "add", "data/[[]ab].txt")
    git(repo, "commit", "-q", "-m", "brackets")
    twin = tmp_path / "twin"
    shutil.copytree(repo, twin, symlinks=True)
    outcomes = []
    for root, tracked in ((repo, False), (twin, True)):
        (root / "data" / "[ab].txt").write_text("withdrawn\n")
        (root / "data" / "b.txt").write_text("b changed, not committed\n")
        (root / "untracked.txt").write_text("untracked\n")
        if staged:
            (root / "c.txt").write_text("staged elsewhere\n")
            git(root, "add", "c.txt")
        if hook:
            install_hook(root, hook, "true\n")
        paths = [root / "data" / "[ab].txt", root / "data" / "a.txt"]
        (root / "data" / "a.txt").write_text("a withdrawn too\n")
        GitRepo.open(root).commit_paths(paths, "withdraw(x): A\n", tracked=tracked)
        outcomes.append(
            (git(root, "rev-parse", "HEAD^{tree}"), git(root, "log", "-1", "--format=%B"))
            + _index_and_status(root)
        )
    assert outcomes[0] == outcomes[1]
    assert head_files(twin) == ["data/[ab].txt", "data/a.txt"]
    assert " M data/b.txt" in outcomes[1][3]


def test_the_index_is_not_handed_over_while_git_holds_its_lock(repo: Path) -> None:
    """A lock on the real index (another git process writing it) is never taken over: the commit
    is made, and the index is left to git, which refuses while the lock is there."""
    (repo / "data" / "new.yaml").write_text("id: new\n")
    lock = repo / ".git" / "index.lock"
    lock.write_bytes(b"another process")
    with pytest.raises(CommitFailedError, match="could not update the index"):
        GitRepo.open(repo).commit_paths([repo / "data" / "new.yaml"], "m")
    assert lock.read_bytes() == b"another process"
    assert head_files(repo) == ["data/new.yaml"]


def test_commit_paths_runs_the_hooks_on_exactly_what_is_committed(
    repo: Path, tmp_path: Path
) -> None:
    seen = tmp_path / "seen.txt"
    install_hook(repo, "pre-commit", f"git diff --cached --name-only > {seen}\n")
    (repo / "c.txt").write_text("staged elsewhere\n")
    git(repo, "add", "c.txt")
    (repo / "data" / "new.yaml").write_text("id: new\n")
    GitRepo.open(repo).commit_paths([repo / "data" / "new.yaml"], "m")
    assert seen.read_text().split() == ["data/new.yaml"]


def test_a_failing_hook_leaves_the_index_and_head_untouched(repo: Path) -> None:
    install_hook(repo, "pre-commit", "echo 'lint: trailing space in new.yaml' >&2\nexit 1\n")
    (repo / "c.txt").write_text("staged\n")
    git(repo, "add", "c.txt")
    (repo / "data" / "new.yaml").write_text("id: new\n")
    before = snapshot_tree(repo)
    with pytest.raises(CommitFailedError) as e:
        GitRepo.open(repo).commit_paths([repo / "data" / "new.yaml"], "m")
    assert "lint: trailing space in new.yaml" in str(e.value)
    assert "pre-commit" in str(e.value)
    assert snapshot_tree(repo) == before


@pytest.fixture
def no_identity_in_env(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Leave the commit identity to git config (conftest sets one in the environment); after
    ``repo`` has made its first commit."""
    for name in (
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
    ):
        monkeypatch.delenv(name)


@pytest.mark.usefixtures("no_identity_in_env")
def test_the_author_comes_from_git_config(repo: Path) -> None:
    git(repo, "config", "user.name", "Åsa Samordnare")
    git(repo, "config", "user.email", "asa@example.se")
    (repo / "data" / "new.yaml").write_text("id: new\n")
    GitRepo.open(repo).commit_paths([repo / "data" / "new.yaml"], "m")
    author = git(repo, "log", "-1", "--format=%an <%ae>").strip()
    assert author == "Åsa Samordnare <asa@example.se>"


@pytest.mark.usefixtures("no_identity_in_env")
def test_no_identity_is_a_clear_error(repo: Path) -> None:
    git(repo, "config", "user.useConfigOnly", "true")
    (repo / "data" / "new.yaml").write_text("id: new\n")
    before = snapshot_tree(repo)
    with pytest.raises(CommitFailedError) as e:
        GitRepo.open(repo).commit_paths([repo / "data" / "new.yaml"], "m")
    assert "git config user.name" in str(e.value)
    assert snapshot_tree(repo) == before


def test_commit_on_branch_leaves_the_checkout_untouched(repo: Path) -> None:
    (repo / "c.txt").write_text("staged\n")
    git(repo, "add", "c.txt")
    (repo / "data" / "a.txt").write_text("unstaged\n")
    before = snapshot_tree(repo)
    head = git(repo, "rev-parse", "HEAD").strip()

    sha = GitRepo.open(repo).commit_on_branch(
        "sign/new", {"data/new.yaml": b"id: new\n"}, "sign(x): New\n"
    )

    assert snapshot_tree(repo) == before
    assert git(repo, "rev-parse", "sign/new").strip() == sha
    assert git(repo, "rev-parse", "sign/new^").strip() == head
    assert head_files(repo, "sign/new") == ["data/new.yaml"]
    assert git(repo, "show", "sign/new:data/new.yaml") == "id: new\n"
    assert git(repo, "show", "sign/new:c.txt") == "c\n"  # HEAD's content, not the staged one


def test_commit_on_branch_refuses_an_existing_or_invalid_branch(repo: Path) -> None:
    opened = GitRepo.open(repo)
    with pytest.raises(UsageError, match="already exists"):
        opened.check_new_branch("main")
    with pytest.raises(UsageError, match="not a valid branch name"):
        opened.check_new_branch("bad..name")


def test_a_git_older_than_overens_needs_is_named_instead_of_its_usage_text(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git answers an option it does not know with its usage text and exit 129; overens then asks
    git its version, and names the one it needs when this one is older (the real git here is
    new enough: held to a minimum above it, it is the old one)."""
    from overens.errors import GitTooOldError
    from overens.vcs import runner

    with pytest.raises(runner.GitFailed) as failed:
        runner.run(repo, ["status", "--no-such-option"])
    assert failed.value.returncode == runner.USAGE_EXIT
    monkeypatch.setattr(runner, "MINIMUM_GIT", (99, 0))
    with pytest.raises(GitTooOldError) as old:
        runner.run(repo, ["status", "--no-such-option"])
    assert old.value.message.startswith("overens needs git 99.0 or later; this is git version ")
    assert old.value.hint is not None and "install git 99.0 or later" in old.value.hint
    assert runner.run(repo, ["status", "--porcelain"]) == b""  # a command that works: no question


@pytest.mark.parametrize(
    ("said", "version"),
    [
        ("git version 2.39.5\n", (2, 39)),
        ("git version 2.37.1 (Apple Git-137.1)", (2, 37)),
        ("git version 2.42.0.windows.2", (2, 42)),
        ("git version 2.24.0.rc1", (2, 24)),
        ("git version 1.8.3.1", (1, 8)),
        ("not git", None),
    ],
)
def test_git_versions_are_read_as_git_says_them(said: str, version: tuple[int, int]) -> None:
    from overens.vcs import runner

    assert runner.version_of(said) == version
