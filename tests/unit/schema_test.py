"""The shipped schemas: valid against the metaschema, and documented property by property."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from overens.resources import shipped_dir
from overens.store import schemas

SCHEMA_FILES = sorted(shipped_dir("schemas").glob("*.schema.json"))


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_is_valid_against_metaschema(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(document)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    # No $id: a schema is identified by where it is (the modelines name it by a relative path),
    # and tools resolve nothing against a URL that serves nothing (docs/decisions/0008).
    assert "$id" not in document


def _nodes(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


STANDARD_FORMATS = {"date", "email", "uri", "regex"}
"""The formats the schemas use: all of them in the JSON Schema vocabulary (and ajv-formats)."""


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_is_self_contained_with_standard_keywords_only(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    refs = [n["$ref"] for n in _nodes(document) if "$ref" in n]
    assert refs, "the schema uses its $defs"
    assert [r for r in refs if not r.startswith("#/$defs/")] == []
    defined = set(document.get("$defs", {}))
    assert {r.removeprefix("#/$defs/") for r in refs} <= defined
    formats = {n["format"] for n in _nodes(document) if isinstance(n.get("format"), str)}
    assert formats <= STANDARD_FORMATS


def test_shared_definitions_are_the_same_in_every_schema() -> None:
    """Each schema carries the definitions it uses; a definition two schemas share is one text."""
    seen: dict[str, tuple[str, Any]] = {}
    differ = []
    for path in SCHEMA_FILES:
        for name, definition in (
            json.loads(path.read_text(encoding="utf-8")).get("$defs", {}).items()
        ):
            first = seen.setdefault(name, (path.name, definition))
            if first[1] != definition:
                differ.append(f"$defs/{name}: {first[0]} and {path.name}")
    assert differ == []
    assert {"date", "slug", "text"} <= set(seen)  # shared by more than one schema


def _properties(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    # A `true` schema defines nothing: it names a property that a `required` beside it asks for
    # (inside an anyOf or a then), which ajv's strict mode wants to see named there.
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            if sub is not True:
                yield f"{where}.{name}", sub
        for key, value in node.items():
            if key != "if":  # a condition names properties; it does not define them
                yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{where}[{i}]")


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_property_has_title_and_description(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    undocumented = [
        where
        for where, sub in _properties(document, path.name)
        if not (isinstance(sub, dict) and sub.get("title") and sub.get("description"))
    ]
    assert undocumented == []


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_object_forbids_unknown_properties(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    loose = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            named = [s for s in node.get("properties", {}).values() if s is not True]
            if named and node.get("additionalProperties") is not False:
                loose.append(where)
            for key, value in node.items():
                if key != "if":
                    walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    walk(document, path.name)
    assert loose == []


def test_refs_resolve_and_formats_are_enforced() -> None:
    data = {
        "id": "x",
        "name": "X",
        "sector": "ideburen",
        "org_number": "802004-6893",
        "memberships": [{"signed": {"version": "1", "date": "2023-02-30"}}],
    }
    issues = list(schemas.iter_issues("signatory", data))
    by_rule = {(i.rule, i.message) for i in issues}
    message = (
        "'org_number' is not a valid organisation number ('802004-6893'): the check digit is wrong "
        "(the Luhn checksum fails); check for a typing error"
    )
    assert ("org-number-valid", message) in by_rule, issues
    assert any(rule == "schema" and "not a valid date" in m for rule, m in by_rule), issues


def test_the_checksum_is_overens_own_check_not_the_published_schema() -> None:
    """The organisation number's checksum is added to the copy overens validates with; the file
    other tools read has only the pattern."""
    published = json.loads(
        (shipped_dir("schemas") / "signatory.schema.json").read_text(encoding="utf-8")
    )
    assert "format" not in published["$defs"]["org_number"]
    assert schemas.schemas()["signatory"]["$defs"]["org_number"]["format"] == "se-org-number"
    good = {
        "id": "x",
        "name": "X",
        "sector": "ideburen",
        "org_number": "802004-6895",
        "memberships": [{"signed": {"version": "1"}}],
    }
    assert schemas.is_valid("signatory", good)
    assert not schemas.is_valid("signatory", {**good, "org_number": "802004-6894"})
    assert not schemas.fast_is_valid("signatory", {**good, "org_number": "802004-6894"})


def test_every_modeline_in_the_repository_names_a_schema_that_is_there() -> None:
    """Every YAML file with a `# yaml-language-server: $schema=` line names a shipped schema by a
    relative path that resolves (the scaffold's modelines resolve in a repository made by `init`,
    tests/acceptance/init_test.py)."""
    import re
    import subprocess

    from conftest import PROJECT

    listed = subprocess.run(
        ["git", "ls-files", "*.yaml"], cwd=PROJECT, capture_output=True, text=True, check=True
    ).stdout.split()
    schemas = {p.resolve() for p in SCHEMA_FILES}
    wrong, seen = [], 0
    for rel in listed:
        path = PROJECT / rel
        if "scaffold" in path.parts or not path.is_file():
            continue
        match = re.match(rb"# yaml-language-server: \$schema=(\S+)\n", path.read_bytes())
        if match:
            seen += 1
            target = match.group(1).decode()
            if (
                "://" in target
                or target.startswith("/")
                or (path.parent / target).resolve() not in schemas
            ):
                wrong.append(f"{rel}: {target}")
    assert seen > 40
    assert wrong == []


def test_the_date_pattern_is_the_calendar() -> None:
    """The `date` definition's pattern accepts exactly the real days (leap years too), so that a
    validator that takes `format` as an annotation only still refuses 2023-02-30."""
    import datetime as dt
    import re

    pattern = re.compile(
        json.loads((shipped_dir("schemas") / "body.schema.json").read_text(encoding="utf-8"))[
            "$defs"
        ]["date"]["pattern"]
    )
    wrong = []
    for year in range(1600, 2401):
        for month in range(1, 13):
            for day in range(33):
                text = f"{year:04d}-{month:02d}-{day:02d}"
                try:
                    dt.date(year, month, day)
                    real = True
                except ValueError:
                    real = False
                if bool(pattern.fullmatch(text)) != real:
                    wrong.append(text)
    assert wrong == []
    assert not pattern.fullmatch("2023-2-3") and not pattern.fullmatch("2023-02-03x")


def test_an_impossible_date_is_said_once() -> None:
    data = {
        "id": "x",
        "name": "X",
        "sector": "ideburen",
        "memberships": [{"signed": {"version": "1", "date": "2023-02-30"}}],
    }
    assert [(i.json_path, i.rule) for i in schemas.iter_issues("signatory", data)] == [
        (("memberships", 0, "signed", "date"), "schema")
    ]
