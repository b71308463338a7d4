"""The core of ``overens export``: the signatory register as CSV, an Excel workbook or JSON.

The rows are ``list``'s roster (:func:`overens.membership.register.list_signatories`), so the
export says what ``list`` says on the same day, and gets faster with it. Contact persons are
personal data: their columns are there only when asked for (docs/decisions/0111-export.md).

CSV is UTF-8 with a byte order mark and semicolons, which Excel with Swedish settings opens as
columns with å, ä and ö intact; the workbook (openpyxl, imported only here) has a bold, frozen
header row, a filter and columns as wide as their values. A value that a spreadsheet would take
for a formula (``=…``, ``@…``) is written as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overens.constants import AGREEMENT_FILE
from overens.membership.register import Roster, RosterEntry, list_signatories
from overens.model.dates import PartialDate
from overens.store import safe_yaml
from overens.store.folders import agreement_folder, resolve_root

FIELDS = (
    "name",
    "org_number",
    "sector",
    "legal_form",
    "municipality",
    "website",
    "status",
    "since",
    "until",
    "version",
)
CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")

_LABELS = {
    "sv": {
        "name": "Organisation",
        "org_number": "Organisationsnummer",
        "sector": "Sektor",
        "legal_form": "Juridisk form",
        "municipality": "Kommun",
        "website": "Webbplats",
        "status": "Status",
        "since": "Från",
        "until": "Till",
        "version": "Version",
        "contact_name": "Kontaktperson",
        "contact_email": "E-post",
        "contact_phone": "Telefon",
        "active": "aktiv",
        "withdrawn": "utträdd",
        "pending": "ansökan inkommen",
        "ideburen": "idéburen",
        "offentlig": "offentlig",
    },
    "en": {
        "name": "Organisation",
        "org_number": "Organisation number",
        "sector": "Sector",
        "legal_form": "Legal form",
        "municipality": "Municipality",
        "website": "Website",
        "status": "Status",
        "since": "Since",
        "until": "Until",
        "version": "Version",
        "contact_name": "Contact person",
        "contact_email": "E-mail",
        "contact_phone": "Telephone",
        "active": "active",
        "withdrawn": "withdrawn",
        "pending": "applied",
        "ideburen": "idéburen",
        "offentlig": "public",
    },
}
_FORMULA = re.compile(r"^[=@\t\r]|^[+-](?![0-9 ()-]+$)")
"""A cell a spreadsheet would evaluate; a telephone number such as +46 35 10 00 00 is not one."""


@dataclass(frozen=True, slots=True)
class Export:
    """The register of one agreement on one day, as rows of the export's columns."""

    agreement: str
    title: str
    language: str
    as_of: dt.date
    fields: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]
    """One per organisation: field → value (a date as a date, None where nothing is recorded)."""
    unreadable: tuple[str, ...] = ()
    """Signatory files left out because they have errors (as in ``list``)."""

    @property
    def headers(self) -> list[str]:
        labels = _LABELS.get(self.language, _LABELS["sv"])
        return [labels[f] for f in self.fields]

    def _shown(self, field: str, value: Any) -> Any:
        labels = _LABELS.get(self.language, _LABELS["sv"])
        if field in ("status", "sector") and isinstance(value, str):
            return labels.get(value, value)
        return value

    def to_json(self) -> bytes:
        data = {
            "agreement": self.agreement,
            "as_of": self.as_of.isoformat(),
            "signatories": [
                {f: v.isoformat() if isinstance(v, dt.date) else v for f, v in row.items()}
                for row in self.rows
            ],
        }
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    def to_csv(self, delimiter: str = ";") -> bytes:
        out = io.StringIO(newline="")
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(self.headers)
        for row in self.rows:
            writer.writerow([_csv_cell(self._shown(f, row[f])) for f in self.fields])
        return out.getvalue().encode("utf-8-sig")

    def to_xlsx(self) -> bytes:
        from openpyxl import Workbook
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = re.sub(r"[\[\]:*?/\\]", "-", self.agreement)[:31]
        sheet.append(self.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(h) for h in self.headers]
        for r, row in enumerate(self.rows, start=2):
            for c, field in enumerate(self.fields, start=1):
                value = self._shown(field, row[field])
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the value starts with
                elif isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                widths[c - 1] = max(widths[c - 1], len(_text(value)))
        for c, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(c)].width = min(width + 2, 60)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        book.properties.creator = "overens"
        book.properties.title = self.title
        moment = dt.datetime.combine(self.as_of, dt.time())
        book.properties.created = book.properties.modified = moment
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else "" if value is None else str(value)


def _csv_cell(value: Any) -> str:
    text = _text(value)
    return "'" + text if _FORMULA.search(text) else text


def _day(value: PartialDate | None) -> dt.date | str | None:
    """A date as a spreadsheet cell: a full date as a date, a year or month as it is written."""
    if value is None:
        return None
    return value.first if value.exact else value.text


def _row(entry: RosterEntry, contacts: bool) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name": entry.name,
        "org_number": entry.org_number,
        "sector": entry.sector,
        "legal_form": entry.legal_form,
        "municipality": entry.municipality,
        "website": entry.website,
        "status": entry.status,
        "since": _day(entry.since),
        "until": _day(entry.until),
        "version": entry.version,
    }
    if contacts:
        c = entry.contact
        row |= {
            "contact_name": c.name if c else None,
            "contact_email": c.email if c else None,
            "contact_phone": c.phone if c else None,
        }
    return row


def export(
    agreement_id: str,
    *,
    repo: Path | None = None,
    as_of: dt.date | None = None,
    status: str = "all",
    include_contacts: bool = False,
) -> Export:
    """The signatory register of ``agreement_id`` on ``as_of`` (today), as ``list`` has it."""
    root = resolve_root(repo).resolve()
    folder = agreement_folder(root, agreement_id)
    roster: Roster = list_signatories(
        agreement_id, repo=root, as_of=as_of, status=status, contacts=include_contacts
    )
    data = safe_yaml.load(folder / AGREEMENT_FILE)
    language = data.get("language", "sv") if isinstance(data, dict) else "sv"
    fields = FIELDS + (CONTACT_FIELDS if include_contacts else ())
    return Export(
        roster.agreement,
        roster.title,
        str(language),
        roster.as_of,
        fields,
        tuple(_row(e, include_contacts) for e in roster.entries),
        roster.unreadable,
    )
