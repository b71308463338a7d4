"""Whether a rendered file is up to date, told without reading the agreement
(docs/decisions/0709-rendered-files-kept-by-what-made-them.md).

After ``render`` has written a Markdown or HTML file, or found it unchanged, it keeps in
``.overens-cache/renders.json`` the key of what the file was made from and a digest of its bytes.
The key is taken before anything is read: the program and its schemas and templates
(:func:`overens.store.cache.environment_key`), the options, the day the lists are for (today's
date when there is no ``--as-of``), the output's path and format, and the agreement's folder by
the stat of every file in it, joined with the folders of the agreements its succession names
(:mod:`overens.documents.inputs_key`). A later render with the same key, whose file still holds
those bytes, has nothing to do: the file is reported unchanged, as rendering it again would.

A folder with a file changed within the last two seconds (a timestamp that could still move
without its stat changing) gives a key no run finds, so nothing is kept or trusted for it. A
repository with templates of its own is always rendered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from overens.constants import TEMPLATES_DIR
from overens.documents import inputs_key
from overens.documents.options import Format, RenderOptions
from overens.resources import LOCALE_DIR, shipped_dir
from overens.store.cache import Cache, environment_key

KEPT = 64
"""How many runs' records the file keeps besides this run's (see :class:`Cache`)."""

Target = tuple[str, Format, Path | None]
"""An agreement's id, a format and the file it goes to."""


class Renders:
    """The record of rendered files of one repository and one set of options."""

    def __init__(self, root: Path, options: RenderOptions, today: dt.date) -> None:
        self._root = root
        own_templates = os.path.lexists(root / TEMPLATES_DIR)  # rendered in the sandbox: always
        self._cache = None if own_templates else Cache(root, "renders", keep=KEPT)
        day = options.as_of or options.today or today
        self._program = environment_key(
            [shipped_dir("schemas"), root / "schemas"],
            "render",
            repr(dataclasses.replace(options, today=None)),
            f"{day} {'as of' if options.as_of else 'today'}",
            # the shipped templates and catalogues count too (an editable install's edits)
            inputs_key.contents_key([shipped_dir(TEMPLATES_DIR), LOCALE_DIR]),
        )
        self._day = day
        self._trees: dict[str, str] = {}
        self.stats: dict[str, list[int]] = {}
        """The stat of every file the keys were made from, by path relative to the root (taken
        before anything was read: the signatory index compares them instead of its own)."""

    def tree(self, aid: str) -> str:
        """The key of the agreement's folder (``racy:…`` when it cannot be trusted), taken the
        first time it is asked for: before the folder is read, so that what is kept is what was
        read, or older."""
        if aid not in self._trees:
            key, files = inputs_key.tree_stats(self._program, self._day, self._root, aid)
            self._trees[aid] = key
            self.stats.update(files)
        return self._trees[aid]

    def trees(self, ids: Iterable[str]) -> None:
        """Take the keys of these agreements' folders now (see :meth:`tree`)."""
        for aid in ids:
            self.tree(aid)

    def key(self, aid: str, fmt: Format, path: Path, links: Iterable[str]) -> str | None:
        """The key of one rendered file; None when a folder it is made from cannot be trusted."""
        names = [aid, *links]
        if any(self.tree(name).startswith("racy:") for name in names):
            return None
        joined = inputs_key.with_links(self._trees, aid, names[1:])
        return f"{joined}\0{fmt.value}\0{path}"

    def _links(self, aid: str) -> list[str] | None:
        assert self._cache is not None
        found = self._cache.get(f"links\0{self.tree(aid)}")
        return found if isinstance(found, list) else None

    def kept(self, targets: Sequence[Target]) -> list[bytes] | None:
        """The bytes of every target's file when each is up to date; None when any is not."""
        if self._cache is None:
            return None
        contents = []
        for aid, fmt, path in targets:
            if path is None or fmt is Format.pdf:
                return None
            links = self._links(aid)
            key = self.key(aid, fmt, path, links) if links is not None else None
            made = self._cache.get(key) if key is not None else None
            content = _read(path) if made is not None else None
            if content is None or made != _digest(content):
                return None
            contents.append(content)
        return contents

    def keep(self, aid: str, links: Sequence[str], fmt: Format, path: Path, content: bytes) -> None:
        """Record that ``path`` holds ``content``, made from what the keys say now."""
        if self._cache is None or fmt is Format.pdf:
            return
        key = self.key(aid, fmt, path, links)
        if key is not None:
            self._cache.put(key, _digest(content))
            self._cache.put(f"links\0{self.tree(aid)}", sorted(links))

    def save(self) -> None:
        if self._cache is not None:
            self._cache.save()


def _digest(content: bytes) -> str:
    return f"{len(content)}:{hashlib.blake2b(content, digest_size=20).hexdigest()}"


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None
