"""What tells a file or a folder changed, as the caches compare them: a file's :data:`Stat`, a
folder's :data:`FolderStat`, and the ``lstat`` of names in one folder (:func:`lstat_in`)."""

from __future__ import annotations

import contextlib
import functools
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

Stat = list[int]
"""``[size, mtime_ns, ctime_ns, inode]`` of a regular file."""


FolderStat = list[int]
"""``[mtime_ns, ctime_ns, inode, device]`` of a folder (a file's :data:`Stat` leads with its size)."""


def folder_stat(folder: str | Path) -> FolderStat | None:
    """What tells a folder's entries changed: its modification and change times, its inode and
    device (None when it is not a real folder)."""
    try:
        st = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode):
        return None
    return [st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def stat_of(path: str | Path) -> Stat | None:
    """The :data:`Stat` of ``path`` (not followed when it is a link); None when there is none."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


@contextlib.contextmanager
def lstat_in(base: str) -> Iterator[Callable[[str], os.stat_result]]:
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
        yield functools.partial(os.stat, dir_fd=fd, follow_symlinks=False)
    finally:
        os.close(fd)
