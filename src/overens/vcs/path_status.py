"""What git says about one path before overens writes it (:class:`PathStatus`, from
:func:`status_of`): whether someone's work there would be overwritten, and whether git tracks
the file as it is, so that the commit may stage it with ``git commit --include``
(docs/decisions/0720-a-tracked-file-committed-by-include.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from overens.vcs import runner


@dataclass(frozen=True, slots=True)
class PathStatus:
    """What git says about one path, from ``git status --porcelain``."""

    path: str
    code: str
    """The two-letter porcelain code ('' when clean or absent, '??' untracked, '!!' untracked and
    ignored, ' M', 'M ', ...)."""
    exists: bool
    """Whether there is a file (or a link) at the path."""

    @property
    def clean(self) -> bool:
        """Nothing uncommitted to lose: clean, absent, or an ignored file."""
        return self.code in ("", "!!")

    @property
    def tracked(self) -> bool:
        """The file is there and committed as it is (in HEAD and in the index alike)."""
        return self.exists and self.code == ""

    def describe(self) -> str:
        if self.clean:
            return "it is clean"
        index, tree = self.code[0], self.code[1]
        if self.code == "??":
            return "it is not yet committed (untracked)"
        if index == "U" or tree == "U" or self.code in ("AA", "DD"):
            return "it has merge conflicts"
        parts = []
        if index != " ":
            parts.append("staged changes")
        if tree != " ":
            parts.append("unstaged changes")
        return "it has " + " and ".join(parts)


def status_of(root: Path, rel: str, exists: bool) -> PathStatus:
    """The porcelain status of the path ``rel`` of the working tree at ``root`` (untracked files
    included, ignored ones as ``!!``); ``exists``: whether there is a file or a link at it."""
    # A path that is not there cannot be untracked: git need not read its folder for that
    # (10,000 entries, before a signing writes its new file). One that is there is told
    # from an untracked file, ignored or not, so that no code means it is tracked.
    untracked = ["--untracked-files=all", "--ignored=matching"] if exists else ["-uno"]
    out = runner.text(
        root,
        "--no-optional-locks",  # status would write the index it refreshed: 10,000 entries
        "status",
        "--porcelain=v1",
        "-z",
        *untracked,
        "--",
        rel,
        strip=False,
    )
    codes = [entry[:2] for entry in out.split("\0") if entry[3:] == rel]
    return PathStatus(rel, codes[0] if codes else "", exists)
