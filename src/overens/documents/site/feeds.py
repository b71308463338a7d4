"""Atom feeds of joinings, withdrawals and revisions: the only module that imports feedgen.

Every id and date comes from the record, never from the clock, so building the site again from
the same commit gives the same bytes and a feed reader announces nothing twice
(docs/decisions/0904-feeds.md):

- an entry's id is a name-based UUID (RFC 4122, version 5) of the agreement, the kind, the
  organisation (or version) and the day as recorded (``2019-06-13``, or ``2016`` for a date known
  only to the year), so it does not depend on where the site is published;
- an entry's ``updated`` is the day of the event (midnight UTC; the first day it may be, for a
  date known only to the year or month), the feed's is its newest entry's;
- a feed holds the newest :data:`ENTRIES` events; older ones drop out, they are not re-dated.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from overens._version import __version__

if TYPE_CHECKING:
    from overens.documents.site.views import Happening

ENTRIES = 50
"""Entries per feed: the newest events."""
FEED_NAME = "feed.xml"


@dataclass(frozen=True, slots=True)
class Entry:
    """One event of one agreement, phrased for a reader."""

    agreement_id: str
    happening: Happening
    title: str
    link: str


def entry_id(agreement_id: str, h: Happening) -> str:
    """The stable id of an event: the same event gets the same id in every build and feed (the
    day as written: for a full date, its ISO form, as before dates could be partial)."""
    name = f"overens:{agreement_id}:{h.kind}:{h.subject}:{h.day.isoformat()}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def feed_id(scope: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'overens:feed:{scope}')}"


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def order(agreement_id: str, h: Happening) -> tuple[dt.date, dt.date, str, str, str]:
    """The order of entries, reversed: by the first day an event may be, ties in a fixed order."""
    return h.day.first, h.day.last, agreement_id, h.kind, h.subject


def newest(entries: Sequence[Entry]) -> list[Entry]:
    """The newest :data:`ENTRIES`, newest first (ties in a fixed order)."""
    ordered = sorted(entries, key=lambda e: order(e.agreement_id, e.happening), reverse=True)
    return ordered[:ENTRIES]


def atom(
    *,
    scope: str,
    title: str,
    subtitle: str,
    lang: str,
    author: str,
    self_href: str,
    page_href: str,
    entries: Sequence[Entry],
    empty_day: Callable[[], dt.date],
) -> bytes:
    """The Atom document of ``entries`` (already the newest, newest first). ``empty_day`` gives the
    feed's date when it has no entries (the agreement's adoption, or the site's day)."""
    from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]

    fg = FeedGenerator()
    fg.id(feed_id(scope))
    fg.title(title)
    fg.subtitle(subtitle)
    fg.language(lang)
    fg.author(name=author)
    fg.link(href=self_href, rel="self", type="application/atom+xml")
    fg.link(href=page_href, rel="alternate", type="text/html")
    fg.generator("overens", version=__version__)
    fg.updated(_midnight(entries[0].happening.day.first if entries else empty_day()))
    for e in reversed(entries):  # feedgen puts the entry added last first
        fe = fg.add_entry()
        fe.id(entry_id(e.agreement_id, e.happening))
        fe.title(e.title)
        fe.link(href=e.link, rel="alternate", type="text/html")
        fe.updated(_midnight(e.happening.day.first))
        fe.published(_midnight(e.happening.day.first))
    return fg.atom_str(pretty=True)  # type: ignore[no-any-return]
