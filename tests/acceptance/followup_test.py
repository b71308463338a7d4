"""`overens followup`: every number of the report on a fictional agreement whose history is known
(tests/public_corpus.py), in HTML (with its charts), Markdown and PDF, through the real CLI."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import PROJECT
from overens.checks.cached import check
from public_corpus import EXPECTED_2025 as E
from public_corpus import PLANTED, make_repo

SHIPPED = sorted(p.name for p in (PROJECT / "agreements").iterdir() if p.is_dir())


class _Tables(HTMLParser):
    """Every table of a page as rows of cell texts, and the text of every element by id."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.svgs: list[dict[str, str]] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._texts: dict[str, list[str]] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "svg":
            self.svgs.append({k: v or "" for k, v in a.items()})
        if a.get("id"):
            self._open.append(a["id"] or "")
            self._texts.setdefault(a["id"] or "", [])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None
        elif tag in ("title", "desc") and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._open and self._open[-1].endswith(("-title", "-desc")):
            self._texts[self._open[-1]].append(data)

    def text(self, element_id: str) -> str:
        return "".join(self._texts.get(element_id, []))

    def table(self, first_header: str, after: int = 0) -> list[list[str]]:
        found = [t for t in self.tables if t and t[0] and t[0][0] == first_header]
        return found[after]


@pytest.fixture(scope="module")
def fictional(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repo(tmp_path_factory.mktemp("followup") / "repo")


@pytest.fixture(scope="module")
def html_report(fictional: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    from typer.testing import CliRunner

    from overens.cli import app

    out = tmp_path_factory.mktemp("report") / "demo-2025.html"
    result = CliRunner().invoke(
        app, ["followup", "demo", "--year", "2025", "--output", str(out), "--repo", str(fictional)]
    )
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_the_key_figures(html_report: str) -> None:
    figures = re.findall(r"<dd>(\d+)</dd>", html_report)
    assert [int(x) for x in figures] == [E["start"], len(E["joined"]), len(E["left"]), E["end"]]


def test_who_joined_and_who_left(html_report: str) -> None:
    t = _Tables()
    t.feed(html_report)
    joined = t.table("Organisation", 0)
    left = t.table("Organisation", 1)
    assert [r[0] for r in joined[1:]] == E["joined"]
    assert [r[3] for r in joined[1:]] == ["2025-02-01", "2025-11-20", "2025-12-31"]
    assert [r[0] for r in left[1:]] == E["left"] and left[1][3] == "2025-09-01"


def test_by_sector_and_municipality(html_report: str) -> None:
    t = _Tables()
    t.feed(html_report)
    sectors = {r[0]: tuple(map(int, r[1:])) for r in t.table("Sektor")[1:]}
    assert sectors == {
        "Idéburen sektor": E["by_sector"]["ideburen"],
        "Offentlig sektor": E["by_sector"]["offentlig"],
    }
    towns = {r[0]: tuple(map(int, r[1:])) for r in t.table("Kommun")[1:]}
    expected = {k or "inte angivet": v for k, v in E["by_municipality"].items()}
    assert towns == expected
    # The arithmetic holds: on 1 January + joined − withdrew = on 31 December.
    for start, joined, left, end in (*sectors.values(), *towns.values()):
        assert start + joined - left == end


def test_reports_due_received_and_late(html_report: str) -> None:
    r = E["reports"]
    assert (
        f"För 2024, senast den 30 juni 2025: {r['owed']} skulle lämnas, {r['received']} hade "
        f"kommit in vid årets slut, {r['on_time']} av dem i tid." in html_report
    )
    t = _Tables()
    t.feed(html_report)
    late = {row[0]: row[1] for row in t.table("Organisation", 2)[1:]}
    assert late == {k: v or "inte inkommen" for k, v in E["late"].items()}
    every = {row[0]: row[1] for row in t.table("Organisation", 3)[1:]}
    assert len(every) == r["owed"] and every["Beta kulturförening"] == "2025-08-01 (sen)"


def test_contacts_bodies_findings_and_revisions(html_report: str, fictional: Path) -> None:
    assert f"{E['contacts']} av de {E['end']} undertecknarna den 31 december" in html_report
    t = _Tables()
    t.feed(html_report)
    seats = t.table("Plats")
    assert seats[1:] == [
        ["Representanter från den idéburna sektorn", "2", "1", "0"],
        ["Tjänstepersoner från Region Exempel", "1", "0", "0"],
        ["Adjungerad från Länsstyrelsen", "1", "0", "0"],
    ]
    # The findings table is `overens check --as-of 2025-12-31`, counted by rule.
    result = check(fictional, ["demo"], as_of=__import__("datetime").date(2025, 12, 31))
    counts: dict[str, int] = {}
    for f in result.findings.items:
        counts[f.rule] = counts.get(f.rule, 0) + 1
    table = {row[0]: int(row[2]) for row in t.table("Regel")[1:]}
    assert table == counts and table["annual-reports"] == 6
    assert "Ingen revidering gjordes under året." in html_report


def test_the_charts_and_the_numbers_beside_them(html_report: str) -> None:
    t = _Tables()
    t.feed(html_report)
    assert [s.get("role") for s in t.svgs] == ["img", "img", "img"]
    history = E["history"]
    members = t.table("År", 0)
    assert {int(r[0]): int(r[1]) for r in members[1:]} == {y: v[0] for y, v in history.items()}
    changes = t.table("År", 1)
    assert {int(r[0]): (int(r[1]), int(r[2])) for r in changes[1:]} == {
        y: (v[1], v[2]) for y, v in history.items()
    }
    reports = t.table("År", 2)
    assert {int(r[0]): (int(r[1]), int(r[2])) for r in reports[1:]} == {
        y: (v[3], v[4]) for y, v in history.items()
    }
    # Each chart's text alternative says the same numbers.
    assert t.text("members-desc") == (
        "Undertecknare vid varje års slut: "
        + "; ".join(f"{y}: {v[0]}" for y, v in history.items())
        + "."
    )
    assert "2025: 3 av 5" in t.text("reports-desc")
    assert "2022: 1 anslöt sig, 1 utträdde" in t.text("changes-desc")
    # The SVG is made without a clock: no date in it; ids are the chart's own.
    assert "<dc:date>" not in html_report and "<metadata>" not in html_report
    ids = re.findall(r'\bid="([^"]+)"', html_report)
    assert len(ids) == len(set(ids))


def test_markdown_and_the_same_bytes_again(run_line, fictional: Path, tmp_path: Path) -> None:
    args = ["followup", "demo", "--year", "2025", "--format", "md", "--repo", fictional]
    first = run_line(args)
    assert first.exit_code == 0, first.output
    assert "| Undertecknare den 1 januari | 5 |" in first.output
    assert "| Norrby | 0 | 2 | 0 | 2 |" in first.output
    assert "- Theta förening: inte inkommen" in first.output
    out = tmp_path / "a.html"
    for _ in range(2):
        result = run_line(["followup", "demo", "--year", "2025", "-o", out, "--repo", fictional])
        assert result.exit_code == 0, result.output
    assert "is up to date" in result.output  # the second run made the same bytes


def test_english_on_request(run_line, fictional: Path) -> None:
    result = run_line(["followup", "demo", "--year", "2025", "--lang", "en", "--repo", fictional])
    assert result.exit_code == 0, result.output
    assert result.output.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "Signatories on January 1" in result.output
    assert "5 of the 7 signatories on December 31 have a contact person" in result.output
    assert '<h1 lang="sv">' in result.output  # the agreement's own title stays Swedish


def test_no_personal_data_in_the_report(run_line, fictional: Path, tmp_path: Path) -> None:
    for fmt in ("html", "md"):
        out = tmp_path / f"r.{fmt}"
        result = run_line(
            ["followup", "demo", "--year", "2025", "-f", fmt, "-o", out, "--repo", fictional]
        )
        assert result.exit_code == 0, result.output
        text = out.read_text()
        for what, value in PLANTED.items():
            assert value not in text, f"the {fmt} report holds the planted {what}"
        assert "850312" not in text


@pytest.mark.parametrize("agreement", SHIPPED)
def test_every_shipped_agreement_has_a_report(run_line, shipped_repo: Path, agreement: str) -> None:
    result = run_line(["followup", agreement, "--year", "2025", "--repo", shipped_repo])
    assert result.exit_code == 0, result.output
    assert result.output.count('role="img"') == 3 or "inga årliga rapporter" in result.output


def test_a_year_without_signatories_says_so_instead_of_empty_tables(
    run_line, shipped_repo: Path, tmp_path: Path
) -> None:
    """Halland's agreement has no signatory: no table of sectors or municipalities with a header
    and no rows, but one sentence, in the HTML and the Markdown."""
    for fmt in ("html", "md"):
        out = tmp_path / f"halland.{fmt}"
        args = ["followup", "halland", "--year", "2025", "-f", fmt, "-o", out]
        assert run_line([*args, "--repo", shipped_repo]).exit_code == 0
        text = out.read_text(encoding="utf-8")
        assert text.count("Ingen organisation var undertecknare under året.") == 1, fmt
        assert "Per sektor" not in text and "Per kommun" not in text, fmt


def test_wrong_input_is_refused(run_line, fictional: Path) -> None:
    unknown = run_line(["followup", "nosuch", "--year", "2025", "--repo", fictional])
    assert unknown.exit_code == 2 and "unknown agreement 'nosuch'" in unknown.output
    year = run_line(["followup", "demo", "--year", "25000", "--repo", fictional])
    assert year.exit_code == 2 and "--year 25000" in year.output
    pdf = run_line(["followup", "demo", "--year", "2025", "-f", "pdf", "--repo", fictional])
    assert pdf.exit_code == 2 and "--output" in pdf.output


@pytest.mark.slow
def test_the_pdf_is_a4_with_the_charts(run_line, fictional: Path, tmp_path: Path) -> None:
    from pdf_checks import pdf_pages_and_text

    out = tmp_path / "demo-2025.pdf"
    result = run_line(
        ["followup", "demo", "--year", "2025", "-f", "pdf", "-o", out, "--repo", fictional]
    )
    assert result.exit_code == 0, result.output
    sizes, text = pdf_pages_and_text(out)
    assert all(abs(w - 595.28) <= 1 and abs(h - 841.89) <= 1 for w, h in sizes)
    assert "Uppföljning 2025" in text and "Sena eller saknade (3)" in text
    # The charts' axis labels are text in the PDF too (they print, and they can be found).
    assert "Organisationer" in text and "Rapporter" in text


@pytest.mark.slow
@pytest.mark.parametrize("agreement", SHIPPED)
def test_every_shipped_agreement_prints_its_report(
    run_line, shipped_repo: Path, tmp_path: Path, agreement: str
) -> None:
    from pdf_checks import pdf_pages_and_text

    out = tmp_path / f"{agreement}-2025.pdf"
    args = ["followup", agreement, "--year", "2025", "-f", "pdf", "-o", out, "--repo", shipped_repo]
    result = run_line(args)
    assert result.exit_code == 0, result.output
    sizes, text = pdf_pages_and_text(out)
    assert sizes and all(abs(w - 595.28) <= 1 and abs(h - 841.89) <= 1 for w, h in sizes)
    assert "Uppföljning 2025" in text and "Undertecknare vid varje års slut" in text
