"""One change to an agreements repository as a transaction: lock, write atomically, commit, and
restore every file on any failure (docs/decisions/0102-the-sign-transaction.md).

    validate (the caller) → lock → recover → journal → temporary file → os.replace → commit → unlock
                                            └──── any failure: restore the old bytes ────┘

A lock file in the git folder serialises two runs on one repository: the second waits a few
seconds, then fails clearly (docs/decisions/0105-a-lock-per-repository.md).

A crash (SIGKILL, a power cut) cannot run any clean-up, so before writing the transaction keeps
a journal (:mod:`overens.vcs.journal`) and whoever takes the lock next finishes or undoes the
interrupted change first (docs/decisions/0601-surviving-a-crash.md). Every file is written only
through real folders inside the repository, never through a symbolic link (0602).

Test seam: :func:`overens.faults.point` marks the moments a test may stop the process at to
kill it (``OVERENS_FAULT_POINT``; does nothing unless a test sets it): ``before-lock``,
``after-lock``, ``after-journal``, ``after-temp-write``, ``after-replace``, ``after-commit``
(in :meth:`GitRepo.commit_paths`, before the index update) and ``after-index-update``.
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from overens import faults
from overens.errors import (
    LockedError,
    NotAGitRepoError,
    PersonalDataError,
    RefusedError,
    UsageError,
    WriteFailedError,
)
from overens.model import personal_numbers
from overens.store.files import atomic_write
from overens.store.folders import link_target
from overens.vcs.journal import JOURNAL_FILE, Journal, Recovery, recover
from overens.vcs.worktree import GitRepo

LOCK_FILE = "overens.lock"
DEFAULT_LOCK_TIMEOUT = 5.0
LOCK_TIMEOUT_ENV = "OVERENS_LOCK_TIMEOUT"


@dataclass(frozen=True, slots=True)
class Delivery:
    """How a change is delivered: committed on the current branch (the default), left in the
    working tree (``commit=False``), committed on a new branch, or only shown (``dry_run``)."""

    commit: bool = True
    branch: str | None = None
    dry_run: bool = False
    lock_timeout: float | None = None
    """Seconds to wait for another run's lock; $OVERENS_LOCK_TIMEOUT or 5 when None."""

    def check(self) -> None:
        if self.branch is not None and personal_numbers.contains(self.branch):
            raise PersonalDataError(
                f"--branch {personal_numbers.redact(self.branch)!r}: the branch name holds a "
                "personal identity number, which is personal data and is never stored",
                hint="name the branch after the organisation's file, e.g. sign/<slug>",
            )
        if self.branch is not None and not self.commit:
            raise UsageError(
                "--branch and --no-commit cannot be used together",
                hint="--branch commits on a new branch; --no-commit does not commit at all",
            )

    def timeout(self) -> float:
        if self.lock_timeout is not None:
            return self.lock_timeout
        raw = os.environ.get(LOCK_TIMEOUT_ENV)
        try:
            return float(raw) if raw else DEFAULT_LOCK_TIMEOUT
        except ValueError:
            raise UsageError(f"${LOCK_TIMEOUT_ENV}={raw!r} is not a number of seconds") from None


@contextmanager
def _locked(path: Path, timeout: float) -> Iterator[None]:
    from filelock import FileLock, Timeout

    lock = FileLock(str(path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise LockedError(
            f"another overens sign or withdraw is running on this repository (it holds {path}); "
            f"waited {timeout:g} s",
            hint="let it finish, then run the command again",
        ) from None
    try:
        yield
    finally:
        lock.release()


def _write_failed(error: OSError, what: str) -> WriteFailedError:
    """An OSError while writing, as a sentence: which file, why (read-only, disk full, ...)."""
    reason = error.strerror or type(error).__name__
    where = f" ({error.filename})" if error.filename else ""
    return WriteFailedError(
        f"could not write {what}: {reason}{where}; nothing was changed, the repository is as it "
        "was",
        hint={
            errno.ENOSPC: "the disk is full: free some space, then run the command again",
            errno.EROFS: "the file system is mounted read-only: run overens where it can write",
            errno.EACCES: "you may not write there: check the folder's permissions",
            errno.ENAMETOOLONG: "a file name is too long for this file system",
        }.get(error.errno or 0, "fix the cause, then run the command again"),
    )


class Transaction:
    """Opens git as the delivery needs, holds the repository lock, writes and commits, and
    restores every file it wrote if anything fails before the commit is made."""

    def __init__(self, root: Path, delivery: Delivery) -> None:
        delivery.check()
        self.root = root
        self.delivery = delivery
        self.git: GitRepo | None = None
        self.recovered: Recovery | None = None
        """How an interrupted earlier change was settled when the lock was taken, if one was."""
        self._tracked: set[Path] = set()
        """The files :meth:`check_clean` found committed as they are."""
        try:
            self.git = GitRepo.open(root)
        except NotAGitRepoError:
            if delivery.commit:
                raise
        if self.git is not None:
            self.git.check_state(need_branch=delivery.commit and delivery.branch is None)
            if delivery.branch is not None:
                self.git.check_new_branch(delivery.branch)

    @property
    def recovery_note(self) -> str | None:
        """What settling an interrupted earlier change did, for the command to report."""
        return self.recovered.describe() if self.recovered else None

    def _key(self) -> str:
        return hashlib.sha256(str(self.root).encode()).hexdigest()[:16]

    def _lock_path(self) -> Path:
        if self.git is not None:
            return self.git.common_dir / LOCK_FILE
        return Path(tempfile.gettempdir()) / f"overens-{self._key()}.lock"

    def _journal_path(self) -> Path:
        # Per worktree (HEAD and the index are), where the lock is per repository.
        if self.git is not None:
            return self.git.git_dir / JOURNAL_FILE
        return Path(tempfile.gettempdir()) / f"overens-{self._key()}.journal.json"

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the repository's lock (not for a dry run, which writes nothing), and settle an
        interrupted earlier change first."""
        if self.delivery.dry_run:
            yield
            return
        faults.point("before-lock")
        with _locked(self._lock_path(), self.delivery.timeout()):
            faults.point("after-lock")
            self.recovered = recover(self._journal_path(), self.git)
            yield

    def _rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def check_clean(self, path: Path, *, what: str) -> None:
        """Refuse to overwrite a file with uncommitted changes (someone's unsaved work)."""
        if self.git is None:
            return
        status = self.git.path_status(path)
        if status.tracked:
            self._tracked.add(path)
        if not status.clean:
            raise RefusedError(
                f"{status.path}: {what} has uncommitted changes ({status.describe()}); overens "
                "will not overwrite them",
                hint=f"commit or discard them first (git diff -- {status.path}; git restore -- "
                f"{status.path})",
            )

    def check_target(self, path: Path) -> None:
        """Refuse to write ``path`` unless it and every folder above it, up to the repository
        root, is a real file or folder: a symbolic link planted in the repository (by a pull
        request, say) must never lead a write outside it."""
        try:
            rel = path.relative_to(self.root)
        except ValueError:
            raise RefusedError(f"{path} is outside the repository {self.root}") from None
        here = self.root
        for part in rel.parts:
            here = here / part
            if here.is_symlink():
                raise RefusedError(
                    f"{here.relative_to(self.root).as_posix()} is a symbolic link (to "
                    f"{link_target(here)}); overens writes only real files and folders inside the "
                    "repository",
                    hint="replace the link with a real folder or file (git rm it), then run the "
                    "command again",
                )
            if part == ".." or part == ".git":
                raise RefusedError(f"{rel.as_posix()}: overens does not write there")

    def deliver(self, files: dict[Path, bytes], message: str) -> tuple[str | None, str | None]:
        """Write and commit ``files`` as the delivery says; returns (commit, branch)."""
        for path in files:
            self.check_target(path)
        if self.delivery.dry_run:
            return None, None
        if self.delivery.branch is not None:
            # Blobs, a tree, a commit, then one atomic update-ref: a crash leaves at most
            # unreferenced objects, never a half-made branch or a changed checkout.
            assert self.git is not None
            rels = {self.git.rel(p): data for p, data in files.items()}
            return self.git.commit_on_branch(
                self.delivery.branch, rels, message
            ), self.delivery.branch
        committing = self.delivery.commit and self.git is not None
        if committing:
            assert self.git is not None
            # Under the repository lock (another overens run may hold git's locks briefly
            # before it): a lock git holds now would fail the commit after the file is written.
            self.git.check_locks()
        try:
            journal = Journal.begin(
                self._journal_path(),
                self.root,
                head=self.git.head_commit() if self.git is not None else None,
                commit=committing,
                message=message,
                files=files,
            )
        except OSError as e:
            raise _write_failed(e, "the journal of the change") from None
        faults.point("after-journal")
        commit = None
        try:
            for path, data in files.items():
                atomic_write(path, data, before_replace=lambda: faults.point("after-temp-write"))
            faults.point("after-replace")
            if committing:
                assert self.git is not None
                tracked = self._tracked.issuperset(files)
                commit = self.git.commit_paths(list(files), message, tracked=tracked)
                faults.point("after-index-update")
        except BaseException as e:
            # Undo the files unless the commit was made (an interrupt just after it), in which
            # case finish it: the same settling a later run would do after a crash.
            # If settling fails too, the journal stays and the next run settles it.
            with suppress(Exception):
                recover(journal.path, self.git)
            if isinstance(e, OSError):
                raise _write_failed(e, ", ".join(self._rel(p) for p in files)) from None
            raise
        journal.discard()
        return commit, None
