"""What a signing writes: the organisation's own keys of its signatory record
(:func:`organisation_details`) and its new membership period (:func:`membership_period`), and the
day and version an organisation carried over from a predecessor is bound by
(:func:`carried_date`, :func:`carried_version`). :mod:`overens.membership.sign` puts them in a new
file or after the periods of an existing one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from overens.membership.evidence import GivenEvidence
from overens.model.agreement import Agreement

if TYPE_CHECKING:
    from overens.membership.sign import SignRequest


def membership_period(
    agreement: Agreement, request: SignRequest, date: dt.date, version: str, evidence: GivenEvidence
) -> dict[str, Any]:
    revision = agreement.revision(version)
    assert revision is not None
    membership: dict[str, Any] = {}
    if request.applied:
        membership["application"] = {"date": request.applied.isoformat()}
    if request.approved:
        by = (request.approved_by or agreement.terms.approval_by or "").strip()
        membership["approval"] = {"date": request.approved.isoformat(), "by": by}
    if request.channel:
        membership["channel"] = request.channel
    if request.criteria:
        attested_on = (request.applied or date).isoformat()
        membership["criteria"] = [
            {"id": c, "attested": True, "date": attested_on} for c in request.criteria
        ]
    # The signed version's hash as its revision declares it (for the current version, the
    # loaded text was just checked against it). An organisation carried over from the
    # predecessor did not sign this text: no hash, and where it came from.
    membership["signed"] = {"date": date.isoformat(), "version": version}
    if request.carried_over_from:
        membership["signed"]["carried_over_from"] = request.carried_over_from
    else:
        membership["signed"]["text_sha256"] = revision.text_sha256
    if evidence.record:
        membership["signed"]["evidence"] = evidence.record
    return membership


def carried_date(agreement: Agreement, request: SignRequest) -> dt.date | None:
    """The day a carried-over organisation became a signatory: the successor's first day."""
    link = agreement.succession.predecessor
    if (
        request.carried_over_from
        and link is not None
        and link.agreement == request.carried_over_from
    ):
        return link.date.exact
    return None


def carried_version(agreement: Agreement, request: SignRequest, date: dt.date) -> str | None:
    """The version a carried-over organisation remained bound by: the latest decided by ``date``."""
    if not request.carried_over_from:
        return None
    decided = [r for r in agreement.revisions if r.date is None or r.date.last <= date]
    return decided[-1].version if decided else None


def organisation_details(
    slug: str, values: Mapping[str, str | None], request: SignRequest, date: dt.date
) -> dict[str, Any]:
    """The organisation's own keys of a signatory record (None: not given)."""

    def some(*pairs: tuple[str, str | None]) -> dict[str, str] | None:
        return {k: v for k, v in pairs if v} or None

    return {
        "id": slug,
        "name": values["name"],
        "org_number": values["org_number"],
        "sector": values["sector"],
        "legal_form": values["legal_form"],
        "municipality": values["municipality"],
        "website": values["website"],
        "signer": some(("name", values["signed_by"]), ("title", values["signed_by_title"])),
        "contact": some(
            ("name", values["contact_name"]),
            ("email", values["contact_email"]),
            ("phone", values["contact_phone"]),
        ),
        "democratic_values": {"attested": True, "date": (request.applied or date).isoformat()}
        if request.democratic_values
        else None,
    }
