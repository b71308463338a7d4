"""An agreement's signatories as a rendered document lists them, kept file by file.

Rendering one agreement with 10,000 signatories must not parse 10,000 YAML files and build
10,000 model objects each time one of them changes (a coordinator signs one organisation, then
renders). A document needs little of each signatory (:class:`overens.model.summary.Listed`: its name,
municipality, signer, contact and periods), so :func:`load_listed` keeps that small value per
signatory file in ``.overens-cache/listing-<agreement>.json`` with the file's stat, and only a
file whose stat changed is read and checked again.

Never stale, like every cache in overens (:mod:`overens.store.cache`):

- A value is kept with the file's ``(size, mtime_ns, ctime_ns, inode)`` taken before the file was
  read, and used while the stat is unchanged (git's index works the same way). A file modified
  within :data:`cache.RACY_NS` of the moment the index is written is kept without its stat and
  checked again next time, since it could change again without its stat moving on a file system
  with coarse timestamps.
- A value is stored only for a file that passed every check :func:`overens.store.loader.load` makes of
  it (:func:`overens.store.loader.check_signatory`, the loader's own code). What those checks depend on
  besides the file (the program, the schemas, and the agreement's versions, text hashes, report
  kinds, joining channels and criteria, and the predecessor a period may be carried over from)
  keys the whole index: when any of it changes, every file is checked again.
- Anything else the loader would say (an error in agreement.yaml, a principle or a body file, a
  linked signatories folder, a signatory file with an error) makes :func:`load_listed` return
  None, and the caller loads everything the usual way, which reports it.

The cache is an optimisation only: the document is byte for byte the one the full load gives
(tests/acceptance/render_listing_test.py renders both after every kind of change).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overens.model.agreement import Agreement
from overens.model.summary import Listed
from overens.resources import shipped_dir
from overens.store import schemas
from overens.store.cache import RACY_NS, Cache, environment_key
from overens.store.loader import check_signatory, load, signatory_names
from overens.store.workers import fork_map, worker_count


@dataclass(frozen=True, slots=True)
class ListedAgreement:
    """An agreement (loaded without its signatory files) and its signatories as listed."""

    agreement: Agreement
    signatories: tuple[Listed, ...]
    checked: int
    """How many signatory files were read and checked in this load (the others were listed from
    the index); for the tests and the benchmark."""


def load_listed(
    root: Path, agreement_ids: Sequence[str] | None = None
) -> list[ListedAgreement] | None:
    """The agreements (all, or ``agreement_ids``) and their signatories, when everything is valid.

    None when the loader has an error to report anywhere in them: load them with
    :func:`overens.store.loader.load` to get it. Warnings do not count (render does not refuse them).
    """
    root = root.resolve()
    result = load(root, agreement_ids, documents=True, signatories=False)
    if result.findings.errors:
        return None
    found = []
    for agreement in result.repository.agreements:
        listed = _signatories(root, agreement)
        if listed is None:
            return None
        found.append(ListedAgreement(agreement, *listed))
    return found


def _signatories(root: Path, agreement: Agreement) -> tuple[tuple[Listed, ...], int] | None:
    folder, names, findings = signatory_names(root, agreement.id)
    if findings.errors:
        return None
    index = _Index(root, agreement)
    base = str(folder) + os.sep
    try:
        found: dict[str, Listed] = {}
        missing = []
        for name in names:
            entry = index.find(base + name, name)
            if entry is None:
                missing.append(name)
            else:
                found[name] = entry
        for name, checked in _check_all(root, agreement, folder, missing):
            if checked is None:
                return None
            found[name] = index.keep(name, *checked)
    finally:
        index.save()
    return tuple(found[name] for name in names), len(missing)


_Stat = list[int]


def _stat(path: str | Path) -> _Stat | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


_Checked = tuple[_Stat | None, Listed]


def _check(root: Path, agreement: Agreement, path: Path) -> _Checked | None:
    """One file, checked as the loader does, with its stat taken *before* it was read: a change
    while it is checked moves the stat on, so the value is never found for the new content."""
    before = _stat(path)
    signatory, findings = check_signatory(root, path, agreement)
    if signatory is None or findings.errors:
        return None
    return before, Listed.of(signatory)


def _check_all(
    root: Path, agreement: Agreement, folder: Path, names: list[str]
) -> Iterator[tuple[str, _Checked | None]]:
    """Check ``names`` in this process, or, when there are enough of them to pay for starting
    workers (a fresh clone of an agreement with thousands of signatories), in the worker pool,
    in chunks, in order."""
    workers = worker_count(len(names), len(names))
    if workers <= 1:
        for name in names:
            yield name, _check(root, agreement, folder / name)
        return

    def chunk(part: list[str]) -> list[tuple[str, _Checked | None]]:
        return [(name, _check(root, agreement, folder / name)) for name in part]

    size = -(-len(names) // (workers * 4))
    chunks = [names[i : i + size] for i in range(0, len(names), size)]
    for done in fork_map(chunk, chunks, workers=workers, prepare=schemas.warm_up):
        yield from done


class _Index:
    """The stored :class:`Listed` values of one agreement's signatory files: by file name,
    ``[stat, value]`` (the stat None when it must not be trusted)."""

    def __init__(self, root: Path, agreement: Agreement) -> None:
        self._root = root
        self._agreement = agreement
        self._store = Cache(root, f"listing-{agreement.id}")
        self._context = _context_key(root, agreement)
        entries = (
            self._store.get("entries") if self._store.get("context") == self._context else None
        )
        self._entries: dict[str, Any] = entries if isinstance(entries, dict) else {}
        self._kept: dict[str, Any] = {}
        self._changed = False

    def find(self, path: str, name: str) -> Listed | None:
        """The stored value of the file, while its stat is the one it was stored with."""
        entry = self._entries.get(name)
        if entry is None or entry[0] is None or entry[0] != _stat(path):
            return None
        try:
            listed = Listed.from_json(name[:-5], entry[1])
        except (TypeError, ValueError, IndexError, AttributeError, KeyError):
            return None  # not a value this module wrote: check the file again
        self._kept[name] = entry
        return listed

    def keep(self, name: str, before: _Stat | None, listed: Listed) -> Listed:
        """Keep the value of a file checked now, with the stat taken before it was read."""
        if before is not None:
            self._kept[name] = [before, listed.to_json()]
            self._changed = True
        return listed

    def save(self) -> None:
        """Write the index when it changed: the files seen in this run, and only those."""
        if not self._changed and self._kept.keys() == self._entries.keys():
            return
        racy = time.time_ns() - RACY_NS
        for entry in self._kept.values():
            if entry[0] is not None and max(entry[0][1], entry[0][2]) >= racy:
                entry[0] = None
        self._store.put("context", self._context)
        self._store.put("entries", self._kept)
        self._store.save()


def _context_key(root: Path, agreement: Agreement) -> str:
    """What the checks of a signatory file depend on besides the file itself."""
    h = hashlib.sha256(
        environment_key([shipped_dir("schemas"), root / "schemas"], "listing").encode()
    )
    h.update(f"\0{agreement.id}".encode())
    for r in agreement.revisions:
        h.update(f"\0{r.version}\0{r.text_sha256}".encode())
    h.update(b"\0kinds")
    for kind in sorted(r.kind for r in agreement.terms.reports):
        h.update(f"\0{kind}".encode())
    # The joining channels and criteria a period may name, and the predecessor it may be
    # carried over from (overens.store.signatory_checks).
    terms, link = agreement.terms, agreement.succession.predecessor
    h.update(b"\0joining")
    for name in (
        sorted([c.id for c in terms.channels]) + ["/"] + sorted(c.id for c in terms.criteria)
    ):
        h.update(f"\0{name}".encode())
    if link is not None:
        h.update(f"\0predecessor\0{link.agreement}\0{link.carry_over}".encode())
    return h.hexdigest()
