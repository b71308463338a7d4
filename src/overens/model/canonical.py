"""The canonical text of an agreement and its SHA-256 (docs/decisions/0004-canonical-text.md).

The text an organisation signs is the agreement file and its principles, not the signatories,
not the bodies' members, and not the bookkeeping about the text itself. The canonical form is:

1. the agreement mapping without ``version``, ``revisions``, ``checks`` and ``sources``;
2. the principles as a list ordered by ``number``;
3. as ``{"agreement": …, "principles": […]}``, every string NFC-normalised, serialised as JSON
   with sorted keys, no insignificant white space, non-ASCII characters kept, encoded as UTF-8.

So re-indenting YAML, re-ordering keys or switching a string between folded and literal style
leaves the hash alone; any change of a word, a number or a list changes it.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable
from typing import Any

NON_TEXT_KEYS = frozenset({"version", "revisions", "checks", "sources"})


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    return value


def canonical_document(
    agreement: dict[str, Any], principles: Iterable[dict[str, Any]]
) -> dict[str, Any]:
    """The canonical document as data (used by ``overens diff`` too)."""
    text = {k: v for k, v in agreement.items() if k not in NON_TEXT_KEYS}
    ordered = sorted(principles, key=lambda p: (p.get("number", 0), str(p.get("id", ""))))
    return _nfc({"agreement": text, "principles": ordered})  # type: ignore[no-any-return]


def canonical_bytes(agreement: dict[str, Any], principles: Iterable[dict[str, Any]]) -> bytes:
    """The canonical text as bytes."""
    doc = canonical_document(agreement, principles)
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def text_sha256(agreement: dict[str, Any], principles: Iterable[dict[str, Any]]) -> str:
    """SHA-256 (hex) of the canonical text."""
    return hashlib.sha256(canonical_bytes(agreement, principles)).hexdigest()
