"""The signing organisations: who they are, their membership periods and their reports.

Frozen, slotted dataclasses built from schema-valid dicts (signatories/<slug>.yaml). Status is
derived from the periods on a given day (:mod:`overens.model.status`), never stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from overens.model.dates import PartialDate, partial_of, required_date, required_partial
from overens.model.dates import date_of as _date
from overens.model.decisions import Decision, Evidence
from overens.model.status import Status, current, status_on

__all__ = [
    "Attestation",
    "Confirmation",
    "Contact",
    "Evidence",
    "Membership",
    "Person",
    "Report",
    "Signatory",
    "Signing",
    "Withdrawal",
]


def _tuple(items: Any, build: Any) -> tuple[Any, ...]:
    return tuple(build(i) for i in items or ())


class Person(NamedTuple):
    """A named person in a role (the authorised signer). A named tuple: as immutable as a frozen
    dataclass, and made three times faster (a list of 10,000 signatories makes 10,000)."""

    name: str
    title: str | None = None

    @classmethod
    def build(cls, d: dict[str, Any] | None) -> Person | None:
        return cls(d["name"], d.get("title")) if d else None


class Contact(NamedTuple):
    """A contact person. Personal data: kept out of public output unless asked for. A named
    tuple, as :class:`Person`."""

    name: str
    email: str | None = None
    phone: str | None = None

    @classmethod
    def build(cls, d: dict[str, Any] | None) -> Contact | None:
        return cls(d["name"], d.get("email"), d.get("phone")) if d else None


@dataclass(frozen=True, slots=True)
class Signing:
    """The signing that began a membership period."""

    version: str
    date: PartialDate | None = None
    text_sha256: str | None = None
    evidence: Evidence | None = None
    carried_over_from: str | None = None
    """The predecessor agreement whose signatory the organisation remained, without signing anew."""


@dataclass(frozen=True, slots=True)
class Confirmation:
    """A confirmation of a later version."""

    version: str
    date: PartialDate
    text_sha256: str | None = None
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """The withdrawal that ended a membership period."""

    notice_date: PartialDate
    effective: PartialDate
    reason: str | None = None
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class Attestation:
    """How a joining organisation met one joining criterion: attested, or admitted by exception."""

    id: str
    attested: bool | None = None
    date: PartialDate | None = None
    exception: Decision | None = None

    @classmethod
    def build(cls, d: dict[str, Any]) -> Attestation:
        return cls(
            d["id"],
            d.get("attested"),
            partial_of(d.get("date")),
            Decision.build(d.get("exception")),
        )


@dataclass(frozen=True, slots=True)
class Membership:
    """One period of membership."""

    signed: Signing
    application_date: PartialDate | None = None
    application_evidence: Evidence | None = None
    approval_date: PartialDate | None = None
    approved_by: str | None = None
    approval_reference: str | None = None
    confirmations: tuple[Confirmation, ...] = ()
    withdrawal: Withdrawal | None = None
    channel: str | None = None
    """The way the organisation joined (an id of terms.joining.channels)."""
    criteria: tuple[Attestation, ...] = ()
    """Its attestation of each joining criterion (or the exception it was admitted by)."""

    @property
    def carried_over_from(self) -> str | None:
        """The predecessor agreement the period was carried over from, if it was."""
        return self.signed.carried_over_from

    def attestation(self, criterion: str) -> Attestation | None:
        return next((a for a in self.criteria if a.id == criterion), None)

    @property
    def version(self) -> str:
        """The latest version signed or confirmed in this period."""
        return self.confirmations[-1].version if self.confirmations else self.signed.version

    @property
    def start(self) -> PartialDate | None:
        """The signing day (:class:`overens.model.status.Span`)."""
        return self.signed.date

    @property
    def end(self) -> PartialDate | None:
        """The day the withdrawal took effect, if one is recorded."""
        return self.withdrawal.effective if self.withdrawal is not None else None

    @classmethod
    def build(cls, d: dict[str, Any]) -> Membership:
        s = d["signed"]
        app, appr, w = d.get("application") or {}, d.get("approval") or {}, d.get("withdrawal")
        return cls(
            signed=_signing(s),
            application_date=partial_of(app.get("date")),
            application_evidence=Evidence.build(app.get("evidence")),
            approval_date=partial_of(appr.get("date")),
            approved_by=appr.get("by"),
            approval_reference=appr.get("reference"),
            confirmations=tuple(
                Confirmation(
                    c["version"],
                    required_partial(c["date"]),
                    c.get("text_sha256"),
                    Evidence.build(c.get("evidence")),
                )
                for c in d.get("confirmations", ())
            ),
            withdrawal=Withdrawal(
                required_partial(w["notice_date"]),
                required_partial(w["effective"]),
                w.get("reason"),
                Evidence.build(w.get("evidence")),
            )
            if w
            else None,
            channel=d.get("channel"),
            criteria=tuple(Attestation.build(c) for c in d.get("criteria", ())),
        )


@dataclass(frozen=True, slots=True)
class Report:
    """A report received from a signatory."""

    year: int
    kind: str
    received: dt.date
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class Signatory:
    """One signing organisation (signatories/<slug>.yaml)."""

    path: str
    id: str
    name: str
    sector: str
    memberships: tuple[Membership, ...]
    org_number: str | None = None
    legal_form: str | None = None
    municipality: str | None = None
    website: str | None = None
    signer: Person | None = None
    contact: Contact | None = None
    democratic_values: bool | None = None
    democratic_values_date: dt.date | None = None
    reports: tuple[Report, ...] = ()
    notes: str | None = None

    def membership_on(self, day: dt.date) -> Membership | None:
        """The latest period that had started by ``day``."""
        return current(self.memberships, day)

    def status_on(self, day: dt.date) -> Status | None:
        """The derived status on ``day``; None when the organisation had not yet applied or signed."""
        return status_on(self.memberships, day, (m.application_date for m in self.memberships))

    def active_on(self, day: dt.date) -> bool:
        return self.status_on(day) is Status.ACTIVE

    @property
    def last(self) -> Membership:
        return self.memberships[-1]

    @classmethod
    def build(cls, path: str, d: dict[str, Any]) -> Signatory:
        dv = d.get("democratic_values") or {}
        return cls(
            path=path,
            id=d["id"],
            name=d["name"],
            sector=d["sector"],
            memberships=_tuple(d["memberships"], Membership.build),
            org_number=d.get("org_number"),
            legal_form=d.get("legal_form"),
            municipality=d.get("municipality"),
            website=d.get("website"),
            signer=Person.build(d.get("signer")),
            contact=Contact.build(d.get("contact")),
            democratic_values=dv.get("attested") if dv else None,
            democratic_values_date=_date(dv.get("date")),
            reports=tuple(map(_report, d.get("reports", ()))),
            notes=d.get("notes"),
        )


_SHARED: dict[tuple[Any, ...], Any] = {}
"""Reports and signings without evidence, by their values: the objects are frozen, so equal ones
can be one object, and 10,000 signatories' 80,000 reports are a few hundred distinct ones."""


def _report(r: dict[str, Any]) -> Report:
    evidence = r.get("evidence")
    if evidence:
        return Report(r["year"], r["kind"], required_date(r["received"]), Evidence.build(evidence))
    key = ("r", r["year"], r["kind"], r["received"])
    found = _SHARED.get(key)
    if found is None:
        found = _SHARED[key] = Report(r["year"], r["kind"], required_date(r["received"]))
    return found


def _signing(s: dict[str, Any]) -> Signing:
    evidence, carried = s.get("evidence"), s.get("carried_over_from")
    if evidence or carried:
        return Signing(
            s["version"],
            partial_of(s.get("date")),
            s.get("text_sha256"),
            Evidence.build(evidence),
            carried,
        )
    key = ("s", s["version"], s.get("date"), s.get("text_sha256"))
    found = _SHARED.get(key)
    if found is None:
        found = _SHARED[key] = Signing(
            s["version"], partial_of(s.get("date")), s.get("text_sha256")
        )
    return found
