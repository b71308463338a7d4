"""A signatory summed up for the lists (:class:`Listed`), and how a list shows it on a day.

Built from the model (:meth:`Listed.of`) or kept per file in the signatory index
(:mod:`overens.store.signatory_index`) as the small JSON value of :meth:`Listed.to_json`; both
give equal objects, so a list is the same either way. Status on a day is
:mod:`overens.model.status`'s.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import unicodedata
from typing import Any, NamedTuple

from overens.model import status
from overens.model.agreement import Agreement
from overens.model.signatory import Contact, Person, Signatory


class SignatoryRow(NamedTuple):
    """A signatory as the lists show it (a named tuple: 10,000 are made in a render)."""

    name: str
    municipality: str | None
    signed: dt.date | None
    version: str
    signer: Person | None
    contact: Contact | None
    withdrawn: dt.date | None = None


_COLLATE = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y"})


@functools.lru_cache(maxsize=65536)
def collation_key(name: str) -> tuple[str, str]:
    """Sort names as a Swedish reader expects: a-z, then å, ä, ö; accents otherwise ignored."""
    folded = unicodedata.normalize("NFC", name).casefold().translate(_COLLATE)
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
    )
    return plain, name


class Period(NamedTuple):
    """One membership period as the lists show it (a :class:`overens.model.status.Span`)."""

    signed: dt.date | None
    """The day it began; None for a signing recorded without a date (in force from the start)."""
    version: str
    """The latest version signed or confirmed in the period."""
    withdrawn: dt.date | None
    """The day a withdrawal took effect, if one is recorded."""

    @property
    def start(self) -> dt.date | None:
        return self.signed

    @property
    def end(self) -> dt.date | None:
        return self.withdrawn


class Listed(NamedTuple):
    """What a rendered document needs of one signatory, and nothing more.

    Built from the model (:meth:`of`) or, for an agreement with thousands of signatories, kept per
    file in ``.overens-cache/`` (:mod:`overens.store.signatory_index`) as the small JSON value of
    :meth:`to_json`; both give equal objects, so the document is the same either way. A named
    tuple rather than a frozen dataclass: as immutable, and made three times faster.
    """

    id: str
    name: str
    plain: str
    """The collation form of the name (:func:`collation_key`), worked out once."""
    municipality: str | None
    signer: Person | None
    contact: Contact | None
    periods: tuple[Period, ...]
    events: tuple[dt.date, ...]
    """The days of its signings, confirmations and withdrawals (for the default --as-of)."""
    sector: str | None = None
    """``ideburen`` or ``offentlig`` (the site and the open register filter and count by it)."""

    def period_on(self, day: dt.date) -> Period | None:
        """The latest period that had started by ``day`` (:func:`overens.model.status.current`)."""
        return status.current(self.periods, day)

    def row(self, day: dt.date) -> SignatoryRow | None:
        """The signatory as the lists show it on ``day``: in force when ``withdrawn`` is None,
        withdrawn otherwise (status ACTIVE and WITHDRAWN); None when it is not listed then (not
        yet signed, or only applied)."""
        p = self.period_on(day)
        if p is None:
            return None
        withdrawn = p.withdrawn if status.ended(p, day) else None
        return SignatoryRow(
            self.name, self.municipality, p.signed, p.version, self.signer, self.contact, withdrawn
        )

    @classmethod
    def of(cls, s: Signatory) -> Listed:
        events: set[dt.date] = set()
        for m in s.memberships:
            if m.signed.date:
                events.add(m.signed.date)
            events.update(c.date for c in m.confirmations)
            if m.withdrawal:
                events.add(m.withdrawal.effective)
        periods = tuple(
            Period(m.signed.date, m.version, m.withdrawal.effective if m.withdrawal else None)
            for m in s.memberships
        )
        return cls(
            s.id,
            s.name,
            collation_key(s.name)[0],
            s.municipality,
            s.signer,
            s.contact,
            periods,
            tuple(sorted(events)),
            s.sector,
        )

    def to_json(self) -> list[Any]:
        """A compact JSON value that :meth:`from_json` turns back into an equal object (the id
        is left out: it is the file's name, which keys the value where it is kept)."""
        signer, contact = self.signer, self.contact
        periods: list[str | None] = []
        for p in self.periods:
            periods += [_iso(p.signed), p.version, _iso(p.withdrawn)]
        return [
            self.name,
            self.plain,
            self.municipality,
            signer.name if signer else None,
            signer.title if signer else None,
            contact.name if contact else None,
            contact.email if contact else None,
            contact.phone if contact else None,
            periods,
            [d.isoformat() for d in self.events],
            self.sector,
        ]

    @classmethod
    def from_json(cls, id_: str, value: list[Any]) -> Listed:
        name, plain, municipality, signer, title, contact, email, phone, flat, events, sector = (
            value
        )
        day = _day
        if len(flat) == 3:  # one period: most signatories
            periods: tuple[Period, ...] = (Period(day(flat[0]), flat[1], day(flat[2])),)
        else:
            periods = tuple(
                Period(day(flat[i]), flat[i + 1], day(flat[i + 2])) for i in range(0, len(flat), 3)
            )
        return cls(
            id_,
            name,
            plain,
            municipality,
            Person(signer, title) if signer is not None else None,
            Contact(contact, email, phone) if contact is not None else None,
            periods,
            tuple(map(day, events)),  # type: ignore[arg-type]
            sector,
        )


BY_NAME = operator.attrgetter("plain", "name", "id")
"""The order of the lists: by name as a Swedish reader expects (:func:`collation_key`), then id."""


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


@functools.lru_cache(maxsize=65536)
def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text is not None else None


def listed(agreement: Agreement) -> tuple[Listed, ...]:
    """The agreement's signatories as the document needs them."""
    return tuple(Listed.of(s) for s in agreement.signatories)
