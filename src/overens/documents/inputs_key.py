"""The keys of what a document is made from, read without loading anything: an agreement's folder
by the stat of its files (:func:`tree`), joined with the agreements its succession names
(:func:`with_links`), and files by content (:func:`templates_key`, :func:`contents_key`). The site
(:mod:`overens.documents.site.keys`) and the record of rendered files
(:mod:`overens.documents.up_to_date`) tell a changed agreement from an unchanged one by them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from overens.constants import AGREEMENTS_DIR, TEMPLATES_DIR
from overens.store.cache import RACY_NS
from overens.store.tree_key import stat_tree


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


def tree(program: str, day: dt.date, root: Path, aid: str, now_ns: int | None = None) -> str:
    """The agreement's folder by path, kind and stat, with the program and the day: while it is
    the same, so is everything a document shows of the agreement. A folder with a file changed
    just now gets a key no later run finds, so it is loaded again then (:func:`tree_stats`)."""
    return tree_stats(program, day, root, aid, now_ns)[0]


def tree_stats(
    program: str, day: dt.date, root: Path, aid: str, now_ns: int | None = None
) -> tuple[str, dict[str, list[int]]]:
    """:func:`tree`, and the stat ``[size, mtime_ns, ctime_ns, inode]`` of each file it was made
    from, by path relative to the root (the signatory index compares the same four numbers, and
    need not take them again). Nothing is read (the check cache's digests cost more than they
    save: a file whose stat moved is read again by the signatory index anyway). A file changed
    within ``RACY_NS`` of ``now_ns`` (the clock's when None) could change again without its stat
    moving (coarse timestamps), so it makes the folder racy: its key is then never trusted."""
    folder, files = stat_tree(root, f"{AGREEMENTS_DIR}/{aid}")
    since = (time.time_ns() if now_ns is None else now_ns) - RACY_NS
    if any(st[1] >= since or st[2] >= since for st in files.values()):
        return f"racy:{os.urandom(16).hex()}", files
    return hashlib.sha256(f"{program}\0{day}\0{folder}".encode()).hexdigest(), files


def templates_key(root: Path) -> str:
    """The templates by content: the shipped ones, and the repository's own that override them."""
    from overens.resources import shipped_dir

    return contents_key([shipped_dir(TEMPLATES_DIR), root / TEMPLATES_DIR])


def contents_key(folders: Iterable[Path]) -> str:
    """Every file under ``folders`` by its path and content (a missing folder counts as empty)."""
    h = hashlib.sha256()
    for folder in folders:
        h.update(f"\0{folder}\0".encode())
        for path in sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else ():
            h.update(f"{path.relative_to(folder).as_posix()}\0".encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()
