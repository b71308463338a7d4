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
