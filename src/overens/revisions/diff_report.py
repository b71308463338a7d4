"""A :class:`overens.revisions.compare.Comparison` as text for a terminal or Markdown for a pull request.

Pure string building; the word-level marks come from :mod:`overens.revisions.textdiff`. The layout is
documented in docs/revisions.md and pinned by snapshot tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from overens.revisions.compare import ADDED, REMOVED, Change, Comparison, PrincipleDiff, leaves
from overens.revisions.textdiff import Style, escape_markdown, mark_change, mark_whole


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _label(path: tuple[str, ...]) -> str:
    return Change(ADDED, path).label


def _lines(change: Change, style: Style) -> list[tuple[str, str]]:
    """``(label, marked value)`` pairs for one change."""
    if change.kind == ADDED or change.kind == REMOVED:
        value = change.new if change.kind == ADDED else change.old
        op = "insert" if change.kind == ADDED else "delete"
        return [
            (_label(path), mark_whole(_scalar(v), op, style))
            for path, v in leaves(value, change.path)
        ]
    if isinstance(change.old, (dict, list)) or isinstance(change.new, (dict, list)):
        return _lines(Change(REMOVED, change.path, old=change.old), style) + _lines(
            Change(ADDED, change.path, new=change.new), style
        )
    return [(change.label, mark_change(_scalar(change.old), _scalar(change.new), style))]


def _principle_name(p: dict[str, Any] | None) -> str:
    return f"{p.get('number')}. {p.get('title', '')}".rstrip() if p else ""


def _principle_heading(d: PrincipleDiff) -> str:
    if d.renumbered:
        assert d.old is not None and d.new is not None
        return f"{_principle_name(d.old)} → {_principle_name(d.new)}"
    return _principle_name(d.new or d.old)


def _principle_changes(d: PrincipleDiff) -> list[Change]:
    if d.old is None or d.new is None:
        whole = d.new if d.old is None else d.old
        assert whole is not None
        kind = ADDED if d.old is None else REMOVED
        return [
            Change(kind, (k,), old=v if kind == REMOVED else None, new=v if kind == ADDED else None)
            for k, v in whole.items()
            if k not in ("id", "number")
        ]
    return list(d.changes)


def _version_line(c: Comparison) -> str:
    if not c.base_exists:
        return f"new agreement, version {c.head_version}: all of its text is new"
    if not c.head_exists:
        return f"agreement removed (was version {c.base_version}): all of its text is gone"
    if c.base_version == c.head_version:
        return f"version {c.head_version} (unchanged)"
    return f"version {c.base_version} → {c.head_version}"


def _revision_line(r: dict[str, Any]) -> str:
    facts = [str(r.get("kind", "?"))]
    if r.get("date"):
        facts.append(str(r["date"]))
    if r.get("decided_by"):
        facts.append(f"decided by {r['decided_by']}")
    return f"revision {r.get('version')} ({', '.join(facts)}): {r.get('summary', '')}"


_UNDECLARED = (
    "the text changed but the version did not: `overens check` fails until a new revision "
    "declares the change (editorial or material); `overens version` prints its text hash"
)


# --------------------------------------------------------------------------- text


def _text_block(label: str, value: str, indent: str) -> list[str]:
    first, *rest = value.rstrip("\n").split("\n")
    out = [f"{indent}{label}: {first}".rstrip()]
    out.extend((f"{indent}    {line}" if line else "") for line in rest)
    return out


def render_text(comparisons: Sequence[Comparison], *, color: bool = False) -> str:
    """Plain text (``[-removed-]{+added+}``), or coloured when ``color``."""
    style = Style.COLOR if color else Style.PLAIN
    blocks = []
    for c in comparisons:
        out = [f"{c.agreement_id}: {c.title}", f"base: {c.base_label}", f"head: {c.head_label}"]
        if c.empty:
            out.append("no changes to the text")
            blocks.append("\n".join(out))
            continue
        out.append(_version_line(c))
        out.extend(f"new {_revision_line(r)}" for r in c.new_revisions)
        if c.undeclared:
            out.append(f"warning: {_UNDECLARED.replace('`', '')}")
        if not c.text_changed:
            out.append("the text itself is unchanged")
        touched = c.changed_principles
        if touched:
            out += ["", "Principles:"]
            width = max(len(d.status) for d in touched)
            for d in touched:
                out.append(f"  {d.status.ljust(width)}  {_principle_heading(d)}")
                for change in _principle_changes(d) if c.whole is None else ():
                    for label, value in _lines(change, style):
                        out.extend(_text_block(label, value, "      "))
        for group, changes in c.groups if c.whole is None else ():
            out += ["", f"{group}:"]
            for change in changes:
                for label, value in _lines(change, style):
                    out.extend(_text_block(label, value, "  "))
        blocks.append("\n".join(out))
    return "\n\n".join(blocks) + "\n"


# --------------------------------------------------------------------------- Markdown


def _md_item(label: str, value: str, indent: str) -> list[str]:
    first, *rest = value.rstrip("\n").split("\n")
    out = [f"{indent}- `{label}`: {first}".rstrip()]
    out.extend((f"{indent}  {line}" if line.strip() else "") for line in rest)
    return out


def _md_changes(changes: Iterable[Change], indent: str) -> list[str]:
    out = []
    for change in changes:
        for label, value in _lines(change, Style.MARKDOWN):
            out.extend(_md_item(label, value, indent))
    return out


def render_markdown(comparisons: Sequence[Comparison]) -> str:
    """Markdown for a pull request comment or a job summary (``~~removed~~ **added**``)."""
    blocks = []
    for c in comparisons:
        e = escape_markdown
        out = [
            f"### {e(c.title)} (`{c.agreement_id}`)",
            "",
            f"Base: {e(c.base_label)}. Head: {e(c.head_label)}.",
        ]
        if c.empty:
            out += ["", "No changes to the text."]
            blocks.append("\n".join(out))
            continue
        out += ["", f"**{e(_version_line(c))}**"]
        for r in c.new_revisions:
            out += ["", f"New {e(_revision_line(r))}"]
        if c.undeclared:
            out += ["", f"> [!WARNING]\n> {_UNDECLARED}"]
        if not c.text_changed:
            out += ["", "The text itself is unchanged."]
        touched = c.changed_principles
        if touched:
            out += ["", "#### Principles", ""]
            for d in touched:
                out.append(f"- **{d.status.capitalize()}:** {e(_principle_heading(d))}")
                out.extend(_md_changes(_principle_changes(d) if c.whole is None else (), "  "))
        for group, changes in c.groups if c.whole is None else ():
            out += ["", f"#### {group}", ""]
            out.extend(_md_changes(changes, ""))
        blocks.append("\n".join(out))
    return "\n\n".join(blocks) + "\n"


# --------------------------------------------------------------------------- one line each


def summary_lines(c: Comparison) -> list[str]:
    """What changed, one line per principle and per group of the agreement's own text (for a
    commit message and ``overens revise``'s output)."""
    out = [f"principle {_principle_heading(d)}: {d.status}" for d in c.changed_principles]
    for group, changes in c.groups:
        labels = list(dict.fromkeys(change.label for change in changes))
        shown = ", ".join(labels[:6]) + (f" and {len(labels) - 6} more" if len(labels) > 6 else "")
        out.append(f"{group}: {shown}")
    return out


# --------------------------------------------------------------------------- JSON


def _change_dict(change: Change, group: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {} if group is None else {"group": group}
    out.update({"kind": change.kind, "path": change.label, "old": change.old, "new": change.new})
    return out


def _principle_ref(p: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if p is None else {k: p.get(k) for k in ("id", "number", "title")}


def _comparison_dict(c: Comparison) -> dict[str, Any]:
    whole = c.whole is not None
    return {
        "agreement": c.agreement_id,
        "title": c.title,
        "status": c.whole or ("unchanged" if c.empty else "changed"),
        "base_version": c.base_version if c.base_exists else None,
        "head_version": c.head_version if c.head_exists else None,
        "text_changed": c.text_changed,
        "undeclared": c.undeclared,
        "new_revisions": [
            {k: r.get(k) for k in ("version", "kind", "date", "decided_by", "summary")}
            for r in c.new_revisions
        ],
        "principles": [
            {
                "status": d.status,
                "old": _principle_ref(d.old),
                "new": _principle_ref(d.new),
                "changes": [] if whole else [_change_dict(ch) for ch in d.changes],
            }
            for d in c.changed_principles
        ],
        "changes": []
        if whole
        else [_change_dict(ch, group) for group, changes in c.groups for ch in changes],
    }


def render_json(base_label: str, head_label: str, comparisons: Sequence[Comparison]) -> str:
    """The shape of ``overens diff --format json`` (documented in the README): the two revisions
    compared and, per agreement, its versions, new revisions, principles and other changes."""
    import json

    doc = {
        "base": base_label,
        "head": head_label,
        "agreements": [_comparison_dict(c) for c in comparisons],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n"
