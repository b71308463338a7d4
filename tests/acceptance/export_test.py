"""`overens export`: the signatory register as CSV (for Excel in Swedish), xlsx and JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from openpyxl import load_workbook

from coordinator_helpers import EXEMPEL, ORG_HALLAND, commit_all, sign_args, withdraw_args

HEADER = [
    "Organisation",
    "Organisationsnummer",
    "Sektor",
    "Juridisk form",
    "Kommun",
    "Webbplats",
    "Status",
    "Från",
    "Till",
    "Version",
]


def _busy(run_line, repo: Path) -> Path:
    """The demo agreement with a second signatory and a withdrawal."""
    assert run_line(sign_args(repo, website="https://www.example.se")).exit_code == 0
    assert run_line(withdraw_args(repo, notice_date="2024-05-02")).exit_code == 0
    return repo


def _export(run_line, repo: Path, *args: str) -> bytes:
    result = run_line(["export", "demo", "--repo", repo, "--as-of", "2024-07-01", *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_csv_opens_in_excel_with_swedish_settings(run_line, demo_repo: Path) -> None:
    data = _export(run_line, _busy(run_line, demo_repo))
    assert data.startswith("\ufeff".encode())  # the byte order mark: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADER
    assert rows[1] == [
        "Föreningen Exempel", "802004-6895", "idéburen", "ideell förening", "Halmstad", "",
        "utträdd", "2021-02-15", "2024-06-01", "1",
    ]  # fmt: skip
    assert rows[2][:3] == ["Hallands bildningsförbund", ORG_HALLAND, "idéburen"]
    assert rows[2][5:] == ["https://www.example.se", "aktiv", "2024-03-01", "", "1"]
    assert data.count(b"\r\n") == 3
    text = data.decode("utf-8-sig")
    for personal in ("Kim Kontakt", "kim@example.se", "Bertil Berg", "Eva Ek"):
        assert personal not in text  # contacts only when asked for


def test_contacts_only_when_asked_for(run_line, demo_repo: Path) -> None:
    data = _export(run_line, demo_repo, "--include-contacts", "--format", "json")
    [row] = json.loads(data)["signatories"]
    assert row["contact_name"] == "Bertil Berg" and row["contact_email"] == "bertil@example.se"
    assert row["since"] == "2021-02-15" and row["status"] == "active"


def test_a_value_a_spreadsheet_would_run_is_written_as_text(
    run_line, demo_repo: Path, tmp_path: Path
) -> None:
    path = demo_repo / EXEMPEL
    text = path.read_text(encoding="utf-8").replace(
        "municipality: Halmstad", "municipality: \"=HYPERLINK('http://x','y')\""
    )
    path.write_text(text, encoding="utf-8")
    commit_all(demo_repo, "a hostile value")
    rows = list(
        csv.reader(io.StringIO(_export(run_line, demo_repo).decode("utf-8-sig")), delimiter=";")
    )
    assert rows[1][4] == "'=HYPERLINK('http://x','y')"
    out = tmp_path / "r.xlsx"
    _export(run_line, demo_repo, "--format", "xlsx", "--output", str(out))
    cell = load_workbook(out).active["E2"]
    assert cell.data_type == "s" and cell.value == "=HYPERLINK('http://x','y')"


def test_xlsx_has_a_frozen_bold_header_widths_and_typed_cells(
    run_line, demo_repo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "register.xlsx"
    result = run_line(
        ["export", "demo", "--repo", _busy(run_line, demo_repo), "--as-of", "2024-07-01",
         "--format", "xlsx", "--output", out]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2 organisations on 2024-07-01" in result.stderr
    book = load_workbook(out)
    sheet = book.active
    assert sheet.title == "demo"
    assert [c.value for c in sheet[1]] == HEADER
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:J3"
    assert sheet["A2"].value == "Föreningen Exempel" and sheet["G2"].value == "utträdd"
    assert sheet["H2"].value == dt.datetime(2021, 2, 15)  # a date cell, not text
    assert sheet["I2"].value == dt.datetime(2024, 6, 1)
    assert sheet["B3"].value == ORG_HALLAND and sheet["B3"].data_type == "s"
    assert sheet.column_dimensions["A"].width >= len("Hallands bildningsförbund")
    assert sheet.max_row == 3


def test_status_filter_and_errors(run_line, demo_repo: Path) -> None:
    data = _export(run_line, _busy(run_line, demo_repo), "--status", "active", "--format", "json")
    assert [r["name"] for r in json.loads(data)["signatories"]] == ["Hallands bildningsförbund"]
    bad = run_line(["export", "demo", "--repo", demo_repo, "--delimiter", ";;"])
    assert bad.exit_code == 2
    unknown = run_line(["export", "nope", "--repo", demo_repo])
    assert unknown.exit_code == 2 and "unknown agreement 'nope'" in unknown.stderr
