"""The signatory index's file: one agreement's stored summaries, by file name and stat, in
``.overens-cache/listing-<agreement>.json`` (:class:`IndexFile`); what keys it
(:func:`_context_key`); a file's stat as the index compares it (:func:`stat_of`). What the index
means and who uses it: :mod:`overens.store.signatory_index`."""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from overens.model import summary
from overens.model.agreement import Agreement
from overens.model.summary import Summary, Who
from overens.resources import shipped_dir
from overens.store.cache import RACY_NS, StampedFile, environment_key, no_collection
from overens.store.summary_json import Shared, decode, encode

LAYOUT = 2
"""The layout of the index file (two lines, see :class:`IndexFile`); it keys the index, so a new
layout starts anew."""


Stat = list[int]


def stat_of(path: str | Path) -> Stat | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


class IndexFile:
    """The stored values of one agreement's signatory files, in one file of two or three lines.

    The first holds, by file name, ``[stat, name, number, summarised]``: the file's stat (None
    when it must not be trusted), name and organisation number (what the look-up of a signing
    needs: a quarter of the file), and whether the lines after it hold the summary made from
    the file with that stat. The second holds the values the summaries share and each file's
    summary; a third, when there is one, the summaries of the files checked since, which stand
    in for the second's (so that a render after one change writes one summary, not 10,000).
    They are parsed only when summaries are asked for (``whole``). A look-up that checked a
    changed file writes the first line alone, with ``summarised`` false for it, and keeps the
    others as they were."""

    def __init__(self, root: Path, agreement: Agreement, *, whole: bool) -> None:
        self.prefix = f"{Path(agreement.path).parent.as_posix()}/signatories/"
        self._file = StampedFile(root, f"listing-{agreement.id}")
        self._context = _context_key(root, agreement)
        self._whole = whole
        head, _, self._rest = (self._file.read() or b"").partition(b"\n")
        first = _parsed(head)
        files = first.get("files") if first.get("context") == self._context else None
        self._files: dict[str, Any] = files if isinstance(files, dict) else {}
        self._values: dict[str, Any] = {}
        self._base = b""
        """The second line, when it is of this context (kept as it is while a third is added)."""
        self._since: dict[str, Any] = {}
        self.shared = Shared()
        if whole:
            self._read_summaries()
        self._kept: dict[str, Any] = {}
        self._new: dict[str, Any] = {}
        self._checked: dict[str, Any] = {}

    def _read_summaries(self) -> None:
        base, _, since = self._rest.partition(b"\n")
        rest, later = _parsed(base), _parsed(since)
        values = rest.get("entries")
        if rest.get("context") != self._context or not isinstance(values, dict):
            return  # not of this context: every file is checked again
        shared = rest.get("shared")
        if later.get("context") == self._context and isinstance(later.get("entries"), dict):
            shared, self._since = later.get("shared"), later["entries"]
        try:
            self.shared = Shared(shared)
        except (TypeError, ValueError):
            self._since = {}
            return
        self._values = {**values, **self._since} if self._since else values
        self._base = base

    def current(self, base: str, names: list[str]) -> tuple[list[tuple[str, Any]], list[str]]:
        """The files whose stat is the one stored, with their entries; and the others (one loop
        and one ``lstat`` a file: 10,000 of them before a signing)."""
        files = self._files
        same: list[tuple[str, Any]] = []
        other: list[str] = []
        with _folder(base) as lstat:
            for name in names:
                entry = files.get(name)
                if entry is not None and len(entry) == 4 and entry[0] is not None:
                    try:
                        st = lstat(name)
                    except OSError:
                        other.append(name)
                        continue
                    if entry[0] == [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]:
                        same.append((name, entry))
                        continue
                other.append(name)
        return same, other

    def who_all(self, base: str, names: list[str]) -> tuple[dict[str, Who], list[str]]:
        """Who each file whose stat is the one stored says it is, by file name; the others."""
        same, other = self.current(base, names)
        found: dict[str, Who] = {}
        kept = self._kept
        for name, entry in same:
            who, number = entry[1], entry[2]
            if isinstance(who, str) and (number is None or isinstance(number, str)):
                kept[name] = entry
                found[name] = Who(name[:-5], who, number)
            else:
                other.append(name)
        return found, other

    def summary(self, name: str, entry: Any, contacts: bool) -> Summary | None:
        value = self._values.get(name) if entry[3] == 1 else None
        if value is None:
            return None
        try:
            found = decode(name[:-5], value, self.shared, contacts=contacts)
        except (TypeError, ValueError, IndexError, AttributeError, KeyError):
            return None  # not a value this module wrote: check the file again
        self._kept[name] = entry
        self._new[name] = value
        return found

    def keep(self, name: str, before: Stat | None, value: Summary) -> None:
        """Keep the value of a file checked now, with the stat taken before it was read."""
        if before is not None:
            self._kept[name] = [before, value.name, value.org_number, int(self._whole)]
            self._checked[name] = self._new[name] = (
                encode(value, self.shared) if self._whole else None
            )

    def save(self) -> None:
        """Write the index when it changed: the files seen in this run, and only those (a look-up
        writes the first line and keeps the others as they were)."""
        if not self._checked and self._kept.keys() == self._files.keys():
            return
        racy = time.time_ns() - RACY_NS
        files = {}
        for name, (stat, *who) in self._kept.items():
            files[name] = [stat if stat and max(stat[1], stat[2]) < racy else None, *who]
        try:
            head = orjson.dumps({"context": self._context, "files": files})
            if self._whole:
                self._rest = self._summaries()
        except TypeError:  # orjson.JSONEncodeError: a value JSON cannot hold
            return
        self._file.write(head + b"\n" + self._rest)

    def _summaries(self) -> bytes:
        """The lines of summaries: the second as it was and a third with the files checked since
        it was written, while those are few; else all in a second line anew."""
        since = {**self._since, **self._checked}
        shared = self.shared.to_json()
        if self._base and len(since) <= max(64, len(self._kept) // 8):
            later = orjson.dumps({"context": self._context, "shared": shared, "entries": since})
            return self._base + b"\n" + later
        return orjson.dumps({"context": self._context, "shared": shared, "entries": self._new})


@contextlib.contextmanager
def _folder(base: str) -> Iterator[Callable[[str], os.stat_result]]:
    """``lstat`` of a name in the folder ``base`` (ending in a separator): relative to the
    folder's descriptor where the system allows it (the kernel then does not walk the whole path
    again for each of 10,000 files), else by the whole path."""
    if os.stat not in os.supports_dir_fd:
        yield lambda name: os.lstat(base + name)
        return
    try:
        fd = os.open(base, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield lambda name: os.lstat(base + name)
        return
    try:
        yield lambda name: os.stat(name, dir_fd=fd, follow_symlinks=False)
    finally:
        os.close(fd)


def _parsed(line: bytes) -> dict[str, Any]:
    try:
        with no_collection():
            value = orjson.loads(line) if line else None
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _context_key(root: Path, agreement: Agreement) -> str:
    """What the checks of a signatory file depend on besides the file itself."""
    h = hashlib.sha256(
        environment_key([shipped_dir("schemas"), root / "schemas"], "listing").encode()
    )
    h.update(f"\0{summary.FORMAT}.{LAYOUT}\0{agreement.id}".encode())
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
