"""``overens history``: revisions, signings, confirmations and withdrawals with their commits.

The recorded facts (a revision's date, a signing's date…) come from the files; who recorded them
and when comes from git. One ``git log --raw`` over ``agreement.yaml`` and ``signatories/`` lists
every commit that touched them, oldest first; the changed files are read in one batch, and each
event is credited to the first commit whose files hold it. Events in the working tree that no
commit holds yet are shown as uncommitted; events that a later commit removed are kept and marked,
since a history should not forget (withdrawals are appended, never deleted, for the same reason).

What it costs grows with what changed, not with the agreement (docs/decisions/0703-history-from-
the-log.md): the working tree's signatory files come from the signatory index, a committed
version that the working tree still holds (git says so: the same blob in HEAD, no change since)
is not read again, the folder's log is kept by commit (:mod:`overens.revisions.folder_log`), and
``--org`` parses only the organisation's own file. ``use_cache=False`` reads and parses every
file and every committed version, as it always did; the events are the same.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import operator
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from overens.constants import AGREEMENT_FILE, AGREEMENTS_DIR, SIGNATORIES_DIR, SLUG
from overens.errors import AgreementNotFoundError, SignatoryNotFoundError
from overens.revisions.folder_log import folder_log
from overens.store import safe_yaml
from overens.vcs import reading, snapshot

if TYPE_CHECKING:
    from overens.model.dates import PartialDate
    from overens.model.summary import Summary

REVISION, SIGNED, CONFIRMED, WITHDRAWN = "revision", "signed", "confirmed", "withdrawn"


class Event(NamedTuple):
    """One event of an agreement's life (a named tuple: an agreement of 10,000 signatories has
    more than 10,000)."""

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


def _summary_events(s: Summary) -> dict[Key, Event]:
    """:func:`_signatory_events` of a valid file, from its summary in the signatory index (the
    same events, in the same order: dates and versions are written exactly one way in a valid
    file, so they read back as the file wrote them)."""
    org, name = s.id, s.name
    events: dict[Key, Event] = {}
    for i, p in enumerate(s.periods):
        period, version = str(i), p.signed_version
        events[(SIGNED, org, period)] = Event(
            SIGNED, _iso(p.signed), f"{name} signed version {version}", version, org, name
        )
        for c in p.confirmations:
            events[(CONFIRMED, org, period, c.version)] = Event(
                CONFIRMED,
                c.date.isoformat(),
                f"{name} confirmed version {c.version}",
                c.version,
                org,
                name,
            )
        if p.notice is not None:
            text = f"{name} withdrew (notice received {p.notice.isoformat()})"
            if p.reason:
                text += f": {p.reason}"
            events[(WITHDRAWN, org, period)] = Event(
                WITHDRAWN, _iso(p.withdrawn), text, organisation=org, organisation_name=name
            )
    return events


def _iso(day: PartialDate | None) -> str | None:
    return day.text if day is not None else None


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


@dataclass(frozen=True, slots=True)
class _WorkingTree:
    """The events the working tree records: all of them (``current``, in the order the files
    are read), and those of each signatory file whose content git holds to be a committed blob's
    (``committed``: path → (blob, events)), so that the blob need not be read and parsed."""

    current: dict[Key, Event]
    committed: dict[str, tuple[str, dict[Key, Event]]]


def require_agreement(root: Path, agreement_id: str) -> None:
    """Raise :class:`AgreementNotFoundError` unless ``agreements/<id>/agreement.yaml`` exists."""
    from overens.store.folders import agreement_folder

    agreement_folder(root, agreement_id)  # an unknown id: "did you mean", exit 2
    if not (root / AGREEMENTS_DIR / agreement_id / AGREEMENT_FILE).is_file():
        known = snapshot.agreement_ids(root, None)
        raise AgreementNotFoundError(
            f"unknown agreement {agreement_id!r}", hint=f"agreements: {', '.join(known) or 'none'}"
        )


def history(
    root: Path, agreement_id: str, org: str | None = None, *, use_cache: bool = True
) -> list[Event]:
    """The agreement's events ordered by date (then by the order they were recorded).

    With ``org``, that organisation's events and the agreement's revisions. The working tree's
    signatory files are read from the signatory index (only files whose stat changed are read),
    and a committed version of a file that the working tree still holds is not read again;
    ``use_cache=False`` reads and parses every file and every committed version (the same
    events).
    """
    folder = f"{AGREEMENTS_DIR}/{agreement_id}"
    main, signatories = f"{folder}/{AGREEMENT_FILE}", f"{folder}/{SIGNATORIES_DIR}/"
    git = reading.is_repository(root)
    paths = [main, signatories]
    if use_cache and org is not None and SLUG.fullmatch(org):
        # One organisation: its own file in the same log. In a valid repository its file is
        # the only one that holds its id (an id must equal its file's name).
        own = {main, f"{signatories}{org}.yaml"}.__contains__
        commits = folder_log(root, agreement_id, paths, only=own) if git else []
        tree = _one_file(root, agreement_id, f"{signatories}{org}.yaml")
        first, latest = _timeline(root, commits, own, tree)
        if any(e.organisation == org for e in latest.values()):
            return _ordered(first, latest, tree.current, org)
        # An unknown organisation: the full run below names every known one.
    commits = folder_log(root, agreement_id, paths, use_cache=use_cache) if git else []

    def relevant(path: str) -> bool:
        return path == main or (
            path.startswith(signatories)
            and path.endswith(".yaml")
            and "/" not in path[len(signatories) :]
        )

    indexed = _indexed(root, agreement_id, bool(commits)) if use_cache else None
    whole = indexed or _parsed(root, agreement_id)
    first, latest = _timeline(root, commits, relevant, whole)
    if org is not None and not any(e.organisation == org for e in latest.values()):
        known = sorted({e.organisation for e in latest.values() if e.organisation})
        raise SignatoryNotFoundError(
            f"{org!r} has never been a signatory of {agreement_id}",
            hint=f"signatories: {', '.join(known) or 'none'}",
        )
    return _ordered(first, latest, whole.current, org)


def _parsed(root: Path, agreement_id: str) -> _WorkingTree:
    """Every working-tree file read and parsed."""
    now = snapshot.in_working_tree(root, agreement_id, folders=(SIGNATORIES_DIR,))
    current = _revision_events(now.agreement or {})
    for data in now.signatories.values():
        current.update(_signatory_events(data))
    return _WorkingTree(current, {})


def _indexed(root: Path, agreement_id: str, committed: bool) -> _WorkingTree | None:
    """The working tree with its valid signatory files from the signatory index; None when the
    index cannot vouch for the folder (the agreement does not load, the folder is a link)."""
    from overens.store.signatory_index import read_agreement

    read = read_agreement(root, agreement_id)
    if read is None:
        return None
    found = read[1]
    summaries = {f"{s.id}.yaml": s for s in found.summaries}
    folder = root / AGREEMENTS_DIR / agreement_id
    rel = f"{AGREEMENTS_DIR}/{agreement_id}/"
    current = _revision_events(snapshot.read_mapping(folder / AGREEMENT_FILE, rel + AGREEMENT_FILE))
    by_id: dict[str, dict[Key, Event]] = {}
    by_path: dict[str, dict[Key, Event]] = {}
    # The files in_working_tree reads: every entry of signatories/ named *.yaml, by name.
    try:
        with os.scandir(folder / SIGNATORIES_DIR) as entries:
            names = sorted(e.name for e in entries if fnmatch.fnmatchcase(e.name, "*.yaml"))
    except OSError:  # no signatories folder (yet)
        names = []
    for name in names:
        path = f"{rel}{SIGNATORIES_DIR}/{name}"
        s = summaries.get(name)
        if s is not None:
            by_id[s.id] = by_path[path] = _summary_events(s)
        else:
            data = snapshot.read_mapping(folder / SIGNATORIES_DIR / name, path)
            by_id[str(data.get("id", name[:-5]))] = by_path[path] = _signatory_events(data)
    for events in by_id.values():
        current.update(events)
    same = reading.as_committed(root, rel + SIGNATORIES_DIR) if committed else {}
    return _WorkingTree(
        current, {p: (blob, by_path[p]) for p, blob in same.items() if p in by_path}
    )


def _one_file(root: Path, agreement_id: str, own: str) -> _WorkingTree:
    """The working tree as far as one organisation goes: agreement.yaml and its own file."""
    rel = f"{AGREEMENTS_DIR}/{agreement_id}/{AGREEMENT_FILE}"
    current = _revision_events(snapshot.read_mapping(root / rel, rel))
    path = root / own
    if path.exists() or path.is_symlink():
        current.update(_signatory_events(snapshot.read_mapping(path, own)))
    return _WorkingTree(current, {})


def _timeline(
    root: Path, commits: list[reading.Commit], relevant: Callable[[str], bool], tree: _WorkingTree
) -> tuple[dict[Key, reading.Commit | None], dict[Key, Event]]:
    """Each event's first commit (or None: not committed), and its latest recorded form."""
    first: dict[Key, reading.Commit | None] = {}
    latest: dict[Key, Event] = {}
    known = tree.committed
    wanted = [
        ch.blob
        for c in commits
        for ch in c.changes
        if ch.blob and relevant(ch.path) and known.get(ch.path, ("",))[0] != ch.blob
    ]
    texts = reading.read_blobs(root, wanted)
    parsed: dict[tuple[str, str], dict[Key, Event]] = {}
    for c in commits:
        for ch in c.changes:
            if not ch.blob or not relevant(ch.path):
                continue
            same = known.get(ch.path)
            if same is not None and same[0] == ch.blob:
                _merge(same[1], first, latest, c)
                continue
            if ch.blob not in texts:
                continue
            kind = AGREEMENT_FILE if ch.path.endswith("/" + AGREEMENT_FILE) else SIGNATORIES_DIR
            found = parsed.get((ch.blob, kind))
            if found is None:
                try:
                    data = safe_yaml.parse(texts[ch.blob].decode("utf-8"), f"{c.short}:{ch.path}")
                except (safe_yaml.YamlProblem, UnicodeDecodeError):
                    continue  # a broken file in an old commit records nothing
                found = parsed[(ch.blob, kind)] = _file_events(ch.path, data)
            _merge(found, first, latest, c)
    _merge(tree.current, first, latest, None)
    return first, latest


def _ordered(
    first: dict[Key, reading.Commit | None],
    latest: dict[Key, Event],
    current: dict[Key, Event],
    org: str | None,
) -> list[Event]:
    """By date, then in the order they were first recorded."""
    recorded = {key: i for i, key in enumerate(first)}
    never = dt.date.max.isoformat()
    events = []
    for key, e in latest.items():
        if org is not None and e.organisation not in (None, org):
            continue
        commit = first[key]
        day = e.date or (commit.date[:10] if commit else never)
        shown = e._replace(commit=commit, current=key in current)
        events.append((day, recorded[key], shown))
    events.sort(key=_BY_DAY_THEN_RECORDED)
    return [e for _, _, e in events]


_BY_DAY_THEN_RECORDED = operator.itemgetter(0, 1)
