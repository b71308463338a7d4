"""What the PDF tests check: A4 pages, and the title and every principle's title in the text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

A4 = (595.28, 841.89)


def pdf_pages_and_text(path: Path) -> tuple[list[tuple[float, float]], str]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    # A font with ligatures gives "ﬀ" for "ff" in the extracted text (NFKC spells it out).
    return sizes, unicodedata.normalize("NFKC", text)


def assert_a4_with_titles(path: Path, title: str, principle_titles: list[str]) -> None:
    sizes, text = pdf_pages_and_text(path)
    assert sizes, f"{path} has no pages"
    for width, height in sizes:
        assert abs(width - A4[0]) <= 1 and abs(height - A4[1]) <= 1, (
            f"page {width}x{height} pt is not A4"
        )
    flat = " ".join(title.split())
    assert flat in text, f"the title {flat!r} is not in the PDF's text"
    for t in principle_titles:
        assert " ".join(t.split()) in text, f"the principle title {t!r} is not in the PDF's text"
