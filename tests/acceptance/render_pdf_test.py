"""`--format pdf` through WeasyPrint (the optional extra `pdf`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import PROJECT
from overens.store.loader import load
from pdf_checks import assert_a4_with_titles


def _weasyprint_missing() -> str | None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as e:  # OSError: installed, but Pango is missing
        return f"WeasyPrint is not importable ({e}); install it with: pip install 'overens[pdf]'"
    return None


MISSING = _weasyprint_missing()


@pytest.fixture
def weasyprint_installed() -> None:
    if MISSING:
        if os.environ.get("CI"):
            pytest.fail(f"{MISSING}; CI installs the test extra, which includes it")
        pytest.skip(MISSING)


@pytest.mark.usefixtures("weasyprint_installed")
@pytest.mark.parametrize("agreement", ["blekinge", "halland"])
def test_pdf_is_a4_with_title_and_principles(
    run_line, shipped_repo: Path, tmp_path: Path, agreement: str
) -> None:
    target = tmp_path / f"{agreement}.pdf"
    result = run_line(
        [
            "render",
            agreement,
            "--format",
            "pdf",
            "--output",
            target,
            "--as-of",
            "2024-06-30",
            "--repo",
            shipped_repo,
        ]
    )
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF-")
    model = load(PROJECT, [agreement]).repository.agreement(agreement)
    assert model is not None
    assert_a4_with_titles(target, model.title, [p.title for p in model.principles])


@pytest.mark.usefixtures("weasyprint_installed")
def test_pdf_check_compares_bytes(run_line, demo_repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "demo.pdf"
    args = [
        "render",
        "demo",
        "--format",
        "pdf",
        "--output",
        target,
        "--as-of",
        "2024-06-30",
        "--repo",
        demo_repo,
    ]
    assert run_line(args).exit_code == 0
    check = run_line([*args, "--check"])
    assert check.exit_code == 0, check.output  # WeasyPrint's output is reproducible too
