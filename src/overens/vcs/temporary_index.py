"""What surrounds a commit made through a temporary index: the temporary index and message files
in the git folder (:func:`temporary_index`, :func:`message_file`); the messages git prepared for
the user's own next commit, which ``git commit`` would remove (:func:`prepared_messages_kept`);
the hooks that may change the commit (:func:`installed_hooks`); after one has run, that the
commit changes exactly the files overens wrote and that the user's own index is as it was
(docs/decisions/0611-git-failure-modes.md); and, when none has, the temporary index taking the
real one's place (:func:`hand_over_index`)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from overens.errors import CommitFailedError

if TYPE_CHECKING:
    from overens.vcs.worktree import GitRepo


@contextmanager
def temporary_index(git_dir: Path) -> Iterator[dict[str, str]]:
    """The environment that points git at a new temporary index file in ``git_dir`` (removed
    afterwards, with its lock)."""
    fd, name = tempfile.mkstemp(dir=git_dir, prefix="overens-index-")
    os.close(fd)
    os.unlink(name)  # git wants to create the index file itself
    try:
        yield {"GIT_INDEX_FILE": name}
    finally:
        for leftover in (name, name + ".lock"):
            try:
                os.unlink(leftover)
            except FileNotFoundError:
                pass


@contextmanager
def message_file(git_dir: Path, message: str) -> Iterator[str]:
    """A temporary file in ``git_dir`` holding the commit message (removed afterwards)."""
    fd, name = tempfile.mkstemp(dir=git_dir, prefix="overens-msg-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(message.encode("utf-8"))
        yield name
    finally:
        os.unlink(name)


PREPARED_MESSAGES = ("MERGE_MSG", "SQUASH_MSG")
"""The messages git prepares for the user's next commit (`git merge --squash`, `git cherry-pick
-n`, `git revert -n`, a merge that stopped). ``git commit`` removes them whatever it commits."""

KEPT_PREFIX = "overens-kept-"
"""A prepared message's second name while overens commits (:func:`prepared_messages_kept`)."""


@contextmanager
def prepared_messages_kept(git_dir: Path) -> Iterator[None]:
    """Keep the messages git prepared for the user's own next commit across a commit of
    overens's: each is linked under a second name in ``git_dir`` first and put back afterwards if
    ``git commit`` removed it. A run killed in between leaves the second name, which the next
    run's recovery puts back (:func:`restore_prepared_messages`; docs/decisions/0614)."""
    for name in PREPARED_MESSAGES:
        message, kept = git_dir / name, git_dir / (KEPT_PREFIX + name)
        try:  # the entry itself, a link as a link (it is put back as it was)
            os.link(message, kept, follow_symlinks=False)
        except FileNotFoundError:
            continue
        except OSError:  # a file system without hard links
            shutil.copy2(message, kept, follow_symlinks=False)
    try:
        yield
    finally:
        restore_prepared_messages(git_dir)


def restore_prepared_messages(git_dir: Path) -> None:
    """Put back each prepared message that only its second name still holds, and drop the second
    names of those still there."""
    for name in PREPARED_MESSAGES:
        message, kept = git_dir / name, git_dir / (KEPT_PREFIX + name)
        if not os.path.lexists(kept):
            continue
        if os.path.lexists(message):  # git left it (it refused the commit), or a new one came
            kept.unlink()
        else:
            os.replace(kept, message)


COMMIT_HOOKS = ("pre-commit", "prepare-commit-msg", "commit-msg", "post-commit")
"""The hooks ``git commit`` runs with the temporary index: the ones that may change what it holds,
refuse it, or change the index."""


def installed_hooks(git: GitRepo, names: Sequence[str]) -> list[str]:
    """Which of the named hooks are installed (core.hooksPath honoured): one git call."""
    args = [arg for name in names for arg in ("--git-path", f"hooks/{name}")]
    found = []
    for name, line in zip(names, git.git("rev-parse", *args).split("\n"), strict=True):
        path = Path(line) if Path(line).is_absolute() else git.root / line
        if path.is_file() and os.access(path, os.X_OK):
            found.append(name)
    return found


def hand_over_index(temporary: Path, real_index: Path, before: bytes) -> bool:
    """Put the temporary index, as the commit left it (a copy of the real index with the
    committed paths added and every entry's stat refreshed), in the real index's place: linked
    as git's ``index.lock``, so that no git process writes the index meanwhile, and renamed over
    it while the real index still holds ``before``. The same file ``git update-index`` would
    write for those paths, without reading and writing 10,000 entries again. False, with nothing
    changed, when git holds the lock, the real index changed or the link cannot be made."""
    lock = real_index.with_name(real_index.name + ".lock")
    try:
        os.link(temporary, lock)
    except OSError:
        return False
    try:
        if real_index.read_bytes() != before:
            lock.unlink()
            return False
        os.replace(lock, real_index)
    except OSError:
        lock.unlink(missing_ok=True)
        return False
    return True


def keep_index(git: GitRepo, real_index: Path, before: bytes | None) -> None:
    """Put the real index back as it was if a hook changed it (the commit was made through a
    temporary index; the user's staged work is theirs)."""
    now = real_index.read_bytes() if real_index.exists() else None
    if now != before and before is not None:
        fd, tmp = tempfile.mkstemp(dir=git.git_dir, prefix="overens-index-")
        with os.fdopen(fd, "wb") as f:
            f.write(before)
        os.replace(tmp, real_index)


def check_commit(
    git: GitRepo, sha: str, head: str | None, rels: Sequence[str], hooks: Sequence[str]
) -> None:
    """The commit must change exactly ``rels`` and hold each of them: a hook that stages other
    files, or unstages or deletes ours, gets the commit undone, and says so."""
    out = git.git(
        "diff-tree",
        "-r",
        "-z",
        "--name-only",
        "--no-renames",
        "--no-commit-id",
        "--root",
        sha,
        strip=False,
    )
    changed = {p for p in out.split("\0") if p}
    kept = git.git("ls-tree", "-r", "-z", "--name-only", sha, "--", *rels, strip=False)
    present = {p for p in kept.split("\0") if p}
    if changed == set(rels) and present == set(rels):
        return
    if head is not None:
        git.git("update-ref", "-m", "overens: undo a commit a hook changed", "HEAD", head, sha)
    else:
        git.git("update-ref", "-d", "HEAD", sha)
    extra = sorted(changed - set(rels))
    missing = sorted(set(rels) - (changed & present))
    what = []
    if extra:
        what.append(f"added {', '.join(extra)}")
    if missing:
        what.append(f"left out {', '.join(missing)}")
    raise CommitFailedError(
        f"a commit hook ({', '.join(hooks) or 'a hook'}) changed what the commit holds: it "
        f"{' and '.join(what)}; overens commits only the files it wrote, so the commit was "
        "undone and nothing was committed",
        hint="make the hook leave other files alone when overens commits (files it created "
        "are left in the working tree, untouched), or use --no-commit and commit yourself",
    )


def commit_hint(stderr: str, hooks: Sequence[str]) -> str:
    """What to do about a commit git refused."""
    if "Please tell me who you are" in stderr or "empty ident" in stderr:
        return (
            'set your name and e-mail for commits: git config user.name "Your Name" && '
            "git config user.email you@example.se"
        )
    if hooks:
        return (
            "nothing was committed and the files are as they were; fix what the hook reports, "
            "or use --no-commit and commit yourself"
        )
    return "nothing was committed and the files are as they were; fix the cause and run it again"
