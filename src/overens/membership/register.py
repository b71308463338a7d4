"""`overens list`: an agreement's signatories and their status on a date, as data.

Status is derived from the membership periods (:meth:`overens.model.summary.Summary.standing`,
the same for a full load and for the signatory index), never stored. An organisation that had
neither applied nor signed by the date is not listed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from overens.constants import AGREEMENTS_DIR, SIGNATORIES_DIR
from overens.model.findings import Severity
from overens.model.signatory import Signatory
from overens.model.status import Status
from overens.model.summary import Summary
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
    use_cache: bool = True,
) -> Roster:
    """The signatories of ``agreement_id`` with their status on ``as_of`` (today by default).

    From the signatory index (:mod:`overens.store.signatory_index`: only files whose stat changed
    are read); ``use_cache=False`` loads every file and touches no cache (the same roster).
    """
    day = as_of or dt.date.today()
    root = resolve_root(repo).resolve()
    roster = _from_index(root, agreement_id, day, status) if use_cache else None
    return roster if roster is not None else _from_model(root, agreement_id, day, status)


def _entry(s: Summary, path: str, day: dt.date, status: str) -> RosterEntry | None:
    standing = s.standing(day)
    if standing is None or (status != "all" and standing.status.value != status):
        return None
    return RosterEntry(
        s.id,
        s.name,
        s.org_number,
        s.sector,
        standing.status.value,
        standing.since,
        standing.until,
        standing.version,
        path,
    )


def _from_index(root: Path, agreement_id: str, day: dt.date, status: str) -> Roster | None:
    """The roster from the index; None when the agreement itself cannot be loaded or its folder
    is refused (the full load then says the same as it always did)."""
    from overens.store.signatory_index import read

    result = load(root, [agreement_id], documents=True, signatories=False)
    agreement = result.repository.agreement(agreement_id)
    if agreement is None:
        return None
    found = read(root, agreement, contacts=False)
    if not found.complete:
        return None
    prefix = f"{AGREEMENTS_DIR}/{agreement_id}/{SIGNATORIES_DIR}/"
    entries = [_entry(s, f"{prefix}{s.id}.yaml", day, status) for s in found.summaries]
    entries += [_entry(f.summary, f.rel, day, status) for f in found.flawed if f.summary]
    return _roster(
        agreement_id,
        agreement.title,
        day,
        status,
        [e for e in entries if e is not None],
        {f.rel for f in found.flawed},
    )


def _from_model(root: Path, agreement_id: str, day: dt.date, status: str) -> Roster:
    """The roster from a full load of the agreement."""
    result = load(root, [agreement_id])
    agreement = result.repository.agreement(agreement_id)
    signatories = agreement.signatories if agreement else ()
    entries = [_model_entry(s, day, status) for s in signatories]
    prefix = f"{AGREEMENTS_DIR}/{agreement_id}/{SIGNATORIES_DIR}/"
    unreadable = {
        f.path
        for f in result.findings
        if f.severity is Severity.ERROR and f.path.startswith(prefix)
    }
    return _roster(
        agreement_id,
        agreement.title if agreement else agreement_id,
        day,
        status,
        [e for e in entries if e is not None],
        unreadable,
    )


def _model_entry(s: Signatory, day: dt.date, status: str) -> RosterEntry | None:
    """The model's own answer (:meth:`Signatory.status_on`, :meth:`Signatory.membership_on`): what
    the index's :meth:`Summary.standing` is held to."""
    current = s.status_on(day)
    if current is None or (status != "all" and current.value != status):
        return None
    if current is Status.PENDING:
        pending = next(m for m in s.memberships if m.application_date and m.application_date <= day)
        since, until, version = pending.application_date, None, None
    else:
        membership = s.membership_on(day)
        assert membership is not None
        w = membership.withdrawal
        known = w is not None and (w.notice_date <= day or w.effective <= day)
        since, until, version = (
            membership.signed.date,
            w.effective if w and known else None,
            membership.version,
        )
    return RosterEntry(
        s.id, s.name, s.org_number, s.sector, current.value, since, until, version, s.path
    )


def _roster(
    agreement_id: str,
    title: str,
    day: dt.date,
    status: str,
    entries: list[RosterEntry],
    unreadable: set[str],
) -> Roster:
    entries.sort(key=lambda e: (e.name.casefold(), e.id))
    return Roster(agreement_id, title, day, status, tuple(entries), tuple(sorted(unreadable)))
