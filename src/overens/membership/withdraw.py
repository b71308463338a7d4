"""``withdraw``: an organisation leaves an agreement, as one transaction.

The withdrawal is appended to the organisation's last membership period; the file is never
deleted and no earlier record is changed. Every refusal is raised before anything is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overens.errors import RefusedError, UsageError
from overens.membership.change import Change, deliver_edit
from overens.membership.evidence import GivenEvidence, evidence_option
from overens.membership.inputs import refuse_all
from overens.membership.lookup import look_up
from overens.membership.requirements import open_agreement
from overens.model.agreement import Agreement
from overens.model.dates import plus_days
from overens.model.signatory import Signatory
from overens.store.folders import agreement_folder, resolve_root
from overens.vcs.transaction import Delivery, Transaction


@dataclass(frozen=True, slots=True)
class WithdrawRequest:
    """An organisation leaving an agreement (the options of ``overens withdraw``)."""

    agreement: str
    organisation: str
    """The slug, the organisation number or the exact name."""
    notice_date: dt.date | None = None
    effective: dt.date | None = None
    """When the withdrawal takes effect; the notice date plus the notice period when None."""
    reason: str | None = None
    evidence: Path | None = None
    store_evidence: bool = False
    reference: str | None = None


def find_signatory(
    agreement_id: str, query: str, *, repo: Path | None = None, use_cache: bool = True
) -> Signatory:
    """The signatory of ``agreement_id`` named by slug, organisation number or exact name."""
    root = resolve_root(repo).resolve()
    agreement = open_agreement(root, agreement_id)
    return look_up(root, agreement, query, use_cache=use_cache).signatory


def withdraw(
    request: WithdrawRequest,
    *,
    repo: Path | None = None,
    delivery: Delivery | None = None,
    today: dt.date | None = None,
    use_cache: bool = True,
) -> Change:
    """Record an organisation's withdrawal: append it to the last membership, and commit.

    The file is never deleted and no earlier record is changed. Refuses an unknown organisation,
    one already withdrawn, a notice before the signing or in the future, an effective date before
    the notice (or before the notice period ends), and a notice without evidence or reference
    where the agreement requires written notice.
    """
    today = today or dt.date.today()
    delivery = delivery or Delivery()
    root = resolve_root(repo).resolve()
    agreement_folder(root, request.agreement)
    if request.notice_date is None:
        raise UsageError(
            "missing required option --notice-date (when the written notice was received)",
            hint="give it on the command line, or run the command in a terminal to be asked",
        )
    transaction = Transaction(root, delivery)
    with transaction.locked():
        agreement = open_agreement(root, request.agreement)
        target = look_up(root, agreement, request.organisation, use_cache=use_cache)
        signatory = target.signatory
        notice = request.notice_date
        effective = request.effective or plus_days(notice, agreement.terms.notice_period_days or 0)
        refuse_all(_check_withdrawal(agreement, signatory, request, notice, effective, today))
        transaction.check_clean(target.path, what="the signatory file")
        evidence = evidence_option(
            request.evidence,
            request.reference,
            store=request.store_evidence,
            folder=root / Path(agreement.path).parent,
            stem=f"{signatory.id}-withdrawal-{notice}",
        )
        record = _with_withdrawal(target.data, notice, effective, request.reason, evidence)
        return deliver_edit(
            transaction,
            "withdraw",
            agreement.id,
            target,
            record,
            evidence,
            f"withdraw({agreement.id}): {signatory.name}",
            [f"Notice-received: {notice}", f"Effective: {effective}"],
        )


def _with_withdrawal(
    data: dict[str, Any],
    notice: dt.date,
    effective: dt.date,
    reason: str | None,
    evidence: GivenEvidence,
) -> dict[str, Any]:
    """The signatory record with the withdrawal appended to its last membership period."""
    withdrawal: dict[str, Any] = {
        "notice_date": notice.isoformat(),
        "effective": effective.isoformat(),
    }
    if reason and reason.strip():
        withdrawal["reason"] = reason.strip()
    if evidence.record:
        withdrawal["evidence"] = evidence.record
    memberships = list(data["memberships"])
    memberships[-1] = {**memberships[-1], "withdrawal": withdrawal}
    return {**data, "memberships": memberships}


def _check_withdrawal(
    agreement: Agreement,
    signatory: Signatory,
    request: WithdrawRequest,
    notice: dt.date,
    effective: dt.date,
    today: dt.date,
) -> list[RefusedError]:
    last = signatory.last
    if last.withdrawal is not None:
        return [
            RefusedError(
                f"{signatory.name} has already withdrawn from {agreement.id} (notice received "
                f"{last.withdrawal.notice_date}, effective {last.withdrawal.effective}): "
                f"{signatory.path}",
                hint="a withdrawal is recorded once; to correct it, edit the file in a reviewed "
                "commit",
            )
        ]
    problems = _date_problems(agreement, signatory, notice, effective, today)
    if (
        agreement.terms.written_notice
        and request.evidence is None
        and not (request.reference or "").strip()
    ):
        problems.append(
            RefusedError(
                f"the agreement {agreement.id} requires formal written notice of withdrawal; give "
                "the letter with --evidence FILE or its registry number with --reference",
                hint="--reference is the diarienummer the letter was registered under",
            )
        )
    return problems


def _date_problems(
    agreement: Agreement,
    signatory: Signatory,
    notice: dt.date,
    effective: dt.date,
    today: dt.date,
) -> list[RefusedError]:
    """What is wrong with the days given: a notice in the future or before the signing, a
    withdrawal taking effect before the notice or within the agreement's notice period."""
    period = agreement.terms.notice_period_days or 0
    earliest = plus_days(notice, period)
    signed = signatory.last.signed.date
    problems: list[RefusedError] = []
    if notice > today:
        problems.append(
            RefusedError(
                f"--notice-date {notice}: the notice cannot have been received in "
                f"the future (today is {today})"
            )
        )
    if signed and notice < signed.first:
        problems.append(
            RefusedError(
                f"--notice-date {notice}: the notice is before {signatory.name} signed ({signed})",
                hint="check the date on the letter",
            )
        )
    if effective < notice:
        problems.append(
            RefusedError(
                f"--effective {effective}: the withdrawal cannot take effect before "
                f"the notice was received ({notice})"
            )
        )
    elif effective < earliest:
        problems.append(
            RefusedError(
                f"--effective {effective}: the agreement's notice period is {period} days, so the "
                f"withdrawal takes effect on {earliest} at the earliest",
                hint=f"leave out --effective to use {earliest}",
            )
        )
    return problems
