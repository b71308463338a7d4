"""An agreement's signatories, kept file by file: the one index every command reads them from.

``list``, ``render``, ``history`` and the duplicate look-up of ``sign``, ``withdraw``, ``confirm``
and ``erase`` must not parse 10,000 YAML files each time one of them changes. They need little of
each signatory (:class:`overens.model.summary.Summary`: who it is, its periods and its reports),
so :func:`read` keeps that small value per signatory file in
``.overens-cache/listing-<agreement>.json`` with the file's stat, and only a file whose stat
changed is read and checked again. :func:`summaries` is the call for a command that needs an
agreement's signatories and refuses to work on files with errors.

Never stale, like every cache in overens (:mod:`overens.store.cache`):

- A value is kept with the file's ``(size, mtime_ns, ctime_ns, inode)`` taken before the file was
  read, and used while the stat is unchanged (git's index works the same way). A file modified
  within :data:`cache.RACY_NS` of the moment the index is written is kept without its stat and
  checked again next time, since it could change again without its stat moving on a file system
  with coarse timestamps.
- A value is stored only for a file that passed every check :func:`overens.store.loader.load`
  makes of it (:func:`overens.store.loader.check_signatory`, the loader's own code). What those
  checks depend on besides the file (the program, the schemas, and the agreement's versions, text
  hashes, report kinds, joining channels and criteria, and the predecessor a period may be carried
  over from) keys the whole index: when any of it changes, every file is checked again.
- A file with an error is checked again every time and comes back as :class:`Flawed`, with the
  loader's findings and what the loader could build of it; a folder the loader refuses (a
  symbolic link) makes the result incomplete. Each caller then does what it did before there was
  an index (render loads everything and reports; ``list`` leaves the file out with a warning; the
  look-up reads that file as it always did), so the index never decides what is valid.

The cache is an optimisation only: every command gives the same answer with ``--no-cache``
(tests/acceptance/render_listing_test.py and index_equivalence_test.py compare them after every
kind of change).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import orjson

from overens.errors import ValidationFailed
from overens.model import summary
from overens.model.agreement import Agreement
from overens.model.findings import Findings
from overens.model.summary import Shared, Summary, Who
from overens.resources import shipped_dir
from overens.store import schemas
from overens.store.cache import RACY_NS, StampedFile, environment_key, no_collection
from overens.store.loader import check_signatory, load, signatory_names
from overens.store.workers import fork_map, worker_count

LAYOUT = 2
"""The layout of the index file (two lines, see :class:`_Index`); it keys the index, so a new
layout starts anew."""


@dataclass(frozen=True, slots=True)
class Flawed:
    """A signatory file the loader reports an error in."""

    name: str
    """The file's name in the signatories folder."""
    rel: str
    """Its path relative to the repository root."""
    summary: Summary | None
    """What the loader built of it, without its contact (None when it could not be loaded at all:
    a YAML or schema error); a file with only errors across files (its periods, the versions it
    names) has one."""
    findings: Findings


@dataclass(frozen=True, slots=True)
class Signatories:
    """One agreement's signatory files, as the index knows them."""

    agreement: Agreement
    """Loaded without its signatory files (its ``signatories`` are empty)."""
    summaries: tuple[Summary, ...]
    """The files without errors, in the loader's order (by file name); each id is its file's stem."""
    flawed: tuple[Flawed, ...]
    """The files with errors, in the same order."""
    complete: bool
    """False when the loader refuses the folder itself (a symbolic link): nothing in it is read."""
    checked: int
    """How many files were read and checked in this call (the others came from the index)."""

    @property
    def valid(self) -> bool:
        """True when every signatory file was read and none has an error."""
        return self.complete and not self.flawed


@dataclass(frozen=True, slots=True)
class ListedAgreement:
    """An agreement (loaded without its signatory files) and its signatories, for render."""

    agreement: Agreement
    signatories: tuple[Summary, ...]
    checked: int


def summaries(root: Path, agreement_id: str, *, contacts: bool = False) -> tuple[Summary, ...]:
    """The signatories of ``agreement_id``, from the index: the call for every command that needs
    an agreement's signatories (list, export, due dates, a site, follow-up).

    Contact persons (personal data) are left out unless ``contacts`` is true. Raises
    :class:`~overens.errors.ValidationFailed`, naming the first error, when the agreement's text
    or any of its signatory files has one (``overens validate`` shows them all), and
    :class:`~overens.errors.AgreementNotFoundError` for an unknown agreement.
    """
    root = root.resolve()
    result = load(root, [agreement_id], documents=True, signatories=False)
    errors = [f for f in result.findings.sorted() if f.severity.value == "error"]
    found = None
    if not errors and result.repository.agreements:
        found = read(root, result.repository.agreements[0], contacts=contacts)
        errors = [f for flawed in found.flawed for f in flawed.findings.sorted()]
        errors = [f for f in errors if f.severity.value == "error"]
    if found is None or errors or not found.complete:
        where = f"{errors[0].location}: {errors[0].message}" if errors else "its signatories folder"
        raise ValidationFailed(
            f"the agreement {agreement_id} has errors; the first: {where}",
            hint=f"run `overens validate agreements/{agreement_id}` and fix what it reports",
        )
    return found.summaries


def read(root: Path, agreement: Agreement, *, contacts: bool = True) -> Signatories:
    """Every signatory file of ``agreement`` (loaded without them, for instance with
    ``loader.load(signatories=False)``): from the index where a file's stat is the one it was
    kept with, checked with the loader's own code otherwise. ``root`` must be resolved."""

    def stored(index: _Index, base: str, names: list[str]) -> tuple[dict[str, Summary], list[str]]:
        same, missing = index.current(base, names)
        found = {}
        for name, entry in same:
            value = index.summary(name, entry, contacts)
            if value is None:
                missing.append(name)
            else:
                found[name] = value
        return found, missing

    def fresh(summary: Summary) -> Summary:
        return summary if contacts else summary._replace(contact=None)

    names, found, flawed, complete, checked = _walk(root, agreement, stored, fresh, whole=True)
    return Signatories(
        agreement, tuple(found[n] for n in names if n in found), flawed, complete, checked
    )


@dataclass(frozen=True, slots=True)
class Identities:
    """Who each signatory file of an agreement says it is (for the duplicate look-up)."""

    found: dict[str, Who]
    """By file name: the files without errors."""
    flawed: frozenset[str]
    """The names of files with errors (the look-up reads them as it always did)."""
    complete: bool


def identities(root: Path, agreement: Agreement) -> Identities:
    """:func:`read`, keeping only who each file says it is: the look-up of sign, withdraw,
    confirm and erase compares names and organisation numbers only, and decoding 10,000 full
    summaries would cost more than the rest of a signing. ``root`` must be resolved."""

    def fresh(summary: Summary) -> Who:
        return Who(summary.id, summary.name, summary.org_number)

    _, found, flawed, complete, _ = _walk(root, agreement, _Index.who_all, fresh, whole=False)
    return Identities(found, frozenset(f.name for f in flawed), complete)


T = TypeVar("T")


def _walk(
    root: Path,
    agreement: Agreement,
    stored: Callable[[_Index, str, list[str]], tuple[dict[str, T], list[str]]],
    fresh: Callable[[Summary], T],
    *,
    whole: bool,
) -> tuple[list[str], dict[str, T], tuple[Flawed, ...], bool, int]:
    """Every signatory file the loader reads (their names, in its order): ``stored`` (the index's
    values of the files whose stat is the one stored, and the other names) or ``fresh`` of the
    summary of a file checked now, by name; the flawed files; whether the folder was read at
    all; how many files were checked."""
    folder, names, folder_findings = signatory_names(root, agreement.id)
    index = _Index(root, agreement, whole=whole)
    flawed: dict[str, Flawed] = {}
    try:
        with no_collection():  # summaries hold no cycles
            found, missing = stored(index, str(folder) + os.sep, names)
        for name, (before, checked, findings) in _check_all(root, agreement, folder, missing):
            if findings.errors or checked is None:
                shown = checked._replace(contact=None) if checked is not None else None
                flawed[name] = Flawed(name, index.prefix + name, shown, findings)
            else:
                index.keep(name, before, checked)
                found[name] = fresh(checked)
    finally:
        index.save()
    ordered = tuple(flawed[name] for name in names if name in flawed)
    return names, found, ordered, not folder_findings.errors, len(missing)


def load_listed(
    root: Path, agreement_ids: Sequence[str] | None = None
) -> list[ListedAgreement] | None:
    """The agreements (all, or ``agreement_ids``) and their signatories, when everything is valid.

    None when the loader has an error to report anywhere in them: load them with
    :func:`overens.store.loader.load` to get it. Warnings do not count (render does not refuse
    them).
    """
    root = root.resolve()
    result = load(root, agreement_ids, documents=True, signatories=False)
    if result.findings.errors:
        return None
    found = []
    for agreement in result.repository.agreements:
        signatories = read(root, agreement)
        if not signatories.valid:
            return None
        found.append(ListedAgreement(agreement, signatories.summaries, signatories.checked))
    return found


_Stat = list[int]


def _stat(path: str | Path) -> _Stat | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


_Checked = tuple[_Stat | None, Summary | None, Findings]


def _check(root: Path, agreement: Agreement, path: Path) -> _Checked:
    """One file, checked as the loader does, with its stat taken *before* it was read: a change
    while it is checked moves the stat on, so the value is never found for the new content."""
    before = _stat(path)
    signatory, findings = check_signatory(root, path, agreement)
    return before, Summary.of(signatory) if signatory is not None else None, findings


def _check_all(
    root: Path, agreement: Agreement, folder: Path, names: list[str]
) -> Iterator[tuple[str, _Checked]]:
    """Check ``names`` in this process, or, when there are enough of them to pay for starting
    workers (a fresh clone of an agreement with thousands of signatories), in the worker pool,
    in chunks, in order."""
    workers = worker_count(len(names), len(names))
    if workers <= 1:
        for name in names:
            yield name, _check(root, agreement, folder / name)
        return

    def chunk(part: list[str]) -> list[tuple[str, _Checked]]:
        return [(name, _check(root, agreement, folder / name)) for name in part]

    size = -(-len(names) // (workers * 4))
    chunks = [names[i : i + size] for i in range(0, len(names), size)]
    for done in fork_map(chunk, chunks, workers=workers, prepare=schemas.warm_up):
        yield from done


class _Index:
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
            found = Summary.from_json(name[:-5], value, self.shared, contacts=contacts)
        except (TypeError, ValueError, IndexError, AttributeError, KeyError):
            return None  # not a value this module wrote: check the file again
        self._kept[name] = entry
        self._new[name] = value
        return found

    def keep(self, name: str, before: _Stat | None, value: Summary) -> None:
        """Keep the value of a file checked now, with the stat taken before it was read."""
        if before is not None:
            self._kept[name] = [before, value.name, value.org_number, int(self._whole)]
            self._checked[name] = self._new[name] = (
                value.to_json(self.shared) if self._whole else None
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
