"""What changed in an agreement's text between two snapshots, principle by principle.

Pure: it takes the raw data of two snapshots (:class:`overens.vcs.snapshot.Snapshot`) and returns a
:class:`Comparison`; :mod:`overens.revisions.diff_report` turns that into text or Markdown, and
:mod:`overens.vcs.snapshot` reads the data from git. Only what the canonical text covers is compared
(:mod:`overens.model.canonical`), so the diff shows exactly the changes that change the text hash.

Principles are matched in this order, so a reviewer sees a move as a move and not as a removal
and an addition:

1. the same id (same number, same slug);
2. the same slug under a new number (renumbered);
3. the same title, then the same text, under a new number and slug;
4. the same number with mostly the same wording (reworded, slug changed too).

Whatever is left is removed (old) or added (new).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

from overens.model import canonical

if TYPE_CHECKING:
    from overens.vcs.snapshot import Snapshot

ADDED, REMOVED, CHANGED = "added", "removed", "changed"

# The groups the agreement's own text is reported in, in order; other keys go under "Agreement".
GROUPS = (
    ("sections", "Sections"),
    ("actions", "Actions"),
    ("bodies", "Bodies"),
    ("terms", "Terms"),
    ("signature_block", "Signature block"),
)
_OTHER = "Agreement"
_PRINCIPLE_KEYS = ("id", "number")
_SIMILAR = 0.5


@dataclass(frozen=True, slots=True)
class Change:
    """One changed value: ``path`` names it (``withdrawal.notice_period_days``, ``seats[region].count``)."""

    kind: str
    """``added``, ``removed`` or ``changed``."""
    path: tuple[str, ...]
    old: Any = None
    new: Any = None

    @property
    def label(self) -> str:
        out = ""
        for i, step in enumerate(self.path):
            if step.startswith("["):
                out += step[1:-1] if i == 0 else step
            else:
                out += ("." if out else "") + step
        return out


@dataclass(frozen=True, slots=True)
class PrincipleDiff:
    """One principle in the old text, the new text or both."""

    old: dict[str, Any] | None
    new: dict[str, Any] | None
    changes: tuple[Change, ...] = ()

    @property
    def status(self) -> str:
        """``added``, ``removed``, or what happened to it: ``renumbered``, ``reworded``, ``changed``,
        or two of them joined with ``and``."""
        if self.old is None:
            return ADDED
        if self.new is None:
            return REMOVED
        parts = []
        if self.renumbered:
            parts.append("renumbered")
        if self.reworded:
            parts.append("reworded")
        elif self.changes:
            parts.append("changed")
        return " and ".join(parts)

    @property
    def renumbered(self) -> bool:
        return (
            self.old is not None
            and self.new is not None
            and self.old.get("number") != self.new.get("number")
        )

    @property
    def reworded(self) -> bool:
        return any(c.path[0] in ("title", "text") for c in self.changes)

    @property
    def touched(self) -> bool:
        return self.old is None or self.new is None or self.renumbered or bool(self.changes)

    def sort_key(self) -> tuple[int, int]:
        current = self.new or self.old
        assert current is not None
        return (int(current.get("number", 0)), 0 if self.new is None else 1)


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything that changed between two snapshots of one agreement."""

    agreement_id: str
    name: str
    title: str
    base_label: str
    head_label: str
    base_version: str | None
    head_version: str | None
    base_exists: bool
    head_exists: bool
    text_changed: bool
    new_revisions: tuple[dict[str, Any], ...]
    principles: tuple[PrincipleDiff, ...]
    groups: tuple[tuple[str, tuple[Change, ...]], ...]

    @property
    def changed_principles(self) -> list[PrincipleDiff]:
        return [p for p in self.principles if p.touched]

    @property
    def empty(self) -> bool:
        return (
            not self.text_changed
            and self.base_version == self.head_version
            and not self.new_revisions
            and self.base_exists == self.head_exists
        )

    @property
    def whole(self) -> str | None:
        """``added`` or ``removed`` when the whole agreement is new or gone (the diff then lists only
        its principles: every word of it changed), else None."""
        if not self.base_exists:
            return ADDED
        if not self.head_exists:
            return REMOVED
        return None

    @property
    def undeclared(self) -> bool:
        """The text changed but the version did not: ``check`` fails until a revision declares it."""
        return (
            self.text_changed
            and self.base_exists
            and self.head_exists
            and self.base_version == self.head_version
        )


# --------------------------------------------------------------------------- generic values


def _norm(text: Any) -> str:
    return unicodedata.normalize("NFC", str(text)).casefold().strip()


def _item_key(item: Any) -> str:
    if isinstance(item, dict):
        return str(item.get("text", item.get("title", item.get("name", sorted(item.items())))))
    return str(item)


def _keyed_by_id(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(i, dict) and "id" in i for i in items)


def diff_values(old: Any, new: Any, path: tuple[str, ...] = ()) -> list[Change]:
    """Every leaf-level change from ``old`` to ``new``."""
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        return _diff_mappings(old, new, path, lambda key: str(key))
    if isinstance(old, list) and isinstance(new, list):
        if _keyed_by_id(old) and _keyed_by_id(new):
            return _diff_mappings(
                {str(i["id"]): i for i in old},
                {str(i["id"]): i for i in new},
                path,
                lambda key: f"[{key}]",
            )
        return _diff_sequence(old, new, path)
    return [Change(CHANGED, path, old, new)]


def _diff_mappings(
    old: dict[Any, Any], new: dict[Any, Any], path: tuple[str, ...], step: Callable[[Any], str]
) -> list[Change]:
    """Keys in the new order, then the removed ones."""
    changes: list[Change] = []
    for key in [*new, *(k for k in old if k not in new)]:
        where = path + (step(key),)
        if key not in old:
            changes.append(Change(ADDED, where, new=new[key]))
        elif key not in new:
            changes.append(Change(REMOVED, where, old=old[key]))
        else:
            changes.extend(diff_values(old[key], new[key], where))
    return changes


def _diff_sequence(old: list[Any], new: list[Any], path: tuple[str, ...]) -> list[Change]:
    changes: list[Change] = []
    matcher = SequenceMatcher(
        None, [_item_key(i) for i in old], [_item_key(i) for i in new], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs = list(zip(range(i1, i2), range(j1, j2), strict=False))
        for i, j in pairs:  # equal keys may still differ elsewhere (who carries an action)
            changes.extend(diff_values(old[i], new[j], path + (f"[{j + 1}]",)))
        if tag in ("replace", "insert"):
            changes.extend(
                Change(ADDED, path + (f"[{j + 1}]",), new=new[j])
                for j in range(j1 + len(pairs), j2)
            )
        if tag in ("replace", "delete"):
            changes.extend(
                Change(REMOVED, path + (f"[{i + 1}]",), old=old[i])
                for i in range(i1 + len(pairs), i2)
            )
    return changes


def leaves(value: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    """A nested value as ``(path, scalar)`` pairs, for showing something added or removed whole."""
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in leaves(v, path + (str(k),))]
    if isinstance(value, list):
        out = []
        for i, item in enumerate(value):
            step = f"[{item['id']}]" if isinstance(item, dict) and "id" in item else f"[{i + 1}]"
            out.extend(leaves(item, path + (step,)))
        return out
    return [(path, value)]


# --------------------------------------------------------------------------- principles


def _slug(principle: dict[str, Any]) -> str:
    ident = str(principle.get("id", ""))
    return ident[3:] if len(ident) > 3 and ident[2] == "-" else ident


def _similarity(a: dict[str, Any], b: dict[str, Any]) -> float:
    words = (
        f"{a.get('title', '')} {a.get('text', '')}".split(),
        f"{b.get('title', '')} {b.get('text', '')}".split(),
    )
    return SequenceMatcher(None, *words, autojunk=False).ratio()


def match_principles(
    old: Iterable[dict[str, Any]],
    new: Iterable[dict[str, Any]],
) -> list[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    """Pair old and new principles (see the module's docstring for the order of the tests)."""
    left, right = list(old), list(new)
    pairs: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = []
    tests: list[Callable[[dict[str, Any], dict[str, Any]], bool]] = [
        lambda a, b: a.get("id") == b.get("id"),
        lambda a, b: _slug(a) == _slug(b),
        lambda a, b: "title" in a and _norm(a["title"]) == _norm(b.get("title", "")),
        lambda a, b: "text" in a and _norm(a["text"]) == _norm(b.get("text", "")),
        lambda a, b: a.get("number") == b.get("number") and _similarity(a, b) >= _SIMILAR,
    ]
    for test in tests:
        for a in list(left):
            b = next((b for b in right if test(a, b)), None)
            if b is not None:
                pairs.append((a, b))
                left.remove(a)
                right.remove(b)
    pairs.extend((a, None) for a in left)
    pairs.extend((None, b) for b in right)
    return pairs


def _without_place(principle: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in principle.items() if k not in _PRINCIPLE_KEYS}


def _principle_diff(a: dict[str, Any] | None, b: dict[str, Any] | None) -> PrincipleDiff:
    if a is None or b is None:
        return PrincipleDiff(a, b)
    return PrincipleDiff(a, b, tuple(diff_values(_without_place(a), _without_place(b))))


# --------------------------------------------------------------------------- the comparison


def _group_changes(
    old: dict[str, Any], new: dict[str, Any]
) -> tuple[tuple[str, tuple[Change, ...]], ...]:
    grouped: dict[str, list[Change]] = {_OTHER: []}
    named = dict(GROUPS)
    for change in diff_values(old, new):
        key = change.path[0]
        if key in named:
            group = named[key]
            inner = change.path[1:]
            if not inner:  # the whole group was added or removed: show its leaves under it
                grouped.setdefault(group, []).append(change)
                continue
            grouped.setdefault(group, []).append(Change(change.kind, inner, change.old, change.new))
        else:
            grouped[_OTHER].append(change)
    order = [_OTHER, *(g for _, g in GROUPS)]
    return tuple((g, tuple(grouped[g])) for g in order if grouped.get(g))


def compare(base: Snapshot, head: Snapshot) -> Comparison:
    """Compare the text of ``base`` with the text of ``head``."""
    old = (
        canonical.canonical_document(base.agreement or {}, base.principles) if base.exists else None
    )
    new = (
        canonical.canonical_document(head.agreement or {}, head.principles) if head.exists else None
    )
    old_text = old["agreement"] if old else {}
    new_text = new["agreement"] if new else {}
    pairs = match_principles(old["principles"] if old else [], new["principles"] if new else [])
    principles = tuple(
        sorted((_principle_diff(a, b) for a, b in pairs), key=PrincipleDiff.sort_key)
    )
    latest = head.agreement or base.agreement or {}
    base_versions = {
        str(r.get("version"))
        for r in (base.agreement or {}).get("revisions", [])
        if isinstance(r, dict)
    }
    new_revisions = (
        tuple(
            r
            for r in (head.agreement or {}).get("revisions", [])
            if isinstance(r, dict) and str(r.get("version")) not in base_versions
        )
        if base.exists
        else ()
    )
    return Comparison(
        agreement_id=head.agreement_id,
        name=str(latest.get("short_name") or head.agreement_id),
        title=str(latest.get("title", head.agreement_id)),
        base_label=base.label,
        head_label=head.label,
        base_version=base.version,
        head_version=head.version,
        base_exists=base.exists,
        head_exists=head.exists,
        text_changed=old != new,
        new_revisions=new_revisions,
        principles=principles,
        groups=_group_changes(old_text, new_text),
    )
