"""A git working tree as overens writes to it: its state, one path's status
(:mod:`overens.vcs.path_status`), and commits.

Every call runs the git binary through :mod:`overens.vcs.runner`; no index API is used:
committing one file in a 10,000-file repository costs 0.04 s through git and 0.32 s through
GitPython's index API. Two ways to commit, both touching only the paths overens wrote:

* :meth:`GitRepo.commit_paths` commits the working-tree content of some paths on the current
  branch through a temporary index (HEAD's tree plus those paths), so the pre-commit hooks run
  and the user's own index is not touched unless the commit succeeds; then only those paths'
  entries of the real index change (the temporary index takes its place when it began as its
  copy and no hook ran, else git updates them). Other staged and unstaged changes stay exactly
  as they were (docs/decisions/0101-commit-one-path-through-a-temporary-index.md, 0712).
* :meth:`GitRepo.commit_on_branch` builds a commit from blobs with plumbing and points a new
  branch at it, without touching the current branch, the index or the working tree.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from overens import faults
from overens.errors import CommitFailedError, GitStateError, NotAGitRepoError, UsageError
from overens.vcs import direct_commit, runner
from overens.vcs.path_status import PathStatus, status_of
from overens.vcs.runner import GitFailed
from overens.vcs.temporary_index import (
    COMMIT_HOOKS,
    check_commit,
    commit_hint,
    hand_over_index,
    installed_hooks,
    keep_index,
    message_file,
    prepared_messages_kept,
    restore_prepared_messages,
    temporary_index,
)


def _stderr(e: GitFailed) -> str:
    return e.stderr or str(e)


class GitRepo:
    """A git working tree, opened once at an explicit folder."""

    def __init__(self, root: Path, git_dir: Path, common_dir: Path) -> None:
        self.root = root
        self.git_dir = git_dir
        self.common_dir = common_dir

    # ----------------------------------------------------------------------------- opening

    @classmethod
    def open(cls, path: Path) -> GitRepo:
        """Open the git repository that contains ``path``.

        Raises :class:`NotAGitRepoError` outside a repository, in a bare one, or without git;
        :class:`GitFailed` with git's words in a repository git cannot read.
        """
        folder = path if path.is_dir() else path.parent
        not_a_repo = NotAGitRepoError(
            f"{path} is not inside a git repository",
            hint="run `git init` there, or pass --no-commit to only write the file",
        )
        if not folder.is_dir():
            raise not_a_repo
        try:
            out = runner.text(
                folder,
                "rev-parse",
                "--is-bare-repository",
                "--absolute-git-dir",
                "--git-common-dir",
            )
        except GitFailed as e:
            if not runner.outside_a_repository(e):
                raise  # a repository git cannot read (a bad config line): git's own words
            raise not_a_repo from None
        bare, git_dir, common = out.split("\n")
        if bare == "true":
            raise NotAGitRepoError(
                f"{path} is a bare git repository, which has no working tree",
                hint="run overens in a clone with a working tree",
            )
        try:
            top = runner.text(folder, "rev-parse", "--show-toplevel")
        except GitFailed:  # inside the .git folder
            raise NotAGitRepoError(
                f"{path} is inside a git folder, which is not a working tree",
                hint="run overens in the working tree of a clone",
            ) from None
        common_dir = Path(common) if Path(common).is_absolute() else folder / common
        return cls(Path(top).resolve(), Path(git_dir).resolve(), common_dir.resolve())

    def rel(self, path: Path) -> str:
        """``path`` relative to the working tree, with POSIX separators."""
        return path.resolve().relative_to(self.root).as_posix()

    def _git(self, *args: str, env: Mapping[str, str] | None = None, strip: bool = True) -> str:
        return runner.text(self.root, *args, env=env, strip=strip)

    git = _git
    """``git ARGS`` in the working tree, as text (for the modules that check its commits)."""

    # ----------------------------------------------------------------------------- state

    def head_commit(self) -> str | None:
        """The commit HEAD points at, or None on a branch without commits yet."""
        try:
            return self._git("rev-parse", "--verify", "-q", "HEAD^{commit}")
        except GitFailed:
            return None

    def check_state(self, *, need_branch: bool) -> None:
        """Refuse a repository in the middle of a merge, rebase, cherry-pick or revert, with a
        merge's autostash waiting for its commit (docs/decisions/0614), or with unmerged paths;
        with ``need_branch``, also a detached HEAD (a commit there is easily lost)."""
        states = {
            "MERGE_HEAD": (
                "a merge",
                "finish it with `git commit`, or abort it with `git merge --abort`",
            ),
            "rebase-merge": (
                "a rebase",
                "finish it with `git rebase --continue`, or `git rebase --abort`",
            ),
            "rebase-apply": (
                "a rebase or `git am`",
                "finish it with `git rebase --continue` / `git am --continue`, or abort it",
            ),
            "CHERRY_PICK_HEAD": ("a cherry-pick", "finish it, or run `git cherry-pick --abort`"),
            "REVERT_HEAD": ("a revert", "finish it, or run `git revert --abort`"),
            # A squash merge that stopped keeps the changes `--autostash` put aside for its
            # commit: `git commit` would apply them to the working tree, whoever's commit it is.
            "MERGE_AUTOSTASH": (
                "a merge whose stashed changes wait for its commit",
                "finish it with `git commit` (which applies them), then run overens again",
            ),
        }
        for name, (what, hint) in states.items():
            if (self.git_dir / name).exists():
                raise GitStateError(
                    f"the repository {self.root} is in the middle of {what}; "
                    "overens will not write or commit now",
                    hint=hint,
                )
        if self._git("ls-files", "--unmerged"):
            raise GitStateError(
                f"the repository {self.root} has unmerged paths (conflicts)",
                hint="resolve them and commit, then run overens again",
            )
        if need_branch and not runner.run(self.root, ["symbolic-ref", "-q", "HEAD"], check=False):
            raise GitStateError(
                f"HEAD is detached in {self.root}; a commit made now would belong to no branch",
                hint="check out a branch first (`git switch <branch>`), or use --branch NAME",
            )

    def check_locks(self) -> None:
        """Refuse while git holds a lock overens would need (the index, HEAD or the current
        branch): committing then fails half-way, after the file is written."""
        locks = [self.git_dir / "index.lock", self.git_dir / "HEAD.lock"]
        branch = runner.run(self.root, ["symbolic-ref", "-q", "HEAD"], check=False).decode()
        if branch.strip():
            locks.append(self.common_dir / (branch.strip() + ".lock"))
        for lock in locks:
            if lock.exists():
                raise GitStateError(
                    f"git is busy in {self.root}: {lock} exists, so a commit would fail; overens "
                    "wrote nothing",
                    hint="let the other git process finish (an editor opened by `git commit`, an "
                    f"IDE). If none is running, one crashed: remove {lock.name}, then run the "
                    "command again",
                )

    def path_status(self, path: Path) -> PathStatus:
        """The porcelain status of one path (:func:`overens.vcs.path_status.status_of`)."""
        return status_of(self.root, self.rel(path), os.path.lexists(path))

    def branch_exists(self, name: str) -> bool:
        try:
            self._git("rev-parse", "--verify", "-q", f"refs/heads/{name}")
        except GitFailed:
            return False
        return True

    def check_new_branch(self, name: str) -> None:
        """Refuse a branch name git would reject, or one that already exists."""
        try:
            self._git("check-ref-format", "--branch", name)
        except GitFailed:
            raise UsageError(
                f"--branch {name!r} is not a valid branch name",
                hint="use letters, digits, '-', '_' and '/', e.g. sign/hallands-bildningsforbund",
            ) from None
        if self.branch_exists(name):
            raise UsageError(
                f"--branch {name}: the branch already exists",
                hint="choose a new branch name, or delete the old one with `git branch -D`",
            )

    # ----------------------------------------------------------------------------- committing

    def _staged(self) -> bool:
        """Whether the real index differs from HEAD (anything staged, an intent to add counted).
        With 10,000 files, comparing by the index's tree cache costs a tenth of resetting a copy
        of the index to HEAD; on any doubt (git fails), True."""
        return not runner.succeeds(
            self.root, "diff-index", "--cached", "--quiet", "--ita-visible-in-index", "HEAD", "--"
        )

    def commit_paths(self, paths: Sequence[Path], message: str, *, tracked: bool = False) -> str:
        """Commit the working-tree content of ``paths`` (and nothing else) on the current branch.

        The commit is made from a temporary index holding HEAD's tree plus ``paths``, so the
        pre-commit and commit-msg hooks run on exactly what is committed. The real index is
        touched only after the commit succeeded, and then only for ``paths``: when the temporary
        index began as its copy and no hook ran, it takes the real index's place (under git's
        lock, while the real index is as it was), else git updates those paths' entries. Returns
        the new commit's hash; raises :class:`CommitFailedError` (nothing committed) when git
        refuses.

        A new file in a large index, with no hook to run and nothing in git's configuration that
        makes ``git commit`` do more than commit the index, is committed with plumbing
        (:mod:`overens.vcs.direct_commit`): the same commit, without ``git commit``'s look at
        every file.

        ``tracked``: every path is known to be committed already (:attr:`PathStatus.tracked`), so
        ``git commit --include`` stages them itself, and the temporary index of 10,000 entries is
        not read and written once more by ``git update-index`` first. (``--include`` passes over a
        path git does not track, so it is never used for a new file.)
        """
        rels = [self.rel(p) for p in paths]
        head = self.head_commit()
        real_index = self.git_dir / "index"
        index_before = real_index.read_bytes() if real_index.exists() else None
        hooks = installed_hooks(self, COMMIT_HOOKS)
        direct = not hooks and not tracked and direct_commit.pays(index_before)
        cleanup = direct_commit.mode(self) if direct else None
        with (
            temporary_index(self.git_dir) as env,
            message_file(self.git_dir, message) as msg,
            prepared_messages_kept(self.git_dir),
        ):
            try:
                copied = self._fill(env, head, index_before)
                sha = None
                if cleanup is not None:  # the commit `git commit` would make, with plumbing
                    sha = direct_commit.commit(
                        self, rels, message, env=env, head=head, cleanup=cleanup
                    )
                if sha is None:
                    self._commit(rels, msg, env, tracked=tracked)
                    sha = self.head_commit()
            except GitFailed as e:
                refusing = [h for h in hooks if h != "post-commit"]
                who = "git refused the commit" + (
                    f" (installed hooks: {', '.join(refusing)})" if refusing else ""
                )
                raise CommitFailedError(
                    f"{who}: {_stderr(e)}", hint=commit_hint(_stderr(e), refusing)
                ) from None
            assert sha is not None and sha != head
            if hooks:  # only a hook makes the commit or the real index other than git would
                keep_index(self, real_index, index_before)
                check_commit(self, sha, head, rels, hooks)
            faults.point("after-commit")
            handed = (
                copied
                and not hooks
                and index_before is not None
                and hand_over_index(Path(env["GIT_INDEX_FILE"]), real_index, index_before)
            )
        if not handed:
            self._update_real_index(sha, rels)
        return sha

    def _commit(
        self, rels: Sequence[str], msg: str, env: Mapping[str, str], *, tracked: bool
    ) -> None:
        """Stage ``rels`` in the temporary index and commit it."""
        if tracked:
            include = ["--literal-pathspecs", "commit", "-q", "--no-edit", "--include", "-F", msg]
            self._git(*include, "--", *rels, env=env)
            return
        self._git("update-index", "--add", "--", *rels, env=env)
        self._git("commit", "-q", "--no-edit", "-F", msg, env=env)

    def _fill(self, env: Mapping[str, str], head: str | None, real: bytes | None) -> bool:
        """Fill the temporary index with HEAD's tree; True when it is a copy of the real index
        (which held HEAD's tree already)."""
        if head is not None and real is not None:
            # Start from the real index so its stat data is reused (no re-hashing of every file),
            # then reset every entry to HEAD (a one-tree merge that ignores the working tree)
            # unless the index holds HEAD's already.
            Path(env["GIT_INDEX_FILE"]).write_bytes(real)
            if not self._staged():
                return True
            self._git("read-tree", "--reset", "HEAD", env=env)
        elif head is not None:
            self._git("read-tree", "HEAD", env=env)
        else:
            self._git("read-tree", "--empty", env=env)
        return False

    def _update_real_index(self, sha: str, rels: Sequence[str]) -> None:
        """The commit exists; bring the real index's entries for these paths up to date."""
        try:
            self._git("update-index", "--add", "--", *rels)
        except GitFailed as e:
            raise CommitFailedError(
                f"committed {sha[:12]}, but git could not update the index for "
                f"{', '.join(rels)}: {_stderr(e)}",
                hint="the next overens run brings the index up to date; or run `git reset -q -- "
                + " ".join(rels)
                + "` once no other git process is running",
            ) from None

    def commit_on_branch(self, branch: str, files: Mapping[str, bytes], message: str) -> str:
        """Create a commit holding HEAD's tree plus ``files`` ({repo-relative path: bytes}) and
        point the new ``branch`` at it. The current branch, index and working tree are untouched.

        Plumbing commits run no hooks: the pull request's checks take their place.
        """
        head = self.head_commit()
        try:
            with temporary_index(self.git_dir) as env, message_file(self.git_dir, message) as msg:
                self._git("read-tree", "HEAD" if head else "--empty", env=env)
                for rel, data in files.items():
                    blob = self._write_blob(data)
                    self._git(
                        "update-index", "--add", "--cacheinfo", f"100644,{blob},{rel}", env=env
                    )
                tree = self._git("write-tree", env=env)
                parents = ["-p", head] if head else []
                sha = self._git("commit-tree", tree, *parents, "-F", msg)
                # The empty old value makes git refuse if the branch appeared in the meantime.
                self._git(
                    "update-ref", "-m", "overens: create branch", f"refs/heads/{branch}", sha, ""
                )
        except GitFailed as e:
            raise CommitFailedError(
                f"git could not create the branch {branch}: {_stderr(e)}",
                hint=commit_hint(_stderr(e), []),
            ) from None
        return sha

    def _write_blob(self, data: bytes) -> str:
        fd, name = tempfile.mkstemp(dir=self.git_dir, prefix="overens-blob-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            return self._git("hash-object", "-w", "--no-filters", "--", name)
        finally:
            os.unlink(name)

    # ----------------------------------------------------------------------------- recovery

    _TEMPORARY_PREFIXES = ("overens-index-", "overens-msg-", "overens-blob-", ".overens-journal.")

    def remove_temporaries(self) -> None:
        """Remove the temporary index, message and blob files a killed run left in the git
        folder (and a temporary index's lock), and a journal's temporary copy (it holds a
        signatory file's old bytes, personal data included); put back a message git prepared
        for the user's next commit that the killed run's commit removed. Only called with the
        repository lock held."""
        restore_prepared_messages(self.git_dir)
        for entry in self.git_dir.iterdir():
            if entry.name.startswith(self._TEMPORARY_PREFIXES) and entry.is_file():
                entry.unlink(missing_ok=True)

    def parent(self, rev: str) -> str | None:
        """The first parent of ``rev``, or None for a root commit."""
        try:
            return self._git("rev-parse", "--verify", "-q", f"{rev}^1^{{commit}}")
        except GitFailed:
            return None

    def subject(self, rev: str) -> str:
        """The first line of ``rev``'s commit message."""
        return self._git("log", "-1", "--format=%s", rev)

    def reset_paths(self, rels: Sequence[str]) -> None:
        """Set the real index's entries for ``rels`` to HEAD's (the working tree is untouched)."""
        self._git("reset", "-q", "HEAD", "--", *rels)

    # ----------------------------------------------------------------------------- reading

    def show(self, rev: str, rel: str) -> bytes:
        """The bytes of ``rel`` at ``rev`` (for tests and checks)."""
        return runner.run(self.root, ["show", f"{rev}:{rel}"])
