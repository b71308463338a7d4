"""The open signatory register: CSV and JSON per agreement, and the Data Package that describes them.

One row per membership period that had (or may have) begun by the day the lists are for (an
organisation that left and joined again has two). Dates are as precise as they are recorded
(``2016``, ``2018-02``, ``2019-06-13``), so they are strings with a pattern, not Table Schema
dates. Only organisations: name, sector, municipality, dates and version; never a signer, a
contact person, notes or evidence (docs/decisions/0902-no-personal-data-on-the-site.md).
The Data Package (``datapackage.json``, Frictionless Data, v1 tabular profile) names each
agreement's two files as resources, with that agreement's sources and the register's licence
(docs/decisions/0903-open-data.md). Nothing here reads the clock.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from overens.documents.site.views import AgreementView, Member
    from overens.model.agreement import Agreement

PARTIAL_DATE = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
"""A date as precise as its source: YYYY, YYYY-MM or YYYY-MM-DD (ISO 8601 at reduced precision)."""
_AS_RECORDED = (
    " As precise as the source gives it: YYYY-MM-DD, or YYYY-MM or YYYY when only the month or "
    "the year is known (ISO 8601 at reduced precision; never a made-up day)."
)
STATUSES = ("active", "withdrawn", "uncertain")

FIELDS: tuple[tuple[str, str, str], ...] = (
    ("agreement", "string", "The agreement's id."),
    ("organisation", "string", "The organisation's id (its file name in the repository)."),
    ("name", "string", "The organisation's name."),
    ("sector", "string", "ideburen (civil society) or offentlig (public sector)."),
    ("municipality", "string", "The municipality the organisation is based in."),
    (
        "joined",
        "partial-date",
        "The day it signed (empty when the signing is recorded without a date)." + _AS_RECORDED,
    ),
    ("version", "string", "The latest version of the agreement it signed or confirmed."),
    (
        "withdrawn",
        "partial-date",
        "The day its withdrawal took effect (empty while it is a signatory)." + _AS_RECORDED,
    ),
    (
        "status",
        "status",
        "active or withdrawn on the day the register lists (the day it was published, or the "
        "agreement's last day once it has ended); uncertain when a date known only to the year "
        "or month leaves it open (joined or withdrawn that year or month, on or around the day).",
    ),
)
"""Each column: its name, its kind (``partial-date`` and ``status`` are strings with a
constraint), and its description."""
LICENCES = {
    "CC0-1.0": (
        "Creative Commons Zero v1.0 Universal",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0 International",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "ODC-PDDL-1.0": (
        "Open Data Commons Public Domain Dedication and License v1.0",
        "https://opendatacommons.org/licenses/pddl/1-0/",
    ),
}
"""The licences ``--licence`` offers (SPDX ids): open licences fit for a public register."""
DEFAULT_LICENCE = "CC0-1.0"


def csv_name(agreement_id: str) -> str:
    return f"{agreement_id}/signatories.csv"


def json_name(agreement_id: str) -> str:
    return f"{agreement_id}/signatories.json"


def _row(agreement_id: str, m: Member) -> dict[str, str]:
    return {
        "agreement": agreement_id,
        "organisation": m.id,
        "name": m.name,
        "sector": m.sector or "",
        "municipality": m.municipality or "",
        "joined": m.joined.isoformat() if m.joined else "",
        "version": m.version,
        "withdrawn": m.withdrawn.isoformat() if m.withdrawn else "",
        "status": "uncertain" if m.uncertain else "active" if m.active else "withdrawn",
    }


def rows(view: AgreementView) -> list[dict[str, str]]:
    """The register of one agreement: the members, then those who withdrew, then those whose
    status cannot be told, each by name."""
    return [_row(view.id, m) for m in (*view.members, *view.withdrawn, *view.uncertain)]


def to_csv(records: Sequence[dict[str, str]]) -> bytes:
    """RFC 4180 CSV (CRLF line ends, a header row), UTF-8."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[f[0] for f in FIELDS], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue().encode("utf-8")


def to_json(records: Sequence[dict[str, str]]) -> bytes:
    """A JSON table as Frictionless reads it: an array whose first item is the header and each
    further item a row, empty values null (an agreement without signatories is the header alone,
    still a table)."""
    names = [f[0] for f in FIELDS]
    data: list[list[str | None]] = [list(names)]
    data += [[r[n] if r[n] != "" else None for n in names] for r in records]
    lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in data)
    return f"[\n{lines}\n]\n".encode()


def _field(name: str, kind: str, text: str) -> dict[str, Any]:
    """A column of the Table Schema. A date known only to the year or month cannot be a
    ``date`` (that would make up a day), so dates are strings with a pattern."""
    found: dict[str, Any] = {"name": name, "type": "string", "description": text}
    if kind == "partial-date":
        found["constraints"] = {"pattern": PARTIAL_DATE}
    elif kind == "status":
        found["constraints"] = {"required": True, "enum": list(STATUSES)}
    return found


def _schema() -> dict[str, Any]:
    return {"fields": [_field(*f) for f in FIELDS], "missingValues": [""]}


def _licences(licence: str) -> list[dict[str, str]]:
    title, url = LICENCES[licence]
    return [{"name": licence, "title": title, "path": url}]


def resources(agreement: Agreement, licence: str) -> list[dict[str, Any]]:
    """The two resources (CSV and JSON) of one agreement's register in ``datapackage.json``."""
    sources = [
        {"title": s.description, "path": s.document} | ({"description": s.notes} if s.notes else {})
        for s in agreement.sources
    ]
    common = {
        "profile": "tabular-data-resource",
        "encoding": "utf-8",
        "schema": _schema(),
        "sources": sources,
        "licenses": _licences(licence),
    }
    return [
        {
            "name": f"{agreement.id}-signatories-csv",
            "path": csv_name(agreement.id),
            "title": agreement.title,
            "description": f"The signatories of {agreement.title} (CSV).",
            "format": "csv",
            "mediatype": "text/csv",
            **common,
        },
        {
            "name": f"{agreement.id}-signatories-json",
            "path": json_name(agreement.id),
            "title": agreement.title,
            "description": f"The signatories of {agreement.title} (JSON).",
            "format": "json",
            "mediatype": "application/json",
            **common,
        },
    ]


def datapackage(
    described: Sequence[dict[str, Any]], licence: str, homepage: str | None, title: str
) -> bytes:
    """``datapackage.json``: every agreement's register (its :func:`resources`), with its sources
    and licence."""
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": "overens-signatories",
        "title": title,
        "description": "The organisations that signed each agreement, with the day each joined "
        "and left. No personal data: organisations only.",
        "licenses": _licences(licence),
        "keywords": ["överenskommelse", "idéburen sektor", "signatories"],
    }
    if homepage:
        package["homepage"] = homepage
    package["resources"] = list(described)
    import orjson

    return orjson.dumps(package, option=orjson.OPT_INDENT_2) + b"\n"
