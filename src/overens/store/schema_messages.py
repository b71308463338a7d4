"""A JSON Schema error as a coordinator reads it: where, what is wrong and how to fix it
(:func:`describe`), each unknown property at its own key with "did you mean"
(:func:`unknown_properties`). A contact person's value is never quoted. Imported only when a file
has an error (:func:`overens.store.schemas.iter_issues`)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from overens.model.shown import key_shown, quoted
from overens.store.schemas import SchemaIssue

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _allowed_properties(error: ValidationError) -> list[str]:
    props = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    return sorted(props)


class _Hidden:
    """Shown in place of a contact person's value: personal data stays out of findings ."""

    def __repr__(self) -> str:
        return "value not shown: personal data"


_PERSONAL = ("contact",)
"""Top-level keys whose values are personal data and are never quoted in a finding."""


def unknown_properties(error: ValidationError, path: tuple[str | int, ...]) -> list[SchemaIssue]:
    """One issue per unknown property of an object, each at its own key (jsonschema reports
    them all in one error)."""
    allowed = _allowed_properties(error)
    instance = error.instance if isinstance(error.instance, dict) else {}
    extra = [k for k in instance if k not in allowed] or ["?"]
    issues = []
    for key in extra:
        close = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else None
        if not close and allowed:
            hint = "allowed here: " + ", ".join(allowed)
        issues.append(
            SchemaIssue((*path, key), f"unknown property {key_shown(str(key))}", hint, True)
        )
    return issues


_Described = tuple[str, "str | None", str]
"""A schema error described: its message, a hint, and the rule it is reported under."""

_TYPE_NAMES = {
    "str": "string",
    "int": "integer",
    "float": "number",
    "dict": "mapping",
    "list": "list",
    "bool": "boolean",
    "NoneType": "empty",
}


def describe(error: ValidationError) -> SchemaIssue:
    """A jsonschema error as a coordinator reads it: where, what is wrong, how to fix it (a
    personal value is never quoted)."""
    path = tuple(error.absolute_path)
    instance: Any = _Hidden() if path[:1] and path[0] in _PERSONAL else error.instance
    where = key_shown(path[-1]) if path and isinstance(path[-1], str) else "the value"
    describe = _DESCRIBERS.get(str(error.validator), _other)
    message, hint, rule = describe(error, where, instance)
    return SchemaIssue(path, message, hint, False, rule)


def _required(error: ValidationError, where: str, instance: Any) -> _Described:
    missing = re.search(r"'([^']+)' is a required property", error.message)
    name = missing.group(1) if missing else "?"
    properties = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    sub = properties.get(name, {})
    if isinstance(sub, dict) and sub.get("description"):
        return (
            f"missing required property '{name}'",
            f"add '{name}': {sub['description']}",
            "schema",
        )
    return f"missing required property '{name}'", f"add '{name}'", "schema"


def _type(error: ValidationError, where: str, instance: Any) -> _Described:
    expected: Any = error.validator_value
    expected_text = " or ".join(expected) if isinstance(expected, list) else str(expected)
    actual = type(error.instance).__name__
    actual = _TYPE_NAMES.get(actual, actual)
    message = f"{where} must be {_a(expected_text)}, not {_a(actual)} ({quoted(instance)})"
    quote = expected == "string" and isinstance(error.instance, (int, float))
    return message, "put the value in quotes" if quote else None, "schema"


def _enum(error: ValidationError, where: str, instance: Any) -> _Described:
    value: Any = error.validator_value
    allowed_values = ", ".join(repr(v) for v in value)
    message = f"{where} is {quoted(instance)}, which is not one of {allowed_values}"
    close = difflib.get_close_matches(str(error.instance), [str(v) for v in value], n=1)
    return message, f"did you mean {close[0]!r}?" if close else None, "schema"


def _format(error: ValidationError, where: str, instance: Any) -> _Described:
    fmt: Any = error.validator_value
    rule, shown = "schema", instance
    cause = f": {error.cause}" if error.cause else ""
    if fmt == "se-org-number":
        from overens.model.personal_numbers import is_personal_number
        from overens.model.personal_numbers import mask as redact

        fmt, rule = "organisation number", "org-number-valid"
        if isinstance(shown, str) and is_personal_number(shown):
            shown = redact(shown)
    hint = "write a real calendar date as YYYY-MM-DD" if fmt == "date" else None
    return f"{where} is not a valid {fmt} ({quoted(shown)}){cause}", hint, rule


def _pattern(error: ValidationError, where: str, instance: Any) -> _Described:
    schema = error.schema if isinstance(error.schema, dict) else {}
    message = f"{where} ({quoted(instance)}) is not a valid {schema.get('title') or 'value'}"
    return message, schema.get("description") or f"it must match {error.validator_value}", "schema"


def _too_short(error: ValidationError, where: str, instance: Any) -> _Described:
    return f"{where} is empty or too short", "fill it in, or remove the key", "schema"


def _const(error: ValidationError, where: str, instance: Any) -> _Described:
    return f"{where} must be {error.validator_value!r}", None, "schema"


def _any_of(error: ValidationError, where: str, instance: Any) -> _Described:
    if not isinstance(error.instance, dict):
        return _other(error, where, instance)
    value: Any = error.validator_value
    options = [", ".join(opt.get("required", [])) for opt in value if isinstance(opt, dict)]
    return f"{where} needs one of: {' / '.join(options)}", None, "schema"


def _other(error: ValidationError, where: str, instance: Any) -> _Described:
    return f"{where}: {error.message}", None, "schema"


_DESCRIBERS: dict[str, Callable[[ValidationError, str, Any], _Described]] = {
    "required": _required,
    "type": _type,
    "enum": _enum,
    "format": _format,
    "pattern": _pattern,
    "minItems": _too_short,
    "minLength": _too_short,
    "minProperties": _too_short,
    "const": _const,
    "anyOf": _any_of,
}
