"""What a commit made through a temporary index is checked for, after a hook has run: that it
changes exactly the files overens wrote, and that the user's own index is as it was
(docs/decisions/0611-git-failure-modes.md)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from overens.errors import CommitFailedError

if TYPE_CHECKING:
    from overens.vcs.worktree import GitRepo


def keep_index(git: GitRepo, real_index: Path, before: bytes | None) -> None:
    """Put the real index back as it was if a hook changed it (the commit was made through a
    temporary index; the user's staged work is theirs)."""
    now = real_index.read_bytes() if real_index.exists() else None
    if now != before and before is not None:
        fd, tmp = tempfile.mkstemp(dir=git.git_dir, prefix="overens-index-")
        with os.fdopen(fd, "wb") as f:
            f.write(before)
        os.replace(tmp, real_index)


def check_commit(git: GitRepo, sha: str, head: str | None, rels: Sequence[str]) -> None:
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
    hooks = git.hooks("pre-commit", "prepare-commit-msg", "commit-msg")
    raise CommitFailedError(
        f"a commit hook ({', '.join(hooks) or 'a hook'}) changed what the commit holds: it "
        f"{' and '.join(what)}; overens commits only the files it wrote, so the commit was "
        "undone and nothing was committed",
        hint="make the hook leave other files alone when overens commits (files it created "
        "are left in the working tree, untouched), or use --no-commit and commit yourself",
    )
