"""Read-only questions to git: what a revision holds and what happened to a folder.

:mod:`overens.vcs.worktree` owns every write to a repository: staging, committing, rolling back.
This module only reads: which commit a revision names, the default branch and the merge base,
the files of a folder at a commit, their blobs, and the log of a folder. It runs git (through
:mod:`overens.vcs.runner`) in batches (one ``cat-file --batch`` for every blob, one ``log --raw`` for a folder's
history) because that is what reading a history needs, and it never changes the repository
(docs/decisions/0401-read-only-git-through-the-binary.md). ``init`` is the one exception: it
makes a new, empty repository for ``overens init``.

Every path given to and returned by these functions is relative to the agreements repository
root, which need not be the git top level.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from overens.errors import NotAGitRepoError, UsageError
from overens.vcs import runner

WORKING_TREE = "working tree"


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file a commit added, modified or deleted (``blob`` is None for a deletion)."""

    status: str
    path: str
    blob: str | None


@dataclass(frozen=True, slots=True)
class Commit:
    """A commit as the log shows it."""

    sha: str
    author: str
    email: str
    date: str
    """Author date, ISO 8601 with offset."""
    subject: str
    changes: tuple[FileChange, ...] = ()

    @property
    def short(self) -> str:
        return self.sha[:10]


def _run(
    root: Path, args: Sequence[str], *, input: bytes | None = None, check: bool = True
) -> bytes:
    try:
        return runner.run(root, args, input=input, check=check)
    except runner.GitFailed as e:
        if runner.outside_a_repository(e):
            raise NotAGitRepoError(
                f"{root} is not inside a git repository",
                hint="run `git init` there, or create a repository with `overens init`",
            ) from None
        raise NotAGitRepoError(f"git {' '.join(args[:2])} failed in {root}: {e.stderr}") from None


def _text(root: Path, *args: str) -> str:
    return _run(root, args).decode("utf-8", "replace").strip()


def is_repository(root: Path) -> bool:
    """True when ``root`` is inside a git work tree; False outside any repository or without git.
    A repository git cannot read (a bad config line) raises :class:`runner.GitFailed` with
    git's words: its history is not "none"."""
    try:
        return runner.run(root, ["rev-parse", "--is-inside-work-tree"]).strip() == b"true"
    except runner.GitFailed as e:
        if runner.outside_a_repository(e):
            return False
        raise
    except NotAGitRepoError:  # git is not installed
        return False


def init(folder: Path, branch: str = "main") -> None:
    """``git init`` with ``branch`` as the initial branch (for ``overens init``)."""
    _run(folder, ["init", "-q"])
    # What `git init --initial-branch` does, with a git older than that option (2.28).
    _run(folder, ["symbolic-ref", "HEAD", f"refs/heads/{branch}"])


def resolve(root: Path, rev: str) -> str:
    """The full commit id ``rev`` names; a clear error when it names none."""
    # Refused here, so that git never reads it as an option (`rev-parse --end-of-options` would
    # do the same, but rev-parse learned it only in git 2.30).
    if rev.startswith("-"):
        raise UsageError(f"{rev!r} is not a revision", hint="name a branch, tag or commit")
    out = _run(root, ["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], check=False)
    sha = out.decode().strip()
    if not sha:
        raise UsageError(
            f"unknown revision {rev!r} in {root}",
            hint="name a branch, tag or commit that exists (`git log --oneline` lists them); "
            "in CI, check out with fetch-depth: 0 so the base is there",
        )
    return sha


def commit_date(root: Path, rev: str = "HEAD") -> dt.datetime | None:
    """The committer date of ``rev`` (with its offset); None outside a git repository or before
    the first commit. What a build that must not read the clock takes as "now"."""
    try:
        out = runner.run(root, ["log", "-1", "--format=%cI", rev, "--"])
    except NotAGitRepoError:  # git is not installed
        return None
    except runner.GitFailed as e:
        if runner.outside_a_repository(e) or _no_commit(root, rev):
            return None
        raise  # a repository git cannot read: git's own words, not "no commits"
    text = out.decode("utf-8", "replace").strip()
    try:
        return dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def _no_commit(root: Path, rev: str) -> bool:
    """Whether ``rev`` names no commit (a branch without commits yet): git answers that quietly,
    with exit 1 and nothing on its standard error; a repository it cannot read, with its words."""
    try:
        runner.run(root, ["rev-parse", "--verify", "-q", f"{rev}^{{commit}}"])
    except runner.GitFailed as e:
        return e.returncode == 1 and not e.stderr
    return False


def _ref_exists(root: Path, ref: str) -> bool:
    return bool(_run(root, ["rev-parse", "--verify", "--quiet", ref], check=False).strip())


def default_branch(root: Path) -> str | None:
    """The default branch: the remote HEAD's target, else main or master (local, then origin's)."""
    remote_head = _run(
        root, ["symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD"], check=False
    )
    if remote_head.strip():
        return remote_head.decode().strip()
    for ref in (
        "refs/heads/main",
        "refs/heads/master",
        "refs/remotes/origin/main",
        "refs/remotes/origin/master",
    ):
        if _ref_exists(root, ref):
            return ref.split("/", 2)[2]
    return None


def merge_base(root: Path, a: str, b: str) -> str | None:
    out = _run(root, ["merge-base", a, b], check=False).decode().strip()
    return out or None


def describe(root: Path, sha: str) -> str:
    """``abc1234`` plus the branch or tag names pointing at it, for headings."""
    names = (
        _run(
            root,
            [
                "for-each-ref",
                "--points-at",
                sha,
                "--format=%(refname:short)",
                "refs/heads",
                "refs/tags",
                "refs/remotes",
            ],
            check=False,
        )
        .decode()
        .split()
    )
    return f"{sha[:7]} ({', '.join(names)})" if names else sha[:7]


def tree_files(root: Path, rev: str, folder: str) -> dict[str, str]:
    """``{path: blob id}`` of every file under ``folder`` at ``rev`` (empty if it did not exist)."""
    out = _run(root, ["ls-tree", "-r", "-z", rev, "--", folder.rstrip("/") + "/"])
    files = {}
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, path = entry.split(b"\t", 1)
        _mode, kind, blob = meta.decode().split()
        if kind == "blob":
            files[path.decode("utf-8")] = blob
    return files


def as_committed(root: Path, folder: str) -> dict[str, str]:
    """``{path: blob id}`` of the files under ``folder`` that git holds to be in the working tree
    exactly as HEAD has them: in HEAD, unchanged in the index and in the working tree (``git
    diff HEAD``, by git's own stat check), and not marked assume-unchanged or skip-worktree (git
    does not look at those)."""
    if not _ref_exists(root, "HEAD"):
        return {}
    spec = folder.rstrip("/") + "/"
    head = tree_files(root, "HEAD", spec)
    diff = ["--no-optional-locks", "diff", "--name-only", "-z", "--no-renames", "--relative"]
    changed = _run(root, [*diff, "HEAD", "--", spec]).split(b"\0")
    for path in changed:
        head.pop(path.decode("utf-8", "surrogateescape"), None)
    for entry in _run(root, ["ls-files", "-v", "-z", "--", spec]).split(b"\0"):
        if entry and not entry.startswith(b"H "):  # h: assume-unchanged, S: skip-worktree
            head.pop(entry[2:].decode("utf-8", "surrogateescape"), None)
    return head


def read_blobs(root: Path, blobs: Iterable[str]) -> dict[str, bytes]:
    """The contents of many blobs, read by one ``git cat-file --batch``."""
    wanted = list(dict.fromkeys(blobs))
    if not wanted:
        return {}
    out = _run(root, ["cat-file", "--batch"], input="".join(f"{b}\n" for b in wanted).encode())
    result: dict[str, bytes] = {}
    pos = 0
    for blob in wanted:
        end = out.index(b"\n", pos)
        header = out[pos:end].decode().split()
        pos = end + 1
        if len(header) < 3 or header[1] == "missing":
            continue
        size = int(header[2])
        result[blob] = out[pos : pos + size]
        pos += size + 1
    return result


def log(
    root: Path, paths: Sequence[str], *, rev: str = "HEAD", exclude: str | None = None
) -> list[Commit]:
    """Every commit reachable from ``rev`` (and not from ``exclude``) that touched ``paths``,
    oldest first, with its file changes.

    An empty list when the repository has no commits yet.
    """
    if not _ref_exists(root, rev):
        return []
    fmt = "%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%s"
    out = _run(
        root,
        [
            "log",
            "--reverse",
            "--raw",
            "--no-abbrev",
            "--no-renames",
            "--relative",
            "-z",
            f"--format={fmt}",
            rev,
            *([f"^{exclude}"] if exclude else []),
            "--",
            *paths,
        ],
    )
    commits = []
    for record in out.split(b"\x1e")[1:]:
        head, _, raw = record.partition(b"\n")
        if not raw and b"\0" in head:  # -z may end the header with NUL instead of a newline
            head, _, raw = record.partition(b"\0")
        sha, author, email, date, subject = head.decode("utf-8", "replace").split("\x1f")
        commits.append(Commit(sha, author, email, date, subject.strip("\0"), _parse_raw(raw)))
    return commits


def _parse_raw(raw: bytes) -> tuple[FileChange, ...]:
    # With -z, each change is ":<modes> <ids> <status>\0<path>\0".
    parts = [p for p in raw.split(b"\0")]
    changes = []
    i = 0
    while i < len(parts):
        meta = parts[i].strip(b"\n")
        if not meta.startswith(b":"):
            i += 1
            continue
        fields = meta[1:].decode().split()
        path = parts[i + 1].decode("utf-8")
        status, new_blob = fields[4], fields[3]
        changes.append(FileChange(status[0], path, None if set(new_blob) == {"0"} else new_blob))
        i += 2
    return tuple(changes)


# ----------------------------------------------------------------------------- what erase searches
#
# These read the history of every branch and tag (``--all``), with paths relative to ``root``'s
# git top level: erase looks for every copy of what it removes.


def earlier_names(root: Path, path: str) -> list[str]:
    """``path`` and every name it had before, by the renames git detects in the history of every
    branch and tag (followed back through renames of renames)."""
    out = _run(
        root, ["log", "--all", "-M40%", "--diff-filter=R", "--name-status", "-z", "--format="]
    )
    tokens = out.decode("utf-8", "replace").split("\0")
    renames = []
    for i, token in enumerate(tokens):
        if token.strip("\n")[:1] == "R" and token.strip("\n")[1:].isdigit() and i + 2 < len(tokens):
            renames.append((tokens[i + 1], tokens[i + 2]))
    names = [path]
    grew = True
    while grew:
        grew = False
        for old, new in renames:
            if new in names and old not in names:
                names.append(old)
                grew = True
    return names


def file_versions(root: Path, paths: Sequence[str]) -> list[tuple[str, str, bytes]]:
    """(commit, path, bytes) of every version of ``paths`` committed on any branch or tag, newest
    first; a commit that deleted a path is left out."""
    out = _run(
        root,
        [
            "log",
            "--all",
            "--raw",
            "--no-abbrev",
            "--no-renames",
            "-z",
            "--format=%x1e%H",
            "--",
            *paths,
        ],
    )
    found: list[tuple[str, str, str]] = []
    for record in out.split(b"\x1e")[1:]:
        head, _, raw = record.partition(b"\n")
        if not raw and b"\0" in head:
            head, _, raw = record.partition(b"\0")
        sha = head.decode().strip("\0\n")
        found += [(sha, c.path, c.blob) for c in _parse_raw(raw) if c.blob and c.path in paths]
    blobs = read_blobs(root, [blob for _, _, blob in found])
    return [(sha, path, blobs[blob]) for sha, path, blob in found if blob in blobs]


def messages(root: Path) -> list[tuple[str, str]]:
    """(commit or tag, message) of every commit on any branch or tag, and of every annotated tag."""
    out = _run(root, ["log", "--all", "--format=%H%x00%B%x1e"]).decode("utf-8", "replace")
    found = []
    for record in out.split("\x1e"):
        sha, _, message = record.strip("\n").partition("\0")
        if sha:
            found.append((sha, message))
    tags = _run(
        root, ["for-each-ref", "refs/tags", "--format=%(objecttype) %(objectname)%00%(contents)%1e"]
    ).decode("utf-8", "replace")
    for record in tags.split("\x1e"):
        head, _, message = record.strip("\n").partition("\0")
        if head.startswith("tag "):
            found.append((head[4:], message))
    return found


def files_containing(root: Path, text: str, *, exclude: str) -> list[str]:
    """Files of HEAD's tree, other than ``exclude``, that contain ``text`` literally."""
    out = runner.run(
        root,
        ["grep", "-l", "-F", "-z", "-e", text, "HEAD", "--", ".", f":(exclude){exclude}"],
        check=False,  # git grep exits 1 when nothing matches
    ).decode("utf-8", "replace")
    return sorted(name.split(":", 1)[1] for name in out.split("\0") if ":" in name)
