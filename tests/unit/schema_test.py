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
    assert document["$id"].endswith("/" + path.name)


def _properties(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
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
            if "properties" in node and node.get("additionalProperties") is not False:
                loose.append(where)
            for key, value in node.items():
                if key != "if":
                    walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    walk(document, path.name)
    assert loose == []


def test_cross_file_refs_resolve_and_formats_are_enforced() -> None:
    data = {
        "id": "x",
        "name": "X",
        "sector": "ideburen",
        "org_number": "802004-6893",
        "memberships": [{"signed": {"version": "1", "date": "2023-02-30"}}],
    }
    messages = [i.message for i in schemas.iter_issues("signatory", data)]
    assert any("organisation number" in m for m in messages), messages
    assert any("not a valid date" in m for m in messages), messages
