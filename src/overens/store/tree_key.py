"""The key of an agreement's folder: every path under it, its kind and what stands for its content
(:func:`tree_key`): for the check cache, the file's digest remembered by stat
(:meth:`overens.store.cache.FileDigests.digest`); for the site, the stat itself."""

from __future__ import annotations

import contextlib
import hashlib
import operator
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path


def _link(path: Path) -> str:
    """A symbolic link as findings report it: its text and where it leads in the end."""
    try:
        return f"{os.readlink(path)}\0{os.path.realpath(path)}"
    except OSError as e:
        return f"!{e.errno}"


_BY_NAME = operator.attrgetter("name")


Describe = Callable[[str, str, os.stat_result], str]
"""What stands for a regular file's content in the key, from its absolute path, its path relative
to the root and its stat."""


def tree_key(root: Path, folder: str, describe: Describe) -> str:
    """The key of everything under ``root/folder``: each path, its kind and ``describe`` of each
    regular file.

    Symbolic links are recorded with their target and not followed; folders are recorded even when
    empty, since an unexpected folder can be a finding.
    """
    h = hashlib.sha256()
    top = root / folder
    if top.is_symlink():
        # Nothing in a linked folder is read; what is reported is where the link points.
        h.update(f"L{folder}\0{_link(top)}\n".encode())
        return h.hexdigest()
    base = str(root) + os.sep
    parts: list[str] = []  # hashed in one go: the same key as hashing each part in turn
    stack = [folder]
    while stack:
        rel_dir = stack.pop()
        try:
            with _listed(base + rel_dir) as entries:
                subdirs = _describe(entries, base, rel_dir, parts, describe)
        except OSError as e:
            parts.append(f"!{rel_dir}\0{e.errno}\n")
            continue
        stack.extend(reversed(subdirs))
    h.update("".join(parts).encode("utf-8", "surrogateescape"))
    return h.hexdigest()


@contextlib.contextmanager
def _listed(path: str) -> Iterator[list[os.DirEntry[str]]]:
    """A folder's entries by name, whose ``stat`` is taken relative to the folder's descriptor
    where the system allows it (the kernel does not walk the whole path again for each file)."""
    if os.scandir not in os.supports_fd:
        with os.scandir(path) as it:
            yield sorted(it, key=_BY_NAME)
        return
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        with os.scandir(fd) as it:
            yield sorted(it, key=_BY_NAME)
    finally:
        os.close(fd)


def _describe(
    entries: list[os.DirEntry[str]],
    base: str,
    rel_dir: str,
    parts: list[str],
    describe: Describe,
) -> list[str]:
    """Each entry's path, kind and ``describe`` of a file into ``parts``; the sub-folders found."""
    subdirs = []
    for entry in entries:
        rel = f"{rel_dir}/{entry.name}"
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError as e:
            parts.append(f"?{rel}\0{e.errno}\n")
            continue
        mode = st.st_mode
        if stat.S_ISREG(mode):
            parts.append(f"f{rel}\0{describe(base + rel, rel, st)}\n")
        elif stat.S_ISDIR(mode):
            parts.append(f"d{rel}\n")
            subdirs.append(rel)
        elif stat.S_ISLNK(mode):
            parts.append(f"l{rel}\0{_link(Path(base + rel))}\n")
        else:
            parts.append(f"o{rel}\0{stat.S_IFMT(mode)}\n")
    return subdirs
