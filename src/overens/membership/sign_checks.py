"""What ``sign`` checks of a signing against the agreement: its dates and version, the terms'
requirements, and whether an organisation that signed before may sign again."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from overens.errors import RefusedError, UsageError
from overens.membership.requirements import adopted
from overens.model.agreement import Agreement
from overens.model.signatory import Signatory
from overens.model.terms import Terms


class SignRequest(Protocol):
    """What these checks read of :class:`overens.membership.sign.SignRequest`."""

    @property
    def applied(self) -> dt.date | None: ...
    @property
    def approved(self) -> dt.date | None: ...
    @property
    def approved_by(self) -> str | None: ...
    @property
    def democratic_values(self) -> bool | None: ...
    @property
    def contact_name(self) -> str | None: ...
    @property
    def contact_email(self) -> str | None: ...
    @property
    def contact_phone(self) -> str | None: ...
    @property
    def slug(self) -> str | None: ...


def check_dates(
    agreement: Agreement, req: SignRequest, date: dt.date, version: str, today: dt.date
) -> list[RefusedError]:
    problems: list[RefusedError] = []
    adopted_on = adopted(agreement)
    if date > today:
        problems.append(
            RefusedError(
                f"--date {date}: the signing date is in the future (today is {today})",
                hint="record a signing once it has happened",
            )
        )
    if adopted_on and date < adopted_on:
        problems.append(
            RefusedError(
                f"--date {date}: the signing date is before the agreement was adopted ({adopted_on})",
                hint="check the date on the signed form",
            )
        )
    until = agreement.terms.valid_until
    if until and date > until:
        problems.append(
            RefusedError(
                f"--date {date}: the agreement was valid until {until}; it cannot "
                "be signed after that",
                hint="sign its successor instead",
            )
        )
    revision = agreement.revision(version)
    if revision is None:
        problems.append(
            RefusedError(
                f"--version {version}: the agreement has no such version",
                hint=f"versions: {', '.join(r.version for r in agreement.revisions)}",
            )
        )
    elif revision.date and date < revision.date:
        problems.append(
            RefusedError(
                f"--version {version}: that version was decided on {revision.date}, "
                f"after the signing date {date}"
            )
        )
    for option, day in (("--applied", req.applied), ("--approved", req.approved)):
        if day and day > today:
            problems.append(
                RefusedError(f"{option} {day}: the date is in the future (today is {today})")
            )
        if day and day > date:
            problems.append(
                RefusedError(f"{option} {day}: the date is after the signing date {date}")
            )
    if req.applied and req.approved and req.approved < req.applied:
        problems.append(
            RefusedError(
                f"--approved {req.approved}: the approval is before the application ({req.applied})"
            )
        )
    return problems


def check_terms(terms: Terms, req: SignRequest) -> list[RefusedError]:
    problems: list[RefusedError] = []
    if req.democratic_values is False and terms.democratic_values:
        problems.append(
            RefusedError(
                "the agreement requires joining organisations to support democratic values, and "
                "--no-democratic-values was given",
                hint="an organisation that cannot attest this cannot join",
            )
        )
    if req.contact_email and not req.contact_name:
        problems.append(RefusedError("--contact-email needs --contact-name"))
    if req.contact_phone and not req.contact_name:
        problems.append(RefusedError("--contact-phone needs --contact-name"))
    if req.approved and not (req.approved_by or terms.approval_by):
        problems.append(
            RefusedError("--approved needs --approved-by (the body that approved joining)")
        )
    return problems


def check_rejoin(
    existing: Signatory, agreement: Agreement, request: SignRequest, date: dt.date
) -> None:
    """An organisation may sign again only after its last membership ended."""
    last = existing.last.withdrawal
    if last is None:
        since = existing.last.signed.date
        raise RefusedError(
            f"{existing.name} is already a signatory of {agreement.id}"
            + (f" (signed {since})" if since else "")
            + f": {existing.path}",
            hint="an organisation signs once; a new version is confirmed, not signed again",
        )
    if date < last.effective:
        raise RefusedError(
            f"{existing.name} withdrew from {agreement.id} with effect from {last.effective}; "
            f"a new membership cannot start before that (--date {date})",
            hint=f"sign again on or after {last.effective}",
        )
    if request.slug is not None and request.slug != existing.id:
        raise UsageError(
            f"--slug {request.slug}: {existing.name} already has its file {existing.path}",
            hint="leave out --slug; signing again adds a period to the existing file",
        )
