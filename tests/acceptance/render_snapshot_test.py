"""Snapshots of the Markdown and HTML of every shipped agreement and of the demo fixture."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURES, PROJECT
from snapshot_files import assert_matches_snapshot

SHIPPED = sorted(p.name for p in (PROJECT / "agreements").iterdir() if p.is_dir())
AS_OF = "2024-06-30"


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("agreement", SHIPPED)
def test_shipped_agreement_matches_snapshot(
    run_line, shipped_repo: Path, agreement: str, fmt: str
) -> None:
    result = run_line(
        ["render", agreement, "--format", fmt, "--as-of", AS_OF, "--repo", shipped_repo]
    )
    assert result.exit_code == 0, result.output
    assert_matches_snapshot(result.stdout, f"render/{agreement}.{fmt}")


@pytest.mark.parametrize(
    "variant",
    [[], ["--lang", "en"], ["--signing-sheet", "--rows", "3"]],
    ids=["sv", "en", "signing-sheet"],
)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_demo_matches_snapshot(run_line, demo_repo: Path, fmt: str, variant: list[str]) -> None:
    result = run_line(
        ["render", "demo", "--format", fmt, "--as-of", AS_OF, "--repo", demo_repo, *variant]
    )
    assert result.exit_code == 0, result.output
    suffix = "-".join(v.lstrip("-") for v in variant if not v.isdigit())
    assert_matches_snapshot(result.stdout, f"render/demo{'-' + suffix if suffix else ''}.{fmt}")


def test_fixture_is_the_demo_agreement() -> None:
    # The demo snapshots stand for a repository with bodies, terms and a signatory; keep it so.
    demo = FIXTURES / "repo" / "agreements" / "demo"
    assert (demo / "bodies").is_dir() and any((demo / "signatories").iterdir())


@pytest.mark.parametrize("agreement", SHIPPED)
def test_html_headings_and_tables_are_accessible(
    run_line, shipped_repo: Path, agreement: str
) -> None:
    html = run_line(
        ["render", agreement, "--format", "html", "--as-of", AS_OF, "--repo", shipped_repo]
    ).stdout
    assert re.search(r'<html lang="(sv|en)">', html)
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", html)]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"heading h{before} is followed by h{after}: a level is skipped"
    headers = re.findall(r"<th\b[^>]*>", html)
    assert headers and all('scope="col"' in th for th in headers)
    assert "<style>" in html and "<link" not in html and "<script" not in html  # self-contained
