"""One agreement's share of a site build: its files made again and written only where they
differ, unless what they show is unchanged since the build before (:func:`make_entry`), and the
entry the build keeps of it in ``.overens-cache/site.json`` (its key, its files' digests, its card
on the index page, its news and its open data resources). :mod:`overens.documents.site.build`
decides which agreements to load and runs this for each."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from overens.documents.site import feeds, keys, register

if TYPE_CHECKING:
    from overens.documents.site.files import Maker
    from overens.model.agreement import Agreement
    from overens.model.summary import Summary


@dataclass
class Writer:
    """Writes a file only when its content differs, and counts."""

    output: Path
    written: list[str] = field(default_factory=list)
    unchanged: int = 0

    def put(self, rel: str, content: bytes) -> str:
        path = self.output / rel
        try:
            same = path.stat().st_size == len(content) and path.read_bytes() == content
        except OSError:
            same = False
        if same:
            self.unchanged += 1
        else:
            from overens.store.files import atomic_write

            atomic_write(path, content, durable=False)
            self.written.append(rel)
        return hashlib.sha256(content).hexdigest()[:16]


@dataclass(frozen=True)
class Subject:
    """One agreement as loaded for its files: its signatories, and the agreements its succession
    names that the repository holds (their titles and pages)."""

    agreement: Agreement
    signatories: Sequence[Summary]
    others: dict[str, Agreement]


def make_entry(
    maker: Maker,
    writer: Writer,
    environment: str,
    subject: Subject,
    kept: dict[str, Any] | None,
) -> dict[str, Any]:
    """What is kept of one agreement, its files made and written again unless what they show is
    unchanged (``kept``, from the build before)."""
    from overens.documents.document import default_as_of
    from overens.documents.site.files import agreement_files
    from overens.documents.site.views import (
        Card,
        agreement_state,
        agreement_view,
        happenings,
        happenings_to_json,
    )

    agreement, signatories, others = subject.agreement, subject.signatories, subject.others
    day = maker.site.as_of
    as_of = default_as_of(agreement, day, signatories)
    state = agreement_state(agreement, day)
    found = happenings(agreement, signatories, day)
    key = keys.agreement_key(environment, subject, as_of, state, found, day)
    if kept and kept["key"] == key and keys.present(writer.output, kept):
        return kept
    view = agreement_view(agreement, signatories, day, as_of, found, others, maker.held)
    news = happenings_to_json(found[: feeds.ENTRIES])
    # The feed shows only the newest events and the agreement's names: when they are the same,
    # the feed is (a change of municipality or a new page per sector is no news).
    feed = f"{agreement.id}/{feeds.FEED_NAME}"
    feed_key = keys.feed_key(environment, agreement, news)
    keep_feed = (
        kept is not None
        and kept.get("feed") == feed_key
        and feed in kept["files"]
        and os.path.isfile(writer.output / feed)
    )
    made = {
        rel: writer.put(rel, content)
        for rel, content in agreement_files(maker, view, signatories, feed=not keep_feed)
    }
    if keep_feed and kept is not None:
        made[feed] = kept["files"][feed]
    return {
        "key": key,
        "links": list(agreement.succession.linked),
        "site": environment,
        "feed": feed_key,
        "files": made,
        "card": list(Card.of(agreement, state, len(view.members), as_of)),
        "news": news,
        "resources": register.resources(agreement, maker.licence),
    }
