"""loader.load(documents=True): parsed, valid documents from the cache give the same result."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import PROJECT
from overens.constants import CACHE_DIR
from overens.store import documents_cache, loader, safe_yaml


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Two generated agreements, one of them with a schema error, a YAML error and a wrong id."""
    sys.path.insert(0, str(PROJECT / "bench"))
    import generate

    root = tmp_path / "repo"
    generate.generate(root, 2, 10, seed=9, git=False)
    files = sorted((root / "agreements").glob("*/signatories/*.yaml"))
    files[0].write_text(
        files[0].read_text(encoding="utf-8").replace("sector: ", "sector: x", 1), encoding="utf-8"
    )
    files[1].write_text("id: [unclosed\n", encoding="utf-8")
    files[2].write_text(
        files[2].read_text(encoding="utf-8").replace("id: ", "id: other-", 1), encoding="utf-8"
    )
    return root


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = safe_yaml.parse

    def counting(text: str, path: Any) -> Any:
        calls.append(str(path))
        return real(text, path)

    monkeypatch.setattr(safe_yaml, "parse", counting)
    return calls


def _same(a: loader.LoadResult, b: loader.LoadResult) -> None:
    assert a.findings.sorted() == b.findings.sorted()
    assert a.repository == b.repository


@pytest.mark.parametrize("which", ["generated", "shipped"])
def test_the_same_result_cold_and_warm(
    which: str, corpus: Path, shipped_repo: Path, parses: list[str]
) -> None:
    root = corpus if which == "generated" else shipped_repo
    reference = loader.load(root)
    assert not (root / CACHE_DIR).exists()
    files = len(parses)
    parses.clear()
    _same(loader.load(root, documents=True), reference)
    assert len(parses) == files
    parses.clear()
    _same(loader.load(root, documents=True), reference)
    invalid = {
        f.path
        for f in reference.findings
        if f.severity.value == "error" and f.rule in ("yaml", "schema")
    }
    assert set(parses) == invalid  # only files with findings are parsed again
    if which == "generated":
        assert invalid


def test_an_edited_file_is_parsed_again(corpus: Path, parses: list[str]) -> None:
    loader.load(corpus, documents=True)
    target = sorted((corpus / "agreements").glob("*/principles/*.yaml"))[0]
    target.write_text(
        target.read_text(encoding="utf-8").replace("title: ", "title: Ny ", 1), encoding="utf-8"
    )
    parses.clear()
    result = loader.load(corpus, documents=True)
    assert target.relative_to(corpus).as_posix() in parses
    _same(result, loader.load(corpus))


def test_a_forged_cache_is_ignored(corpus: Path) -> None:
    reference = loader.load(corpus)
    loader.load(corpus, documents=True)
    for path in (corpus / CACHE_DIR).glob("documents-*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for value in data["results"].values():
            value["name"] = "Forged"
        path.write_text(json.dumps(data), encoding="utf-8")
    _same(loader.load(corpus, documents=True), reference)


def test_only_data_json_gives_back_exactly_is_stored() -> None:
    assert documents_cache._exact_in_json({"a": [1, 2.5, True, None, "x", {"b": "c"}]})
    for value in (
        {1: "x"},
        {"a": (1, 2)},
        {"a": float("nan")},
        {"a": float("inf")},
        {"a": b"x"},
        {True: 1},
    ):
        assert not documents_cache._exact_in_json(value)
