"""What the site's files are made from: the keys that tell an unchanged agreement (or site) from a
changed one, and whether the files a build made are still there (docs/decisions/0901-the-site.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from overens.constants import AGREEMENTS_DIR
from overens.store.cache import RACY_NS
from overens.store.tree_key import tree_key

if TYPE_CHECKING:
    from overens.documents.site.build import Subject
    from overens.documents.site.views import Happening
    from overens.model.agreement import Agreement


def agreement_key(
    environment: str,
    subject: Subject,
    as_of: dt.date | None,
    state: str,
    found: Sequence[Happening],
    day: dt.date,
) -> str:
    """What an agreement's files are made from: the agreement, the titles of the agreements its
    succession names, what the site shows of each signatory (not its signer or contact person,
    which it never shows), and what the site's day changes (the lists' day, the state, the events
    up to it), so that a new commit elsewhere in the repository does not make every agreement
    again."""
    agreement, signatories = subject.agreement, subject.signatories
    h = hashlib.sha256(environment.encode())
    h.update(repr(agreement).encode())
    h.update(repr(sorted((i, other.title) for i, other in subject.others.items())).encode())
    newest = found[0] if found else day
    h.update(f"\0{as_of}\0{state}\0{len(found)}\0{newest}\0".encode())
    h.update(
        "\n".join(
            f"{s.id}\0{s.name}\0{s.municipality}\0{s.sector}\0{s.periods}" for s in signatories
        ).encode()
    )
    return h.hexdigest()


def with_links(trees: Mapping[str, str], aid: str, links: Iterable[str] | None) -> str:
    """An agreement's folder key (:func:`tree`) joined with those of the agreements its succession
    names (``links``, as the last build found them), so that a change in one of them (its title)
    lays the agreement out again; a linked agreement the repository does not hold counts as absent,
    so that adding it does too."""
    if not links:
        return trees[aid]
    h = hashlib.sha256(trees[aid].encode())
    for other in sorted(set(links)):
        h.update(f"\0{other}\0{trees.get(other, 'absent')}".encode())
    return h.hexdigest()


def site_key(environment: str, entries: Sequence[dict[str, Any]]) -> str:
    """What the site-wide files are made from: each agreement's card, newest events and data
    package entry."""
    import orjson

    h = hashlib.sha256(environment.encode())
    for e in entries:
        h.update(orjson.dumps([e["card"], e["news"], e["resources"]]))
    return h.hexdigest()


class _Stats:
    """What :func:`overens.store.tree_key.tree_key` records of each file, for the site: its stat
    ``(size, mtime_ns, ctime_ns, inode)`` instead of its content digest. Nothing is read or kept
    (the check cache's digests cost the site more than they save: a file whose stat moved is
    read again by the signatory index anyway). A file changed within ``RACY_NS`` of ``now_ns``
    could change again without its stat moving (coarse timestamps), so it makes the folder
    ``racy``: its key is then never trusted."""

    def __init__(self, now_ns: int) -> None:
        self._since = now_ns - RACY_NS
        self.racy = False

    def describe(self, path: str, rel: str, st: os.stat_result) -> str:
        if max(st.st_mtime_ns, st.st_ctime_ns) >= self._since:
            self.racy = True
        return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def tree(program: str, day: dt.date, root: Path, aid: str, now_ns: int | None = None) -> str:
    """The agreement's folder by path, kind and stat, with the program and the day: while it is
    the same, so is everything the site shows of the agreement. A folder with a file changed
    just now (:class:`_Stats`; ``now_ns`` is the clock's when None) gets a key no later build
    finds, so it is loaded again then."""
    stats = _Stats(time.time_ns() if now_ns is None else now_ns)
    folder = tree_key(root, f"{AGREEMENTS_DIR}/{aid}", stats.describe)
    if stats.racy:
        return f"racy:{secrets.token_hex(16)}"
    return hashlib.sha256(f"{program}\0{day}\0{folder}".encode()).hexdigest()


def templates_key(root: Path) -> str:
    """The templates by content: the shipped ones, and the repository's own that override them."""
    from overens.resources import shipped_dir

    h = hashlib.sha256()
    for folder in (shipped_dir("templates"), root / "templates"):
        h.update(f"\0{folder}\0".encode())
        for path in sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else ():
            h.update(f"{path.relative_to(folder).as_posix()}\0".encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def present(output: Path, kept: dict[str, Any]) -> bool:
    base = f"{output}{os.sep}"
    return all(os.path.isfile(base + rel) for rel in kept["files"])


def feed_key(environment: str, agreement: Agreement, news: list[list[str]]) -> str:
    """What an agreement's feed shows: its newest events and the agreement's names and dates."""
    a = agreement
    parts = [environment, a.id, a.name, a.title, a.language, str(a.adopted_date)]
    parts += [p.name for p in a.parties[:1]]
    h = hashlib.sha256("\0".join(parts).encode())
    h.update(repr(news).encode())
    return h.hexdigest()
