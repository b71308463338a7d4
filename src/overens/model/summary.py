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
from overens.model.dates import PartialDate, Tri, required_partial
from overens.model.signatory import Contact, Person, Signatory


class SignatoryRow(NamedTuple):
    """A signatory as the lists show it (a named tuple: 10,000 are made in a render)."""

    name: str
    municipality: str | None
    signed: PartialDate | None
    version: str
    signer: Person | None
    contact: Contact | None
    withdrawn: PartialDate | None = None
    uncertain: bool = False
    """Whether it was a signatory on the day cannot be told: a date is known to the year or month."""


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

    signed: PartialDate | None
    """The day it began; None for a signing recorded without a date (in force from the start)."""
    version: str
    """The latest version signed or confirmed in the period."""
    withdrawn: PartialDate | None
    """The day a withdrawal took effect, if one is recorded."""

    @property
    def start(self) -> PartialDate | None:
        return self.signed

    @property
    def end(self) -> PartialDate | None:
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
    """The days of its signings, confirmations and withdrawals (for the default --as-of); the
    first and the last day of one known to the year or month."""
    sector: str | None = None
    """``ideburen`` or ``offentlig`` (the site and the open register filter and count by it)."""

    def period_on(self, day: dt.date) -> Period | None:
        """The latest period that had started by ``day`` (:func:`overens.model.status.current`)."""
        return status.current(self.periods, day)

    def row(self, day: dt.date) -> SignatoryRow | None:
        """The signatory as the lists show it on ``day``: in force when ``withdrawn`` is None,
        withdrawn otherwise (status ACTIVE and WITHDRAWN); ``uncertain`` when a date known only to
        the year or month leaves it open (status UNCERTAIN: ``withdrawn`` is then the withdrawal
        that may have taken effect); None when it is not listed then (not yet signed, or only
        applied)."""
        p = self.period_on(day)
        if p is None:
            return None
        began, ended = status.began(p, day), status.has_ended(p, day)
        return SignatoryRow(
            self.name,
            self.municipality,
            p.signed,
            p.version,
            self.signer,
            self.contact,
            p.withdrawn if ended is not Tri.NO else None,
            began is Tri.MAYBE or ended is Tri.MAYBE,
        )

    @classmethod
    def of(cls, s: Signatory) -> Listed:
        events: set[dt.date] = set()
        for m in s.memberships:
            for date in (m.signed.date, *(c.date for c in m.confirmations)):
                if date is not None:
                    events.update((date.first, date.last))
            if m.withdrawal:
                events.update((m.withdrawal.effective.first, m.withdrawal.effective.last))
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
            tuple(map(_event, events)),
            sector,
        )


BY_NAME = operator.attrgetter("plain", "name", "id")
"""The order of the lists: by name as a Swedish reader expects (:func:`collation_key`), then id."""


def _iso(day: PartialDate | None) -> str | None:
    return day.text if day is not None else None


def _day(text: str | None) -> PartialDate | None:
    # Strict: a value this module did not write (not a string) raises, and the file is read again.
    return required_partial(text) if text is not None else None


@functools.lru_cache(maxsize=65536)
def _event(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def listed(agreement: Agreement) -> tuple[Listed, ...]:
    """The agreement's signatories as the document needs them."""
    return tuple(Listed.of(s) for s in agreement.signatories)
