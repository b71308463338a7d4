"""What the PDF tests check: A4 pages, and the title and every principle's title in the text.

Text is compared after NFKC normalisation, on both sides. A PDF's text layer holds the glyphs the
fonts drew, and which ligatures a font draws depends on the fonts installed: with only the DejaVu
fonts, Chromium draws "offentliga" with the single glyph U+FB00 (ff), and pypdf reads "oﬀentliga".
NFKC turns each ligature back into its letters, so the tests do not depend on the fonts.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

A4 = (595.28, 841.89)


def nfkc(text: str) -> str:
    """``text`` with compatibility characters (ligatures among them) replaced by their letters."""
    return unicodedata.normalize("NFKC", text)


def pdf_pages_and_text(path: Path) -> tuple[list[tuple[float, float]], str]:
    """The size of every page in points, and the text of all pages (NFKC, white space collapsed)."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    return sizes, nfkc(text)


def assert_a4_with_titles(path: Path, title: str, principle_titles: list[str]) -> None:
    sizes, text = pdf_pages_and_text(path)
    assert sizes, f"{path} has no pages"
    for width, height in sizes:
        assert abs(width - A4[0]) <= 1 and abs(height - A4[1]) <= 1, (
            f"page {width}x{height} pt is not A4"
        )
    flat = nfkc(" ".join(title.split()))
    assert flat in text, f"the title {flat!r} is not in the PDF's text"
    for t in principle_titles:
        assert nfkc(" ".join(t.split())) in text, (
            f"the principle title {t!r} is not in the PDF's text"
        )


def chromium_or_skip() -> str:
    """The headless Chromium `.ci/install-tools` installs; the test skips without it on a
    developer's machine and fails under CI (CI=true), where a skip would hide that nothing ran."""
    import os
    import shutil

    import pytest

    found = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
    if found:
        return found
    message = "Chromium is not installed; run .ci/install-tools"
    if os.environ.get("CI"):
        pytest.fail(message + " (under CI the tools must be there)")
    pytest.skip(message)


def chromium_print(chromium: str, html: Path, pdf: Path, tmp: Path) -> None:
    """Print ``html`` to ``pdf`` as a person does from Chromium, without the browser's own
    header and footer (the document's page margins carry its own)."""
    import os
    import subprocess

    home = tmp / "chromium-home"
    home.mkdir(exist_ok=True)
    proc = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp / 'chromium-profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(home)},
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0 and pdf.is_file(), f"chromium failed:\n{proc.stderr}"


def page_lines(path: Path) -> list[list[str]]:
    """The text lines of every page (NFKC, white space collapsed, empty lines left out)."""
    from pypdf import PdfReader

    return [
        [
            " ".join(line.split())
            for line in nfkc(p.extract_text() or "").splitlines()
            if line.strip()
        ]
        for p in PdfReader(str(path)).pages
    ]
