"""The key of an agreement's folder: every path under it, its kind and what stands for its content.
Both keys start from one walk (:func:`stat_walk`): for the check cache, each file's digest
remembered by stat (:func:`content_key` with :meth:`overens.store.cache.FileDigests.digest`); for
documents, the site and the check cache's first look, the stats themselves (:func:`stat_key`)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from overens.store.stats import Stat, lstat_in


def _link(path: Path) -> str:
    """A symbolic link as findings report it: its text and where it leads in the end."""
    try:
        return f"{os.readlink(path)}\0{os.path.realpath(path)}"
    except OSError as e:
        return f"!{e.errno}"


Describe = Callable[[str, str, Stat], str]
"""What stands for a regular file's content in the key, from its absolute path, its path relative
to the root and its stat."""

Lstat = Callable[[str], os.stat_result]

Regular = Callable[[str, str, os.stat_result], None]
"""What is done with a regular file: from the root's path with a separator, the file's path
relative to the root and its stat."""


def stat_walk(root: Path, folder: str) -> tuple[str, dict[str, Stat]]:
    """Everything under ``root/folder``: every entry that is not a regular file, as text (each
    path and kind; a symbolic link with its target, not followed; folders even when empty, since
    an unexpected folder can be a finding), and each regular file's stat by its path relative to
    the root, in the order walked (top down, by name)."""
    parts: list[str] = []
    files: dict[str, Stat] = {}

    def regular(base: str, rel: str, st: os.stat_result) -> None:
        files[rel] = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]

    _walk(root, folder, parts, regular)
    return "".join(parts), files


def content_key(root: Path, others: str, files: dict[str, Stat], describe: Describe) -> str:
    """The key of a folder walked by :func:`stat_walk` (``others`` and ``files``): each entry
    that is not a regular file, and each file's path with ``describe`` of it."""
    base = str(root) + os.sep
    text = "".join([f"f{rel}\0{describe(base + rel, rel, st)}\n" for rel, st in files.items()])
    h = hashlib.sha256(others.encode("utf-8", "surrogateescape"))
    h.update(text.encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def stat_key(others: str, files: dict[str, Stat]) -> str:
    """The key of a folder walked by :func:`stat_walk` with each regular file described by its
    stat. The stats are hashed as one JSON value after the other entries, so no line of text is
    made for each of 10,000 files."""
    import orjson

    h = hashlib.sha256(others.encode("utf-8", "surrogateescape"))
    h.update(orjson.dumps(files))
    return h.hexdigest()


def stat_tree(root: Path, folder: str) -> tuple[str, dict[str, Stat]]:
    """:func:`stat_key` of the folder, and its files' stats: what documents are keyed by."""
    others, files = stat_walk(root, folder)
    return stat_key(others, files), files


def _walk(
    root: Path,
    folder: str,
    parts: list[str],
    regular: Regular,
) -> None:
    """Every entry under ``root/folder``, top down and by name: regular files handed to
    ``regular``, every other entry a part (:func:`_entries`); a linked top folder, or one that
    cannot be listed, is a part of its own."""
    top = root / folder
    if top.is_symlink():
        # Nothing in a linked folder is read; what is reported is where the link points.
        parts.append(f"L{folder}\0{_link(top)}\n")
        return
    base = str(root) + os.sep
    stack = [folder]
    while stack:
        rel_dir = stack.pop()
        try:
            with _listed(base + rel_dir) as listed:
                subdirs = _entries(listed, base, rel_dir, parts, regular)
        except OSError as e:
            parts.append(f"!{rel_dir}\0{e.errno}\n")
            continue
        stack.extend(reversed(subdirs))


@contextlib.contextmanager
def _listed(path: str) -> Iterator[tuple[list[str], Lstat]]:
    """A folder's entry names, sorted, and the ``lstat`` of a name in it
    (:func:`~overens.store.stats.lstat_in`). Names and ``os.stat`` rather than ``os.scandir``'s
    entries: a sixth less time for 10,000 files, and the same stat. A folder that cannot be
    listed raises :class:`OSError`."""
    with lstat_in(path + os.sep) as lstat:
        yield sorted(os.listdir(path)), lstat


def _entries(
    listed: tuple[list[str], Lstat],
    base: str,
    rel_dir: str,
    parts: list[str],
    regular: Regular,
) -> list[str]:
    """Each entry of one folder: a regular file to ``regular``, any other entry's path and kind
    into ``parts``; the sub-folders found."""
    names, lstat = listed
    subdirs: list[str] = []
    is_reg = stat.S_ISREG
    for name in names:
        rel = f"{rel_dir}/{name}"
        try:
            st = lstat(name)
        except OSError as e:
            parts.append(f"?{rel}\0{e.errno}\n")
            continue
        if is_reg(st.st_mode):
            regular(base, rel, st)
        else:
            _other(st.st_mode, base, rel, parts, subdirs)
    return subdirs


def _other(mode: int, base: str, rel: str, parts: list[str], subdirs: list[str]) -> None:
    """An entry that is not a regular file: a folder (walked next), a link (with its target) or
    anything else (its kind)."""
    if stat.S_ISDIR(mode):
        parts.append(f"d{rel}\n")
        subdirs.append(rel)
    elif stat.S_ISLNK(mode):
        parts.append(f"l{rel}\0{_link(Path(base + rel))}\n")
    else:
        parts.append(f"o{rel}\0{stat.S_IFMT(mode)}\n")
