"""The canonical text of an agreement and its SHA-256 (docs/decisions/0004-canonical-text.md).

The text an organisation signs is the agreement file and its principles, not the signatories,
not the bodies' members, and not the bookkeeping about the text itself (the records:
docs/decisions/0800-lifecycle-model.md, "What is text and what is record"). The canonical form is:

1. the agreement mapping without its records (:func:`record_free`): ``version``, ``revisions``,
   ``checks``, ``sources``, ``succession``, ``governance`` and ``counts``; the adoption's
   ``reference``, ``paragraph`` and ``decisions`` (an adoption left empty is dropped); each
   party's ``kind``, ``signatory`` and ``joined``, and a party with ``joined`` whole (it joined
   a text already adopted, and its joining does not change what the others signed);
2. the principles as a list ordered by ``number``;
3. as ``{"agreement": …, "principles": […]}``, every string NFC-normalised, serialised as JSON
   with sorted keys, no insignificant white space, non-ASCII characters kept, encoded as UTF-8.

Everything else in agreement.yaml is text, the structured terms included: they encode what the
text states. Recording a record therefore never asks for a revision, and the hashes of
agreements written before the records existed are unchanged.

So re-indenting YAML, re-ordering keys or switching a string between folded and literal style
leaves the hash alone; any change of a word, a number or a list changes it.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable
from typing import Any

NON_TEXT_KEYS = frozenset(
    {"version", "revisions", "checks", "sources", "succession", "governance", "counts"}
)
"""Top-level keys of agreement.yaml that are records about the text, not the text."""
ADOPTION_RECORD_KEYS = frozenset({"reference", "paragraph", "decisions"})
"""Keys of ``adopted`` that record the decision rather than state the text."""
PARTY_RECORD_KEYS = frozenset({"kind", "signatory", "joined"})
"""Keys of a party that record facts about it rather than state the text."""


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    return value


def record_free(agreement: dict[str, Any]) -> dict[str, Any]:
    """The agreement mapping without its records: what the parties signed."""
    text = {k: v for k, v in agreement.items() if k not in NON_TEXT_KEYS}
    adopted = text.get("adopted")
    if isinstance(adopted, dict):
        kept = {k: v for k, v in adopted.items() if k not in ADOPTION_RECORD_KEYS}
        if kept:
            text["adopted"] = kept
        else:
            del text["adopted"]
    parties = text.get("parties")
    if isinstance(parties, list):
        text["parties"] = [
            {k: v for k, v in p.items() if k not in PARTY_RECORD_KEYS} if isinstance(p, dict) else p
            for p in parties
            if not (isinstance(p, dict) and "joined" in p)
        ]
    return text


def canonical_document(
    agreement: dict[str, Any], principles: Iterable[dict[str, Any]]
) -> dict[str, Any]:
    """The canonical document as data (used by ``overens diff`` too)."""
    text = record_free(agreement)
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
