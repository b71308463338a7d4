"""All YAML reading: the safe loader, with its bounds and its messages.

The loader is safe only: it builds plain dicts, lists, strings, numbers, booleans and None. It
keeps dates as strings (so JSON Schema's ``format: date`` sees what the person wrote), refuses
duplicate keys (PyYAML silently keeps the last), bounds alias expansion and nesting depth, and
never touches PyYAML's global loader state (style.md §4).

Line marks are not kept on the fast path: :func:`overens.store.line_marks.locate` composes the
node tree again only when a finding needs a line, so loading a valid file costs what parsing it
costs. Writing is :mod:`overens.store.yaml_write`'s.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from overens.constants import (
    MAX_DEPTH,
    MAX_EXPANDED_CHARS,
    MAX_EXPANDED_NODES,
    MAX_VALUE_CHARS,
)
from overens.errors import YamlProblem as YamlProblem
from overens.model.shown import key_shown, quoted
from overens.store.files import read_text as read_text

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


class Loader(_BaseLoader):  # type: ignore[misc]
    """Intermediate class so that PyYAML's global SafeLoader is never changed."""


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in mapping
        except TypeError:
            raise _DuplicateKey(
                None,
                None,
                "a mapping key must be a plain value, not a list or mapping",
                key_node.start_mark,
            ) from None
        if duplicate:
            raise _DuplicateKey(
                "while reading a mapping",
                node.start_mark,
                f"duplicate key {key_shown(key) if isinstance(key, str) else quoted(key)}: the key "
                "appears twice in the same mapping",
                key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_str)
Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)

# --------------------------------------------------------------------------- the fast path
#
# PyYAML's C loader parses and composes in C but resolves every scalar's tag and constructs every
# value in Python; for a signatory file that is two thirds of the time. Plain documents (mappings,
# sequences, strings and the standard scalars, no aliases, no merge keys, no duplicate keys) are
# built by the tight loop below; any other document is loaded again by the full constructor, so
# every error and every edge case stays exactly what PyYAML and _construct_mapping make of it.

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_INT = "tag:yaml.org,2002:int"
# First characters some implicit resolver (bool, int, float, null, timestamp, ...) looks at, and
# those only the bool and null resolvers look at: their words (yes, false, null, ...) have at most
# five characters, so a longer plain scalar starting with one of these letters is a string.
_RESOLVED_FIRST = frozenset(k for k in Loader.yaml_implicit_resolvers if k)
_WORD_FIRST = frozenset(
    k
    for k, resolvers in Loader.yaml_implicit_resolvers.items()
    if k
    and all(tag in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:null") for tag, _ in resolvers)
)
assert None not in Loader.yaml_implicit_resolvers and not Loader.yaml_path_resolvers


_resolved: dict[str, str] = {}


def _resolve(self: Any, kind: Any, value: Any, implicit: Any) -> Any:
    # What BaseResolver.resolve returns, without its lookups, for a quoted scalar and for a plain
    # one no implicit resolver can match: a string. Other plain scalars (dates, numbers, ...) are
    # resolved by PyYAML once per distinct value: with no path resolvers, the tag of a plain
    # scalar depends on its text alone.
    if kind is yaml.ScalarNode:
        if not implicit[0] or (
            value
            and (value[0] not in _RESOLVED_FIRST or (value[0] in _WORD_FIRST and len(value) > 5))
        ):
            return _STR
        tag = _resolved.get(value)
        if tag is None:
            tag = _BaseLoader.resolve(self, kind, value, implicit)
            if len(_resolved) < 100_000:
                _resolved[value] = tag
        return tag
    return _BaseLoader.resolve(self, kind, value, implicit)


Loader.resolve = _resolve


class _NotPlain(Exception):
    """The document needs the full constructor."""


def _build(loader: Any, root: Any) -> Any:
    seen: set[int] = set()
    scalar, mapping, sequence = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode

    def build(node: Any) -> Any:
        cls = node.__class__
        if cls is scalar:
            tag = node.tag
            if tag in (_STR, _TIMESTAMP):
                return node.value
            value = node.value
            if tag == _INT and value.isascii() and value.isdigit() and value[0] != "0":
                return int(value)  # a year, a count: what PyYAML's int constructor makes of it
            return loader.construct_object(node)
        if id(node) in seen:  # an alias
            raise _NotPlain
        seen.add(id(node))
        if cls is mapping and node.tag == _MAP:
            pairs = node.value
            if any(k.__class__ is not scalar or k.tag == _MERGE for k, _ in pairs):
                raise _NotPlain  # merge keys are flattened first; complex keys are refused there
            result: dict[Any, Any] = {}
            for key_node, value_node in pairs:
                key = build(key_node)
                if key in result:
                    raise _NotPlain
                result[key] = build(value_node)
            return result
        if cls is sequence and node.tag == _SEQ:
            return [build(item) for item in node.value]
        raise _NotPlain

    return build(root)


def _load(text: str) -> Any:
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _build(loader, node)
        except Exception:  # noqa: BLE001, S110 - anything unusual: the full constructor decides, errors included
            pass
    finally:
        loader.dispose()
    return yaml.load(text, Loader=Loader)


class _TooLong(YamlProblem):
    """A value longer than MAX_VALUE_CHARS, with the json path to it (to find its line)."""

    def __init__(self, path: Path | str, where: tuple[str | int, ...], length: int) -> None:
        shown = ".".join(str(p)[:40] for p in where) or "the document"
        super().__init__(
            path,
            None,
            None,
            f"the value at '{shown}' is {length:,} characters long; overens reads values of up "
            f"to {MAX_VALUE_CHARS:,} characters (limit: value size)",
            hint="a value that long is not part of an agreement; shorten it or remove it",
        )
        self.where = where


def _check_shape(data: Any, path: Path | str) -> None:
    """Bound nesting depth, the size aliases would expand to (billion laughs), the length of one
    value and the text the file holds once aliases are expanded. Each container is measured
    once, however often aliases repeat it."""
    sizes: dict[int, tuple[int, int]] = {}

    def walk(value: Any, depth: int, where: tuple[str | int, ...]) -> tuple[int, int]:
        if depth > MAX_DEPTH:
            raise YamlProblem(
                path,
                None,
                None,
                f"nesting deeper than {MAX_DEPTH} levels",
                hint="agreement files are shallow; this looks like a generated or hostile file",
            )
        if isinstance(value, str):
            if len(value) > MAX_VALUE_CHARS:
                raise _TooLong(path, where, len(value))
            return 1, len(value)
        if isinstance(value, dict):
            children: Any = [(k, k) for k in value] + [(v, k) for k, v in value.items()]
        elif isinstance(value, list):
            children = [(v, i) for i, v in enumerate(value)]
        else:
            return 1, 0
        known = sizes.get(id(value))
        if known is not None:
            return known
        nodes, chars = 1, 0
        for child, step in children:
            n, c = walk(child, depth + 1, (*where, step))
            nodes, chars = nodes + n, chars + c
            if nodes > MAX_EXPANDED_NODES:
                raise YamlProblem(
                    path,
                    None,
                    None,
                    f"the file expands to more than {MAX_EXPANDED_NODES:,} values "
                    "(anchors and aliases repeated inside each other; limit: expanded values)",
                    hint="write the values out instead of using &anchors and *aliases",
                )
            if chars > MAX_EXPANDED_CHARS:
                raise YamlProblem(
                    path,
                    None,
                    None,
                    f"the file expands to more than {MAX_EXPANDED_CHARS:,} characters of text "
                    "(anchors and aliases repeated; limit: expanded text)",
                    hint="write the values out instead of using &anchors and *aliases",
                )
        sizes[id(value)] = (nodes, chars)
        return nodes, chars

    walk(data, 0, ())


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if 0 <= line < len(lines) and 0 <= column < len(lines[line]):
        return lines[line][column]
    return ""


def parse(text: str, path: Path | str) -> Any:
    """Parse YAML text safely, raising :class:`YamlProblem` with the line of the problem."""
    try:
        data = _load(text)
    except yaml.MarkedYAMLError as e:
        raise _marked_problem(e, text, path) from None
    except yaml.reader.ReaderError as e:
        line = text.count("\n", 0, e.position) + 1
        column = e.position - (text.rfind("\n", 0, e.position) + 1) + 1
        raise YamlProblem(
            path,
            line,
            column,
            f"the file contains the control character U+{e.character:04X}, which YAML does not allow",
            hint="remove the character (it is invisible in most editors)",
        ) from None
    except yaml.YAMLError as e:
        raise YamlProblem(path, None, None, f"invalid YAML: {e}") from None
    except (ValueError, KeyError, TypeError, IndexError, OverflowError) as e:
        # PyYAML's constructors let these through for a scalar its resolver or an explicit tag
        # claims but cannot convert: `0x_` (an int by the regex), `!!float .`, `!!bool maybe`,
        # `!!map x`. Found by the property tests (tests/property/).
        at_line, at_column, value = _unconstructible(text)
        raise YamlProblem(
            path,
            at_line,
            at_column,
            f"the value {value!r} cannot be read as the type YAML takes it for"
            if value is not None
            else f"a value cannot be read ({type(e).__name__}: {e})",
            hint="put the value in quotes to keep it as text, or remove the !!tag",
        ) from None
    except RecursionError:
        deep = re.search(r"[\[{]{16,}", text)
        raise YamlProblem(
            path,
            text.count("\n", 0, deep.start()) + 1 if deep else None,
            None,
            f"nesting deeper than {MAX_DEPTH} levels",
            hint="agreement files are shallow; this looks like a generated or hostile file",
        ) from None
    _bound(data, text, path)
    return data


def _bound(data: Any, text: str, path: Path | str) -> None:
    """:func:`_check_shape` where it can find something (aliases, deep brackets, a long text),
    its problem pointed at a line: the long value's, the first alias, the first deep nesting."""
    if not (
        "&" in text or "*" in text or text.count("[") > MAX_DEPTH or len(text) > MAX_VALUE_CHARS
    ) or not isinstance(data, (dict, list, str)):
        return
    try:
        _check_shape(data, path)
    except _TooLong as e:
        from overens.store.line_marks import locate

        found = locate(text, e.where)
        raise YamlProblem(path, found[0] if found else None, None, e.problem, hint=e.hint) from None
    except YamlProblem as e:
        # The walk has no marks; point at the first alias, or at the first deeply nested line.
        needle = re.search(r"\*[A-Za-z0-9_-]+" if "expands" in e.problem else r"[\[{]{16,}", text)
        line = text.count("\n", 0, needle.start()) + 1 if needle else 1
        raise YamlProblem(path, line, None, e.problem, hint=e.hint) from None


def _marked_problem(e: yaml.MarkedYAMLError, text: str, path: Path | str) -> YamlProblem:
    """PyYAML's error with a mark, as a sentence with its line and a hint where one helps."""
    mark = e.problem_mark or e.context_mark
    problem = (e.problem or e.context or "invalid YAML").strip()
    if e.context and e.problem and not isinstance(e, _DuplicateKey):
        context = e.context.strip().replace(" in the stream", " in the file")
        if e.context_mark and e.problem_mark and e.context_mark.line != e.problem_mark.line:
            context += f" that starts at line {e.context_mark.line + 1}"
        problem = f"{problem} ({context})"
    hint = None
    if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        problem = f"a tab character is not allowed here ({problem})"
        hint = "YAML does not allow tabs for indentation; indent with spaces"
    elif "\t" in problem or "tab" in problem:
        hint = "YAML does not allow tabs for indentation; indent with spaces"
    elif isinstance(e, _DuplicateKey):
        hint = "remove one of the two, or merge their values"
    elif "mapping values are not allowed" in problem:
        hint = "quote the value if it contains ': ', or fix the indentation"
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    return YamlProblem(path, line, column, problem, hint=hint)


def _unconstructible(text: str) -> tuple[int | None, int | None, str | None]:
    """The line, column and text of the first node PyYAML parses but cannot construct."""
    try:
        root: Any = yaml.compose(text, Loader=Loader)
    except (yaml.YAMLError, RecursionError):
        return None, None, None
    todo = [root] if root is not None else []
    seen: set[int] = set()
    while todo:
        node = todo.pop(0)
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode) or node.tag not in (
            "tag:yaml.org,2002:map",
            "tag:yaml.org,2002:seq",
        ):
            try:
                Loader("").construct_object(node, deep=True)
            except Exception:  # noqa: BLE001 - any failure is what we are looking for
                value = node.value if isinstance(node, yaml.ScalarNode) else node.tag
                return node.start_mark.line + 1, node.start_mark.column + 1, str(value)
        if isinstance(node, yaml.MappingNode):
            todo.extend(n for pair in node.value for n in pair)
        elif isinstance(node, yaml.SequenceNode):
            todo.extend(node.value)
    return None, None, None


def load(path: Path) -> Any:
    """Read and parse one YAML file."""
    return parse(read_text(path), path)
