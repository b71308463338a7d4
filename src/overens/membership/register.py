"""`overens list`: an agreement's signatories and their status on a date, as data.

Status is derived from the membership periods (model.Signatory.status_on), never stored. An
organisation that had neither applied nor signed by the date is not listed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from overens.model.findings import Severity
from overens.model.signatory import Contact
from overens.model.status import Status
from overens.store.folders import resolve_root
from overens.store.loader import load

STATUSES = ("active", "withdrawn", "pending", "all")


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One organisation and its status on the roster's date."""

    id: str
    name: str
    org_number: str | None
    sector: str
    status: str
    since: dt.date | None
    """The signing date of the current period (the application date while pending)."""
    until: dt.date | None
    """The day the withdrawal takes (or took) effect, once notice had been received by the date."""
    version: str | None
    path: str
    legal_form: str | None = None
    municipality: str | None = None
    website: str | None = None
    contact: Contact | None = None
    """Personal data: only an export asked for contacts shows it (never list)."""

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "org_number": self.org_number,
            "sector": self.sector,
            "status": self.status,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "version": self.version,
            "path": self.path,
        }


@dataclass(frozen=True, slots=True)
class Roster:
    """The signatories of one agreement on one date."""

    agreement: str
    title: str
    as_of: dt.date
    status: str
    entries: tuple[RosterEntry, ...]
    unreadable: tuple[str, ...]
    """Signatory files left out because they have errors (``overens validate`` shows them)."""

    def to_dict(self) -> dict[str, object]:
        return {
            "agreement": self.agreement,
            "as_of": self.as_of.isoformat(),
            "status": self.status,
            "signatories": [e.to_dict() for e in self.entries],
            "unreadable": list(self.unreadable),
        }


def list_signatories(
    agreement_id: str,
    *,
    repo: Path | None = None,
    as_of: dt.date | None = None,
    status: str = "all",
) -> Roster:
    """The signatories of ``agreement_id`` with their status on ``as_of`` (today by default)."""
    day = as_of or dt.date.today()
    root = resolve_root(repo).resolve()
    result = load(root, [agreement_id])
    agreement = result.repository.agreement(agreement_id)
    signatories = agreement.signatories if agreement else ()
    entries = []
    for s in signatories:
        current = s.status_on(day)
        if current is None or (status != "all" and current.value != status):
            continue
        membership = s.membership_on(day)
        if current is Status.PENDING:
            pending = next(
                m for m in s.memberships if m.application_date and m.application_date <= day
            )
            since, until, version = pending.application_date, None, None
        else:
            assert membership is not None
            w = membership.withdrawal
            known = w is not None and (w.notice_date <= day or w.effective <= day)
            since, until, version = (
                membership.signed.date,
                w.effective if w and known else None,
                membership.version,
            )
        entries.append(
            RosterEntry(
                *(s.id, s.name, s.org_number, s.sector, current.value, since, until, version),
                *(s.path, s.legal_form, s.municipality, s.website, s.contact),
            )
        )
    entries.sort(key=lambda e: (e.name.casefold(), e.id))
    prefix = f"agreements/{agreement_id}/signatories/"
    unreadable = sorted(
        {
            f.path
            for f in result.findings
            if f.severity is Severity.ERROR and f.path.startswith(prefix)
        }
    )
    return Roster(
        agreement_id,
        agreement.title if agreement else agreement_id,
        day,
        status,
        tuple(entries),
        tuple(unreadable),
    )
