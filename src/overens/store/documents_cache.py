"""Parsed, schema-valid documents kept by the digest of their text (:class:`Documents`): what
the loader takes instead of running PyYAML and the schema again on a file it has seen
(``.overens-cache/documents-<agreement>.json``, one :class:`overens.store.cache.Cache`)."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import Any

from overens.store.cache import Cache


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _exact_in_json(value: Any) -> bool:
    """True when ``value`` comes back from JSON as it is: the same types, and string keys only."""
    if value is None or isinstance(value, bool):
        return True
    if isinstance(value, str):
        return value.isascii() or _utf8(value)  # a lone surrogate cannot be written
    if isinstance(value, int):
        return -(2**63) <= value < 2**64  # what orjson writes
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_exact_in_json(v) for v in value)
    if isinstance(value, dict):
        return all(
            isinstance(k, str) and _exact_in_json(k) and _exact_in_json(v) for k, v in value.items()
        )
    return False


class Documents:
    """Parsed, schema-valid documents of one agreement folder, by the digest of their text.

    The loader reads a file's text anyway (its checks of links, size, BOM and encoding stay); the
    digest of that text, with the file's kind and the program's ``environment`` key, finds the
    data PyYAML and the schema produced for it before, so neither runs again. Only documents that
    were valid are stored (a file with findings is always checked again, so its findings and their
    lines are computed as before), and only data that JSON gives back exactly.
    """

    def __init__(self, root: Path, agreement: str, environment: str) -> None:
        self._store = Cache(root, f"documents-{agreement}")
        self._environment = environment.encode()
        self._dirty = False

    def key(self, kind: str, text: str) -> str:
        h = hashlib.blake2b(self._environment, digest_size=16)
        h.update(f"\0{kind}\0".encode())
        h.update(text.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def get(self, key: str) -> Any | None:
        value = self._store.get(key)
        return value if isinstance(value, dict) else None

    def put(self, key: str, data: dict[str, Any]) -> None:
        if _exact_in_json(data):
            self._store.put(key, data)
            self._dirty = True

    def save(self) -> None:
        if self._dirty or self._store.unused():
            self._store.save()
