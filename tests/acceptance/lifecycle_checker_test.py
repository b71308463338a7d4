"""Three checker defects, fixed, shown with the real CLI on tests/corpus/lifecycle-checker/.

Each defect has a test of what was right before the fix too (it must keep passing) and a test of
the fixed behaviour (docs/decisions/0800-lifecycle-model.md, "Phase B"): sector-admitted leaves
the agreement's own parties alone; validate reports every unknown property at its own line and a
bad date once; a file that fails to parse is reported once, without follow-on findings.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import init_repo
from lifecycle_corpus import CHECKER

SIGNATORY = "agreements/trasig/signatories/foreningen-trasig.yaml"
BROKEN_PRINCIPLE = "agreements/trasig/principles/01-dialog.yaml"


@pytest.fixture
def checker_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "checker"
    shutil.copytree(CHECKER, repo)
    return init_repo(repo)


def _findings(run_line: Any, args: list[str | Path]) -> list[dict[str, Any]]:
    result = run_line([*args, "--format", "json"])
    assert result.exit_code == 1, result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return found


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def _sector_findings(run_line: Any, repo: Path) -> set[str]:
    found = _findings(run_line, ["check", "bara-ideburna", "--repo", repo, "--as-of", "2022-01-01"])
    return {Path(f["file"]).name for f in found if f["rule"] == "sector-admitted"}


def test_sector_admitted_reports_a_public_joiner(run_line: Any, checker_repo: Path) -> None:
    assert "provby-kommun.yaml" in _sector_findings(run_line, checker_repo)


def test_sector_admitted_leaves_the_agreements_own_parties_alone(
    run_line: Any, checker_repo: Path
) -> None:
    assert _sector_findings(run_line, checker_repo) == {"provby-kommun.yaml"}


def _validate(run_line: Any, repo: Path) -> list[dict[str, Any]]:
    return _findings(run_line, ["validate", "--repo", repo])


def test_an_impossible_date_is_reported_once(run_line: Any, checker_repo: Path) -> None:
    line = _line_of(checker_repo / SIGNATORY, "2023-02-30")
    at_line = [
        f for f in _validate(run_line, checker_repo) if f["file"] == SIGNATORY and f["line"] == line
    ]
    assert len(at_line) == 1, at_line
    assert "not a valid date" in at_line[0]["message"]


def test_a_malformed_date_is_reported_once(run_line: Any, checker_repo: Path) -> None:
    line = _line_of(checker_repo / SIGNATORY, "2024-2-30")
    at_line = [
        f for f in _validate(run_line, checker_repo) if f["file"] == SIGNATORY and f["line"] == line
    ]
    assert len(at_line) == 1, at_line


def test_every_unknown_property_is_reported_at_its_line(run_line: Any, checker_repo: Path) -> None:
    found = _validate(run_line, checker_repo)
    unknown = {(f["line"], f["message"]) for f in found if "unknown property" in f["message"]}
    signatory = checker_repo / SIGNATORY
    assert unknown == {
        (_line_of(signatory, "kommun:"), "unknown property 'kommun'"),
        (_line_of(signatory, "hemsida:"), "unknown property 'hemsida'"),
    }


def test_a_file_that_does_not_parse_is_reported(run_line: Any, checker_repo: Path) -> None:
    found = _validate(run_line, checker_repo)
    line = _line_of(checker_repo / BROKEN_PRINCIPLE, "text:")
    assert [(f["rule"], f["line"]) for f in found if f["file"] == BROKEN_PRINCIPLE] == [
        ("yaml", line)
    ]


def test_a_file_that_does_not_parse_has_no_follow_on_findings(
    run_line: Any, checker_repo: Path
) -> None:
    found = _validate(run_line, checker_repo)
    trasig = [f for f in found if f["file"].startswith("agreements/trasig/")]
    assert [f["file"] for f in trasig if f["file"] != SIGNATORY] == [BROKEN_PRINCIPLE], trasig
