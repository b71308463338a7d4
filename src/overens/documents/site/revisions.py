"""Each revision of an agreement with what it changed, principle by principle, for the site.

The comparison is ``overens diff``'s (:func:`overens.revisions.compare.compare` of the texts at the
commits that introduced two versions, found for all of an agreement's revisions at once by
:func:`overens.revisions.versions.first_commits`); this module only turns it into data a template
lays out with ``<del>`` and ``<ins>``. A version that was never committed (a repository
whose history starts later, or none at all) is listed without a comparison.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from overens.errors import OverensError
from overens.model.agreement import Agreement, Revision
from overens.revisions.compare import ADDED, REMOVED, Change, Comparison, PrincipleDiff, leaves
from overens.revisions.textdiff import Segment, word_diff

if TYPE_CHECKING:
    from overens.vcs.reading import Commit
    from overens.vcs.snapshot import Snapshot


@dataclass(frozen=True, slots=True)
class Line:
    """One changed value: its label and the marked words."""

    label: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class PrincipleChange:
    """A principle added, removed, renumbered, reworded or changed."""

    status: str
    """``added``, ``removed``, ``renumbered``, ``reworded``, ``changed`` or two joined by `` and ``."""
    heading: str
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class RevisionView:
    """One revision and, when both texts are in git, what it changed since the one before."""

    revision: Revision
    previous: str | None
    compared: bool
    principles: tuple[PrincipleChange, ...] = ()
    groups: tuple[tuple[str, tuple[Line, ...]], ...] = ()
    missing: str | None = None
    """When not compared, the version whose text git does not hold (else ``previous``)."""


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _lines(change: Change) -> list[Line]:
    if change.kind in (ADDED, REMOVED):
        value = change.new if change.kind == ADDED else change.old
        op = "insert" if change.kind == ADDED else "delete"
        return [
            Line(Change(ADDED, path).label, (Segment(op, _scalar(v)),))
            for path, v in leaves(value, change.path)
        ]
    if isinstance(change.old, (dict, list)) or isinstance(change.new, (dict, list)):
        return _lines(Change(REMOVED, change.path, old=change.old)) + _lines(
            Change(ADDED, change.path, new=change.new)
        )
    return [Line(change.label, tuple(word_diff(_scalar(change.old), _scalar(change.new))))]


def _name(p: dict[str, Any] | None) -> str:
    return f"{p.get('number')}. {p.get('title', '')}".rstrip() if p else ""


def _principle(d: PrincipleDiff) -> PrincipleChange:
    heading = f"{_name(d.old)} → {_name(d.new)}" if d.renumbered else _name(d.new or d.old)
    if d.old is None or d.new is None:
        whole = d.new if d.old is None else d.old
        kind = ADDED if d.old is None else REMOVED
        changes = [
            Change(kind, (k,), old=v if kind == REMOVED else None, new=v if kind == ADDED else None)
            for k, v in (whole or {}).items()
            if k not in ("id", "number")
        ]
    else:
        changes = list(d.changes)
    return PrincipleChange(d.status, heading, tuple(x for c in changes for x in _lines(c)))


def _view(revision: Revision, previous: str, c: Comparison) -> RevisionView:
    return RevisionView(
        revision,
        previous,
        True,
        tuple(_principle(d) for d in c.changed_principles),
        tuple(
            (group, tuple(x for ch in changes for x in _lines(ch))) for group, changes in c.groups
        ),
    )


def revision_views(root: Path | None, agreement: Agreement) -> tuple[RevisionView, ...]:
    """Every revision, newest first, each compared with the one before when git has both."""
    revisions = agreement.revisions
    known = _first_commits(root, agreement) if root is not None and len(revisions) > 1 else None
    views = []
    for i, r in enumerate(revisions):
        previous = revisions[i - 1].version if i else None
        comparison = None
        if previous and root is not None and known is not None:
            comparison = _compare(root, agreement, (previous, r.version), known)
        if previous and comparison:
            views.append(_view(r, previous, comparison))
        else:
            held = known is not None and previous in known
            views.append(RevisionView(r, previous, False, missing=r.version if held else previous))
    return tuple(reversed(views))


def _first_commits(root: Path, agreement: Agreement) -> dict[str, Commit] | None:
    """Each version's first commit (one ``git log`` for all of the agreement's revisions); None
    without git.

    When git finds none, it is asked once more whether it answers here at all: a repository it
    does not trust or cannot read fails every command, the readers' too (its look for ``HEAD``
    says nothing of why), and that is raised in git's words rather than a page without what
    changed."""
    from overens.revisions.versions import first_commits
    from overens.vcs import reading

    try:
        known: dict[str, Commit] | None = first_commits(root, agreement.id)
    except OverensError:  # no git, or git answers nothing here
        known = None
    if not known:
        reading.is_repository(root)
    return known


def _compare(
    root: Path, agreement: Agreement, versions: tuple[str, str], known: dict[str, Commit]
) -> Comparison | None:
    """What changed from the text of version ``old`` to that of ``new``; None when git does not
    hold both texts (``known``: the first commit of each version git holds)."""
    from overens.revisions.compare import compare
    from overens.vcs import snapshot

    old, new = versions
    if old not in known:
        return None
    try:
        head = _text_of(root, agreement, new, known)
        if head is None:
            return None
        base = snapshot.at_revision(root, agreement.id, known[old].sha, old, folders=snapshot.TEXT)
        return compare(base, head)
    except OverensError:  # git does not hold both texts
        return None


def _text_of(
    root: Path, agreement: Agreement, version: str, known: dict[str, Commit]
) -> Snapshot | None:
    """The text of ``version`` at its first commit; the current version as it is in the working
    tree when git does not hold it; None for an older version git does not hold."""
    from overens.vcs import snapshot

    if version in known:
        with contextlib.suppress(OverensError):
            return snapshot.at_revision(
                root, agreement.id, known[version].sha, version, folders=snapshot.TEXT
            )
    if version != agreement.version:
        return None
    return snapshot.in_working_tree(root, agreement.id, folders=snapshot.TEXT)
