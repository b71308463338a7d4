"""The lifecycle corpus (tests/corpus/lifecycle/) read with plain libraries, not with overens.

Its schema tests read it the way the schemas alone describe it, independently of the loader:
PyYAML with dates kept as strings, the shipped schemas loaded straight from schemas/ (each file
self-contained: docs/decisions/0008-portable-schemas.md), and a jsonschema validator with an
explicit format checker, as ``overens.store.schemas`` builds its own.

The canonical text and its hash are overens's own (:mod:`overens.model.canonical`, where the rule
of what is text and what is record lives: docs/decisions/0800-lifecycle-model.md).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from stdnum.se import orgnr

PROJECT = Path(__file__).resolve().parents[1]
SCHEMAS = PROJECT / "schemas"
CORPUS = Path(__file__).resolve().parent / "corpus"
LIFECYCLE = CORPUS / "lifecycle"
CHECKER = CORPUS / "lifecycle-checker"

KIND_BY_FOLDER = {
    "principles": "principle",
    "signatories": "signatory",
    "bodies": "body",
    "plans": "plan",
    "events": "events",
}
"""The schema (``<kind>.schema.json``) of a file in each folder of an agreement."""


class _Loader(yaml.SafeLoader):
    """Safe loading with dates kept as strings, as overens's own YAML module does."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_str)


def read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def _is_date(value: object) -> bool:
    if isinstance(value, str):
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            return False
        dt.date.fromisoformat(value)
    return True


def _is_org_number(value: object) -> bool:
    if isinstance(value, str):
        digits = re.sub(r"[\s-]", "", value)[-10:]
        # An organisation number has 20 or more in its "month" digits; a personal number does not.
        if int(digits[2:4]) < 20 or not orgnr.is_valid(digits):
            raise ValueError(f"{value} is not a valid organisation number")
    return True


def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or bool(re.fullmatch(r"https?://[^\s/]+\S*", value))


def _is_email(value: object) -> bool:
    return not isinstance(value, str) or bool(re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", value))


def _is_regex(value: object) -> bool:
    if isinstance(value, str):
        re.compile(value)
    return True


@cache
def format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    for name, check in (
        ("date", _is_date),
        ("se-org-number", _is_org_number),
        ("uri", _is_uri),
        ("email", _is_email),
        ("regex", _is_regex),
    ):
        checker.checks(name, raises=(ValueError, re.error))(check)
    return checker


@cache
def schemas() -> dict[str, dict[str, Any]]:
    """Every schema in schemas/, by kind (``agreement``, ``plan``, ...), metaschema-checked."""
    found = {}
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(document)
        found[path.name.removesuffix(".schema.json")] = document
    return found


@cache
def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(schemas()[kind], format_checker=format_checker())


def kind_of(path: Path) -> str:
    """The schema kind of a file in an agreements repository."""
    if path.name == "agreement.yaml":
        return "agreement"
    return KIND_BY_FOLDER[path.parent.name]


def repository_files(root: Path) -> Iterator[Path]:
    """Every YAML file of every agreement under ``root``/agreements."""
    yield from sorted((root / "agreements").glob("*/agreement.yaml"))
    for folder in KIND_BY_FOLDER:
        yield from sorted((root / "agreements").glob(f"*/{folder}/*.yaml"))


def errors(path: Path) -> list[str]:
    """Every schema error in one file, as ``json.path: message``."""
    data = read_yaml(path)
    found = validator(kind_of(path)).iter_errors(data)
    return [f"{'.'.join(map(str, e.absolute_path)) or '$'}: {e.message}" for e in found]


def agreement_text_sha256(folder: Path) -> str:
    """The text hash of the agreement held in ``folder``: overens's canonical rule."""
    from overens.model.canonical import text_sha256

    principles = [read_yaml(p) for p in sorted((folder / "principles").glob("*.yaml"))]
    return text_sha256(read_yaml(folder / "agreement.yaml"), principles)
