"""What the site's files are made from: the keys that tell an unchanged agreement (or site) from a
changed one, and whether the files a build made are still there (docs/decisions/0901-the-site.md).
An agreement's folder is keyed by :mod:`overens.documents.inputs_key`, as a rendered file's is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from overens.documents.site.agreement_entry import Subject
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


def site_key(environment: str, entries: Sequence[dict[str, Any]]) -> str:
    """What the site-wide files are made from: each agreement's card, newest events and data
    package entry."""
    import orjson

    h = hashlib.sha256(environment.encode())
    for e in entries:
        h.update(orjson.dumps([e["card"], e["news"], e["resources"]]))
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
