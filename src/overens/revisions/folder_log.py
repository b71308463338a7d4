"""The log of an agreement's folder, kept by commit: what ``history`` reads from git.

Reading the log of a folder of 10,000 files costs git a tree comparison per commit (about half a
second for 300 commits), and ``history --org`` has 0.3 s in all. A commit never changes, and
neither does the log that ends at it, so the log (every commit touching the folder, with its
author, date, subject and the files it changed) is kept in ``.overens-cache/log-<agreement>.json``
under the commit it ends at. When HEAD has moved on by commits that each have one parent, one
after the other (a fast-forward: what sign, withdraw and a pull without merges make), only those
are read (``git log OLD..HEAD``) and added after the kept ones, which is exactly the log git
would give, since git walks a chain of single parents in order. Anything else (a merge, a
rebase, a reset, another branch) reads the whole log again. The key also holds what makes git
show another history for the same commit: the shallow boundary, grafts and replacement refs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from overens.store.cache import Cache, no_collection
from overens.vcs import reading, runner

FORMAT = 1


def folder_log(
    root: Path,
    agreement_id: str,
    paths: list[str],
    *,
    use_cache: bool = True,
    only: Callable[[str], bool] | None = None,
) -> list[reading.Commit]:
    """:func:`overens.vcs.reading.log` of ``paths`` from HEAD (oldest first), from the cache
    where it holds the log of HEAD or of an ancestor HEAD fast-forwarded from. With ``only``,
    the kept log's commits carry only the changes of the paths it accepts (``history --org``
    needs two files' of 10,000)."""
    if not use_cache:
        return reading.log(root, paths)
    head, key = _state(root, paths)
    if head is None:
        return []
    store = Cache(root, f"log-{agreement_id}")
    stored = store.get(key)
    if only is not None and isinstance(stored, dict) and stored.get("head") == head:
        with no_collection():
            found = _decode(stored, only)
        if found is not None:
            return found[1]
    with no_collection():
        kept = _decode(stored)
    if kept is not None and kept[0] == head:
        return kept[1]
    if kept is not None and _fast_forward(root, kept[0], head):
        commits = kept[1] + reading.log(root, paths, exclude=kept[0])
    else:
        commits = reading.log(root, paths)
    store.put(key, _encode(head, commits))
    store.save()
    return commits


def _state(root: Path, paths: list[str]) -> tuple[str | None, str]:
    """HEAD (None when there is no commit yet), and the key of what else decides the log."""
    out = runner.run(
        root,
        [
            "rev-parse",
            "--git-path",
            "shallow",
            "--git-path",
            "info/grafts",
            "--verify",
            "-q",
            "HEAD",
        ],
        check=False,
    )
    lines = out.decode("utf-8", "surrogateescape").splitlines()
    h = hashlib.sha256("\0".join([str(FORMAT), *paths]).encode("utf-8", "surrogateescape"))
    for name in lines[:2]:
        try:
            h.update(b"\0" + (root / name).read_bytes())
        except OSError:
            h.update(b"\0-")
    h.update(runner.run(root, ["for-each-ref", "refs/replace/"], check=False))
    return (lines[2] if len(lines) > 2 else None), h.hexdigest()


def _fast_forward(root: Path, old: str, head: str) -> bool:
    """True when ``head`` descends from ``old`` through commits of one parent each."""
    out = runner.run(root, ["rev-list", "--parents", f"{old}..{head}"], check=False)
    chain = [line.split() for line in out.decode().splitlines()]
    if not chain or chain[0][0] != head:
        return False
    for i, line in enumerate(chain):
        parent = chain[i + 1][0] if i + 1 < len(chain) else old
        if len(line) != 2 or line[1] != parent:
            return False
    return True


def _encode(head: str, commits: list[reading.Commit]) -> dict[str, Any]:
    return {
        "head": head,
        "commits": [
            [
                c.sha,
                c.author,
                c.email,
                c.date,
                c.subject,
                [x for ch in c.changes for x in (ch.status, ch.path, ch.blob)],
            ]
            for c in commits
        ],
    }


def _decode(
    value: Any, only: Callable[[str], bool] | None = None
) -> tuple[str, list[reading.Commit]] | None:
    try:
        commits = []
        for sha, author, email, date, subject, flat in value["commits"]:
            changes = tuple(
                reading.FileChange(flat[i], flat[i + 1], flat[i + 2])
                for i in range(0, len(flat), 3)
                if only is None or only(flat[i + 1])
            )
            commits.append(reading.Commit(sha, author, email, date, subject, changes))
        head = value["head"]
    except (TypeError, ValueError, KeyError, IndexError):
        return None  # not what this module wrote: read the log again
    return (head, commits) if isinstance(head, str) else None
