"""Rendered documents read as a person reads them: each thing said once, a label on the page of
what it introduces, the author's wrapped lines as one paragraph (docs/decisions/0306 and 0307)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, init_repo
from overens.model.canonical import text_sha256
from pdf_checks import chromium_or_skip, chromium_print, page_lines

AS_OF = "2024-06-30"
LABEL = "Överenskommelsens lydelse:"


def _render(run_line, repo: Path, agreement: str, fmt: str, *extra: object) -> str:
    result = run_line(
        ["render", agreement, "--format", fmt, "--as-of", AS_OF, "--repo", repo, *extra]
    )
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def _body_lines(page: list[str]) -> list[str]:
    """A page's lines without the page-margin footer (version, hash, page number) and bullets."""
    return [line for line in page if "SHA-256" not in line and line != "•"]


# --- Each term's wording once ---------------------------------------------------------------


def test_blekinge_terms_show_the_wording_without_a_paraphrase(run_line, shipped_repo: Path) -> None:
    for fmt in ("md", "html"):
        out = _render(run_line, shipped_repo, "blekinge", fmt)
        assert "Vid utträde ska styrgruppen meddelas formellt och skriftligen." in out
        # The paraphrase of that sentence, and of the other parts, is not printed beside it.
        assert "meddelar Styrgruppen det formellt och skriftligen" not in out
        assert "Anslutningen godkänns av Styrgruppen" not in out
        assert "Överenskommelsen gäller tills vidare och följer" in out  # the wording
        assert "Överenskommelsen gäller tills vidare." not in out  # its paraphrase
        assert out.count(LABEL) == 6  # every part still quotes its wording


def test_halland_terms_show_the_wording_once(run_line, shipped_repo: Path) -> None:
    md = _render(run_line, shipped_repo, "halland", "md")
    terms = md[md.index("## Villkor") : md.index("## Signering")]
    assert "Forum för uppföljningen" not in terms
    assert "utser en kontaktperson för överenskommelsen" not in terms
    assert "> Varje signerande organisation väljer en kontaktperson" in terms
    assert not re.search(r"^- ", terms, re.MULTILINE), terms


def test_a_day_the_wording_does_not_give_is_kept(run_line, shipped_repo: Path) -> None:
    # Skåne's wording says "2010 – 2014"; the register's days add to it.
    md = _render(run_line, shipped_repo, "skane", "md")
    assert "från och med 29 juni 2010 till och med 31 december 2014" in md
    assert "> 2010 – 2014" in md


def test_a_translated_document_keeps_every_fact(run_line, shipped_repo: Path) -> None:
    # In English the facts are the reader's only version of the Swedish wording.
    md = _render(run_line, shipped_repo, "blekinge", "md", "--lang", "en")
    assert "Joining is approved by Styrgruppen för överenskommelsen." in md
    assert "The agreement applies until further notice." in md


# --- Seats with personal substitutes said once ------------------------------------------------


def test_halland_says_the_personal_substitutes_once(run_line, shipped_repo: Path) -> None:
    for fmt in ("md", "html"):
        out = _render(run_line, shipped_repo, "halland", fmt)
        assert (
            "Tjänstepersoner från Region Halland, med personliga ersättare: 3 platser\n" in out
            or (
                "Tjänstepersoner från Region Halland, med personliga ersättare: 3 platser</li>"
                in out
            )
        )
        assert "3 personliga ersättare" not in out
        seat = next(line for line in out.splitlines() if "Tjänstepersoner från Region" in line)
        assert seat.count("ersättare") == 1, seat
    en = _render(run_line, shipped_repo, "halland", "md", "--lang", "en")
    assert "med personliga ersättare: 3 seats, each with a personal substitute\n" in en


def test_a_label_without_substitutes_gets_them_in_words(run_line, demo_repo: Path) -> None:
    md = _render(run_line, demo_repo, "demo", "md")
    assert "- Tjänstepersoner från Region Exempel: 1 plats, med en personlig ersättare\n" in md


# --- Wrapped lines are one paragraph; short lines stay lines ---------------------------------


def test_a_wrapped_yaml_paragraph_is_one_paragraph(run_line, tmp_path: Path) -> None:
    repo = tmp_path / "avtal"
    assert run_line(["init", repo]).exit_code == 0
    md = _render(run_line, repo, "exempel", "md")
    assert "stärka demokratin och välfärden i Exempelkommunen." in md
    assert "demokratin och\\" not in md
    html = _render(run_line, repo, "exempel", "html")
    assert (
        "<p>Kommunen och den idéburna sektorn vill samverka för att stärka demokratin och " in html
    )
    assert "demokratin och<br>" not in html


def test_short_lines_keep_their_breaks(run_line, shipped_repo: Path) -> None:
    # Skåne prints each contact line by line; Örebro a label above its web address.
    md = _render(run_line, shipped_repo, "skane", "md")
    assert "Anders Åkesson\\\nordförande i folkhälsoberedningen\\\n" in md
    html = _render(run_line, shipped_repo, "orebro", "html")
    assert "<p>Överenskommelsen:<br>\nhttp://overenskommelsen.se/</p>" in html


# --- Printed pages ----------------------------------------------------------------------------


def _padded_demo(tmp_path: Path, paragraphs: int) -> Path:
    """The demo agreement with ``paragraphs`` short paragraphs of background, which moves its
    terms down the printed page line by line (and no signatories, whose hash would differ)."""
    repo = tmp_path / f"padded-{paragraphs}"
    shutil.copytree(FIXTURES / "repo", repo)
    folder = repo / "agreements" / "demo"
    shutil.rmtree(folder / "signatories")
    path = folder / "agreement.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["sections"][0]["text"] = "\n\n".join(f"Stycke {i + 1}." for i in range(paragraphs))
    principles = [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((folder / "principles").glob("*.yaml"))
    ]
    data["revisions"][0]["text_sha256"] = text_sha256(data, principles)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return init_repo(repo)


@pytest.mark.slow
def test_the_wording_label_is_printed_on_the_page_of_its_quote(run_line, tmp_path: Path) -> None:
    """Padding of 12 to 21 paragraphs moves the terms through the bottom of a page, where
    without the print rule Chromium leaves the label alone on the page (14-16 and 19-20 do)."""
    chromium = chromium_or_skip()
    seen = 0
    for n in range(12, 22):
        repo = _padded_demo(tmp_path, n)
        html, pdf = tmp_path / f"{n}.html", tmp_path / f"{n}.pdf"
        assert (
            run_line(
                ["render", "demo", "--format", "html", "-o", html, "--as-of", AS_OF, "--repo", repo]
            ).exit_code
            == 0
        )
        chromium_print(chromium, html, pdf, tmp_path)
        for number, page in enumerate(page_lines(pdf), 1):
            lines = _body_lines(page)
            seen += lines.count(LABEL)
            assert lines[-1] != LABEL, f"padding {n}: page {number} ends with the label alone"
    assert seen == 10 * 4  # the label of each of the four quoted parts, in every document


@pytest.mark.slow
@pytest.mark.parametrize("printer", ["chromium", "weasyprint"])
@pytest.mark.parametrize("agreement", ["halland", "blekinge"])
def test_the_version_and_hash_are_printed_once_on_the_last_page(
    run_line, shipped_repo: Path, tmp_path: Path, agreement: str, printer: str
) -> None:
    html, pdf = tmp_path / f"{agreement}.html", tmp_path / f"{agreement}.pdf"
    if printer == "chromium":
        chromium = chromium_or_skip()
        _render(run_line, shipped_repo, agreement, "html", "-o", html)
        chromium_print(chromium, html, pdf, tmp_path)
    else:
        pytest.importorskip("weasyprint")
        _render(run_line, shipped_repo, agreement, "pdf", "-o", pdf)
    pages = page_lines(pdf)
    assert all(" ".join(p).count("SHA-256") == 1 for p in pages), [
        " ".join(p).count("SHA-256") for p in pages
    ]


@pytest.mark.slow
def test_the_signing_sheet_prints_the_hash_once_a_page(
    run_line, shipped_repo: Path, tmp_path: Path
) -> None:
    chromium = chromium_or_skip()
    html, pdf = tmp_path / "sheet.html", tmp_path / "sheet.pdf"
    _render(
        run_line, shipped_repo, "halland", "html", "--signing-sheet", "--rows", "30", "-o", html
    )
    chromium_print(chromium, html, pdf, tmp_path)
    pages = page_lines(pdf)
    assert len(pages) >= 2 and all(" ".join(p).count("SHA-256") == 1 for p in pages)


@pytest.mark.slow
def test_a_quote_that_fits_on_a_page_is_printed_on_one(
    run_line, shipped_repo: Path, tmp_path: Path
) -> None:
    """Halland's follow-up term (three paragraphs) reached the foot of page 7 and went on on
    page 8; a quote that fits on a page is now printed whole on one."""
    chromium = chromium_or_skip()
    html, pdf = tmp_path / "halland.html", tmp_path / "halland.pdf"
    _render(run_line, shipped_repo, "halland", "html", "-o", html)
    chromium_print(chromium, html, pdf, tmp_path)
    # The quote's first and last words (a principle earlier in the text says the same, so the
    # term is the last place they stand).
    first, last = "Ansvaret för att starta processer", "föreslå revideringar av överenskommelsen"
    pages = [" ".join(p) for p in page_lines(pdf)]
    assert max(i for i, p in enumerate(pages) if first in p) == max(
        i for i, p in enumerate(pages) if last in p
    )
