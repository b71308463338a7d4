"""A signatory summed up for every command that lists or looks up signatories (:class:`Summary`).

Built from the model (:meth:`Summary.of`) or kept per file in the signatory index
(:mod:`overens.store.signatory_index`) as a small JSON value
(:func:`overens.store.summary_json.encode`); both give equal objects, so a list, a document or a look-up is the same either way. A summary holds
what the lists, the documents, the duplicate look-up and the history need: who the organisation
is (name, organisation number, sector, legal form, municipality, website), its signer and contact,
every membership period with its dates and versions, and the reports received. Status on a day
is :mod:`overens.model.status`'s.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import unicodedata
from typing import TYPE_CHECKING, NamedTuple

from overens.model import status
from overens.model.dates import PartialDate, Tri
from overens.model.signatory import Contact, Membership, Person, Signatory
from overens.model.status import Status

if TYPE_CHECKING:
    from overens.model.agreement import Agreement

FORMAT = 4
"""The layout of :func:`overens.store.summary_json.encode`; the index is keyed by it, so a new
layout starts anew."""


class SignatoryRow(NamedTuple):
    """A signatory as the documents' lists show it (a named tuple: 10,000 are made in a render)."""

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


class Confirmed(NamedTuple):
    """A confirmation of a later version, within a period."""

    version: str
    date: PartialDate


class Received(NamedTuple):
    """A report received from the signatory."""

    year: int
    kind: str
    received: dt.date


class Period(NamedTuple):
    """One membership period (a :class:`overens.model.status.Span`)."""

    signed: PartialDate | None
    """The day it began; None for a signing recorded without a date (in force from the start)."""
    version: str
    """The latest version signed or confirmed in the period."""
    withdrawn: PartialDate | None
    """The day a withdrawal took effect, if one is recorded."""
    applied: PartialDate | None = None
    approved: PartialDate | None = None
    signed_version: str = ""
    """The version signed when the period began (``version`` is the latest confirmed)."""
    confirmations: tuple[Confirmed, ...] = ()
    notice: PartialDate | None = None
    """The day the written notice of withdrawal was received."""
    reason: str | None = None
    """The reason the withdrawal records."""
    carried_over_from: str | None = None
    """The predecessor agreement the period was carried over from (the organisation did not sign)."""

    @property
    def start(self) -> PartialDate | None:
        return self.signed

    @property
    def end(self) -> PartialDate | None:
        return self.withdrawn

    @classmethod
    def of(cls, m: Membership) -> Period:
        w = m.withdrawal
        return cls(
            m.signed.date,
            m.version,
            w.effective if w else None,
            m.application_date,
            m.approval_date,
            m.signed.version,
            tuple(Confirmed(c.version, c.date) for c in m.confirmations),
            w.notice_date if w else None,
            w.reason if w else None,
            m.carried_over_from,
        )


class Standing(NamedTuple):
    """A signatory's status on a day as ``overens list`` shows it."""

    status: Status
    since: PartialDate | None
    """The signing date of the current period (the application date while pending)."""
    until: PartialDate | None
    """The day the withdrawal takes (or took) effect, once notice may have been received by the
    day."""
    version: str | None
    carried_over_from: str | None = None


class Summary(NamedTuple):
    """What every command that lists or looks up signatories needs of one, and nothing more.

    A named tuple rather than a frozen dataclass: as immutable, and made three times faster
    (10,000 are read from the index in a list or a render).
    """

    id: str
    name: str
    plain: str
    """The collation form of the name (:func:`collation_key`), worked out once."""
    municipality: str | None
    signer: Person | None
    contact: Contact | None
    """Personal data: None unless the caller asked for contacts (and the file names one)."""
    periods: tuple[Period, ...]
    org_number: str | None = None
    sector: str = ""
    legal_form: str | None = None
    website: str | None = None
    reports: tuple[Received, ...] = ()

    @property
    def events(self) -> tuple[dt.date, ...]:
        """The days of its signings, confirmations and withdrawals (for a document's --as-of): the
        first and the last day of one known only to the year or month."""
        periods = self.periods
        if len(periods) == 1 and not periods[0].confirmations and periods[0].withdrawn is None:
            signed = periods[0].signed  # most signatories: one period, nothing more
            if signed is None:
                return ()
            return (signed.first,) if signed.first == signed.last else (signed.first, signed.last)
        days: set[dt.date] = set()
        for p in periods:
            for date in (p.signed, *(c.date for c in p.confirmations), p.withdrawn):
                if date is not None:
                    days.update((date.first, date.last))
        return tuple(sorted(days))

    def period_on(self, day: dt.date) -> Period | None:
        """The latest period that had, or may have, started by ``day``
        (:func:`overens.model.status.current`)."""
        return status.current(self.periods, day)

    def usual(self, day: dt.date) -> Period | None:
        """The one period of the usual signatory on ``day`` (signed once, by then or without a
        date, never withdrawn), for which :meth:`row` and :meth:`standing` need not read the
        periods; None for any other. tests/unit/standing_test.py holds both shortcuts to the
        general reading."""
        periods = self.periods
        if len(periods) == 1:
            p = periods[0]
            if p.withdrawn is None and (p.signed is None or p.signed.last <= day):
                return p
        return None

    def row(self, day: dt.date) -> SignatoryRow | None:
        """The signatory as the documents' lists show it on ``day``: in force when ``withdrawn``
        is None, withdrawn otherwise (status ACTIVE and WITHDRAWN); ``uncertain`` when a date known
        only to the year or month leaves it open (status UNCERTAIN: ``withdrawn`` is then the
        withdrawal that may have taken effect); None when it is not listed then (not yet signed,
        or only applied)."""
        p = self.usual(day)
        if p is not None:
            return SignatoryRow(
                self.name, self.municipality, p.signed, p.version, self.signer, self.contact
            )
        return self.row_of_periods(day)

    def row_of_periods(self, day: dt.date) -> SignatoryRow | None:
        """:meth:`row` for any periods (what its shortcut for the usual case must equal)."""
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

    def standing(self, day: dt.date) -> Standing | None:
        """Its status on ``day`` with the dates ``overens list`` shows; None when it had neither
        applied nor signed by then (:func:`overens.model.status.status_on`, which also says
        ``uncertain`` when a date known only to the year or month leaves it open)."""
        p = self.usual(day)
        if p is not None:
            return Standing(Status.ACTIVE, p.signed, None, p.version, p.carried_over_from)
        return self.standing_of_periods(day)

    def standing_of_periods(self, day: dt.date) -> Standing | None:
        """:meth:`standing` for any periods (what its shortcut for the usual case must equal)."""
        periods = self.periods
        found = status.status_on(periods, day, (p.applied for p in periods))
        if found is None:
            return None
        p = status.current(periods, day)
        if p is None or found is Status.PENDING:
            applied = next(q.applied for q in periods if q.applied and not q.applied.by(day).no)
            return Standing(found, applied, None, None)
        notice, effective = p.notice, p.withdrawn
        known = (
            notice is not None
            and effective is not None
            and not (notice.by(day).no and effective.by(day).no)
        )
        return Standing(
            found, p.signed, effective if known else None, p.version, p.carried_over_from
        )

    @classmethod
    def of(cls, s: Signatory, *, contacts: bool = True) -> Summary:
        return cls(
            s.id,
            s.name,
            collation_key(s.name)[0],
            s.municipality,
            s.signer,
            s.contact if contacts else None,
            tuple(map(Period.of, s.memberships)),
            s.org_number,
            s.sector,
            s.legal_form,
            s.website,
            tuple(Received(r.year, r.kind, r.received) for r in s.reports),
        )


class Who(NamedTuple):
    """Who a signatory file says it is: what the duplicate look-up compares."""

    id: str
    name: str
    org_number: str | None
    key: str
    """The key the name is compared by (:func:`overens.model.identity.name_key`)."""
    look: str | None = None
    """The name's look-alike key (:func:`overens.model.identity.look_alike_key`), where known."""


BY_NAME = operator.attrgetter("plain", "name", "id")
"""The order of the documents' lists: by name as a Swedish reader expects
(:func:`collation_key`), then id."""


def summarise(agreement: Agreement) -> tuple[Summary, ...]:
    """The agreement's signatories (of a full load) as summaries, contacts included."""
    return tuple(Summary.of(s) for s in agreement.signatories)
