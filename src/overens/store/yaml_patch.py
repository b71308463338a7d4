"""Edit a hand-written YAML file line by line, so its comments and layout survive.

Re-dumping a file that people edit by hand loses their comments and their layout (style.md §9).
``withdraw`` only adds a ``withdrawal`` to the last membership, and a rejoin adds a membership
and updates a few top-level values, so :func:`update` keeps the original lines of everything
that did not change and writes fresh lines only for what did: a top-level value that changed is
dumped again, a list that grew gets its new items appended in the list's own indentation, and a
last list item that gained keys gets them appended under it.

The result is parsed again and compared with the intended data; if they differ in any way (a
flow-style list, an anchor, a layout this module does not understand) the whole file is dumped
afresh instead. So the data written is always exactly the intended data; only the layout is
best effort. See docs/decisions/0104-withdraw-edits-text-not-redumps.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from overens.store import safe_yaml, yaml_write

_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]|$)")
_ITEM = re.compile(r"^( *)-( +|$)")


@dataclass(slots=True)
class _Chunk:
    key: str
    lines: list[str] = field(default_factory=list)
    """The key's lines, with the blank and comment lines right above it."""


def _split(text: str) -> tuple[list[str], list[_Chunk], list[str]] | None:
    """Split a block-style mapping document into preamble, one chunk per top-level key, trailer."""
    preamble: list[str] = []
    chunks: list[_Chunk] = []
    pending: list[str] = []
    for line in text.splitlines(keepends=True):
        if not line.endswith("\n"):
            line += "\n"
        stripped = line.strip()
        if not stripped or (line.startswith("#")):
            pending.append(line)
            continue
        if line[0] in " \t" or _ITEM.match(line):  # indented, or an item of an indentless list
            if not chunks:
                return None
            chunks[-1].lines.extend(pending)
            pending = []
            chunks[-1].lines.append(line)
            continue
        match = _KEY.match(line)
        if not match:
            return None  # a document marker, a flow mapping, a top-level list: not ours to edit
        if not chunks:
            preamble, pending = pending, []
        chunks.append(_Chunk(match.group(1), [*pending, line]))
        pending = []
    return preamble, chunks, pending


def _indent(lines: list[str], by: int) -> list[str]:
    pad = " " * by
    return [pad + line if line.strip() else line for line in lines]


def _dump_lines(value: Any) -> list[str]:
    return yaml_write.dump(value).splitlines(keepends=True)


def _item_markers(lines: list[str]) -> list[tuple[int, int, int]]:
    """(line index, marker indent, content indent) of the outermost list items in a chunk."""
    markers = [
        (i, len(m.group(1)), m.end())
        for i, line in enumerate(lines)
        if (m := _ITEM.match(line)) and i > 0
    ]
    if not markers:
        return []
    outer = markers[0][1]
    return [m for m in markers if m[1] == outer]


def _extend(chunk: _Chunk, old: Any, new: Any) -> list[str] | None:
    """The chunk's lines with the additions of ``new`` over ``old`` appended, or None."""
    if not (isinstance(old, list) and isinstance(new, list) and old):
        return None
    markers = _item_markers(chunk.lines)
    if len(markers) != len(old):
        return None
    if len(new) > len(old) and new[: len(old)] == old:
        return chunk.lines + _indent(_dump_lines(new[len(old) :]), markers[0][1])
    last_old, last_new = old[-1], new[-1]
    if (
        len(new) == len(old)
        and new[:-1] == old[:-1]
        and isinstance(last_old, dict)
        and isinstance(last_new, dict)
        and list(last_new)[: len(last_old)] == list(last_old)
        and all(last_new[k] == v for k, v in last_old.items())
    ):
        added = {k: v for k, v in last_new.items() if k not in last_old}
        return chunk.lines + _indent(_dump_lines(added), markers[-1][2])
    return None


def update(
    text: str, old: dict[str, Any], new: dict[str, Any], *, schema_comment: str | None = None
) -> tuple[str, bool]:
    """Return ``(text for new, True)`` with the lines of unchanged parts kept, or
    ``(a fresh dump of new, False)`` when the file cannot be edited line by line."""
    fresh = yaml_write.dump(new, schema_comment=schema_comment)
    parts = _split(text)
    if parts is None:
        return fresh, False
    preamble, chunks, trailer = parts
    by_key = {c.key: c for c in chunks}
    if [c.key for c in chunks] != list(old) or len(by_key) != len(chunks):
        return fresh, False
    out = list(preamble)
    for key, value in new.items():
        chunk = by_key.get(key)
        if chunk is None:
            out.extend(_dump_lines({key: value}))
        elif old[key] == value:
            out.extend(chunk.lines)
        else:
            extended = _extend(chunk, old[key], value)
            if extended is not None:
                out.extend(extended)
            else:
                key_line = next(i for i, line in enumerate(chunk.lines) if _KEY.match(line))
                out.extend(chunk.lines[:key_line] + _dump_lines({key: value}))
    out.extend(trailer)
    result = "".join(out)
    try:
        same = safe_yaml.parse(result, "<edited>") == new
    except safe_yaml.YamlProblem:
        same = False
    return (result, True) if same else (fresh, False)
