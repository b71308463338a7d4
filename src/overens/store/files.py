"""Opening the files overens reads: regular files only, never through a link, never waiting on a
named pipe, never more than the limit (docs/decisions/0608-links-and-special-files.md); and
writing a file whole or not at all (:func:`atomic_write`)."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from overens.constants import MAX_FILE_BYTES
from overens.errors import YamlProblem

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def _not_regular(path: Path, mode: int) -> YamlProblem:
    kind = (
        "a folder"
        if stat.S_ISDIR(mode)
        else "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "not a regular file"
    )
    return YamlProblem(
        path,
        None,
        None,
        f"the entry is {kind}, not a file; overens reads only regular files",
        hint="remove it, or replace it with the .yaml file it stands in for",
    )


def _check_size(path: Path, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise YamlProblem(
            path,
            None,
            None,
            f"the file is {size / 1_048_576:.1f} MiB; overens reads files up to "
            f"{MAX_FILE_BYTES // 1_048_576} MiB (limit: file size)",
            hint="an agreement file is a few kilobytes; split it or remove what does not belong",
        )


def read_text(path: Path) -> str:
    """Read a file as UTF-8, refusing what overens must not load."""
    try:
        # One lstat instead of is_symlink() and stat(): the same answers, fewer calls.
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            from overens.store.folders import link_target

            raise YamlProblem(
                path,
                None,
                None,
                f"the file is a symbolic link (to {link_target(path)})",
                hint="replace the link with a real file inside the repository",
            )
        if not stat.S_ISREG(st.st_mode):
            raise _not_regular(path, st.st_mode)
        _check_size(path, st.st_size)
        # No link is followed and no pipe waited for, even if the entry changed since the lstat.
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise _not_regular(path, st.st_mode)
            _check_size(path, st.st_size)
            # What fstat says, and whatever was appended since, up to the limit: never a buffer of
            # the limit's size for a file of a few kilobytes.
            raw = f.read(st.st_size + 1)
            while len(raw) <= MAX_FILE_BYTES and (
                more := f.read(min(65536, MAX_FILE_BYTES + 1 - len(raw)))
            ):
                raw += more
            _check_size(path, len(raw))
    except OSError as e:
        raise YamlProblem(path, None, None, f"cannot read the file: {e.strerror}") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raise YamlProblem(
            path,
            1,
            1,
            "the file starts with a byte-order mark (BOM)",
            hint="save the file as UTF-8 without BOM",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        column = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise YamlProblem(
            path,
            line,
            column,
            f"the file is not valid UTF-8 (byte 0x{raw[e.start]:02x})",
            hint="save the file as UTF-8; Latin-1 and Windows-1252 files must be converted",
        ) from None


def atomic_write(
    path: Path,
    text: str | bytes,
    *,
    before_replace: Callable[[], None] | None = None,
    durable: bool = True,
) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and ``os.replace``.

    A reader (or a crash) sees the old file or the new one, never half of one. ``text`` is
    written as UTF-8 with ``\\n`` line ends; bytes (a rendered PDF) are written as they are.
    ``before_replace`` is called once the temporary file is complete (the transaction's fault
    point, :mod:`overens.faults`). ``durable=False`` skips the ``fsync`` (files made again on
    the next run, such as a site of thousands of pages: a crash leaves each old or new, but not
    necessarily on disk).
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            if durable:
                os.fsync(f.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
