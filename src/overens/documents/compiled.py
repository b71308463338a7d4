"""What the documents compile from Babel, kept between runs in a folder of the user's own.

Parsing a ``.po`` with Babel and writing its ``.mo`` costs 20-40 ms a language at every run, and
importing Babel and loading a locale's data about 15 ms to format the few dates a document shows;
the ``.mo`` (:func:`catalogue`) and the dates Babel formatted (:class:`Formats`) are kept instead
(docs/decisions/0707-compiled-catalogues-and-cheaper-rows.md). They are never stale: a kept
file's name is a digest of everything it is made from (the ``.po``'s bytes, the language, the
installed Babel and the code that uses it), and its content starts with the digest of the rest,
checked at every read, so a file that was cut short or changed is made again and replaced. The
folder is ``<temporary directory>/overens-<uid>``, made with mode 0700 and used only while it is a
real folder of the user's own with that mode (as Jinja checks its bytecode cache's); otherwise
nothing is kept and everything is made at every run.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

FORMAT = b"overens-compiled-catalogue-1"
"""The layout of a kept file (a digest, then the ``.mo``); part of every key."""

_DIGEST = 32


def catalogue(po: Path, lang: str, compile_po: Callable[[bytes, str], bytes]) -> bytes:
    """The ``.mo`` of the catalogue ``po`` in ``lang``: kept from an earlier run while everything
    it is made from is the same, else ``compile_po(source, lang)``, kept for the next run."""
    source = po.read_bytes()
    h = hashlib.sha256(FORMAT)
    for part in (babel_fingerprint(), lang, _code_of(compile_po)):
        h.update(b"\0" + part.encode("utf-8", "surrogateescape"))
    h.update(b"\0" + source)
    folder = user_folder()
    path = folder / f"messages-{lang}-{h.hexdigest()[:32]}.mo" if folder is not None else None
    if path is not None:
        kept = _read(path)
        if kept is not None:
            return kept
    mo = compile_po(source, lang)
    if path is not None:
        _write(path, mo)
    return mo


@functools.cache
def babel_fingerprint() -> str:
    """The installed Babel, without importing it (that is most of what keeping saves): a digest
    of its ``__init__.py``, which holds its version (its locale data comes with the version)."""
    import importlib.util

    spec = importlib.util.find_spec("babel")
    origin = spec.origin if spec is not None else None
    if not origin:
        return "babel:unknown"
    try:
        return hashlib.sha256(Path(origin).read_bytes()).hexdigest() + "\0" + origin
    except OSError:
        return f"babel:unreadable\0{origin}"


class Formats:
    """Values Babel formatted for one language (``kind\0value`` → text), kept in one file whose
    name is keyed by the language, the installed Babel and the code that asks (``code``, the
    module that formats), so a kept text is always what Babel gives now. Read once; a value not
    found is made by Babel, and the file is written again with the new ones when the process
    ends (once, however many were new). It holds at most :data:`MOST_FORMATS` values: when more
    would be kept, it starts anew with this run's."""

    def __init__(self, lang: str, code: Callable[..., object]) -> None:
        h = hashlib.sha256(FORMAT + b"\0formats")
        for part in (babel_fingerprint(), lang, _code_of(code)):
            h.update(b"\0" + part.encode("utf-8", "surrogateescape"))
        folder = user_folder()
        self._path = folder / f"formats-{lang}-{h.hexdigest()[:32]}.json" if folder else None
        self._values: dict[str, str] = {}
        self._new: dict[str, str] = {}
        kept = _read(self._path) if self._path is not None else None
        if kept is not None:
            try:
                values = json.loads(kept)
            except ValueError:
                values = None
            if isinstance(values, dict) and all(isinstance(v, str) for v in values.values()):
                self._values = values

    def get(self, key: str, make: Callable[[], str]) -> str:
        """The text kept under ``key``, else ``make()`` (Babel), kept from now on."""
        found = self._values.get(key)
        if found is None:
            found = self._values[key] = self._new[key] = make()
            if len(self._new) == 1 and self._path is not None:
                import atexit

                atexit.register(self.save)
        return found

    def save(self) -> None:
        """Write the file with the values made in this run (nothing when there are none)."""
        if not self._new or self._path is None:
            return
        values = self._values if len(self._values) <= MOST_FORMATS else self._new
        _write(self._path, json.dumps(values, sort_keys=True).encode("utf-8"))
        self._new = {}


MOST_FORMATS = 20_000
"""The most dates kept per language (a file of about 600 KB)."""


def _code_of(function: Callable[..., object]) -> str:
    """A digest of the source file of the module ``function`` is defined in (a change to how a
    catalogue is compiled makes a new key)."""
    module = sys.modules.get(function.__module__)
    filename: str | None = getattr(module, "__file__", None)
    if not filename:
        return function.__module__
    try:
        return hashlib.sha256(Path(filename).read_bytes()).hexdigest()
    except OSError:
        return filename


def user_folder() -> Path | None:
    """``<temporary directory>/overens-<uid>``, made if missing; None where it cannot be made or
    is not a folder owned by this user with mode 0700 (someone else could write there)."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return None
    uid = getuid()
    folder = Path(tempfile.gettempdir()) / f"overens-{uid}"
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        st = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != uid or stat.S_IMODE(st.st_mode) != 0o700:
        return None
    return folder


def _read(path: Path) -> bytes | None:
    """The kept content, when its digest matches it."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest, content = data[:_DIGEST], data[_DIGEST:]
    if len(digest) != _DIGEST or hashlib.sha256(content).digest() != digest:
        return None
    return content


def _write(path: Path, content: bytes) -> None:
    """Keep ``content`` (after its digest) at ``path``: written to a temporary file beside it and
    moved into place, so a reader sees the old file or the whole new one. A failure keeps nothing."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "xb") as f:
            f.write(hashlib.sha256(content).digest() + content)
        os.replace(temporary, path)
    except OSError:
        try:
            temporary.unlink()
        except OSError:
            pass
