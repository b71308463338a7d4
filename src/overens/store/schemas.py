"""JSON Schema: the only module that imports jsonschema (style.md §6).

Schemas are checked against their metaschema before use, formats are enforced by an explicit
format checker, and every error is collected with ``iter_errors``. Each shipped schema is one
self-contained file with only standard keywords, so that any validator and editor takes it
(docs/decisions/0008-portable-schemas.md); overens adds its own format for the organisation
number's checksum to the copy it validates with (:func:`_add_own_formats`).

jsonschema is imported only when it is asked for a verdict or a message: a file the compiled
fast path accepts, with schemas the compiled metaschema check accepts, never needs it
(docs/decisions/0701-render-after-a-change.md).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from overens.constants import SCHEMA_FILES
from overens.errors import SchemaError
from overens.resources import shipped_dir

if TYPE_CHECKING:
    from collections.abc import Callable

    from jsonschema import Draft202012Validator, FormatChecker

_FORMATS: dict[str, Callable[[object], bool]] = {}
"""The formats overens enforces, by name: each returns True or raises ValueError saying why not."""


def _checks(name: str) -> Callable[[Callable[[object], bool]], Callable[[object], bool]]:
    def register(check: Callable[[object], bool]) -> Callable[[object], bool]:
        _FORMATS[name] = check
        return check

    return register


@cache
def _format_checker() -> FormatChecker:
    """jsonschema's format checker with exactly :data:`_FORMATS` (and none of its own)."""
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    for name, check in _FORMATS.items():
        checker.checks(name, raises=ValueError)(check)
    return checker


@_checks("date")
def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return False
    _dt.date.fromisoformat(value)
    return True


_PLAIN_EMAIL = re.compile(
    r"(?=.{6,254}$)(?=[^@]{1,64}@)[A-Za-z0-9]+(?:[._+-][A-Za-z0-9]+)*"
    r"@(?:(?=[A-Za-z0-9-]{1,63}\.)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\.)+"
    r"(?!(?i:arpa|invalid|local|localhost|onion|test)$)[A-Za-z]{2,24}"
)
"""An address of the plainest form (letters, digits and single dots, hyphens, underscores or
plus signs between them; a domain of labels of letters and digits with single hyphens between
them, under a top-level domain of letters, none of the special-use names): every one is valid to email_validator, so it is accepted without
importing that (0.02 s and its regular expressions, in a render after one signatory changed).
tests/property/email_shortcut_test.py holds it to email_validator."""


@_checks("email")
def _is_email(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if _PLAIN_EMAIL.fullmatch(value):
        return True
    # Imported here: email_validator pulls in dnspython, which `overens --help` must not pay for.
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as e:
        raise ValueError(str(e)) from None
    return True


@_checks("uri")
def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    if not parts.scheme or not parts.netloc or " " in value:
        raise ValueError("not an absolute address such as https://www.example.se")
    return True


@_checks("se-org-number")
def _is_org_number(value: object) -> bool:
    if not isinstance(value, str):
        return True
    from overens.model.identity import org_number_problem

    problem = org_number_problem(value)
    if problem:
        raise ValueError(problem)
    return True


@_checks("regex")
def _is_regex(value: object) -> bool:
    # Rule parameters (checks.placeholders.params.patterns) are Python regular expressions.
    if not isinstance(value, str):
        return True
    try:
        re.compile(value)
    except re.error as e:
        raise ValueError(f"not a valid regular expression: {e}") from None
    return True


@dataclass(frozen=True, slots=True)
class SchemaIssue:
    """One schema violation, as data: where in the document, what, and a hint."""

    json_path: tuple[str | int, ...]
    message: str
    hint: str | None
    points_at_key: bool
    """True when the finding concerns a key (an unexpected property), not a value."""
    rule: str = "schema"
    """``schema`` for what the published schema says; ``org-number-valid`` for overens's own
    check of an organisation number (its check digit; not a personal identity number)."""


def _load_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise SchemaError(f"{path}: cannot read the schema: {e}") from None
    if not isinstance(data, dict):
        raise SchemaError(f"{path}: a schema must be a JSON object")
    return data


@cache
def schemas(directory: Path | None = None) -> dict[str, dict[str, Any]]:
    """Load and metaschema-check every schema, keyed by kind (agreement, principle, ...)."""
    folder = directory or shipped_dir("schemas")
    loaded = {}
    for kind, name in SCHEMA_FILES.items():
        schema = _load_json(folder / name)
        if not _fast_meta_valid(schema):
            import jsonschema

            cls = jsonschema.validators.validator_for(schema)
            try:
                cls.check_schema(schema)
            except jsonschema.SchemaError as e:
                raise SchemaError(f"{folder / name}: the schema is invalid: {e.message}") from None
        _add_own_formats(schema)
        loaded[kind] = schema
    return loaded


def _add_own_formats(schema: dict[str, Any]) -> None:
    """Add overens's own format to the organisation number's definition, in the copy overens
    validates with. The published schema says only what every validator can check (a pattern);
    a custom ``format`` there makes strict validators (ajv) refuse the schema, and no other tool
    knows the checksum anyway."""
    definition = schema.get("$defs", {}).get("org_number")
    if isinstance(definition, dict):
        definition["format"] = "se-org-number"


def _fast_meta_valid(schema: dict[str, Any]) -> bool:
    """True when jsonschema-rs finds the schema valid against its metaschema; False means "ask
    jsonschema", whose ``check_schema`` is the reference and gives the message (it takes
    0.05-0.15 s, jsonschema-rs under 1 ms). The shipped schemas pass both (tests/unit/schema_test.py)."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a platform without a jsonschema-rs wheel
        return False
    try:
        return bool(jsonschema_rs.meta.is_valid(schema))
    except (ValueError, TypeError, jsonschema_rs.ReferencingError):
        return False


@cache
def validator(kind: str, directory: Path | None = None) -> Draft202012Validator:
    """A validator for one kind of file, with formats enforced (its ``$ref``s are all local)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schemas(directory)[kind], format_checker=_format_checker())


# --------------------------------------------------------------------------- the fast path


def _conforms(name: str) -> Any:
    # The format checkers are pure functions of the string; dates in particular repeat a lot.
    # The verdict is FormatChecker.conforms's: False when the check raises ValueError or is falsy.
    known: dict[object, bool] = {}
    test = _FORMATS[name]

    def check(value: object) -> bool:
        verdict = known.get(value)
        if verdict is None:
            try:
                verdict = bool(test(value))
            except ValueError:
                verdict = False
            if len(known) < 100_000:
                known[value] = verdict
        return verdict

    return check


@cache
def _fast_validator(kind: str, directory: Path | None = None) -> Any:
    """A compiled jsonschema-rs validator for ``kind``, or None where jsonschema-rs is missing.

    It enforces the same formats by calling the very checkers jsonschema uses (custom formats
    replace jsonschema-rs's own), and never fetches (every ``$ref`` is local).
    docs/decisions/0501-compiled-fast-path.md says why its verdict can be trusted for valid files.
    """
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a platform without a jsonschema-rs wheel
        return None
    formats = {name: _conforms(name) for name in _FORMATS}
    return jsonschema_rs.validator_for(
        schemas(directory)[kind],
        validate_formats=True,
        formats=formats,
        ignore_unknown_formats=True,
        offline=True,
    )


def fast_is_valid(kind: str, data: Any, directory: Path | None = None) -> bool:
    """True when the compiled validator accepts ``data``; False means "ask jsonschema".

    Only the True verdict is used: a document it rejects (or cannot take, such as a mapping with
    a non-string key) is validated again by jsonschema, the reference, whose errors are reported.
    """
    fast = _fast_validator(kind, directory)
    if fast is None:
        return False
    try:
        return bool(fast.is_valid(data))
    except (ValueError, TypeError, OverflowError, RecursionError):
        return False


def iter_issues(kind: str, data: Any, directory: Path | None = None) -> Iterator[SchemaIssue]:
    """Every schema violation in ``data``, in document order."""
    if fast_is_valid(kind, data, directory):
        return
    from overens.store.schema_messages import describe, unknown_properties

    errors = sorted(
        validator(kind, directory).iter_errors(data),
        key=lambda e: [str(p) for p in e.absolute_path],
    )
    # A value of the wrong type also fails its enum or pattern, and a value that fails its format
    # (an impossible date, an organisation number's checksum) fails the pattern that spells it out
    # for other validators too: say the first thing only, once per value.
    wrong_type = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    bad_format = {tuple(e.absolute_path) for e in errors if e.validator == "format"}
    for error in errors:
        where = tuple(error.absolute_path)
        if error.validator != "type" and where in wrong_type:
            continue
        if error.validator == "pattern" and where in bad_format:
            continue
        if error.validator == "additionalProperties":
            yield from unknown_properties(error, where)
            continue
        yield describe(error)


def is_valid(kind: str, data: Any, directory: Path | None = None) -> bool:
    """True when ``data`` is valid (no issues)."""
    return fast_is_valid(kind, data, directory) or validator(kind, directory).is_valid(data)


def warm_up() -> None:
    """Load, compile and import everything a verdict needs, once: forked workers
    (:mod:`overens.store.workers`) then start with it ready."""
    schemas()  # the cache of schemas() tells schemas() from schemas(None): both are used
    for kind in SCHEMA_FILES:
        validator(kind)
        _fast_validator(kind)
    is_valid("signatory", {"contact": {"email": "x@example.se"}})  # imports email_validator once
