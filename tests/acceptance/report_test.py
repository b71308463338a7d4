"""`overens report`: a received annual report recorded as one commit, and seen by `check`."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import git, snapshot_tree
from coordinator_helpers import EXEMPEL, head_files
from overens.store import safe_yaml

ARGS = ["report", "demo", "foreningen-exempel", "--kind", "annual-report"]


def _annual(run_line, repo: Path, as_of: str) -> list[dict]:
    result = run_line(
        ["check", "--repo", repo, "--as-of", as_of, "--format", "json", "--rule", "annual-reports"]
    )
    return [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "annual-reports"]


def test_a_report_is_appended_committed_and_counted_by_check(run_line, demo_repo: Path) -> None:
    overdue = _annual(run_line, demo_repo, "2023-07-01")
    assert len(overdue) == 1 and "for 2022 (due 2023-06-30)" in overdue[0]["message"]
    before = safe_yaml.load(demo_repo / EXEMPEL)
    result = run_line(
        [*ARGS, "--year", "2022", "--received", "2023-06-20", "--reference", "DNR 2023/7",
         "--repo", demo_repo]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Föreningen Exempel sent a report to demo" in result.stdout
    assert "Årsberättelse (annual-report) for 2022, received 2023-06-20" in result.stdout
    after = safe_yaml.load(demo_repo / EXEMPEL)
    assert after["reports"] == [
        *before["reports"],
        {
            "year": 2022,
            "kind": "annual-report",
            "received": "2023-06-20",
            "evidence": {"reference": "DNR 2023/7"},
        },
    ]
    assert {k: v for k, v in after.items() if k != "reports"} == {
        k: v for k, v in before.items() if k != "reports"
    }
    assert head_files(demo_repo) == [EXEMPEL]
    body = git(demo_repo, "log", "-1", "--format=%B")
    assert body.startswith("report(demo): Föreningen Exempel, Årsberättelse 2022\n")
    assert "Report-year: 2022" in body and "Reference: DNR 2023/7" in body
    assert _annual(run_line, demo_repo, "2023-07-01") == []


def test_a_report_is_refused_with_nothing_written(run_line, demo_repo: Path) -> None:
    before = snapshot_tree(demo_repo)
    cases = {
        "--kind 'finance'": ["report", "demo", "foreningen-exempel", "--kind", "finance",
                             "--year", "2022", "--received", "2023-01-10"],
        "recorded already": [*ARGS, "--year", "2021", "--received", "2022-06-01"],
        "in the future": [*ARGS, "--year", "2022", "--received", "2999-01-01"],
        "owes no report for 2019": [*ARGS, "--year", "2019", "--received", "2020-01-10"],
        "cannot have been received": [*ARGS, "--year", "2024", "--received", "2023-05-01"],
        "no signatory 'Föreningen Exampel'": [
            "report", "demo", "Föreningen Exampel", "--kind", "annual-report", "--year", "2022"
        ],
    }  # fmt: skip
    for expected, args in cases.items():
        result = run_line([*args, "--repo", demo_repo])
        assert result.exit_code == 1, (expected, result.output)
        assert expected in result.stderr, (expected, result.stderr)
    assert snapshot_tree(demo_repo) == before


def test_report_dry_run_and_branch(run_line, demo_repo: Path) -> None:
    before = snapshot_tree(demo_repo)
    dry = run_line([*ARGS, "--year", "2022", "--dry-run", "--repo", demo_repo])
    assert dry.exit_code == 0 and "kind: annual-report" in dry.stdout
    branch = run_line([*ARGS, "--year", "2022", "--branch", "report-2022", "--repo", demo_repo])
    assert branch.exit_code == 0, branch.output
    assert "on the new branch report-2022" in branch.stdout
    assert snapshot_tree(demo_repo) == before
    assert head_files(demo_repo, "report-2022") == [EXEMPEL]
