"""A fictional agreement with known joinings, withdrawals, reports and contact persons, for the
site and the follow-up report (the `demo` agreement of tests/fixtures/repo, Region Exempel, and
invented organisations in invented municipalities).

Every number the follow-up report of 2025 shows is worked out by hand in EXPECTED_2025 from the
periods below; the test compares the report with it. Personal data is planted in every field of a
signatory file that may hold it (PLANTED), so that a test can show none of it is published.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import yaml

from conftest import FIXTURES, init_repo

SHA = "2be7062e390286286ecd107eaa887c1d666d1e328ed9e836244295d413000f07"

# Strings that must never reach a public file. The personal-number-like strings fail the
# checksum (a valid one is refused by the loader: tests/acceptance/site_test.py shows that too).
PLANTED = {
    "contact_name": "Kerstin Kontaktsdotter",
    "contact_email": "kerstin.kontakt@example.se",
    "contact_phone": "070-987 65 43",
    "signer_name": "Sigvard Signersson",
    "signer_title": "Firmatecknare Sigvardsson",
    "notes": "Ring Nils Noteman 19850312-4567",
    "reason": "Anmält av Rut Reasonsdotter",
    "evidence": "Mejl från hemlig@example.se",
    "approver": "Godkänt av Greta Godkännare",
    "pnr_like": "19850312-4567",
}

# (id, name, sector, municipality, periods [(signed, withdrawal effective or None)],
#  reports {year: received}, has contact)
ORGANISATIONS: list[
    tuple[str, str, str, str | None, list[tuple[str, str | None]], dict[int, str], bool]
] = [
    (
        "alfa-if",
        "Alfa idrottsförening",
        "ideburen",
        "Exempelstad",
        [("2022-03-01", None)],
        {2024: "2025-06-15"},
        True,
    ),
    (
        "beta-kultur",
        "Beta kulturförening",
        "ideburen",
        "Exempelstad",
        [("2023-05-10", "2025-09-01")],
        {2024: "2025-08-01"},
        True,
    ),
    (
        "gamma-studie",
        "Gamma studieförbund",
        "ideburen",
        "Norrby",
        [("2025-02-01", None)],
        {},
        False,
    ),
    (
        "delta-kommun",
        "Delta kommun",
        "offentlig",
        "Delta",
        [("2024-01-01", None)],
        {2024: "2025-06-30"},
        True,
    ),
    (
        "epsilon",
        "Epsilon stiftelse",
        "ideburen",
        "Norrby",
        [("2020-06-01", "2024-01-01")],
        {},
        True,
    ),
    (
        "zeta",
        "Zeta förening",
        "ideburen",
        "Norrby",
        [("2021-01-10", "2022-12-31"), ("2025-11-20", None)],
        {},
        True,
    ),
    ("eta", "Eta förening", "ideburen", "Exempelstad", [("2025-12-31", None)], {}, True),
    ("theta", "Theta förening", "ideburen", None, [("2020-04-01", "2026-03-01")], {}, False),
]
# tests/fixtures/repo already holds foreningen-exempel: Halmstad, signed 2021-02-15, a contact
# person, the report for 2021 received 2022-05-01.

EXPECTED_2025: dict[str, Any] = {
    "start": 5,
    "end": 7,
    "joined": ["Gamma studieförbund", "Zeta förening", "Eta förening"],
    "left": ["Beta kulturförening"],
    "by_sector": {"ideburen": (4, 3, 1, 6), "offentlig": (1, 0, 0, 1)},
    "by_municipality": {
        "Delta": (1, 0, 0, 1),
        "Exempelstad": (2, 1, 1, 2),
        "Halmstad": (1, 0, 0, 1),
        "Norrby": (0, 2, 0, 2),
        "": (1, 0, 0, 1),
    },
    "reports": {"owed": 5, "received": 3, "on_time": 2, "due": "2025-06-30"},
    "late": {
        "Beta kulturförening": "2025-08-01",
        "Föreningen Exempel": None,
        "Theta förening": None,
    },
    "contacts": 5,
    "history": {
        # year: (members at the end, joined, left, reports due, reports received)
        2020: (2, 2, 0, 0, 0),
        2021: (4, 2, 0, 2, 0),
        2022: (4, 1, 1, 4, 1),
        2023: (5, 1, 0, 5, 0),
        2024: (5, 1, 1, 5, 0),
        2025: (7, 3, 1, 5, 3),
    },
}


def _signatory(
    org: str,
    name: str,
    sector: str,
    municipality: str | None,
    periods: list[tuple[str, str | None]],
    reports: dict[int, str],
    contact: bool,
) -> dict[str, Any]:
    p = PLANTED
    doc: dict[str, Any] = {"id": org, "name": name, "sector": sector}
    if municipality:
        doc["municipality"] = municipality
    doc["signer"] = {"name": p["signer_name"], "title": p["signer_title"]}
    if contact:
        doc["contact"] = {
            "name": p["contact_name"],
            "email": p["contact_email"],
            "phone": p["contact_phone"],
        }
    doc["democratic_values"] = {"attested": True, "date": periods[0][0]}
    memberships = []
    for signed, withdrawn in periods:
        m: dict[str, Any] = {
            "application": {"date": signed, "evidence": {"reference": p["evidence"]}},
            "approval": {"date": signed, "by": "Styrgruppen", "reference": p["approver"]},
            "signed": {
                "date": signed,
                "version": "1",
                "text_sha256": SHA,
                "evidence": {"reference": p["evidence"]},
            },
        }
        if withdrawn:
            m["withdrawal"] = {
                "notice_date": max(
                    signed, (dt.date.fromisoformat(withdrawn) - dt.timedelta(days=60)).isoformat()
                ),
                "effective": withdrawn,
                "reason": p["reason"],
                "evidence": {"reference": p["evidence"]},
            }
        memberships.append(m)
    doc["memberships"] = memberships
    if reports:
        doc["reports"] = [
            {
                "year": y,
                "kind": "annual-report",
                "received": d,
                "evidence": {"reference": p["evidence"]},
            }
            for y, d in sorted(reports.items())
        ]
    doc["notes"] = p["notes"]
    return doc


def make_repo(path: Path) -> Path:
    """A git repository holding the demo agreement with the organisations above, committed."""
    shutil.copytree(FIXTURES / "repo", path)
    folder = path / "agreements" / "demo" / "signatories"
    for org in ORGANISATIONS:
        doc = _signatory(*org)
        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
        (folder / f"{org[0]}.yaml").write_text(text, encoding="utf-8")
    return init_repo(path)
