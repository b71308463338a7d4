"""`overens list`: an agreement's signatories and their status on a date, as data.

Status is derived from the membership periods (:meth:`overens.model.summary.Summary.standing`,
the same for a full load and for the signatory index), never stored. An organisation that had neither applied nor signed by the date is not listed. A status that a date
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
from typing import NamedTuple

from overens.constants import AGREEMENTS_DIR, SIGNATORIES_DIR
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
from overens.model.signatory import Contact
from overens.model.status import Status, register_day
from overens.model.summary import Summary
from overens.store.folders import agreement_folder, resolve_root
from overens.store.loader import LoadResult, load

STATUSES = ("active", "withdrawn", "pending", "uncertain", "ended", "all")


class RosterEntry(NamedTuple):
    """One organisation and its status on the roster's date (a named tuple, like
    :class:`~overens.model.summary.Summary`: a list of 10,000 makes 10,000 of them)."""

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


def _entry(
    s: Summary, path: str, on: dt.date, ended: bool, maybe_ended: bool
) -> RosterEntry | None:
    """One organisation as the list shows it on ``on``: None when it is not listed then. Active on
    the last day of an agreement that has ended is ``ended``; while it may have ended, uncertain."""
    standing = s.standing(on)
    if standing is None:
        return None
    shown = standing.status.value
    if standing.status is Status.ACTIVE and (ended or maybe_ended):
        shown = "ended" if ended else Status.UNCERTAIN.value
    return RosterEntry(
        s.id,
        s.name,
        s.org_number,
        s.sector,
        shown,
        standing.since,
        standing.until,
        standing.version,
        path,
        standing.carried_over_from,
        s.legal_form,
        s.municipality,
        s.website,
        s.contact,
    )


def list_signatories(
    agreement_id: str,
    *,
    repo: Path | None = None,
    as_of: dt.date | None = None,
    status: str = "all",
    use_cache: bool = True,
    contacts: bool = False,
) -> Roster:
    """The signatories of ``agreement_id`` with their status on ``as_of`` (today by default);
    ``contacts`` keeps each one's contact person (personal data: for an export that asks for it).

    From the signatory index (:mod:`overens.store.signatory_index`: only files whose stat changed
    are read); ``use_cache=False`` loads every file and touches no cache (the same roster).
    """
    day = as_of or dt.date.today()
    root = resolve_root(repo).resolve()
    agreement_folder(root, agreement_id)  # an unknown id: "did you mean", exit 2
    if use_cache:
        roster = _from_index(root, agreement_id, day, status, contacts)
        if roster is not None:
            return roster
    result = load(root, [agreement_id])
    agreement = _readable(result, agreement_id)
    prefix = f"{AGREEMENTS_DIR}/{agreement_id}/{SIGNATORIES_DIR}/"
    unreadable = {
        f.path
        for f in result.findings
        if f.severity is Severity.ERROR
        and (f.path.startswith(prefix) or f.path == prefix.rstrip("/"))
    }
    summaries = [(Summary.of(s, contacts=contacts), s.path) for s in agreement.signatories]
    return _roster(agreement, result, day, status, summaries, unreadable)


def _from_index(
    root: Path, agreement_id: str, day: dt.date, status: str, contacts: bool
) -> Roster | None:
    """The roster from the index; None when the agreement itself cannot be loaded or its folder
    is refused (the full load then says the same as it always did)."""
    from overens.store.signatory_index import read_agreement

    read = read_agreement(root, agreement_id, contacts=contacts)
    if read is None:
        return None
    result, found = read
    prefix = f"{AGREEMENTS_DIR}/{agreement_id}/{SIGNATORIES_DIR}/"
    summaries = [(s, f"{prefix}{s.id}.yaml") for s in found.summaries]
    summaries += [(f.summary, f.rel) for f in found.flawed if f.summary]
    return _roster(found.agreement, result, day, status, summaries, {f.rel for f in found.flawed})


def _roster(
    agreement: Agreement,
    result: LoadResult,
    day: dt.date,
    status: str,
    summaries: list[tuple[Summary, str]],
    unreadable: set[str],
) -> Roster:
    # Once the agreement has ended, the register is as it stood on its last day.
    on, ended, maybe_ended = register_day(agreement, day)
    entries = []
    for s, path in summaries:
        entry = _entry(s, path, on, ended is not None, maybe_ended)
        if entry is not None and status in ("all", entry.status):
            entries.append(entry)
    entries.sort(key=lambda e: (e.name.casefold(), e.id))
    return Roster(
        agreement.id,
        agreement.title,
        day,
        status,
        tuple(entries),
        tuple(sorted(unreadable)),
        parties_on(agreement, day),
        counts_on(agreement, day),
        succession_of(agreement, result.repository, day),
        ended,
    )
