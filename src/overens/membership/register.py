"""`overens list`: an agreement's signatories and their status on a date, as data.

Status is derived from the membership periods (model.Signatory.status_on), never stored. An
organisation that had neither applied nor signed by the date is not listed. A status that a date
known only to the year or month leaves open is ``uncertain``. Once the agreement is no longer in
force (its validity ended, or a successor took over) the register is listed as it stood on its
last day, and those then active are ``ended``. The list also shows the agreement's parties on the
date, the counts of organisations recorded without names, and its succession
(:mod:`overens.membership.register_context`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from overens.errors import RefusedError
from overens.membership.register_context import (
    CountEntry,
    PartyEntry,
    SuccessionEntry,
    counts_on,
    parties_on,
    succession_of,
)
from overens.model.agreement import Agreement
from overens.model.dates import DayRange, PartialDate
from overens.model.findings import Severity
from overens.model.signatory import Contact, Signatory
from overens.model.status import Status, register_day
from overens.store.folders import resolve_root
from overens.store.loader import LoadResult, load

STATUSES = ("active", "withdrawn", "pending", "uncertain", "ended", "all")


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One organisation and its status on the roster's date."""

    id: str
    name: str
    org_number: str | None
    sector: str
    status: str
    since: PartialDate | None
    """The signing date of the current period (the application date while pending)."""
    until: PartialDate | None
    """The day the withdrawal takes (or took) effect, once notice had been received by the date."""
    version: str | None
    path: str
    carried_over_from: str | None = None
    """The predecessor agreement the period was carried over from (the organisation did not sign)."""
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
            "carried_over_from": self.carried_over_from,
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
    parties: tuple[PartyEntry, ...] = ()
    """The agreement's parties on the date (a party that joined later, from its date)."""
    counts: tuple[CountEntry, ...] = ()
    """Organisations recorded as a number, without names, by the date: never signatories."""
    succession: SuccessionEntry | None = None
    ended: DayRange | None = None
    """The agreement's last day, when it had ended by the date (the register is as it stood then)."""

    def to_dict(self) -> dict[str, object]:
        return {
            "agreement": self.agreement,
            "as_of": self.as_of.isoformat(),
            "status": self.status,
            "signatories": [e.to_dict() for e in self.entries],
            "unreadable": list(self.unreadable),
            "ended": self.ended.isoformat() if self.ended else None,
            "parties": [p.to_dict() for p in self.parties],
            "counts": [c.to_dict() for c in self.counts],
            "succession": self.succession.to_dict() if self.succession else None,
        }


def _readable(result: LoadResult, agreement_id: str) -> Agreement:
    """The loaded agreement; refused when its agreement.yaml cannot be read (a link, a named
    pipe, an error): there is nothing to list."""
    agreement = result.repository.agreement(agreement_id)
    if agreement is None:
        errors = [f for f in result.findings.sorted() if f.severity is Severity.ERROR]
        first = f"; the first: {errors[0].location}: {errors[0].message}" if errors else ""
        raise RefusedError(
            f"the agreement {agreement_id} cannot be read{first}",
            hint=f"run `overens validate agreements/{agreement_id}` and fix what it reports",
        )
    return agreement


def _entry(s: Signatory, on: dt.date, ended: bool, maybe_ended: bool) -> RosterEntry | None:
    """One organisation as the list shows it on ``on``: None when it is not listed then. Active on
    the last day of an agreement that has ended is ``ended``; while it may have ended, uncertain."""
    current = s.status_on(on)
    if current is None:
        return None
    shown = current.value
    if current is Status.ACTIVE and (ended or maybe_ended):
        shown = "ended" if ended else Status.UNCERTAIN.value
    membership = s.membership_on(on)
    if current is Status.PENDING or membership is None:
        pending = next(
            m for m in s.memberships if m.application_date and not m.application_date.by(on).no
        )
        since, until, version = pending.application_date, None, None
    else:
        w = membership.withdrawal
        known = w is not None and not (w.notice_date.by(on).no and w.effective.by(on).no)
        since, until, version = (
            membership.signed.date,
            w.effective if w and known else None,
            membership.version,
        )
    carried = membership.carried_over_from if membership else None
    return RosterEntry(
        *(s.id, s.name, s.org_number, s.sector, shown, since, until, version, s.path, carried),
        *(s.legal_form, s.municipality, s.website, s.contact),
    )


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
    agreement = _readable(result, agreement_id)
    signatories = agreement.signatories
    # Once the agreement has ended, the register is as it stood on its last day.
    on, ended, maybe_ended = register_day(agreement, day)
    entries = []
    for s in signatories:
        entry = _entry(s, on, ended is not None, maybe_ended)
        if entry is not None and status in ("all", entry.status):
            entries.append(entry)
    entries.sort(key=lambda e: (e.name.casefold(), e.id))
    prefix = f"agreements/{agreement_id}/signatories/"
    unreadable = sorted(
        {
            f.path
            for f in result.findings
            if f.severity is Severity.ERROR
            and (f.path.startswith(prefix) or f.path == prefix.rstrip("/"))
        }
    )
    return Roster(
        agreement_id,
        agreement.title,
        day,
        status,
        tuple(entries),
        tuple(unreadable),
        parties_on(agreement, day) if agreement else (),
        counts_on(agreement, day) if agreement else (),
        succession_of(agreement, result.repository, day) if agreement else None,
        ended,
    )
