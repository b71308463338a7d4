"""``overens confirm``: an organisation confirms the current version, as one commit.

Built on the transaction ``sign`` and ``withdraw`` use (:mod:`overens.vcs.transaction`) and on their
helpers in :mod:`overens.membership.sign` for finding the organisation, recording evidence and validating
the record: a confirmation is appended to the last membership period's ``confirmations`` with
the version, the date and the text hash of that version, and the file is committed like a
signing. Every refusal comes before anything is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overens.errors import RefusedError

# The building blocks `sign` and `withdraw` use; `confirm` is the same kind of change
# (append to the last membership period, validate, patch the file line by line, commit).
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
class ConfirmRequest:
    """An organisation confirming the current version (the options of ``overens confirm``)."""

    agreement: str
    organisation: str
    """The slug, the organisation number or the exact name."""
    date: dt.date | None = None
    """When it confirmed; today when None."""
    evidence: Path | None = None
    store_evidence: bool = False
    reference: str | None = None


def _check_confirmation(
    agreement: Agreement, signatory: Signatory, day: dt.date, today: dt.date
) -> list[RefusedError]:
    last = signatory.last
    version = agreement.version
    revision = agreement.revision(version)
    order = [r.version for r in agreement.revisions]
    problems: list[RefusedError] = []
    if last.withdrawal is not None:
        problems.append(
            RefusedError(
                f"{signatory.name} withdrew from {agreement.id} (effective {last.withdrawal.effective}); "
                "a withdrawn organisation does not confirm",
                hint="to join again, use `overens sign`",
            )
        )
    if last.version == version:
        what = "confirmed" if last.confirmations else "signed"
        problems.append(
            RefusedError(
                f"{signatory.name} has already {what} version {version} of {agreement.id}",
                hint="nothing to confirm",
            )
        )
    elif last.version in order and order.index(last.version) > order.index(version):
        problems.append(
            RefusedError(
                f"{signatory.name} has a later version ({last.version}) than the "
                f"current one ({version})"
            )
        )
    if day > today:
        problems.append(
            RefusedError(f"--date {day}: a confirmation cannot be in the future (today is {today})")
        )
    if revision is not None and revision.date and day < revision.date.first:
        problems.append(
            RefusedError(
                f"--date {day}: version {version} was only decided on {revision.date}",
                hint="check the date on the confirmation",
            )
        )
    if last.signed.date and day < last.signed.date.first:
        problems.append(
            RefusedError(f"--date {day}: before {signatory.name} signed ({last.signed.date})")
        )
    return problems


def confirm(
    request: ConfirmRequest,
    *,
    repo: Path | None = None,
    delivery: Delivery | None = None,
    today: dt.date | None = None,
    use_cache: bool = True,
) -> Change:
    """Record that an organisation confirmed the agreement's current version, and commit it.

    Refuses an unknown or withdrawn organisation, one that already holds the current version, a
    date in the future, before the version was decided or before the organisation signed, and a
    text that no longer matches its declared version.
    """
    today = today or dt.date.today()
    delivery = delivery or Delivery()
    root = resolve_root(repo).resolve()
    agreement_folder(root, request.agreement)
    day = request.date or today
    transaction = Transaction(root, delivery)
    with transaction.locked():
        agreement = open_agreement(root, request.agreement)
        target = look_up(root, agreement, request.organisation, use_cache=use_cache)
        signatory = target.signatory
        refuse_all(_check_confirmation(agreement, signatory, day, today))
        transaction.check_clean(target.path, what="the signatory file")
        evidence = evidence_option(
            request.evidence,
            request.reference,
            store=request.store_evidence,
            folder=root / Path(agreement.path).parent,
            stem=f"{signatory.id}-confirmation-{agreement.version}",
        )
        entry: dict[str, Any] = {
            "version": agreement.version,
            "date": day.isoformat(),
            "text_sha256": agreement.text_sha256,
        }
        if evidence.record:
            entry["evidence"] = evidence.record
        memberships = list(target.data["memberships"])
        last = memberships[-1]
        memberships[-1] = {**last, "confirmations": [*(last.get("confirmations") or []), entry]}
        return deliver_edit(
            transaction,
            "confirm",
            agreement.id,
            target,
            {**target.data, "memberships": memberships},
            evidence,
            f"confirm({agreement.id}): {signatory.name} confirms version {agreement.version}",
            [f"Confirmed: {day}", f"Text-SHA256: {agreement.text_sha256}"],
        )
