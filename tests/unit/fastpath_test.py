"""The compiled fast path (jsonschema-rs) agrees with jsonschema, the reference.

``schema.iter_issues`` asks jsonschema-rs first and skips jsonschema only when it says "valid"; a
file it rejects is validated by jsonschema, whose errors are reported. So findings are identical
as long as jsonschema-rs never accepts what jsonschema rejects. These tests run both over every
example file (valid and invalid), the shipped agreements, the demo repository and a generated
corpus, and over thousands of mutations of valid documents, and compare their verdicts.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, PROJECT
from overens.store import safe_yaml, schemas

EXAMPLES = PROJECT / "tests" / "examples"
_FOLDER_KIND = {"principles": "principle", "signatories": "signatory", "bodies": "body"}


def _kind_of(path: Path) -> str:
    if path.name == "agreement.yaml":
        return "agreement"
    return _FOLDER_KIND[path.parent.name]


def _documents() -> list[tuple[str, str, Any]]:
    """(label, kind, data) for every YAML file of the corpora that parses to a mapping."""
    files: list[tuple[Path, str]] = [
        (p, p.parent.name) for p in sorted(EXAMPLES.glob("*/*/*.yaml"))
    ]
    for base in (PROJECT / "agreements", FIXTURES / "repo" / "agreements"):
        files += [(p, _kind_of(p)) for p in sorted(base.glob("*/**/*.yaml"))]
    docs = []
    for path, kind in files:
        try:
            data = safe_yaml.load(path)
        except safe_yaml.YamlProblem:
            continue
        docs.append((path.relative_to(PROJECT).as_posix(), kind, data))
    return docs


DOCUMENTS = _documents()


def _verdicts(kind: str, data: Any) -> tuple[bool, bool]:
    reference = schemas.validator(kind).is_valid(data)
    return schemas.fast_is_valid(kind, data), reference


def test_the_corpus_holds_valid_and_invalid_documents_of_every_kind() -> None:
    kinds = {(kind, _verdicts(kind, data)[1]) for _, kind, data in DOCUMENTS}
    assert kinds == {
        (k, v) for k in ("agreement", "principle", "signatory", "body") for v in (True, False)
    }


@pytest.mark.parametrize(("label", "kind", "data"), DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_identical_verdicts_on_the_corpus(label: str, kind: str, data: Any) -> None:
    fast, reference = _verdicts(kind, data)
    assert fast == reference


def test_identical_verdicts_on_a_generated_corpus(tmp_path: Path) -> None:
    sys.path.insert(0, str(PROJECT / "bench"))
    import generate

    generate.generate(tmp_path / "c", 3, 40, seed=11, git=False)
    files = sorted((tmp_path / "c" / "agreements").glob("*/**/*.yaml"))
    assert len(files) > 120
    for path in files:
        kind = _kind_of(path)
        assert _verdicts(kind, safe_yaml.load(path)) == (True, True), path


# Values that stress where two validators could differ: types (bool vs integer, float vs
# integer), empty values, a trailing newline against `$`, impossible dates, checksums, e-mail and
# URI formats, non-ASCII, and a mapping with a non-string key.
_PROBES: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    1.0,
    1.5,
    2200,
    1989,
    "",
    " ",
    "x",
    "abc\n",
    "a-b",
    "A",
    "a--b",
    "2021-02-15",
    "2021-02-30",
    "2021-2-15",
    "20210215",
    "2021-02-15\n",
    "802004-6895",
    "802004-6896",
    "8020046895",
    "198001011234",
    "1980-01-01",
    "bertil@example.se",
    "not an email",
    "a@b",
    "a@localhost",
    "https://www.example.se",
    "https://",
    "http://x y.se",
    "ftp://example.se",
    "1",
    "1.1",
    "1.",
    "v1",
    "ideburen",
    "offentlig",
    "Idéburen",
    "0" * 64,
    "g" * 64,
    "ä" * 81,
    [],
    [1],
    ["x"],
    {},
    {"x": 1},
    {1: "x"},
]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


# For prose and for whole lists and mappings, a few probes say as much as all of them.
_FEW_PROBES: list[Any] = [None, True, 1, "", "abc\n", [], {}, {1: "x"}]


def _value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def _mutations(data: dict[str, Any]) -> Iterator[Any]:
    for path in _paths(data):
        if not path:
            continue
        original = _value_at(data, path)
        prose = isinstance(original, str) and len(original) > 30
        for probe in _FEW_PROBES if prose or isinstance(original, (dict, list)) else _PROBES:
            mutated = copy.deepcopy(data)
            parent = mutated
            for step in path[:-1]:
                parent = parent[step]
            parent[path[-1]] = probe
            yield mutated
        mutated = copy.deepcopy(data)
        parent = mutated
        for step in path[:-1]:
            parent = parent[step]
        del parent[path[-1]]
        yield mutated
        if isinstance(parent, dict):
            extra = copy.deepcopy(data)
            target = extra
            for step in path[:-1]:
                target = target[step]
            target["unexpected_key"] = "x"
            yield extra


VALID = [
    (label, kind, data)
    for label, kind, data in DOCUMENTS
    if label.startswith("tests/examples/valid/")
]


@pytest.mark.parametrize(("label", "kind", "data"), VALID, ids=[d[0] for d in VALID])
def test_the_fast_path_never_accepts_what_jsonschema_rejects(
    label: str, kind: str, data: Any
) -> None:
    tried = accepted_by_both = 0
    stricter: list[Any] = []
    for mutated in _mutations(data):
        fast, reference = _verdicts(kind, mutated)
        tried += 1
        assert not (fast and not reference), (
            f"jsonschema-rs accepted what jsonschema rejects: {mutated!r}"
        )
        accepted_by_both += fast and reference
        if reference and not fast:
            stricter.append(mutated)
    assert tried > 50 and accepted_by_both > 0
    # Where jsonschema-rs is stricter, jsonschema decides (and finds nothing): no finding changes.
    for mutated in stricter:
        assert list(schemas.iter_issues(kind, mutated)) == []
