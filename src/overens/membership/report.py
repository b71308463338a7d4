"""``report``: a received annual report recorded in the organisation's file, as one commit.

The report is appended to the signatory's ``reports`` (year, kind, the day it was received, and
the evidence: the scan's SHA-256 and/or its registry number), and committed like a signing, on
the same transaction (:mod:`overens.vcs.transaction`). ``check``'s annual-reports rule then
counts it. Every refusal comes before anything is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overens.errors import RefusedError, UsageError
from overens.membership.change import Change, deliver_edit
from overens.membership.evidence import evidence_option
from overens.membership.inputs import refuse_all
from overens.membership.lookup import look_up
from overens.membership.requirements import open_agreement
from overens.model.agreement import Agreement
from overens.model.signatory import Signatory
from overens.store.folders import agreement_folder, resolve_root
from overens.vcs.transaction import Delivery, Transaction


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """A received report (the options of ``overens report``)."""

    agreement: str
    organisation: str
    """The slug, the organisation number or the exact name."""
    kind: str
    """The report kind, as the agreement's terms.follow_up.reports name it."""
    year: int
    """The year the report covers."""
    received: dt.date | None = None
    """When it arrived; today when None."""
    evidence: Path | None = None
    store_evidence: bool = False
    reference: str | None = None


def _check_report(
    agreement: Agreement, signatory: Signatory, request: ReportRequest, day: dt.date, today: dt.date
) -> list[RefusedError]:
    problems: list[RefusedError] = []
    kinds = {k.kind: k for k in agreement.terms.reports}
    if request.kind not in kinds:
        problems.append(
            RefusedError(
                f"--kind {request.kind!r}: {agreement.id} asks for no such report"
                + (f"; it asks for {', '.join(kinds)}" if kinds else ""),
                hint="the kinds are declared in agreement.yaml under terms.follow_up.reports",
            )
        )
    if day > today:
        problems.append(
            RefusedError(f"--received {day}: the date is in the future (today is {today})")
        )
    if request.year > day.year:
        problems.append(
            RefusedError(
                f"--year {request.year}: a report for {request.year} cannot have been received "
                f"on {day}"
            )
        )
    for r in signatory.reports:
        if r.year == request.year and r.kind == request.kind:
            problems.append(
                RefusedError(
                    f"{signatory.name}'s {request.kind} for {request.year} is recorded already "
                    f"(received {r.received}): {signatory.path}",
                    hint="a report is recorded once; to correct it, edit the file in a reviewed "
                    "commit",
                )
            )
    first = min(
        (m.signed.date for m in signatory.memberships if m.signed.date),
        key=lambda d: d.first,
        default=None,
    )
    if first is not None and request.year < first.first.year:
        problems.append(
            RefusedError(
                f"--year {request.year}: {signatory.name} signed {agreement.id} on {first}, so "
                f"it owes no report for {request.year}",
                hint="check the year the report covers",
            )
        )
    return problems


def report(
    request: ReportRequest,
    *,
    repo: Path | None = None,
    delivery: Delivery | None = None,
    today: dt.date | None = None,
) -> Change:
    """Record that an organisation's annual report arrived, and commit it.

    Refuses an unknown organisation or report kind, a report already recorded for that year and
    kind, a year before the organisation signed or after the day it arrived, and a date in the
    future.
    """
    today = today or dt.date.today()
    delivery = delivery or Delivery()
    root = resolve_root(repo).resolve()
    agreement_folder(root, request.agreement)
    if not 1990 <= request.year <= 2200:
        raise UsageError(f"--year {request.year} is not a year between 1990 and 2200")
    day = request.received or today
    transaction = Transaction(root, delivery)
    with transaction.locked():
        agreement = open_agreement(root, request.agreement)
        target = look_up(root, agreement, request.organisation)
        signatory = target.signatory
        refuse_all(_check_report(agreement, signatory, request, day, today))
        transaction.check_clean(target.path, what="the signatory file")
        evidence = evidence_option(
            request.evidence,
            request.reference,
            store=request.store_evidence,
            folder=root / Path(agreement.path).parent,
            stem=f"{signatory.id}-{request.kind}-{request.year}",
        )
        entry: dict[str, Any] = {
            "year": request.year,
            "kind": request.kind,
            "received": day.isoformat(),
        }
        if evidence.record:
            entry["evidence"] = evidence.record
        title = next(k.title for k in agreement.terms.reports if k.kind == request.kind)
        return deliver_edit(
            transaction,
            "report",
            agreement.id,
            target,
            {**target.data, "reports": [*(target.data.get("reports") or []), entry]},
            evidence,
            f"report({agreement.id}): {signatory.name}, {title} {request.year}",
            [f"Report-kind: {request.kind}", f"Report-year: {request.year}", f"Received: {day}"],
            detail=f"{title} ({request.kind}) for {request.year}, received {day}",
        )
