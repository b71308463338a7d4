"""``sign``: an organisation joins an agreement, as one transaction, in four phases.

:func:`sign` gathers and checks the values given (:func:`_gather`), checks them against the
agreement and the signatories it already has (:func:`_check`), builds the record to write, a new
file or a new period in an existing one (:func:`_write`, from the parts
:mod:`overens.membership.sign_record` makes), and delivers it as one commit
(:func:`_commit`, through :class:`~overens.vcs.transaction.Transaction`). Every refusal is raised
before anything is written, so a refused command leaves the working tree and the index byte for
byte as they were.

Only the target agreement's text and terms are loaded and validated, and its signatory files are
only parsed for their names and numbers (:mod:`overens.membership.lookup`): signing costs the
same in a repository of 100 files or of 10,000.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from overens.constants import AGREEMENTS_DIR, SIGNATORIES_DIR
from overens.errors import RefusedError, UsageError
from overens.membership.change import (
    SCHEMA_COMMENT,
    Change,
    FieldChange,
    commit_message,
    field_changes,
    files_to_write,
    ordered,
)
from overens.membership.evidence import GivenEvidence, evidence_option
from overens.membership.inputs import check_value, refuse_all, validate_record
from overens.membership.lookup import Known, Target, find_existing, scan
from overens.membership.rejoin import rejoined
from overens.membership.requirements import Requirements, open_agreement, requirements
from overens.membership.sign_checks import check_dates, check_rejoin, check_terms
from overens.membership.sign_record import (
    carried_date,
    carried_version,
    membership_period,
    organisation_details,
)
from overens.model.agreement import Agreement
from overens.model.identity import (
    Sought,
    look_alike_difference,
    look_alike_key,
    slug_problem,
    slugify,
)
from overens.model.personal_numbers import redact
from overens.model.shown import quoted
from overens.store import yaml_patch, yaml_write
from overens.store.folders import relative, resolve_root
from overens.vcs.transaction import Delivery, Transaction

_VALUE_FIELDS = (
    "name",
    "org_number",
    "sector",
    "signed_by",
    "signed_by_title",
    "legal_form",
    "municipality",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
)


@dataclass(frozen=True, slots=True)
class SignRequest:
    """An organisation joining an agreement (the options of ``overens sign``)."""

    agreement: str
    name: str | None = None
    org_number: str | None = None
    sector: str | None = None
    signed_by: str | None = None
    signed_by_title: str | None = None
    legal_form: str | None = None
    municipality: str | None = None
    website: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    date: dt.date | None = None
    """The signing date; today when None."""
    version: str | None = None
    """The version signed; the agreement's current version when None."""
    evidence: Path | None = None
    store_evidence: bool = False
    reference: str | None = None
    applied: dt.date | None = None
    approved: dt.date | None = None
    approved_by: str | None = None
    democratic_values: bool | None = None
    slug: str | None = None
    """The file name to use instead of the one made from the name (to resolve a collision)."""
    channel: str | None = None
    """The way the organisation joined (an id of terms.joining.channels)."""
    criteria: tuple[str, ...] = ()
    """The joining criteria (ids of terms.joining.criteria) the organisation attests."""
    carried_over_from: str | None = None
    """The predecessor agreement the organisation remains a signatory of, without signing anew
    (where the text carries its signatories over); the signing's date is then the succession's."""
    no_signed_by_title: bool = False
    """A rejoin's new signer has no title: remove the recorded one (it was the old signer's)."""
    no_contact_email: bool = False
    """A rejoin's new contact person has no e-mail: remove the recorded one."""
    no_contact_phone: bool = False
    """A rejoin's new contact person has no telephone: remove the recorded one."""


@dataclass(frozen=True, slots=True)
class _Plan:
    """What a checked signing will write: the file, its record and text, and how it is committed."""

    slug: str
    path: Path
    record: dict[str, Any]
    text: str
    layout_kept: bool
    rejoin: bool
    evidence: GivenEvidence
    changes: tuple[FieldChange, ...] = ()


def sign(
    request: SignRequest,
    *,
    repo: Path | None = None,
    delivery: Delivery | None = None,
    today: dt.date | None = None,
    use_cache: bool = True,
) -> Change:
    """Record that an organisation signed an agreement, and commit it.

    Refuses (raising an :class:`~overens.errors.OverensError`, with nothing written) an unknown
    agreement, a missing or invalid value, an organisation that is already a signatory, a date or
    version the agreement does not allow, a sector it does not admit, a file-name collision, and a
    target file with uncommitted changes. ``use_cache=False`` reads every signatory file of the
    agreement instead of the signatory index in ``.overens-cache/`` (the same answer).
    """
    today = today or dt.date.today()
    delivery = delivery or Delivery()
    root = resolve_root(repo).resolve()
    values = _gather(request, requirements(request.agreement, root))
    transaction = Transaction(root, delivery)
    with transaction.locked():
        # The file the name leads to first: someone's unsaved work there explains more than
        # whatever reading it half-written would report.
        folder = root / AGREEMENTS_DIR / request.agreement
        named = f"{request.slug or slugify(values['name'] or '')}.yaml"
        transaction.check_clean(folder / SIGNATORIES_DIR / named, what="the signatory file")
        agreement = open_agreement(root, request.agreement)
        date = request.date or carried_date(agreement, request) or today
        version = request.version or carried_version(agreement, request, date) or agreement.version
        refuse_all(check_dates(agreement, request, date, version, today))
        existing, slug = _check(root, agreement, request, values, date, use_cache)
        if f"{slug}.yaml" != named:  # a rejoin's own file (checked already when it is the same)
            transaction.check_clean(
                folder / SIGNATORIES_DIR / f"{slug}.yaml", what="the signatory file"
            )
        plan = _write(folder, agreement, request, values, existing, slug, date, version)
        rel = relative(root, plan.path)
        validate_record(plan.record, rel)
        commit, branch, message, files = _commit(
            transaction, agreement, plan, values, date, version
        )
    return Change(
        action="sign",
        agreement=agreement.id,
        id=plan.slug,
        name=values["name"] or "",
        path=rel,
        text=plan.text,
        record=plan.record,
        message=message,
        files=tuple(relative(root, p) for p in files),
        rejoin=plan.rejoin,
        commit=commit,
        branch=branch,
        dry_run=delivery.dry_run,
        layout_kept=plan.layout_kept,
        recovered=transaction.recovery_note,
        changes=plan.changes,
    )


# ----------------------------------------------------------------------------- gather


def _gather(request: SignRequest, needs: Requirements) -> dict[str, str | None]:
    """Every value given, checked and normalised; refuses what is missing or invalid, all at once."""
    missing = needs.missing({f.name: getattr(request, f.name) for f in fields(request)})
    if missing:
        raise UsageError(
            f"missing required option{'s' if len(missing) > 1 else ''} for signing "
            f"{request.agreement}: " + ", ".join(r.option for r in missing),
            hint="give them on the command line, or run the command in a terminal to be asked for "
            "them",
        )
    problems: list[RefusedError] = []

    def checked(field_name: str, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return check_value(field_name, value, sectors=needs.terms.open_to)
        except RefusedError as e:
            problems.append(e)
            return value

    values = {f: checked(f, getattr(request, f)) for f in _VALUE_FIELDS}
    slug_wrong = slug_problem(request.slug) if request.slug is not None else None
    if slug_wrong:
        problems.append(RefusedError(f"--slug {quoted(redact(request.slug or ''))}: {slug_wrong}"))
    problems += check_terms(needs.terms, request)
    refuse_all(problems)
    return values


# ----------------------------------------------------------------------------- check


def _check(
    root: Path,
    agreement: Agreement,
    request: SignRequest,
    values: dict[str, str | None],
    date: dt.date,
    use_cache: bool = True,
) -> tuple[Target | None, str]:
    """The organisation's existing file (a rejoin) or None, and the file name to write."""
    name, org_number = values["name"] or "", values["org_number"] or ""
    slug = request.slug or slugify(name)
    known = scan(root, agreement, use_cache=use_cache, sought=Sought(name, org_number, slug))
    existing = find_existing(known, agreement, name, org_number)
    if existing is not None:
        check_rejoin(existing.signatory, agreement, request, date)
        return existing, existing.signatory.id
    _refuse_look_alike(known, name)
    path = root / AGREEMENTS_DIR / agreement.id / SIGNATORIES_DIR / f"{slug}.yaml"
    if path.exists() or path.is_symlink():
        other = next((k for k in known if k.id == slug), None)
        owner = f"{other.name} ({other.org_number or 'no number'})" if other else "another file"
        raise RefusedError(
            f"{relative(root, path)} already exists and belongs to {owner}; {name} would get the "
            "same file name",
            hint=f"give the new organisation its own file name with --slug, e.g. --slug {slug}-2",
        )
    return None, slug


def _refuse_look_alike(known: Known, name: str) -> None:
    """A new organisation whose name looks the same as a signatory's (a Cyrillic е for a Latin
    e, an invisible space) is refused: it would pass for the other in every list and document."""
    key = look_alike_key(name)
    for k in known:
        if (k.look or look_alike_key(k.name)) == key:
            raise RefusedError(
                f"the name {quoted(name)} looks the same as {quoted(k.name)}, a signatory already "
                f"({known.rel(k)}), but is written with other characters "
                f"({look_alike_difference(name, k.name)})",
                hint="if it is the same organisation, give its name and number as that file has "
                "them; if it is another, its name must be told apart by what a reader sees",
            )


# ----------------------------------------------------------------------------- write


def _write(
    folder: Path,
    agreement: Agreement,
    request: SignRequest,
    values: dict[str, str | None],
    existing: Target | None,
    slug: str,
    date: dt.date,
    version: str,
) -> _Plan:
    """The record and text to write: a new file, or a new membership period in the existing one."""
    evidence = evidence_option(
        request.evidence,
        request.reference,
        store=request.store_evidence,
        folder=folder,
        stem=f"{slug}-signed-{date}",
    )
    membership = membership_period(agreement, request, date, version, evidence)
    details = organisation_details(slug, values, request, date)
    path = folder / SIGNATORIES_DIR / f"{slug}.yaml"
    if existing is None:
        record = ordered({**details, "memberships": [membership]})
        text = yaml_write.dump(record, schema_comment=SCHEMA_COMMENT)
        return _Plan(slug, path, record, text, True, False, evidence)
    old = existing.data
    record = ordered(
        {**rejoined(old, details, request), "memberships": [*old["memberships"], membership]}
    )
    text, kept = yaml_patch.update(existing.text, old, record, schema_comment=SCHEMA_COMMENT)
    changes = tuple(field_changes(old, record))
    return _Plan(slug, path, record, text, kept, True, evidence, changes)


# ----------------------------------------------------------------------------- commit


def _commit(
    transaction: Transaction,
    agreement: Agreement,
    plan: _Plan,
    values: dict[str, str | None],
    date: dt.date,
    version: str,
) -> tuple[str | None, str | None, str, dict[Path, bytes]]:
    """Write the files and commit them as one change: (commit, branch, message, files)."""
    files = files_to_write(transaction, plan.path, plan.text, plan.evidence)
    signer = ", ".join(v for v in (values["signed_by"], values["signed_by_title"]) if v)
    trailers = [
        f"Signed-on: {date}",
        f"Signed-by: {signer}",
        f"Agreement-version: {version}",
        f"Organisation-number: {values['org_number']}",
    ]
    if len(plan.record["memberships"]) > 1:
        trailers.append(f"Membership-period: {len(plan.record['memberships'])}")
    message = commit_message(
        f"sign({agreement.id}): {values['name']}", trailers, plan.evidence, plan.changes
    )
    commit, branch = transaction.deliver(files, message)
    return commit, branch, message, files
