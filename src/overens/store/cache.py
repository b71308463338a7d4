"""A content-keyed cache in ``.overens-cache/`` that is never stale.

What a cached result depends on is summed up in a *key*: the SHA-256 of everything that could
change it. For a folder of agreement files that is every path in it and every file's content
digest; for the program it is overens's version, a fingerprint of its own source files, the
installed libraries and the schema files (:func:`environment_key`). A result is stored under its
key and found again only under the same key, so an edited, added, removed or renamed file, a
changed schema or another overens gives another key and a miss: there is nothing to invalidate.

Reading every file to hash it would cost a good part of what parsing costs, so a file's digest is
remembered together with its ``(size, mtime_ns, ctime_ns, inode)``: while those are unchanged the
content is too, and only a file whose stat changed is read and hashed again (git's index works the
same way). A file modified within :data:`RACY_NS` of the moment the cache is written could change
again without its mtime moving on a file system with coarse timestamps, so such an entry is stored
without its stat and hashed again next time (git's "racily clean" entries).

The cache is plain JSON (never pickle: the folder is inside a repository someone else may have
written to) and is used only when it is the very file this module wrote: a stamp file records its
inode, size and mtime, which a checkout or a copy cannot reproduce. Anything unreadable, of
another format, or not matching its stamp is ignored and rewritten. The cache is an optimisation
only: every failure to read or write it falls back to computing.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import os
import sys
import sysconfig
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from overens._version import __version__
from overens.constants import CACHE_DIR

FORMAT = 1
"""Bumped when the layout of the cache file changes."""

RACY_NS = 2_000_000_000
"""Files modified this close to the cache's writing are hashed again next time (FAT has 2 s mtimes)."""

_MAX_BYTES = 256 * 1024 * 1024
"""A cache file larger than this is not read (it would be slower than computing)."""


@contextlib.contextmanager
def no_collection() -> Iterator[None]:
    """The cyclic garbage collector paused while values without cycles are made (decoding a
    cache file, 10,000 summaries): it would otherwise walk everything made so far again and
    again, for nothing (it doubled the time of decoding the signatory index).

    What was made is then moved to the collector's oldest generation at once (``freeze``, then
    ``unfreeze``, which puts the frozen objects there): left young, the first collections after
    would walk all of it (5-20 ms for the index of 10,000 signatories, twice in a look-up).
    Whatever of it becomes garbage is freed as before: by its reference count, or, in a cycle,
    by the next collection of the oldest generation."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class FileDigests:
    """Content digests of files, remembered by their stat so unchanged files are not read again."""

    def __init__(self, known: dict[str, list[Any]] | None = None) -> None:
        self._known: dict[str, list[Any]] = known or {}
        self.current: dict[str, list[Any]] = {}
        self.hashed = 0
        """How many files were read and hashed (for tests and the benchmark)."""

    def digest(self, path: str, rel: str, key: list[int]) -> str:
        """The digest of the file at ``path`` (``rel`` relative to the root) whose stat is
        ``key`` (``[size, mtime_ns, ctime_ns, inode]``, taken before it is read)."""
        entry = self.current.get(rel) or self._known.get(rel)
        if entry is not None and entry[0] == key:
            self.current[rel] = entry  # the same [stat, digest]: nothing new to make
            return entry[1]  # type: ignore[no-any-return]
        try:
            with open(path, "rb") as f:
                digest = _digest(f.read())
        except OSError as e:
            digest = f"unreadable:{e.errno}"
        self.hashed += 1
        self.current[rel] = [key, digest]
        return digest

    def carry(self, files: dict[str, list[int]]) -> None:
        """Keep the digests known of ``files`` (stats by path) whose stat is unchanged: files this
        run saw by their stat alone, which must not drop out of what is written."""
        known, current = self._known, self.current
        for rel, key in files.items():
            entry = known.get(rel)
            if entry is not None and rel not in current and entry[0] == key:
                current[rel] = entry

    def to_json(self, now_ns: int) -> dict[str, list[Any]]:
        """What to store: racily clean entries lose their stat, so they are hashed again."""
        return {
            rel: (entry if max(entry[0][1], entry[0][2]) < now_ns - RACY_NS else [None, entry[1]])
            for rel, entry in self.current.items()
        }


@functools.cache
def _source_fingerprint() -> str:
    """overens's version and the stat of each of its own source files (so a developer's edit counts)."""
    package = Path(__file__).resolve().parents[1]  # src/overens, not only store/
    parts = [__version__, sys.version]
    found: list[str] = []
    # os.walk rather than Path.rglob: a fifth of the time, in every command's start.
    for folder, dirs, files in os.walk(package):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found += [os.path.join(folder, name) for name in files if name.endswith(".py")]
    start = len(str(package)) + 1
    for path in sorted(found):
        try:
            st = os.stat(path)
        except OSError:
            continue
        parts.append(f"{path[start:]}\0{st.st_size}\0{st.st_mtime_ns}")
    # Installing or upgrading any library (PyYAML, jsonschema, ...) changes these folders' mtimes.
    for name in ("purelib", "platlib"):
        installed = sysconfig.get_paths().get(name)
        if installed:
            try:
                parts.append(f"{name}\0{os.stat(installed).st_mtime_ns}")
            except OSError:
                pass
    return "\n".join(parts)


def environment_key(schema_dirs: Iterable[Path], *extra: str, version: str | None = None) -> str:
    """The key of the program side: overens (``version`` overrides its version, for tests), its
    source, the installed libraries, every ``*.json`` in ``schema_dirs`` by content, and ``extra``
    (options that change results, such as the --as-of date)."""
    h = hashlib.sha256(f"format {FORMAT}\n".encode())
    fingerprint = _source_fingerprint()
    if version is not None:
        fingerprint = fingerprint.replace(__version__, version, 1)
    h.update(fingerprint.encode())
    for folder in schema_dirs:
        h.update(f"\nschemas {folder}\n".encode())
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            try:
                h.update(f"{path.name}\0{_digest(path.read_bytes())}\n".encode())
            except OSError as e:
                h.update(f"{path.name}\0!{e.errno}\n".encode())
    for item in extra:
        h.update(f"\nextra {item}".encode())
    return h.hexdigest()


class StampedFile:
    """One file in ``<root>/.overens-cache/``, trusted only when it is the very file this module
    wrote: a stamp beside it records its device, inode, size and mtime, which neither a checkout
    nor a copy reproduces (a planted cache is ignored). Written atomically; the folder ignores
    itself in git."""

    def __init__(self, root: Path, name: str) -> None:
        self.folder = root / CACHE_DIR
        self.path = self.folder / f"{name}.json"
        self.stamp = self.folder / f"{name}.stamp"

    def read(self) -> bytes | None:
        """The file's bytes; None when it is missing, too large or not the one written here."""
        try:
            st = self.path.stat()
            if st.st_size > _MAX_BYTES:
                return None
            if self.stamp.read_text(encoding="ascii").strip() != self._stamp_of(st):
                return None  # not the file this module wrote: copied, checked out or edited
            return self.path.read_bytes()
        except OSError:
            return None

    @staticmethod
    def _stamp_of(st: os.stat_result) -> str:
        return f"{FORMAT} {st.st_dev} {st.st_ino} {st.st_size} {st.st_mtime_ns}"

    def write(self, data: bytes | Sequence[bytes]) -> bool:
        """Write the file atomically (``data``, or its parts one after the other: a large file
        whose first part is unchanged need not be copied into one buffer first), then its stamp;
        False when it cannot be written, with nothing left behind (no temporary file; no folder
        this call made, on a full disk)."""
        made = not self.folder.exists()
        temporary: list[Path] = []
        try:
            self.folder.mkdir(exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                # The folder ignores itself, in repositories whose .gitignore does not name it.
                _replace(ignore, b"*\n", temporary)
            _replace(self.path, data, temporary)
            _replace(self.stamp, (self._stamp_of(self.path.stat()) + "\n").encode(), temporary)
        except OSError:
            for tmp in temporary:
                with contextlib.suppress(OSError):
                    tmp.unlink(missing_ok=True)
            if made:
                import shutil

                shutil.rmtree(self.folder, ignore_errors=True)
            return False
        return True


def _replace(path: Path, data: bytes | Sequence[bytes], temporary: list[Path]) -> None:
    """``path`` holds ``data``, written beside it and renamed (never half written)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.append(tmp)
    with open(tmp, "wb") as f:
        if isinstance(data, bytes):
            f.write(data)
        else:
            f.writelines(data)
    os.replace(tmp, path)


class Cache:
    """One named cache file in ``<root>/.overens-cache/`` (a :class:`StampedFile` of JSON):
    results by key; and, for a cache that uses them, file digests, in a file of their own
    (``<name>-files.json``) read only when :attr:`digests` is first used.

    ``get`` finds a result stored under exactly that key; ``put`` stores one; ``save`` writes the
    results used or stored in this run. A cache that keeps more (``keep``: the check's results for
    the branches switched between, the records of other renders) keeps up to ``keep`` times as
    many results that this run did not use, the most recently used first, in a second file
    (``<name>-older.json``) read only when a key is not in the first: a run like the one before
    it reads one run's results, not ``keep + 1`` times as many (19 MB against 2.7 MB for the
    check of 100 × 100 after a few switches of branch), and a switch back reads both.
    """

    def __init__(self, root: Path, name: str, *, keep: int = 0) -> None:
        self.file = StampedFile(root, name)
        self._files = StampedFile(root, f"{name}-files")
        self._older_file = StampedFile(root, f"{name}-older")
        self._results: dict[str, Any] = _read(self.file, "results")
        self._older: dict[str, Any] | None = None
        """The second file's results, once read (see :meth:`_older_results`)."""
        self._digests: FileDigests | None = None
        self._used: dict[str, Any] = {}
        self._keep = keep

    @property
    def digests(self) -> FileDigests:
        """The digests of files, read on first use (a run that needs none reads none)."""
        if self._digests is None:
            self._digests = FileDigests(_read(self._files, "files"))
        return self._digests

    @property
    def digests_read(self) -> FileDigests | None:
        """The digests of files when this run read them, else None."""
        return self._digests

    def get(self, key: str) -> Any | None:
        value = self._results.get(key)
        if value is None and self._keep:
            value = self._older_results().get(key)
        if value is not None:
            self._used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self._used[key] = value

    def unused(self) -> bool:
        """True when saving would change what the files hold besides this run's new results:
        the first holds results this run did not use, or this run took some from the second."""
        return len(self._results.keys() - self._used.keys()) > 0 or (
            self._older is not None and len(self._older.keys() & self._used.keys()) > 0
        )

    def _older_results(self) -> dict[str, Any]:
        if self._older is None:
            self._older = _read(self._older_file, "results")
        return self._older

    def _kept_older(self) -> dict[str, Any]:
        """What the second file is to hold: the results of both files this run did not use
        (the second file's oldest first, then the first's), at most ``keep`` times this run's."""
        older = self._older_results()
        unused = [(k, v) for k, v in older.items() if k not in self._used]
        unused += [(k, v) for k, v in self._results.items() if k not in self._used]
        return dict(unused[max(0, len(unused) - self._keep * max(1, len(self._used))) :])

    def save(self) -> bool:
        """Write the cache atomically (the digests first, when they were read; then the second
        file, when its results change); False when it cannot be written (what the files held
        is then still consistent: a result is only ever found under its own key)."""
        if self._digests is not None:
            section = {"format": FORMAT, "files": self._digests.to_json(time.time_ns())}
            if not self._files.write(orjson.dumps(section)):
                return False
        try:
            if self._keep and self.unused():
                older = {"format": FORMAT, "results": self._kept_older()}
                if not self._older_file.write(orjson.dumps(older)):
                    return False
            encoded = orjson.dumps({"format": FORMAT, "results": self._used})
        except TypeError:  # orjson.JSONEncodeError: a value JSON cannot hold
            return False
        return self.file.write(encoded)


def _read(file: StampedFile, section: str) -> dict[str, Any]:
    """The ``section`` of a cache file of this format; empty when it is missing, unreadable or
    of another format."""
    raw = file.read()
    if raw is None:
        return {}
    try:
        with no_collection():
            data = orjson.loads(raw)
    except ValueError:
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    found = data.get(section)
    return found if isinstance(found, dict) else {}


AGREEMENT_CACHES = ("documents", "index", "listing", "log")
"""The caches kept per agreement (``<name>-<agreement>.json``): they hold the content of its files
(and its log: who committed what)."""


def forget(root: Path, agreement: str) -> None:
    """Remove what the caches hold of one agreement's files (after ``erase``: they may hold the
    personal data it removed, until the next run would have rewritten them)."""
    folder = root / CACHE_DIR
    for name in AGREEMENT_CACHES:
        for suffix in (".json", ".stamp"):
            try:
                (folder / f"{name}-{agreement}{suffix}").unlink()
            except FileNotFoundError:
                pass
