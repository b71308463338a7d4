"""``overens history``: revisions, signings, confirmations and withdrawals with their commits.

The recorded facts (a revision's date, a signing's date…) come from the files; who recorded them
and when comes from git. One ``git log --raw`` over ``agreement.yaml`` and ``signatories/`` lists
every commit that touched them, oldest first; the changed files are read in one batch, and each
event is credited to the first commit whose files hold it. Events in the working tree that no
commit holds yet are shown as uncommitted; events that a later commit removed are kept and marked,
since a history should not forget (withdrawals are appended, never deleted, for the same reason).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overens.constants import AGREEMENT_FILE, AGREEMENTS_DIR, SIGNATORIES_DIR
from overens.errors import SignatoryNotFoundError
from overens.store import safe_yaml
from overens.vcs import reading, snapshot

REVISION, SIGNED, CONFIRMED, WITHDRAWN = "revision", "signed", "confirmed", "withdrawn"


@dataclass(frozen=True, slots=True)
class Event:
    """One event of an agreement's life."""

    kind: str
    date: str | None
    """The date the files record (revision date, signing date, confirmation date, effective date)."""
    description: str
    version: str | None = None
    organisation: str | None = None
    organisation_name: str | None = None
    commit: reading.Commit | None = None
    """The commit that first recorded it; None when it is not committed yet."""
    current: bool = True
    """False when a later commit removed it from the files."""

    @property
    def sort_date(self) -> str:
        if self.date:
            return self.date
        return self.commit.date[:10] if self.commit else dt.date.max.isoformat()

    def to_dict(self) -> dict[str, Any]:
        c = self.commit
        return {
            "kind": self.kind,
            "date": self.date,
            "version": self.version,
            "organisation": self.organisation,
            "organisation_name": self.organisation_name,
            "description": self.description,
            "current": self.current,
            "commit": {
                "sha": c.sha,
                "author": c.author,
                "email": c.email,
                "date": c.date,
                "subject": c.subject,
            }
            if c
            else None,
        }


Key = tuple[str, ...]


def _get(d: Any, *keys: str) -> Any:
    for k in keys:
        d = d.get(k) if isinstance(d, dict) else None
    return d


def _revision_events(agreement: dict[str, Any]) -> dict[Key, Event]:
    events: dict[Key, Event] = {}
    for r in agreement.get("revisions") or []:
        if not isinstance(r, dict) or "version" not in r:
            continue
        v = str(r["version"])
        text = f"version {v} ({r.get('kind', '?')}): {r.get('summary', '')}".rstrip()
        if r.get("decided_by"):
            text += f" (decided by {r['decided_by']})"
        events[(REVISION, v)] = Event(REVISION, r.get("date"), text, version=v)
    return events


def _signatory_events(data: dict[str, Any]) -> dict[Key, Event]:
    org, name = str(data.get("id", "?")), str(data.get("name", data.get("id", "?")))
    events: dict[Key, Event] = {}
    for i, m in enumerate(data.get("memberships") or []):
        if not isinstance(m, dict):
            continue
        version = _get(m, "signed", "version")
        if version is not None:
            events[(SIGNED, org, str(i))] = Event(
                SIGNED,
                _get(m, "signed", "date"),
                f"{name} signed version {version}",
                str(version),
                org,
                name,
            )
        for c in m.get("confirmations") or []:
            if isinstance(c, dict) and "version" in c:
                events[(CONFIRMED, org, str(i), str(c["version"]))] = Event(
                    CONFIRMED,
                    c.get("date"),
                    f"{name} confirmed version {c['version']}",
                    str(c["version"]),
                    org,
                    name,
                )
        w = m.get("withdrawal")
        if isinstance(w, dict):
            text = f"{name} withdrew (notice received {w.get('notice_date', '?')})"
            if w.get("reason"):
                text += f": {w['reason']}"
            events[(WITHDRAWN, org, str(i))] = Event(
                WITHDRAWN, w.get("effective"), text, organisation=org, organisation_name=name
            )
    return events


def _file_events(rel: str, data: Any) -> dict[Key, Event]:
    if not isinstance(data, dict):
        return {}
    return _revision_events(data) if rel.endswith("/" + AGREEMENT_FILE) else _signatory_events(data)


def _merge(
    found: dict[Key, Event],
    first: dict[Key, reading.Commit | None],
    latest: dict[Key, Event],
    commit: reading.Commit | None,
) -> None:
    for key, event in found.items():
        first.setdefault(key, commit)
        latest[key] = event


def history(root: Path, agreement_id: str, org: str | None = None) -> list[Event]:
    """The agreement's events ordered by date (then by the order they were recorded).

    With ``org``, that organisation's events and the agreement's revisions.
    """
    folder = f"{AGREEMENTS_DIR}/{agreement_id}"
    main, signatories = f"{folder}/{AGREEMENT_FILE}", f"{folder}/{SIGNATORIES_DIR}/"

    def relevant(path: str) -> bool:
        return path == main or (
            path.startswith(signatories)
            and path.endswith(".yaml")
            and "/" not in path[len(signatories) :]
        )

    commits = reading.log(root, [main, signatories]) if reading.is_repository(root) else []
    texts = reading.read_blobs(
        root, (ch.blob for c in commits for ch in c.changes if ch.blob and relevant(ch.path))
    )
    first: dict[Key, reading.Commit | None] = {}
    latest: dict[Key, Event] = {}
    for c in commits:
        for ch in c.changes:
            if not ch.blob or not relevant(ch.path) or ch.blob not in texts:
                continue
            try:
                data = safe_yaml.parse(texts[ch.blob].decode("utf-8"), f"{c.short}:{ch.path}")
            except (safe_yaml.YamlProblem, UnicodeDecodeError):
                continue  # a broken file in an old commit records nothing
            _merge(_file_events(ch.path, data), first, latest, c)

    now = snapshot.in_working_tree(root, agreement_id, folders=(SIGNATORIES_DIR,))
    current = _revision_events(now.agreement or {})
    for data in now.signatories.values():
        current.update(_signatory_events(data))
    _merge(current, first, latest, None)

    if org is not None and not any(e.organisation == org for e in latest.values()):
        known = sorted({e.organisation for e in latest.values() if e.organisation})
        raise SignatoryNotFoundError(
            f"{org!r} has never been a signatory of {agreement_id}",
            hint=f"signatories: {', '.join(known) or 'none'}",
        )
    recorded = {key: i for i, key in enumerate(first)}
    events = [
        (
            recorded[key],
            Event(
                e.kind,
                e.date,
                e.description,
                e.version,
                e.organisation,
                e.organisation_name,
                first[key],
                key in current,
            ),
        )
        for key, e in latest.items()
        if org is None or e.organisation in (None, org)
    ]
    return [e for _, e in sorted(events, key=lambda pair: (pair[1].sort_date, pair[0]))]
