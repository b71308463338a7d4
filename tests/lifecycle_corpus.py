"""The lifecycle corpus (tests/corpus/lifecycle/) read with plain libraries, not with overens.

The corpus uses fields the loader does not read yet (docs/decisions/0800-lifecycle-model.md), so
its tests read it the way the schemas alone describe it: PyYAML with dates kept as strings, the
shipped schemas loaded straight from schemas/ into a ``referencing`` registry by ``$id``, and a
jsonschema validator with an explicit format checker, as ``overens.schema`` builds its own.

The canonical text and its hash follow the design's rule: what ``overens.canonical`` hashes today,
minus the record keys the design adds (:data:`RECORD_KEYS`, :func:`record_free`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
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

NON_TEXT_KEYS = frozenset({"version", "revisions", "checks", "sources"})
"""Top-level keys ``overens.canonical`` leaves out of the text today."""

RECORD_KEYS = frozenset({"succession", "governance", "counts"})
"""Top-level keys the design adds that record facts about the agreement, not its text."""

ADOPTION_RECORD_KEYS = frozenset({"reference", "paragraph", "decisions"})
PARTY_RECORD_KEYS = frozenset({"kind", "signatory", "joined"})


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
    registry: Registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s, default_specification=DRAFT202012))
        for s in schemas().values()
    )
    return Draft202012Validator(schemas()[kind], registry=registry, format_checker=format_checker())


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


def record_free(agreement: dict[str, Any]) -> dict[str, Any]:
    """The agreement mapping as the design hashes it: without its record keys.

    A party that joined after adoption is left out whole (its joining does not change what the
    others signed); every party loses its kind and signatory link, the adoption its registry
    number, paragraph and per-party decisions.
    """
    text = {k: v for k, v in agreement.items() if k not in NON_TEXT_KEYS | RECORD_KEYS}
    if isinstance(text.get("adopted"), dict):
        adopted = {k: v for k, v in text["adopted"].items() if k not in ADOPTION_RECORD_KEYS}
        if adopted:
            text["adopted"] = adopted
        else:
            del text["adopted"]
    text["parties"] = [
        {k: v for k, v in p.items() if k not in PARTY_RECORD_KEYS}
        for p in agreement.get("parties", [])
        if "joined" not in p
    ]
    return text


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    return value


def text_sha256(agreement: dict[str, Any], principles: list[dict[str, Any]]) -> str:
    """The design's text hash: overens's canonical form of the record-free agreement."""
    ordered = sorted(principles, key=lambda p: (p.get("number", 0), str(p.get("id", ""))))
    document = _nfc({"agreement": record_free(agreement), "principles": ordered})
    data = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def agreement_text_sha256(folder: Path) -> str:
    """The design's text hash of the agreement held in ``folder``."""
    principles = [read_yaml(p) for p in sorted((folder / "principles").glob("*.yaml"))]
    return text_sha256(read_yaml(folder / "agreement.yaml"), principles)
