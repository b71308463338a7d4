"""One change to an agreements repository as a transaction: lock, write atomically, commit, and
restore every file on any failure (issue #3; docs/decisions/0102-the-sign-transaction.md).

    validate (the caller) → lock → temporary file → os.replace → commit → unlock
                                 └──── any failure: restore the old bytes ────┘

A lock file in the git folder serialises two runs on one repository: the second waits a few
seconds, then fails clearly (docs/decisions/0105-a-lock-per-repository.md).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import yamlio
from .errors import LockedError, NotAGitRepoError, RefusedError, UsageError
from .gitrepo import GitRepo

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


class Transaction:
    """Opens git as the delivery needs, holds the repository lock, writes and commits, and
    restores every file it wrote if anything fails before the commit is made."""

    def __init__(self, root: Path, delivery: Delivery) -> None:
        delivery.check()
        self.root = root
        self.delivery = delivery
        self.git: GitRepo | None = None
        try:
            self.git = GitRepo.open(root)
        except NotAGitRepoError:
            if delivery.commit:
                raise
        if self.git is not None:
            self.git.check_state(need_branch=delivery.commit and delivery.branch is None)
            if delivery.branch is not None:
                self.git.check_new_branch(delivery.branch)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the repository's lock (not for a dry run, which writes nothing)."""
        if self.delivery.dry_run:
            yield
            return
        if self.git is not None:
            path = self.git.common_dir / LOCK_FILE
        else:
            key = hashlib.sha256(str(self.root).encode()).hexdigest()[:16]
            path = Path(tempfile.gettempdir()) / f"overens-{key}.lock"
        with _locked(path, self.delivery.timeout()):
            yield

    def check_clean(self, path: Path, *, what: str) -> None:
        """Refuse to overwrite a file with uncommitted changes (someone's unsaved work)."""
        if self.git is None:
            return
        status = self.git.path_status(path)
        if not status.clean:
            raise RefusedError(
                f"{status.path}: {what} has uncommitted changes ({status.describe()}); overens "
                "will not overwrite them",
                hint=f"commit or discard them first (git diff -- {status.path}; git restore -- "
                f"{status.path})",
            )

    def deliver(self, files: dict[Path, bytes], message: str) -> tuple[str | None, str | None]:
        """Write and commit ``files`` as the delivery says; returns (commit, branch)."""
        if self.delivery.dry_run:
            return None, None
        if self.delivery.branch is not None:
            assert self.git is not None
            rels = {self.git.rel(p): data for p, data in files.items()}
            return self.git.commit_on_branch(
                self.delivery.branch, rels, message
            ), self.delivery.branch
        head = self.git.head_commit() if self.git is not None else None
        backups = {p: (p.read_bytes() if p.exists() else None) for p in files}
        new_dirs = sorted(
            {p.parent for p in files if not p.parent.exists()}, key=lambda d: -len(d.parts)
        )
        try:
            for path, data in files.items():
                if path.suffix == ".yaml":
                    yamlio.atomic_write(path, data.decode("utf-8"))
                else:
                    _write_bytes(path, data)
            if self.delivery.commit and self.git is not None:
                return self.git.commit_paths(list(files), message), None
        except BaseException:
            # Restore unless the commit itself was made (an interrupt just after it).
            if self.git is None or self.git.head_commit() == head:
                _restore(backups, new_dirs)
            raise
        return None, None


def _write_bytes(path: Path, data: bytes) -> None:
    """Write a binary file (stored evidence) through a temporary file and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _restore(backups: dict[Path, bytes | None], new_dirs: list[Path]) -> None:
    """Put back the bytes each file had (yamlio refuses non-UTF-8 files, so they round-trip),
    delete the files that did not exist, and the folders made for them."""
    for path, old in backups.items():
        if old is None:
            path.unlink(missing_ok=True)
        elif not path.exists() or path.read_bytes() != old:
            yamlio.atomic_write(path, old.decode("utf-8"))
    for folder in new_dirs:
        try:
            folder.rmdir()
        except OSError:
            pass
