"""Rendered HTML checked with outside tools: the Nu HTML Checker and a real headless Chromium.

`.ci/install-tools` installs both. The tests skip when a tool is absent on a developer's machine,
and fail under CI (CI=true), where a skip would hide that nothing was checked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT
from overens.store.loader import load
from pdf_checks import assert_a4_with_titles

pytestmark = pytest.mark.slow

SHIPPED = sorted(p.name for p in (PROJECT / "agreements").iterdir() if p.is_dir())
VNU_JAR = PROJECT / "tests" / ".cache" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _require(found: object, what: str) -> None:
    if found:
        return
    message = f"{what} is not installed; run .ci/install-tools"
    if os.environ.get("CI"):
        pytest.fail(message + " (under CI the tools must be there)")
    pytest.skip(message)


def _chromium() -> str | None:
    return next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)


def _tool_env(tmp_path: Path) -> dict[str, str]:
    # The tools write caches under HOME; give them a private one (the tests' HOME must stay clean).
    home = tmp_path / "tool-home"
    home.mkdir(exist_ok=True)
    return {**os.environ, "HOME": str(home)}


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
    _require(shutil.which("java"), "Java")
    _require(VNU_JAR.is_file(), f"the Nu HTML Checker ({VNU_JAR.relative_to(PROJECT)})")
    files = _render_all_html(run_line, shipped_repo, demo_repo, tmp_path / "out")
    assert len(files) == len(SHIPPED) + 2
    proc = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        env=_tool_env(tmp_path),
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, f"vnu reported errors:\n{proc.stderr}{proc.stdout}"


@pytest.mark.parametrize("agreement", SHIPPED)
def test_chromium_prints_the_html_to_an_a4_pdf(
    run_line, shipped_repo: Path, tmp_path: Path, agreement: str
) -> None:
    chromium = _chromium()
    _require(chromium, "Chromium")
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
    proc = subprocess.run(
        [
            str(chromium),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ],
        capture_output=True,
        text=True,
        env=_tool_env(tmp_path),
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0 and pdf.is_file(), f"chromium failed:\n{proc.stderr}"
    model = load(PROJECT, [agreement]).repository.agreement(agreement)
    assert model is not None
    assert_a4_with_titles(pdf, model.title, [p.title for p in model.principles])
