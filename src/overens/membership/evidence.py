"""Evidence given with ``--evidence FILE`` and ``--reference``: the scan's SHA-256, the scan itself
when it is stored, and the registry number."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from overens.constants import EVIDENCE_DIR
from overens.errors import RefusedError, UsageError
from overens.store.folders import link_target


@dataclass(frozen=True, slots=True)
class GivenEvidence:
    """Evidence given with --evidence/--reference: the record to write and the file to store, if any."""

    record: dict[str, str] | None
    stored: tuple[Path, bytes] | None = None


MAX_STORED_EVIDENCE_BYTES = 50 * 1024 * 1024
"""--store-evidence copies at most this much into git (hosting services refuse larger files)."""


def read_evidence(source: Path, option: str = "--evidence") -> bytes:
    """The bytes of a scanned form or letter: a regular file, never a symbolic link, a device,
    a pipe or a folder (reading /dev/zero or a FIFO would never end; a link can lead anywhere,
    and --store-evidence would commit what it points at)."""
    try:
        info = source.lstat()
    except OSError:
        raise RefusedError(
            f"{option} {source}: no such file",
            hint="give the path of the scanned form or letter",
        ) from None
    if stat.S_ISLNK(info.st_mode):
        raise RefusedError(
            f"{option} {source} is a symbolic link (to {link_target(source)}); overens reads "
            "evidence only from the file itself",
            hint="give the path of the file the link points to, after checking it is the right one",
        )
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a folder"
            if stat.S_ISDIR(info.st_mode)
            else "not a regular file (a device, pipe or socket)"
        )
        raise RefusedError(
            f"{option} {source} is {kind}",
            hint="give the path of the scanned form or letter",
        )
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(source, flags)
    except OSError as e:
        raise RefusedError(f"{option} {source}: cannot read the file: {e.strerror}") from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):  # swapped since the check above
            raise RefusedError(f"{option} {source} is not a regular file")
        return f.read()


def evidence_option(
    source: Path | None, reference: str | None, *, store: bool, folder: Path, stem: str
) -> GivenEvidence:
    record: dict[str, str] = {}
    stored = None
    if source is not None:
        data = read_evidence(source)
        digest = hashlib.sha256(data).hexdigest()
        record["sha256"] = digest
        if store:
            if len(data) > MAX_STORED_EVIDENCE_BYTES:
                raise RefusedError(
                    f"--evidence {source} is {len(data) / 1_048_576:.0f} MiB; --store-evidence "
                    f"commits files up to {MAX_STORED_EVIDENCE_BYTES // 1_048_576} MiB",
                    hint="leave out --store-evidence (the hash is recorded) and keep the file in "
                    "the registry, or scan it at a lower resolution",
                )
            suffix = re.sub(r"[^a-z0-9]", "", source.suffix.lower())[:8]
            name = f"{stem}-{digest[:12]}" + (f".{suffix}" if suffix else "")
            record["file"] = f"{EVIDENCE_DIR}/{name}"
            stored = (folder / EVIDENCE_DIR / name, data)
    elif store:
        raise UsageError("--store-evidence needs --evidence FILE")
    if reference is not None:
        if not reference.strip():
            raise RefusedError("--reference is empty")
        record["reference"] = reference.strip()
    return GivenEvidence(record or None, stored)
