"""Rendered HTML checked with outside tools: the Nu HTML Checker and a real headless Chromium.

`.ci/install-tools` installs both. The tests skip when a tool is absent on a developer's machine,
and fail under CI (CI=true), where a skip would hide that nothing was checked.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT
from outside_tools import require_tool, tool_env
from overens.store.loader import load
from pdf_checks import assert_a4_with_titles, chromium_or_skip, chromium_print

pytestmark = pytest.mark.slow

SHIPPED = sorted(p.name for p in (PROJECT / "agreements").iterdir() if p.is_dir())
VNU_JAR = PROJECT / "tests" / ".cache" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _render_all_html(run_line, repo: Path, demo: Path, out: Path) -> list[Path]:
    result = run_line(
        [
            "render",
            "--all",
            "--format",
            "html",
            "--output",
            out,
            "--as-of",
            "2024-06-30",
            "--repo",
            repo,
        ]
    )
    assert result.exit_code == 0, result.output
    for name, args in [
        ("signing-sheet", [SHIPPED[0], "--signing-sheet", "--rows", "25", "--repo", repo]),
        ("demo-en-contacts", ["demo", "--lang", "en", "--include-contacts", "--repo", demo]),
    ]:
        other = run_line(["render", *args, "--format", "html", "--output", out / f"{name}.html"])
        assert other.exit_code == 0, other.output
    return sorted(out.glob("*.html"))


def test_html_of_every_shipped_agreement_passes_the_nu_html_checker(
    run_line, shipped_repo: Path, demo_repo: Path, tmp_path: Path
) -> None:
    require_tool(shutil.which("java"), "Java")
    require_tool(VNU_JAR.is_file(), f"the Nu HTML Checker ({VNU_JAR.relative_to(PROJECT)})")
    files = _render_all_html(run_line, shipped_repo, demo_repo, tmp_path / "out")
    assert len(files) == len(SHIPPED) + 2
    proc = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        env=tool_env(tmp_path),
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, f"vnu reported errors:\n{proc.stderr}{proc.stdout}"


@pytest.mark.parametrize("agreement", SHIPPED)
def test_chromium_prints_the_html_to_an_a4_pdf(
    run_line, shipped_repo: Path, tmp_path: Path, agreement: str
) -> None:
    chromium = chromium_or_skip()
    html = tmp_path / f"{agreement}.html"
    result = run_line(
        [
            "render",
            agreement,
            "--format",
            "html",
            "--output",
            html,
            "--as-of",
            "2024-06-30",
            "--repo",
            shipped_repo,
        ]
    )
    assert result.exit_code == 0, result.output
    pdf = tmp_path / f"{agreement}.pdf"
    chromium_print(chromium, html, pdf, tmp_path)
    model = load(PROJECT, [agreement]).repository.agreement(agreement)
    assert model is not None
    assert_a4_with_titles(pdf, model.title, [p.title for p in model.principles])
