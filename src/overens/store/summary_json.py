"""The signatory index's JSON form of a :class:`~overens.model.summary.Summary`: compact lists
(:func:`encode`, :func:`decode`), the values many summaries share kept once (:class:`Shared`).
Both directions give equal objects, so a list, a document or a look-up is the same either way."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from overens.model.dates import PartialDate, required_partial
from overens.model.signatory import Contact, Person
from overens.model.summary import Confirmed, Period, Received, Summary


def encode(s: Summary, shared: Shared) -> list[Any]:
    """A compact JSON value that :func:`decode` turns back into an equal summary with the same
    ``shared`` values (the id is left out: it is the file's name, which keys the value where it
    is kept)."""
    signer, contact = s.signer, s.contact
    periods: list[Any] = []
    for p in s.periods:
        confirmations: list[str] = []
        for c in p.confirmations:
            confirmations += [c.version, c.date.text]
        periods += [
            _iso(p.signed),
            p.signed_version,
            _iso(p.withdrawn),
            _iso(p.applied),
            _iso(p.approved),
            confirmations,
            _iso(p.notice),
            p.reason,
            p.carried_over_from,
        ]
    return [
        s.name,
        s.plain,
        s.municipality,
        signer.name if signer else None,
        signer.title if signer else None,
        contact.name if contact else None,
        contact.email if contact else None,
        contact.phone if contact else None,
        s.org_number,
        s.sector,
        s.legal_form,
        s.website,
        periods,
        ",".join(str(shared.code(r)) for r in s.reports),
    ]


def decode(
    id_: str, value: list[Any], shared: Shared, *, contacts: bool = True, reports: bool = True
) -> Summary:
    """The summary of :func:`encode`'s ``value`` for the file ``id_``; without its contact person
    unless ``contacts``, and without its reports unless ``reports`` (what a document never shows
    need not be made 10,000 times). A value this module did not write raises."""
    (
        name,
        plain,
        municipality,
        signer,
        title,
        contact,
        email,
        phone,
        org_number,
        sector,
        legal_form,
        website,
        flat,
        received,
    ) = value
    return _new(
        Summary,
        (
            id_,
            name,
            plain,
            municipality,
            _new(Person, (signer, title)) if signer is not None else None,
            _new(Contact, (contact, email, phone)) if contacts and contact is not None else None,
            _periods(flat),
            org_number,
            sector,
            legal_form,
            website,
            shared.received(received) if reports and received else (),
        ),
    )


class Shared:
    """Values many summaries hold alike, kept once beside them (10,000 signatories' 90,000
    reports are a few hundred distinct ones): summaries hold their positions."""

    def __init__(self, stored: Any = None) -> None:
        self.reports: list[Received] = []
        self._codes: dict[Received, int] = {}
        for year, kind, received in stored if isinstance(stored, list) else ():
            self.code(Received(year, kind, dt.date.fromisoformat(received)))

    def code(self, report: Received) -> int:
        found = self._codes.get(report)
        if found is None:
            found = self._codes[report] = len(self.reports)
            self.reports.append(report)
        return found

    def received(self, codes: str) -> tuple[Received, ...]:
        """The reports a summary holds, from their positions (``"0,4,7"``: one string rather
        than a list, so that reading the index makes one value, not ten, for a signatory's
        reports)."""
        return tuple(map(self.reports.__getitem__, map(int, codes.split(","))))

    def to_json(self) -> list[Any]:
        return [[r.year, r.kind, r.received.isoformat()] for r in self.reports]


_STRIDE = 9
"""The values of one period in :meth:`Summary.to_json`."""


def _periods(flat: list[Any]) -> tuple[Period, ...]:
    day = _day
    if len(flat) == _STRIDE and not flat[5] and flat[2] is None and flat[8] is None:
        # One period, no confirmation, no withdrawal, not carried over: most signatories.
        signed, version, _, applied, approved = flat[:5]
        return (
            _new(
                Period,
                (
                    *(day(signed), version, None, day(applied), day(approved), version),
                    *((), None, None, None),
                ),
            ),
        )
    periods = []
    for i in range(0, len(flat), _STRIDE):
        signed, version, withdrawn, applied, approved, confirmed, notice, reason, carried = flat[
            i : i + _STRIDE
        ]
        confirmations = (
            tuple(
                Confirmed(confirmed[j], _required(confirmed[j + 1]))
                for j in range(0, len(confirmed), 2)
            )
            if confirmed
            else ()
        )
        periods.append(
            Period(
                day(signed),
                confirmations[-1].version if confirmations else version,
                day(withdrawn),
                day(applied),
                day(approved),
                version,
                confirmations,
                day(notice),
                reason,
                carried,
            )
        )
    return tuple(periods)


_new = tuple.__new__
"""A named tuple made from its values without its generated ``__new__`` (a call less: 10,000
summaries are decoded for a list or a render)."""


def _iso(day: PartialDate | None) -> str | None:
    return day.text if day is not None else None


@functools.lru_cache(maxsize=65536)
def _required(text: str) -> PartialDate:
    # Strict: a value this module did not write (not a date's text) raises, and the file is read
    # again.
    return required_partial(text)


def _day(text: str | None) -> PartialDate | None:
    return _required(text) if text is not None else None
