"""Rendered documents kept in ``.overens-cache/``, under the key of everything they depend on (issue #7).

A rendered Markdown or HTML document depends on the agreement's folder, the schemas (which
decide what is valid), the templates (the repository's and the shipped ones), the message
catalogues, overens and its libraries, the options, and the day when ``--as-of`` is not given.
:func:`render_key` sums all of them up (:func:`overens.cache.tree_key` for the folders, with file
digests remembered by stat; :func:`overens.cache.environment_key` for the program side). A
document is stored only when the key taken before loading is still the key after rendering, so a
file edited meanwhile never leaves its old rendering under its new content's key. Like every
cache in overens it is an optimisation only: with no stored document, everything is computed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

from .cache import Cache, FileDigests, environment_key, tree_key
from .constants import AGREEMENTS_DIR, TEMPLATES_DIR
from .document import RenderOptions
from .resources import shipped_dir


class _Linked(Exception):
    """A templates or catalogue folder holds a symbolic link: its target's content is not keyed."""


def _folder_key(folder: Path) -> str:
    """Every path and content under ``folder`` (templates and catalogues: a few files, hashed each
    time). A symbolic link anywhere in it (Jinja follows links) makes the document uncacheable."""
    if folder.is_symlink():
        raise _Linked(folder)
    digests = FileDigests()
    key = tree_key(folder.parent, folder.name, digests)
    if _listing(folder):
        raise _Linked(folder)
    return key


def _listing(folder: Path) -> list[str]:
    out = []
    stack = [folder]
    while stack:
        try:
            with os.scandir(stack.pop()) as it:
                for entry in it:
                    if entry.is_symlink():
                        out.append(entry.path)
                    elif entry.is_dir():
                        stack.append(Path(entry.path))
        except OSError:
            continue
    return out


class RenderedDocuments:
    """The rendered document of one agreement in one format with one set of options."""

    def __init__(self, root: Path, agreement_id: str, fmt: str, options: RenderOptions) -> None:
        self._root = root
        self._agreement = agreement_id
        self._fmt = fmt
        self._options = options
        self._store = Cache(root, f"rendered-{agreement_id}")
        self.key = self.render_key()
        """None when the document cannot be cached (a linked template or catalogue folder)."""

    def render_key(self) -> str | None:
        """The key of the document as the files are now (see the module's description)."""
        try:
            return self._render_key()
        except _Linked:
            return None

    def _render_key(self) -> str:
        from . import i18n

        root = self._root
        today = dt.date.today()  # the default --as-of depends on it, and the note of the day
        environment = environment_key(
            [shipped_dir("schemas"), root / "schemas"], "rendered", self._fmt, repr(self._options),
            today.isoformat(), str(root),
        )
        h = hashlib.sha256(environment.encode())
        h.update(tree_key(root, f"{AGREEMENTS_DIR}/{self._agreement}", self._store.digests).encode())
        for folder in (shipped_dir("templates"), root / TEMPLATES_DIR, i18n.LOCALE_DIR):
            h.update(f"\n{folder}\0{_folder_key(folder)}".encode())
        return h.hexdigest()

    def get(self) -> bytes | None:
        if self.key is None:
            return None
        value = self._store.get(self.key)
        if not isinstance(value, str):
            return None
        if self._store.digests.hashed or self._store.unused():
            self._store.save()
        return value.encode("utf-8")

    def put(self, content: bytes) -> None:
        """Store ``content`` when the files are still what the key was taken from."""
        if self.key is None or self.render_key() != self.key:
            return
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            return
        self._store.put(self.key, text)
        self._store.save()
