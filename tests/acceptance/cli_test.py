from __future__ import annotations

from pathlib import Path

from overens import __version__


def test_version(run_line) -> None:
    result = run_line(["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"overens {__version__}\n"


def test_fixture_repo_validates_clean(run_line, demo_repo: Path) -> None:
    result = run_line(["validate", "--repo", demo_repo])
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings in 5 files" in result.stderr
