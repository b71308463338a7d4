"""Line marks: where in a YAML file's text the value at a JSON path is, for findings.

Composed again from the text only when a finding needs a line (docs/decisions/0002), with the
same safe loader the files are read with.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from overens.store.safe_yaml import Loader


def locate(text: str, json_path: Sequence[str | int]) -> tuple[int, int] | None:
    """Return the 1-based (line, column) of the node at ``json_path``, or of its nearest parent.

    A trailing string that names a key not present (a missing required property) resolves to the
    mapping that lacks it.
    """
    try:
        node: Any = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError:
        return None
    if node is None:
        return None
    best = node.start_mark
    for step in json_path:
        if isinstance(node, yaml.MappingNode):
            found = None
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                    found = (key_node, value_node)
                    break
            if found is None:
                break
            key_node, node = found
            # Point at the key for mappings and sequences (their value starts on the next line).
            best = key_node.start_mark if not isinstance(node, yaml.ScalarNode) else node.start_mark
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value)
        ):
            node = node.value[step]
            best = node.start_mark
        else:
            break
    return best.line + 1, best.column + 1


def locate_key(text: str, json_path: Sequence[str | int]) -> tuple[int, int] | None:
    """Like :func:`locate`, but point at the last key itself (for keys that must not be there)."""
    try:
        node: Any = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError:
        return None
    parent_path, last = list(json_path[:-1]), json_path[-1] if json_path else None
    for step in parent_path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if getattr(k, "value", None) == str(step)), None)
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value)
        ):
            node = node.value[step]
        else:
            node = None
        if node is None:
            return locate(text, json_path)
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if getattr(key_node, "value", None) == str(last):
                return key_node.start_mark.line + 1, key_node.start_mark.column + 1
    return locate(text, json_path)


def sources(text: str, paths: Sequence[Sequence[str | int]]) -> list[str]:
    """How ``text`` writes the scalar at each of ``paths`` (quoted, escaped, folded over lines,
    as a block): the source between the node's start and end, for those present."""
    try:
        root: Any = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError:
        return []
    found = []
    for json_path in paths:
        node = root
        for step in json_path:
            if not isinstance(node, yaml.MappingNode):
                node = None
                break
            node = next((v for k, v in node.value if getattr(k, "value", None) == str(step)), None)
            if node is None:
                break
        if isinstance(node, yaml.ScalarNode):
            found.append(text[node.start_mark.index : node.end_mark.index].rstrip())
    return found
