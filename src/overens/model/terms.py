"""The agreement's terms: contact persons, joining, withdrawal, renegotiation, follow-up (with the
reports signatories owe) and validity, as the text states them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from overens.model.dates import date_of as _date


@dataclass(frozen=True, slots=True)
class ReportKind:
    """A report every active signatory owes each year."""

    kind: str
    title: str
    due: str | None = None

    def due_date(self, year: int) -> dt.date:
        """The day by which the report for ``year`` is due (the end of the next year by default)."""
        month, day = (int(x) for x in (self.due or "12-31").split("-"))
        if year + 1 > dt.MAXYEAR:
            return dt.date.max
        return dt.date(year + 1, month, day)


@dataclass(frozen=True, slots=True)
class Terms:
    """The agreement's rules for contact persons, joining, withdrawal, follow-up and validity."""

    contact_required: bool = False
    contact_text: str | None = None
    open_to: tuple[str, ...] = ("ideburen", "offentlig")
    democratic_values: bool = False
    application_required: bool = False
    approval_by: str | None = None
    published: bool = False
    joining_text: str | None = None
    written_notice: bool = False
    notify: str | None = None
    notice_period_days: int | None = None
    withdrawal_text: str | None = None
    renegotiation_written: bool = False
    renegotiation_text: str | None = None
    follow_up_frequency: str | None = None
    follow_up_forum: str | None = None
    revision_proposals: str | None = None
    reports: tuple[ReportKind, ...] = ()
    follow_up_text: str | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    indefinite: bool = False
    period_years: int | None = None
    review_interval_years: int | None = None
    validity_text: str | None = None

    @property
    def approval_required(self) -> bool:
        return self.approval_by is not None

    @classmethod
    def build(cls, d: dict[str, Any] | None) -> Terms:
        d = d or {}
        c, j, w = d.get("contact_person", {}), d.get("joining", {}), d.get("withdrawal", {})
        r, f, v = d.get("renegotiation", {}), d.get("follow_up", {}), d.get("validity", {})
        return cls(
            contact_required=bool(c.get("required", False)),
            contact_text=c.get("text"),
            open_to=tuple(j.get("open_to", ("ideburen", "offentlig"))),
            democratic_values=bool(j.get("democratic_values", False)),
            application_required=bool(j.get("application_required", False)),
            approval_by=j.get("approval_by"),
            published=bool(j.get("published", False)),
            joining_text=j.get("text"),
            written_notice=bool(w.get("written_notice", False)),
            notify=w.get("notify"),
            notice_period_days=w.get("notice_period_days"),
            withdrawal_text=w.get("text"),
            renegotiation_written=bool(r.get("written", False)),
            renegotiation_text=r.get("text"),
            follow_up_frequency=f.get("frequency"),
            follow_up_forum=f.get("forum"),
            revision_proposals=f.get("revision_proposals"),
            reports=tuple(
                ReportKind(x["kind"], x["title"], x.get("due")) for x in f.get("reports", ())
            ),
            follow_up_text=f.get("text"),
            valid_from=_date(v.get("from")),
            valid_until=_date(v.get("until")),
            indefinite=bool(v.get("indefinite", False)),
            period_years=v.get("period_years"),
            review_interval_years=v.get("review_interval_years"),
            validity_text=v.get("text"),
        )
