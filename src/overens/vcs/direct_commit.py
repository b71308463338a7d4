"""A commit made with git's plumbing where ``git commit`` would make the very same one
(docs/decisions/0722-a-commit-made-with-plumbing.md).

``git commit`` refreshes every entry of the index before it commits: at 10,000 signatory files
it looks at each of them again (about 13 ms on two cores), although a commit's content comes from
the index and not from the working tree. When no hook can run and nothing in git's
configuration makes ``git commit`` do more than commit the index (a signature, a cleanup that
strips comments), :func:`commit` stages a new file and makes the same commit, reflog entry and
index with ``update-index``, ``write-tree``, ``commit-tree`` and ``update-ref``, then runs git's
automatic maintenance as ``git commit`` does. Anything else goes through ``git commit``, as
before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from overens.vcs import runner
from overens.vcs.runner import GitFailed

if TYPE_CHECKING:
    from overens.vcs.worktree import GitRepo

Cleanup = Literal["whitespace", "verbatim"]

FROM_ENTRIES = 4_000
"""The entries of an index from which a new file is committed with plumbing. It takes three git
processes more than ``git commit``: with an index of 100 or 1,000 entries they cost more than
the refresh saves (4-6 ms), with 10,000 they cost a fifth of it. A file git tracks already is
committed by ``git commit --include`` in one process (decision 0720), against which plumbing
measured the same at 10,000 entries: it is never committed so (docs/decisions/0722)."""

_FALSE = ("false", "no", "off", "0", "")


def pays(index: bytes | None) -> bool:
    """Whether an index (its bytes) holds :data:`FROM_ENTRIES` entries or more (its header)."""
    return (
        index is not None
        and index[:4] == b"DIRC"
        and int.from_bytes(index[8:12], "big") >= FROM_ENTRIES
    )


def mode(git: GitRepo) -> Cleanup | None:
    """How ``git commit -F`` would clean the message, when a commit made with plumbing is the
    one it would make; None when only ``git commit`` makes it (``commit.gpgSign`` on, or a
    ``commit.cleanup`` that strips comments or that git does not know)."""
    proc = runner.run(
        git.root,
        ["config", "-z", "--get-regexp", r"^commit\.(gpgsign|cleanup)$"],
        check=False,
    )
    values: dict[str, str | None] = {}
    for item in proc.decode("utf-8", "replace").split("\0"):
        if item:  # "key\nvalue", or "key" alone for a key set without a value (true)
            key, newline, value = item.partition("\n")
            values[key.lower()] = value if newline else None
    if "commit.gpgsign" in values:
        signing = values["commit.gpgsign"]
        if signing is None or signing.lower() not in _FALSE:
            return None
    cleanup = values.get("commit.cleanup", "default")
    if cleanup in ("default", "whitespace"):  # -F with no editor: "default" is "whitespace"
        return "whitespace"
    return "verbatim" if cleanup == "verbatim" else None


def cleaned(message: str) -> str:
    """``message`` as git's "whitespace" cleanup leaves it (``git stripspace``): each line
    without trailing white space, runs of empty lines made one, none at the start or the end,
    and a line end after the last line."""
    lines: list[str] = []
    empty = 0
    for line in message.split("\n"):
        line = line.rstrip(" \t\r")  # git's white space: not \v, \f
        if not line:
            empty += 1
            continue
        if empty and lines:
            lines.append("")
        empty = 0
        lines.append(line)
    return "".join(f"{line}\n" for line in lines)


def commit(
    git: GitRepo,
    rels: Sequence[str],
    message: str,
    *,
    env: Mapping[str, str],
    head: str | None,
    cleanup: Cleanup,
) -> str | None:
    """Stage ``rels`` in the index ``env`` names and commit it on HEAD (whose commit is ``head``)
    as ``git commit -F`` would; the new commit, or None, with nothing changed, when git would
    find the message empty (``git commit`` then says so itself). Raises :class:`GitFailed` as
    ``git commit`` would fail: with nothing to commit, or when git refuses."""
    text = cleaned(message) if cleanup == "whitespace" else message
    if not text.strip():
        return None
    git.git("update-index", "--add", "--", *rels, env=env)
    tree = git.git("write-tree", env=env)
    if head is not None and tree == git.git("rev-parse", "--verify", "-q", f"{head}^{{tree}}"):
        raise GitFailed(("commit",), 1, "nothing to commit: the files are as HEAD has them")
    parents = ["-p", head] if head is not None else []
    sha = runner.run(git.root, ["commit-tree", tree, *parents], input=text.encode("utf-8"))
    new = sha.decode("ascii").strip()
    subject = text.split("\n", 1)[0]
    action = "commit" if head is not None else "commit (initial)"
    # The old value makes git refuse if HEAD moved meanwhile (empty: it must not exist yet).
    git.git("update-ref", "-m", f"{action}: {subject}", "HEAD", new, head or "")
    _maintain(git)
    return new


def _maintain(git: GitRepo) -> None:
    """Git's automatic maintenance after a commit, as ``git commit -q`` runs it (``gc --auto``
    with a git older than ``maintenance``, 2.29); its failure is not the commit's."""
    if not runner.succeeds(git.root, "maintenance", "run", "--auto", "--quiet"):
        runner.run(git.root, ["gc", "--auto", "--quiet"], check=False)
