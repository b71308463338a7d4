"""Helpers for the `overens check` tests: run the real CLI on a real repository, read its JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, init_repo

DEMO = "agreements/demo"
AGREEMENT = f"{DEMO}/agreement.yaml"
SIGNATORY = f"{DEMO}/signatories/foreningen-exempel.yaml"
MEMBERS = f"{DEMO}/bodies/arbetsgrupp.yaml"


_TEMPLATE: list[Path] = []


def copy_demo_repo(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """conftest's `demo_repo` (a real git repository holding tests/fixtures/repo), built once and copied.

    Copying the repository with its .git is a tenth of the cost of `git init`/`add`/`commit`
    for every test, and gives the same repository.
    """
    if not _TEMPLATE:
        template = tmp_path_factory.mktemp("demo-template") / "repo"
        shutil.copytree(FIXTURES / "repo", template)
        _TEMPLATE.append(init_repo(template))
    repo = tmp_path / "repo"
    shutil.copytree(_TEMPLATE[0], repo, symlinks=True)
    return repo


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) by ``new`` in a real file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_checks(repo: Path, yaml_block: str) -> None:
    """Append a `checks:` mapping (YAML text, indented two spaces) to the demo agreement."""
    path = repo / AGREEMENT
    path.write_text(path.read_text(encoding="utf-8") + "checks:\n" + yaml_block, encoding="utf-8")


def line_of(path: Path, needle: str, start: int = 1) -> int:
    """The 1-based number of the first line at or after ``start`` that holds ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if number >= start and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def check_json(run_line: Any, repo: Path, *args: str) -> dict[str, Any]:
    """`overens check --format json` on ``repo``; the exit code must agree with the findings."""
    result = run_line(["check", "--repo", repo, "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    assert (result.exit_code == 1) == doc["summary"]["failed"], result.output
    return doc


def found(run_line: Any, repo: Path, rule: str, as_of: str, *args: str) -> list[dict[str, Any]]:
    """The findings of one rule on ``as_of`` (validation findings left out)."""
    doc = check_json(run_line, repo, "--rule", rule, "--as-of", as_of, *args)
    return [f for f in doc["findings"] if f["rule"] == rule]


def at(findings: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """(file, line) of each finding."""
    return [(f["file"], f["line"]) for f in findings]
