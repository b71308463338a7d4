"""The signatory index's files: one agreement's stored identities and summaries, by file name and
stat (:class:`IndexFile`); what keys them (:func:`_context_key`); a file's stat as the index
compares it (:func:`stat_of`). What the index means and who uses it:
:mod:`overens.store.signatory_index`."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson

from overens.model import summary
from overens.model.agreement import Agreement
from overens.model.identity import Sought, look_alike_key, name_key
from overens.model.summary import Summary, Who
from overens.resources import shipped_dir
from overens.store.cache import RACY_NS, StampedFile, environment_key, no_collection
from overens.store.stats import FolderStat, Stat, folder_stat, lstat_in
from overens.store.summary_json import Shared, decode, encode

LAYOUT = 4
"""The layout of the index's files (see :class:`IndexFile`); it keys the index, so a new layout
starts anew."""


class IndexFile:
    """The stored values of one agreement's signatory files, in two files.

    ``index-<agreement>.json`` holds the folder's names with the folder's stat (``listed``: the
    names the loader reads and the other names ending in ``.yaml``, trusted while the folder's
    entries are unchanged) and, by file name, ``[stat, name, number, summarised, look, key]``:
    the file's stat (None when it must not be trusted), name and organisation number, whether
    the summaries hold the summary made from the file with that stat, the name's look-alike key
    once a signing has needed it, and the key names are compared by (what the look-up of sign,
    withdraw, confirm, report and erase needs: a quarter of what the summaries hold).
    ``listing-<agreement>.json`` holds the values the summaries share and each file's summary in
    its first line; a second, when there is one, holds the summaries of the files checked since,
    which stand in for the first's (so that a render after one change writes one summary, not
    10,000, beside the others).

    A look-up reads and writes the first file alone, so a signing never reads or rewrites the
    summaries. The two are tied by a generation: a token the summaries are written with,
    then the index; ``summarised`` counts only while the index names the generation the
    summaries have (after a crash between the two writes, nothing is taken from the summaries
    and every file is checked again). The generation is a digest of the summaries' content."""

    def __init__(
        self,
        root: Path,
        agreement: Agreement,
        *,
        whole: bool,
        stats: Mapping[str, Stat] | None = None,
    ) -> None:
        self.prefix = f"{Path(agreement.path).parent.as_posix()}/signatories/"
        self._taken = stats or {}
        """Stats taken earlier in this run, by path relative to the root (see :meth:`current`)."""
        self._file = StampedFile(root, f"index-{agreement.id}")
        self._listing = StampedFile(root, f"listing-{agreement.id}")
        self._context = _context_key(root, agreement)
        self._whole = whole
        head = _parsed(self._file.read() or b"")
        ours = head.get("context") == self._context
        files = head.get("files") if ours else None
        generation = head.get("generation") if ours else None
        self._files: dict[str, Any] = files if isinstance(files, dict) else {}
        self._generation = generation if isinstance(generation, str) else ""
        listed = head.get("listed") if ours else None
        self._listed: list[Any] | None = listed if isinstance(listed, list) else None
        self._listed_new = False
        """Whether :meth:`remember` replaced the folder's names (the index is then written)."""
        self._values: dict[str, Any] = {}
        self._base = b""
        """The summaries' first line, when it is of this context (kept as it is while a second
        is added)."""
        self._base_generation = ""
        """The first line's own generation (a second line's digest starts from it)."""
        self._since: dict[str, Any] = {}
        self.shared = Shared()
        if whole:
            self._read_summaries()
        self._kept: dict[str, Any] = {}
        self._new: dict[str, Any] = {}
        self._checked: dict[str, Any] = {}
        self._looks = False
        """Whether a look-alike key was added in this run (the index is then written)."""

    def _read_summaries(self) -> None:
        base, _, since = (self._listing.read() or b"").partition(b"\n")
        rest, later = _parsed(base), _parsed(since)
        values = rest.get("entries")
        if rest.get("context") != self._context or not isinstance(values, dict):
            return  # not of this context: every file is checked again
        shared, generation = rest.get("shared"), rest.get("generation")
        if later.get("context") == self._context and isinstance(later.get("entries"), dict):
            shared, generation, self._since = later["shared"], later["generation"], later["entries"]
        if not self._generation or generation != self._generation:
            self._since = {}
            return  # the index was not written with these summaries: none is trusted
        try:
            self.shared = Shared(shared)
        except (TypeError, ValueError):
            self._since = {}
            return
        self._values = {**values, **self._since} if self._since else values
        self._base = base
        self._base_generation = str(rest.get("generation"))

    def listed(self, folder: Path) -> tuple[list[str], list[str]] | None:
        """The names the loader reads in ``folder`` and the other names ending in ``.yaml``, as
        :meth:`remember` kept them, while the folder's own stat is the one kept then: an entry
        added, removed, renamed or replaced moves a folder's modification and change times. None
        when they were not kept, or the folder (or a folder on its way) changed or is a link."""
        kept = self._listed
        if kept is None or len(kept) != 3:
            return None
        then, names, others = kept
        if then != folder_stat(folder) or os.path.realpath(folder) != str(folder):
            return None
        if not (isinstance(names, list) and isinstance(others, list)):
            return None
        if not all(n.__class__ is str for n in names) or not all(
            n.__class__ is str for n in others
        ):
            return None
        return names, others

    def remember(self, before: FolderStat | None, names: list[str], others: list[str]) -> None:
        """Keep the folder's names (read with no finding about the folder), with its stat taken
        ``before`` they were read; not when that stat is too recent to tell a later change by."""
        if before is None or max(before[0], before[1]) >= time.time_ns() - RACY_NS:
            return
        self._listed, self._listed_new = [before, names, others], True

    def current(self, base: str, names: list[str]) -> tuple[list[tuple[str, Any]], list[str]]:
        """The files whose stat is the one stored, with their entries; and the others."""
        other: list[str] = []
        return list(self._fresh(base, names, other)), other

    def _fresh(self, base: str, names: list[str], other: list[str]) -> Iterator[tuple[str, Any]]:
        """Each file whose stat is the one stored, with its entry; the others into ``other``
        (one loop and one ``lstat`` a file: 10,000 of them before a signing). A stat the caller
        took earlier in this run (a render's key of the folder) is compared instead of a new one:
        a file changed since was changed after that key was taken, so nothing is kept under a
        key that does not describe it, and the next run sees the change."""
        get, taken, prefix = self._files.get, self._taken.get, self.prefix
        with lstat_in(base) as lstat:
            for name in names:
                entry = get(name)
                if entry is not None and len(entry) == 6 and entry[0] is not None:
                    now = taken(prefix + name) if self._taken else None
                    if now is None:
                        try:
                            st = lstat(name)
                        except OSError:
                            other.append(name)
                            continue
                        now = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
                    if entry[0] == now:
                        yield name, entry
                        continue
                other.append(name)

    def who_all(self, base: str, names: list[str]) -> tuple[dict[str, Who], list[str]]:
        """Who each file whose stat is the one stored says it is, by file name; the others."""
        found: dict[str, Who] = {}
        other: list[str] = []
        kept = self._kept
        for name, entry in self._fresh(base, names, other):
            _, who, number, _, look, key = entry
            if (  # of the types this module writes (else the file is checked again)
                who.__class__ is str
                and (number is None or number.__class__ is str)
                and (look is None or look.__class__ is str)
                and key.__class__ is str
            ):
                kept[name] = entry
                found[name] = _new(Who, (name[:-5], who, number, key, look))
            else:
                other.append(name)
        return found, other

    def who_may_be(
        self, base: str, names: list[str], sought: Sought
    ) -> tuple[dict[str, Who], list[str]]:
        """:meth:`who_all`, of only the files that may be the organisation ``sought`` (its
        :meth:`~overens.model.identity.Sought.may_be`): a signing into 10,000 signatories makes
        a record for the few, not for every file. When names are compared by how they look, each
        name's look-alike key is added where the index has none, and kept."""
        found: dict[str, Who] = {}
        other: list[str] = []
        kept, may_be = self._kept, sought.may_be
        for name, entry in self._fresh(base, names, other):
            _, who, number, _, look, key = entry
            if not (  # as in who_all
                who.__class__ is str
                and (number is None or number.__class__ is str)
                and (look is None or look.__class__ is str)
                and key.__class__ is str
            ):
                other.append(name)
                continue
            if look is None and sought.look is not None:
                look = look_alike_key(who)
                entry = [*entry[:4], look, key]
                self._looks = True
            kept[name] = entry
            if may_be(name, number, key, look):
                found[name] = _new(Who, (name[:-5], who, number, key, look))
        return found, other

    def add_looks(self, found: dict[str, Who], key: Callable[[str], str]) -> dict[str, Who]:
        """``found`` with every look-alike key (``key`` of the name) in place, those computed now
        kept for the next look-up."""
        for name, who in found.items():
            if who.look is None:
                found[name] = who._replace(look=key(who.name))
                entry = self._kept.get(name)
                if entry is not None and entry[1] == who.name:
                    self._kept[name] = [*entry[:4], found[name].look, entry[5]]
                    self._looks = True
        return found

    def summaries(
        self, base: str, names: list[str], *, contacts: bool, reports: bool
    ) -> tuple[dict[str, Summary], list[str]]:
        """The summaries of the files whose stat is the one stored, by file name (without
        contact persons unless ``contacts``, without reports unless ``reports``); and the other
        names, whose files are checked again (a value this module did not write among them)."""
        same, missing = self.current(base, names)
        found: dict[str, Summary] = {}
        values, kept, new, shared = self._values.get, self._kept, self._new, self.shared
        for name, entry in same:  # one loop, no call a file but the decoding: 10,000 of them
            value = values(name) if entry[3] == 1 else None
            if value is None:  # not summarised with this stat
                missing.append(name)
                continue
            try:
                found[name] = decode(name[:-5], value, shared, contacts=contacts, reports=reports)
            except (TypeError, ValueError, IndexError, AttributeError, KeyError):
                missing.append(name)  # not a value this module wrote
                continue
            kept[name] = entry
            new[name] = value
        return found, missing

    def keep(self, name: str, before: Stat | None, value: Summary) -> None:
        """Keep the value of a file checked now, with the stat taken before it was read."""
        if before is not None:
            self._kept[name] = [
                before,
                value.name,
                value.org_number,
                int(self._whole),
                None,
                name_key(value.name),
            ]
            self._checked[name] = self._new[name] = (
                encode(value, self.shared) if self._whole else None
            )

    def save(self) -> None:
        """Write the index when it changed: the files seen in this run, and only those; and,
        for a reader of summaries, the summaries (a look-up writes the index alone)."""
        # Entries read from the index were written with a stat that was settled then, and is
        # now; only a file checked in this run may have changed too recently to be trusted.
        racy = time.time_ns() - RACY_NS
        files = self._kept
        settled = False
        for name in self._checked.keys() & files.keys():
            kept_stat, *who = files[name]
            trusted = kept_stat is not None and max(kept_stat[1], kept_stat[2]) < racy
            files[name] = [kept_stat if trusted else None, *who]
            settled = settled or trusted
        unchanged = not self._looks and not self._listed_new
        if not settled and unchanged and files.keys() == self._files.keys():
            # Nothing a later run could use: the same files, and those checked now changed too
            # recently to be trusted (a render right after an edit), whose old stat no longer
            # matches either, so the next run checks them again whether this is written or not.
            return
        try:
            if self._whole:
                summaries, self._generation = self._summaries()
                if not self._listing.write(summaries):
                    return
            head = {
                "context": self._context,
                "generation": self._generation,
                "files": files,
                "listed": self._listed,
            }
            self._file.write(orjson.dumps(head))
        except TypeError:  # orjson.JSONEncodeError: a value JSON cannot hold
            return

    def _summaries(self) -> tuple[list[bytes], str]:
        """The summaries, as the parts of the file, and their generation: the first line as it
        was and a second with the files checked since it was written, while those are few; else
        all in a first line anew. The generation is a digest of what the summaries hold (a second
        line's, of the first's generation and itself), so equal summaries are written alike, and
        the first line of 10,000 summaries is neither hashed nor copied again."""
        since = {**self._since, **self._checked}
        line: dict[str, Any] = {"context": self._context, "shared": self.shared.to_json()}
        if self._base and len(since) <= max(64, len(self._kept) // 8):
            line["entries"], before, chained = since, self._base, self._base_generation
        else:
            line["entries"], before, chained = self._new, b"", ""
        digest = hashlib.blake2b(chained.encode(), digest_size=12)
        digest.update(orjson.dumps(line))
        generation = line["generation"] = digest.hexdigest()
        return ([before, b"\n"] if before else []) + [orjson.dumps(line)], generation


_new = tuple.__new__


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
