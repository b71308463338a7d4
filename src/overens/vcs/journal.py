"""A write-ahead journal: a change killed half-way is finished or undone by the next one.

A change writes files and then commits them. Files, the index and HEAD are three things; no
single atomic step updates all three, so a crash (SIGKILL, a power cut) can land between two of
them. Before it writes anything, the transaction records in a journal what it is about to do:
the commit it will make (HEAD before, the subject), and for every file its bytes before and the
hash of its bytes after. The journal is removed once the change is complete.

Whoever takes the repository lock next finds a journal only if a change was interrupted, and
:func:`recover` settles it before doing anything else:

* the commit was made (HEAD is a child of the recorded HEAD with the recorded subject): the
  change is **completed**: the real index's entries for the written paths are set to HEAD's;
* the commit was not made: the change is **rolled back**: every file that holds the new bytes
  gets its old bytes back (or is removed, with the folders made for it);
* HEAD moved some other way (someone committed by hand since): nothing is touched, and the
  report says so.

Temporary files (``.<name>.*.tmp`` beside each file, the temporary index and message in the git
folder) are removed either way. See docs/decisions/0601-surviving-a-crash.md.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from overens.store.files import atomic_write

if TYPE_CHECKING:
    from overens.vcs.worktree import GitRepo

JOURNAL_FILE = "overens-journal.json"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _subject(message: str) -> str:
    """A commit's subject as git shows it (``%s``: the first paragraph on one line), with white
    space collapsed, so that a journal and a commit compare equal however the text wraps."""
    return " ".join(message.split("\n\n", 1)[0].split())


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass(frozen=True, slots=True)
class Entry:
    """One file of a change: its bytes before (None: it did not exist) and the hash after."""

    rel: str
    old: bytes | None
    new_sha256: str


@dataclass(slots=True)
class Journal:
    """What a change is about to do, kept on disk until it is done."""

    path: Path
    root: Path
    head: str | None
    commit: bool
    """True when the change commits on the current branch (False: --no-commit)."""
    subject: str
    entries: list[Entry]
    new_dirs: list[str] = field(default_factory=list)
    """Folders the change creates (relative), deepest first: removed again on a roll-back."""

    @classmethod
    def begin(
        cls,
        path: Path,
        root: Path,
        *,
        head: str | None,
        commit: bool,
        message: str,
        files: dict[Path, bytes],
    ) -> Journal:
        """Record the change and write the journal durably, before any file is touched."""
        entries = [
            Entry(
                p.relative_to(root).as_posix(),
                p.read_bytes() if p.exists() else None,
                _sha256(data),
            )
            for p, data in files.items()
        ]
        new_dirs: set[Path] = set()
        for p in files:
            folder = p.parent
            while not folder.exists() and folder != root:
                new_dirs.add(folder)
                folder = folder.parent
        journal = cls(
            path,
            root,
            head,
            commit,
            _subject(message),
            entries,
            [d.relative_to(root).as_posix() for d in sorted(new_dirs, key=lambda d: -len(d.parts))],
        )
        journal.write()
        return journal

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "root": str(self.root),
            "head": self.head,
            "commit": self.commit,
            "subject": self.subject,
            "files": [
                {
                    "path": e.rel,
                    "old": base64.b64encode(e.old).decode("ascii") if e.old is not None else None,
                    "new_sha256": e.new_sha256,
                }
                for e in self.entries
            ],
            "new_dirs": self.new_dirs,
        }

    def write(self) -> None:
        data = json.dumps(self.to_dict(), ensure_ascii=False, indent=1).encode("utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".overens-journal.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_folder(self.path.parent)

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)
        _fsync_folder(self.path.parent)

    @classmethod
    def read(cls, path: Path) -> Journal | None:
        """The journal at ``path``, or None when there is none (or it cannot be understood)."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                path,
                Path(raw["root"]),
                raw["head"],
                bool(raw["commit"]),
                str(raw["subject"]),
                [
                    Entry(
                        str(f["path"]),
                        base64.b64decode(f["old"]) if f["old"] is not None else None,
                        str(f["new_sha256"]),
                    )
                    for f in raw["files"]
                ],
                [str(d) for d in raw.get("new_dirs", [])],
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            # Written through a temporary file and os.replace, a journal is whole or absent; one
            # that cannot be read was not written by this version of overens. Leave it alone.
            return None


@dataclass(frozen=True, slots=True)
class Recovery:
    """How an interrupted change was settled."""

    outcome: str
    """``completed``, ``rolled back`` or ``left as found``."""
    subject: str
    files: tuple[str, ...]
    kept: tuple[str, ...] = ()
    """Files left alone because they changed after the interruption."""

    def describe(self) -> str:
        what = f"an interrupted change ({self.subject!r}) was {self.outcome}"
        if self.outcome == "completed":
            what += ": its commit had been made; the index now matches it"
        elif self.outcome == "rolled back":
            what += ": it had not been committed; " + (
                f"{', '.join(self.files)} restored"
                if self.files
                else "nothing had been written yet"
            )
        else:
            what += ": HEAD has moved since, so its files were not touched"
        if self.kept:
            what += f" (changed since, left alone: {', '.join(self.kept)})"
        return what


def _remove_temporaries(root: Path, entries: list[Entry]) -> None:
    for e in entries:
        target = root / e.rel
        if target.parent.is_dir():
            for leftover in target.parent.glob(f".{target.name}.*.tmp"):
                leftover.unlink(missing_ok=True)


def _roll_back(journal: Journal) -> tuple[list[str], list[str]]:
    restored, kept = [], []
    for e in journal.entries:
        path = journal.root / e.rel
        current = path.read_bytes() if path.is_file() and not path.is_symlink() else None
        if current == e.old:
            continue
        if current is not None and _sha256(current) != e.new_sha256:
            kept.append(e.rel)  # someone changed it after the interruption: theirs to keep
            continue
        if e.old is None:
            path.unlink(missing_ok=True)
        else:
            atomic_write(path, e.old)
        restored.append(e.rel)
    for rel in journal.new_dirs:
        try:
            (journal.root / rel).rmdir()
        except OSError:
            pass
    return restored, kept


def recover(path: Path, git: GitRepo | None) -> Recovery | None:
    """Settle the change the journal at ``path`` describes, if any; remove every temporary file.

    Called with the repository lock held, so no other change is running.
    """
    if git is not None:
        git.remove_temporaries()
    journal = Journal.read(path)
    if journal is None:
        return None
    files = tuple(e.rel for e in journal.entries)
    committed = False
    if journal.commit and git is not None:
        head = git.head_commit()
        if head != journal.head:
            if (
                head is not None
                and git.parent(head) == journal.head
                and _subject(git.subject(head)) == journal.subject
            ):
                committed = True
            else:
                _remove_temporaries(journal.root, journal.entries)
                journal.discard()
                return Recovery("left as found", journal.subject, files)
    kept: list[str] = []
    if committed:
        assert git is not None
        git.reset_paths(list(files))
        outcome = "completed"
    elif not journal.commit and all(
        (journal.root / e.rel).is_file()
        and _sha256((journal.root / e.rel).read_bytes()) == e.new_sha256
        for e in journal.entries
    ):
        outcome = "completed"
    else:
        restored, kept = _roll_back(journal)
        outcome, files = "rolled back", tuple(restored)
    _remove_temporaries(journal.root, journal.entries)
    journal.discard()
    return Recovery(outcome, journal.subject, files, tuple(kept))
