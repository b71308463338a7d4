"""Each revision of an agreement with what it changed, principle by principle, for the site.

The comparison is ``overens diff``'s (:func:`overens.revisions.compare.compare` of the texts at the
commits that introduced two versions, found by
:func:`overens.revisions.versions.commit_of_version`); this module only turns it into data a
template lays out with ``<del>`` and ``<ins>``. A version that was never committed (a repository
whose history starts later, or none at all) is listed without a comparison.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overens.errors import OverensError
from overens.model.agreement import Agreement, Revision
from overens.revisions.compare import ADDED, REMOVED, Change, Comparison, PrincipleDiff, leaves
from overens.revisions.textdiff import Segment, word_diff


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
    views = []
    for i, r in enumerate(revisions):
        previous = revisions[i - 1].version if i else None
        comparison = _compare(root, agreement, previous, r.version) if previous else None
        views.append(
            _view(r, previous, comparison)
            if previous and comparison
            else RevisionView(r, previous, False)
        )
    return tuple(reversed(views))


def _compare(root: Path | None, agreement: Agreement, old: str, new: str) -> Comparison | None:
    if root is None:
        return None
    from overens.revisions.compare import compare
    from overens.revisions.versions import commit_of_version
    from overens.vcs import snapshot

    try:
        base = commit_of_version(root, agreement.id, old)
        try:
            head = snapshot.at_revision(
                root,
                agreement.id,
                commit_of_version(root, agreement.id, new).sha,
                new,
                folders=snapshot.TEXT,
            )
        except OverensError:
            if new != agreement.version:
                return None
            head = snapshot.in_working_tree(root, agreement.id, folders=snapshot.TEXT)
        return compare(
            snapshot.at_revision(root, agreement.id, base.sha, old, folders=snapshot.TEXT), head
        )
    except OverensError:  # git does not hold both texts (or there is no git)
        from overens.vcs import reading

        # Or git answers nothing at all here: a repository it does not trust or cannot read
        # fails every command, the readers' too. Asked once more, git says which (raised, in its
        # words), rather than a page without what changed.
        reading.is_repository(root)
        return None
