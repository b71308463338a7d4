"""An agreement's signatories, kept file by file: the one index every command reads them from.

``list``, ``render``, ``history`` and the duplicate look-up of ``sign``, ``withdraw``, ``confirm``
and ``erase`` must not parse 10,000 YAML files each time one of them changes. They need little of
each signatory (:class:`overens.model.summary.Summary`: who it is, its periods and its reports),
so :func:`read` keeps that small value per signatory file in
``.overens-cache/listing-<agreement>.json``, with the file's stat, name and number in
``index-<agreement>.json`` (:class:`overens.store.index_file.IndexFile`), and only a file whose
stat changed is read and checked again. :func:`summaries` is the call for a command that needs an
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

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from overens.constants import AGREEMENTS_DIR, SIGNATORIES_DIR
from overens.errors import ValidationFailed
from overens.model.agreement import Agreement
from overens.model.findings import Findings
from overens.model.identity import Sought, look_alike_key, name_key
from overens.model.summary import Summary, Who
from overens.store import schemas
from overens.store.cache import no_collection
from overens.store.index_file import IndexFile
from overens.store.loader import LoadResult, check_signatory, load, signatory_names
from overens.store.stats import Stat, folder_stat, stat_of
from overens.store.workers import fork_map, worker_count


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


def read(
    root: Path,
    agreement: Agreement,
    *,
    contacts: bool = True,
    reports: bool = True,
    stats: Mapping[str, Stat] | None = None,
) -> Signatories:
    """Every signatory file of ``agreement`` (loaded without them, for instance with
    ``loader.load(signatories=False)``): from the index where a file's stat is the one it was
    kept with (or the one in ``stats``, taken earlier in this run), checked with the loader's
    own code otherwise. Without contact persons unless ``contacts``, and without the reports
    received unless ``reports``. ``root`` must be resolved."""

    def stored(
        index: IndexFile, base: str, names: list[str]
    ) -> tuple[dict[str, Summary], list[str]]:
        return index.summaries(base, names, contacts=contacts, reports=reports)

    def fresh(summary: Summary) -> Summary:
        if not contacts:
            summary = summary._replace(contact=None)
        return summary if reports else summary._replace(reports=())

    names, found, flawed, complete, checked = _walk(
        root, agreement, stored, fresh, whole=True, stats=stats
    )
    return Signatories(
        agreement, tuple(found[n] for n in names if n in found), flawed, complete, checked
    )


def read_agreement(
    root: Path, agreement_id: str, *, contacts: bool = False
) -> tuple[LoadResult, Signatories] | None:
    """``agreement_id`` loaded without its signatory files, and its signatories from the index
    (:func:`read`), without the reports received (for ``list`` and ``history``, which show none);
    None when the agreement does not load or the index cannot vouch for its signatories folder (a
    link): the caller then loads everything, as before there was an index. ``root`` must be
    resolved."""
    result = load(root, [agreement_id], documents=True, signatories=False)
    agreement = result.repository.agreement(agreement_id)
    if agreement is None:
        return None
    found = read(root, agreement, contacts=contacts, reports=False)
    return (result, found) if found.complete else None


@dataclass(frozen=True, slots=True)
class Identities:
    """Who each signatory file of an agreement says it is (for the duplicate look-up)."""

    found: dict[str, Who]
    """By file name: the files without errors (for a look-up that seeks an organisation, those
    that may be it, and those checked now)."""
    flawed: frozenset[str]
    """The names of files with errors (the look-up reads them as it always did)."""
    complete: bool
    names: tuple[str, ...] = ()
    """Every name in the folder ending in ``.yaml``, by name: the files above, and those the
    loader does not read (hidden ones, names no file may have, folders); for a look-up that
    seeks an organisation, those of the files that may be it and of the others above."""


def identities(root: Path, agreement: Agreement, *, sought: Sought | None = None) -> Identities:
    """:func:`read`, keeping only who each file says it is: the look-up of sign, withdraw,
    confirm and erase compares names and organisation numbers only, and decoding 10,000 full
    summaries would cost more than the rest of a signing. With ``sought``, only the files that
    may be that organisation (:meth:`~overens.model.identity.Sought.may_be`), those
    checked now and those with errors (for a signing, each with its name's look-alike key, kept
    in the index once computed): the look-up decides on those alone, and ``names`` holds theirs.
    ``root`` must be resolved."""

    def fresh(summary: Summary) -> Who:
        return Who(summary.id, summary.name, summary.org_number, name_key(summary.name))

    def add_looks(index: IndexFile, found: dict[str, Who]) -> None:
        if sought is not None and sought.look is not None:
            index.add_looks(found, look_alike_key)

    def may_be(index: IndexFile, base: str, names: list[str]) -> tuple[dict[str, Who], list[str]]:
        assert sought is not None
        return index.who_may_be(base, names, sought)

    skipped: list[str] = []
    stored = IndexFile.who_all if sought is None else may_be
    names, found, flawed, complete, _ = _walk(
        root, agreement, stored, fresh, whole=False, finish=add_looks, skipped=skipped
    )
    bad = frozenset(f.name for f in flawed)
    if sought is not None:
        names = [n for n in names if n in found or n in bad]
    every = tuple(sorted(names + skipped) if skipped else names)
    return Identities(found, bad, complete, every)


T = TypeVar("T")


def _walk(
    root: Path,
    agreement: Agreement,
    stored: Callable[[IndexFile, str, list[str]], tuple[dict[str, T], list[str]]],
    fresh: Callable[[Summary], T],
    *,
    whole: bool,
    finish: Callable[[IndexFile, dict[str, T]], None] | None = None,
    skipped: list[str] | None = None,
    stats: Mapping[str, Stat] | None = None,
) -> tuple[list[str], dict[str, T], tuple[Flawed, ...], bool, int]:
    """Every signatory file the loader reads (their names, in its order): ``stored`` (the index's
    values of the files whose stat is the one stored, and the other names) or ``fresh`` of the
    summary of a file checked now, by name; the flawed files; whether the folder was read at
    all; how many files were checked. ``finish`` may complete the values before the index is
    written; ``skipped`` gets the names ending in ``.yaml`` the loader does not read."""
    index = IndexFile(root, agreement, whole=whole, stats=stats)
    folder, names, folder_findings = _names(root, agreement, index, skipped, remember=whole)
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
        if finish is not None:
            finish(index, found)
    finally:
        index.save()
    ordered = tuple(flawed[name] for name in names if name in flawed)
    return names, found, ordered, not folder_findings.errors, len(missing)


def load_listed(
    root: Path,
    agreement_ids: Sequence[str] | None = None,
    *,
    contacts: bool = True,
    stats: Mapping[str, Stat] | None = None,
) -> list[ListedAgreement] | None:
    """The agreements (all, or ``agreement_ids``) and their signatories, when everything is valid,
    as documents and the site show them: without the reports received, and without contact
    persons unless ``contacts`` (a document that does not show them is spared making 10,000 of
    them to drop them again). ``stats``: files' stats the caller took before anything was read,
    by path relative to the root, compared instead of taking them again.

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
        signatories = read(root, agreement, contacts=contacts, reports=False, stats=stats)
        if not signatories.valid:
            return None
        found.append(ListedAgreement(agreement, signatories.summaries, signatories.checked))
    return found


def _names(
    root: Path,
    agreement: Agreement,
    index: IndexFile,
    skipped: list[str] | None,
    *,
    remember: bool,
) -> tuple[Path, list[str], Findings]:
    """:func:`~overens.store.loader.signatory_names`, or the names the index kept while the
    folder's stat is the one it had then (kept only when the loader had nothing to say about
    the folder, so there is no finding to repeat). Names listed now are kept when ``remember``:
    not for a look-up, which comes before a file in the folder is written or replaced, so that
    the folder's stat moves on at once."""
    folder = root / AGREEMENTS_DIR / agreement.id / SIGNATORIES_DIR
    kept = index.listed(folder)
    if kept is not None:
        names, others = kept
        if skipped is not None:
            skipped += others
        return folder, names, Findings()
    before = folder_stat(folder) if remember else None
    others = []
    folder, names, findings = signatory_names(root, agreement.id, others)
    if before is not None and not len(findings):
        index.remember(before, names, others)
    if skipped is not None:
        skipped += others
    return folder, names, findings


_Checked = tuple[Stat | None, Summary | None, Findings]


def _check(root: Path, agreement: Agreement, path: Path) -> _Checked:
    """One file, checked as the loader does, with its stat taken *before* it was read: a change
    while it is checked moves the stat on, so the value is never found for the new content."""
    before = stat_of(path)
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
