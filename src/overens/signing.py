"""`sign` and `withdraw`: the coordinator's two commands, each one transaction (issue #3).

Both take plain typed arguments (a request and a :class:`Delivery`) and return a :class:`Change`;
they never print. Every refusal is raised before anything is written, so a refused command
leaves the working tree and the index byte for byte as they were. The writing, committing and
rolling back is :mod:`overens.transaction`'s.

Only the target agreement's text and terms are loaded and validated (agreement.yaml and its
principles), and its signatory files are only parsed, for their names and numbers: signing costs
the same in a repository of 100 files or of 10,000 (issue #7). The record that is written, new or
changed, is validated against the signatory schema before it is written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from . import schema, yamlio, yamlpatch
from .constants import AGREEMENT_FILE, AGREEMENTS_DIR, EVIDENCE_DIR, PRINCIPLES_DIR, SIGNATORIES_DIR
from .errors import (
    AgreementNotFoundError,
    RefusedError,
    UsageError,
)
from .findings import Severity
from .identity import (
    name_key,
    slugify,
)
from .loader import load_agreement_text
from .model import Agreement, Signatory, Terms
from .paths import agreement_folders, check_agreement_id, relative, resolve_root
from .signatories import Known, Target, digits10, find, load_target, scan
from .transaction import Delivery, Transaction
from .values import check_value, parse_date, refuse_all, validate_record

__all__ = [
    "Change",
    "Delivery",
    "SignRequest",
    "WithdrawRequest",
    "check_value",
    "find_signatory",
    "parse_date",
    "requirements",
    "sign",
    "withdraw",
]

SCHEMA_COMMENT = "../../../schemas/signatory.schema.json"
"""The editor's ``$schema`` line of a signatory file (agreements/<id>/signatories/<slug>.yaml)."""

# The schema's key order, so written files read the same as hand-written ones.
_SIGNATORY_KEYS = (
    "id",
    "name",
    "org_number",
    "sector",
    "legal_form",
    "municipality",
    "website",
    "signer",
    "contact",
    "democratic_values",
    "memberships",
    "reports",
    "notes",
)


# ----------------------------------------------------------------------------- requests and results


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


@dataclass(frozen=True, slots=True)
class Change:
    """What sign or withdraw did (or, with ``dry_run``, would do)."""

    action: str
    agreement: str
    id: str
    name: str
    path: str
    """The signatory file, relative to the repository root."""
    text: str
    record: dict[str, Any]
    message: str
    """The commit message."""
    files: tuple[str, ...]
    """Every file written (the signatory file, and a stored evidence file)."""
    rejoin: bool = False
    commit: str | None = None
    branch: str | None = None
    dry_run: bool = False
    layout_kept: bool = True
    """False when an existing file had to be dumped afresh (its comments are lost)."""
    recovered: str | None = None
    """How an interrupted earlier change was settled before this one (see overens.journal)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "agreement": self.agreement,
            "id": self.id,
            "name": self.name,
            "path": self.path,
            "files": list(self.files),
            "rejoin": self.rejoin,
            "dry_run": self.dry_run,
            "commit": self.commit,
            "branch": self.branch,
            "record": self.record,
        }


@dataclass(frozen=True, slots=True)
class Requirement:
    """One value sign needs: the request field, its option and a prompt."""

    field: str
    option: str
    prompt: str


@dataclass(frozen=True, slots=True)
class Requirements:
    """What an agreement requires of ``sign`` (from its terms), for the CLI's prompts."""

    agreement: str
    terms: Terms
    sign: tuple[Requirement, ...] = field(default=())

    def missing(self, values: Mapping[str, Any]) -> list[Requirement]:
        return [r for r in self.sign if values.get(r.field) in (None, "")]


# ----------------------------------------------------------------------------- the agreement


def agreement_folder(root: Path, agreement_id: str) -> Path:
    check_agreement_id(agreement_id)
    folders = {f.name: f for f in agreement_folders(root)}
    if agreement_id not in folders:
        close = difflib.get_close_matches(agreement_id, list(folders), n=1)
        raise AgreementNotFoundError(
            f"unknown agreement {agreement_id!r} in {root / AGREEMENTS_DIR}"
            + (f"; did you mean {close[0]!r}?" if close else ""),
            hint=f"known agreements: {', '.join(folders) or 'none'}",
        )
    folder = folders[agreement_id]
    for path in (
        folder,
        *(folder / sub for sub in (SIGNATORIES_DIR, PRINCIPLES_DIR, EVIDENCE_DIR)),
    ):
        if path.is_symlink():
            raise RefusedError(
                f"{relative(root, path)} is a symbolic link (to {path.resolve()}); overens reads "
                "and writes only real folders inside the repository",
                hint="replace the link with a real folder (git rm it, then copy the files in)",
            )
    return folder


def requirements(agreement_id: str, repo: Path | None = None) -> Requirements:
    """What ``sign`` needs for this agreement, read from its agreement.yaml alone (for prompts)."""
    root = resolve_root(repo).resolve()
    folder = agreement_folder(root, agreement_id)
    data = yamlio.load(folder / AGREEMENT_FILE)
    if not isinstance(data, dict) or not schema.is_valid("agreement", data):
        open_agreement(root, agreement_id)  # raises, naming the first error and its line
        raise RefusedError(
            f"{AGREEMENTS_DIR}/{agreement_id}/{AGREEMENT_FILE} has errors",
            hint=f"run `overens validate {AGREEMENTS_DIR}/{agreement_id}` and fix them first",
        )
    terms = Terms.build(data.get("terms"))
    needs = [
        Requirement("name", "--name", "Organisation name"),
        Requirement("org_number", "--org-number", "Organisation number (NNNNNN-NNNN)"),
        Requirement("sector", "--sector", f"Sector ({', '.join(terms.open_to)})"),
        Requirement("signed_by", "--signed-by", "Signed by (the authorised signer, firmatecknare)"),
    ]
    if terms.contact_required:
        needs += [
            Requirement("contact_name", "--contact-name", "Contact person's name"),
            Requirement("contact_email", "--contact-email", "Contact person's e-mail"),
        ]
    if terms.application_required or terms.approval_required:
        needs.append(Requirement("applied", "--applied", "Application received (YYYY-MM-DD)"))
    if terms.approval_required:
        # --approved-by defaults to the body the agreement names, so it is never missing.
        needs.append(
            Requirement(
                "approved", "--approved", f"Approved by {terms.approval_by} on (YYYY-MM-DD)"
            )
        )
    if terms.democratic_values:
        needs.append(
            Requirement(
                "democratic_values",
                "--democratic-values",
                "Does the organisation attest that it supports democratic values?",
            )
        )
    return Requirements(agreement_id, terms, tuple(needs))


def open_agreement(root: Path, agreement_id: str) -> Agreement:
    """Load one agreement's text and terms (never the whole repository, nor its signatories);
    refuse when they have errors or the text no longer matches its declared version."""
    agreement_folder(root, agreement_id)
    agreement, findings = load_agreement_text(root, agreement_id)
    errors = [f for f in findings.sorted() if f.severity is Severity.ERROR]
    if errors or agreement is None:
        raise RefusedError(
            f"the agreement {agreement_id} has {len(errors)} error(s) to fix before anyone signs "
            "or "
            f"withdraws; the first: {errors[0].location}: {errors[0].message}"
            if errors
            else f"the agreement {agreement_id} could not be loaded",
            hint=f"run `overens validate {AGREEMENTS_DIR}/{agreement_id}` and fix what it reports",
        )
    revision = agreement.revision(agreement.version)
    if revision is None or revision.text_sha256 != agreement.text_sha256:
        raise RefusedError(
            f"the text of {agreement.path} and its principles has changed since version "
            f"{agreement.version} was declared, so no one can sign it as it stands",
            hint=f"run `overens validate {AGREEMENTS_DIR}/{agreement_id}`; declare the change as "
            "a new revision",
        )
    return agreement


def _adopted(agreement: Agreement) -> dt.date | None:
    dates = [d for d in (agreement.adopted_date, agreement.terms.valid_from) if d]
    if not dates:
        dates = [r.date for r in agreement.revisions if r.date]
    return min(dates) if dates else None


# ----------------------------------------------------------------------------- evidence


@dataclass(frozen=True, slots=True)
class GivenEvidence:
    """Evidence given with --evidence/--reference: the record to write and the file to store, if any."""
    record: dict[str, str] | None
    stored: tuple[Path, bytes] | None = None


MAX_STORED_EVIDENCE_BYTES = 50 * 1024 * 1024
"""--store-evidence copies at most this much into git (hosting services refuse larger files)."""


def _read_evidence(source: Path, option: str = "--evidence") -> bytes:
    """The bytes of a scanned form or letter: a regular file, never a symbolic link, a device,
    a pipe or a folder (reading /dev/zero or a FIFO would never end; a link can lead anywhere,
    and --store-evidence would commit what it points at)."""
    try:
        info = source.lstat()
    except OSError:
        raise RefusedError(
            f"{option} {source}: no such file",
            hint="give the path of the scanned form or letter",
        ) from None
    if stat.S_ISLNK(info.st_mode):
        raise RefusedError(
            f"{option} {source} is a symbolic link (to {source.resolve()}); overens reads "
            "evidence only from the file itself",
            hint="give the path of the file the link points to, after checking it is the right one",
        )
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a folder"
            if stat.S_ISDIR(info.st_mode)
            else "not a regular file (a device, pipe or socket)"
        )
        raise RefusedError(
            f"{option} {source} is {kind}",
            hint="give the path of the scanned form or letter",
        )
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(source, flags)
    except OSError as e:
        raise RefusedError(f"{option} {source}: cannot read the file: {e.strerror}") from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):  # swapped since the check above
            raise RefusedError(f"{option} {source} is not a regular file")
        return f.read()


def evidence_option(
    source: Path | None, reference: str | None, *, store: bool, folder: Path, stem: str
) -> GivenEvidence:
    record: dict[str, str] = {}
    stored = None
    if source is not None:
        data = _read_evidence(source)
        digest = hashlib.sha256(data).hexdigest()
        record["sha256"] = digest
        if store:
            if len(data) > MAX_STORED_EVIDENCE_BYTES:
                raise RefusedError(
                    f"--evidence {source} is {len(data) / 1_048_576:.0f} MiB; --store-evidence "
                    f"commits files up to {MAX_STORED_EVIDENCE_BYTES // 1_048_576} MiB",
                    hint="leave out --store-evidence (the hash is recorded) and keep the file in "
                    "the registry, or scan it at a lower resolution",
                )
            suffix = re.sub(r"[^a-z0-9]", "", source.suffix.lower())[:8]
            name = f"{stem}-{digest[:12]}" + (f".{suffix}" if suffix else "")
            record["file"] = f"{EVIDENCE_DIR}/{name}"
            stored = (folder / EVIDENCE_DIR / name, data)
    elif store:
        raise UsageError("--store-evidence needs --evidence FILE")
    if reference is not None:
        if not reference.strip():
            raise RefusedError("--reference is empty")
        record["reference"] = reference.strip()
    return GivenEvidence(record or None, stored)


# ----------------------------------------------------------------------------- sign


def _ordered(record: dict[str, Any]) -> dict[str, Any]:
    return {k: record[k] for k in _SIGNATORY_KEYS if record.get(k) is not None}


def _check_sign_dates(
    agreement: Agreement, req: SignRequest, date: dt.date, version: str, today: dt.date
) -> list[RefusedError]:
    problems: list[RefusedError] = []
    adopted = _adopted(agreement)
    if date > today:
        problems.append(
            RefusedError(
                f"--date {date}: the signing date is in the future (today is {today})",
                hint="record a signing once it has happened",
            )
        )
    if adopted and date < adopted:
        problems.append(
            RefusedError(
                f"--date {date}: the signing date is before the agreement was adopted ({adopted})",
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


def _check_sign_terms(terms: Terms, req: SignRequest) -> list[RefusedError]:
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


def _find_existing(
    known: list[Known], agreement: Agreement, name: str, org_number: str
) -> Target | None:
    """The file this organisation already has (same number, or same name), or None."""
    digits, key = digits10(org_number), name_key(name)
    by_number = [k for k in known if k.org_number and digits10(k.org_number) == digits]
    by_name = [k for k in known if name_key(k.name) == key]
    found = {k.id: k for k in by_number + by_name}
    if len(found) > 1:
        files = "; ".join(
            f"{k.name}, {k.org_number or 'no number'} ({k.rel})" for k in found.values()
        )
        raise RefusedError(
            f"{name} ({org_number}) matches more than one signatory file by its number or its "
            f"name: {files}",
            hint="check the number and the name against the signed form; two files for one "
            "organisation "
            "must be merged into one first",
        )
    if not found:
        return None
    existing = load_target(next(iter(found.values())))
    s = existing.signatory
    if not by_number and s.org_number:
        if s.last.withdrawal is None:
            raise RefusedError(
                f"{s.name} is already a signatory of {agreement.id} ({s.path}); its organisation "
                f"number is {s.org_number}, not {org_number}",
                hint="two organisations may not share a name; if this is the same one, check the "
                "number",
            )
        raise RefusedError(
            f"a former signatory ({s.path}) has the name {s.name!r} but the organisation number "
            f"{s.org_number}, not {org_number}",
            hint="if it is the same organisation, give its number; otherwise the names must differ",
        )
    return existing


def sign(
    request: SignRequest,
    *,
    repo: Path | None = None,
    delivery: Delivery | None = None,
    today: dt.date | None = None,
) -> Change:
    """Record that an organisation signed an agreement, and commit it.

    Refuses (raising an :class:`~overens.errors.OverensError`, with nothing written) an unknown
    agreement, a missing or invalid value, an organisation that is already a signatory, a date or
    version the agreement does not allow, a sector it does not admit, a file-name collision, and a
    target file with uncommitted changes.
    """
    today = today or dt.date.today()
    delivery = delivery or Delivery()
    root = resolve_root(repo).resolve()
    needs = requirements(request.agreement, root)
    missing = needs.missing({f.name: getattr(request, f.name) for f in fields(request)})
    if missing:
        raise UsageError(
            f"missing required option{'s' if len(missing) > 1 else ''} for signing "
            f"{request.agreement}: " + ", ".join(r.option for r in missing),
            hint="give them on the command line, or run the command in a terminal to be asked for "
            "them",
        )
    assert request.name and request.org_number and request.sector and request.signed_by

    problems: list[RefusedError] = []

    def checked(field_name: str, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return check_value(field_name, value, sectors=needs.terms.open_to)
        except RefusedError as e:
            problems.append(e)
            return value

    values = {
        f: checked(f, getattr(request, f))
        for f in (
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
    }
    if request.slug is not None and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", request.slug):
        problems.append(
            RefusedError(
                f"--slug {request.slug!r}: use lower-case letters a-z, digits and single hyphens"
            )
        )
    problems += _check_sign_terms(needs.terms, request)
    refuse_all(problems)

    name, org_number = values["name"], values["org_number"]
    assert name is not None and org_number is not None
    transaction = Transaction(root, delivery)
    with transaction.locked():
        # The file the name leads to first: someone's unsaved work there explains more than
        # whatever reading it half-written would report.
        folder = root / AGREEMENTS_DIR / request.agreement
        transaction.check_clean(
            folder / SIGNATORIES_DIR / f"{request.slug or slugify(name)}.yaml",
            what="the signatory file",
        )
        agreement = open_agreement(root, request.agreement)
        date = request.date or today
        version = request.version or agreement.version
        refuse_all(_check_sign_dates(agreement, request, date, version, today))
        known = scan(root, agreement)
        existing = _find_existing(known, agreement, name, org_number)
        if existing is not None:
            _check_rejoin(existing.signatory, agreement, request, date)
            slug = existing.signatory.id
        else:
            slug = request.slug or slugify(name)
        path = folder / SIGNATORIES_DIR / f"{slug}.yaml"
        if existing is None and (path.exists() or path.is_symlink()):
            other = next((k for k in known if k.id == slug), None)
            owner = f"{other.name} ({other.org_number or 'no number'})" if other else "another file"
            raise RefusedError(
                f"{relative(root, path)} already exists and belongs to {owner}; {name} would get the "
                "same file name",
                hint="give the new organisation its own file name with --slug, e.g. --slug "
                f"{slug}-2",
            )
        transaction.check_clean(path, what="the signatory file")

        evidence = evidence_option(
            request.evidence,
            request.reference,
            store=request.store_evidence,
            folder=folder,
            stem=f"{slug}-signed-{date}",
        )
        membership = _membership(agreement, request, date, version, evidence)
        details = _details(slug, values, request, date)
        if existing is None:
            record = _ordered({**details, "memberships": [membership]})
            text, kept = yamlio.dump(record, schema_comment=SCHEMA_COMMENT), True
        else:
            old = existing.data
            if name_key(existing.signatory.name) == name_key(name):
                details["name"] = (
                    existing.signatory.name
                )  # the same name written differently: keep it
            record = _ordered(
                {
                    **old,
                    **{k: v for k, v in details.items() if v is not None},
                    "memberships": [*old["memberships"], membership],
                }
            )
            text, kept = yamlpatch.update(existing.text, old, record, schema_comment=SCHEMA_COMMENT)
        rel = relative(root, path)
        validate_record(record, rel)
        files = files_to_write(transaction, path, text, evidence)
        signer = ", ".join(v for v in (values["signed_by"], values["signed_by_title"]) if v)
        trailers = [
            f"Signed-on: {date}",
            f"Signed-by: {signer}",
            f"Agreement-version: {version}",
            f"Organisation-number: {org_number}",
        ]
        if len(record["memberships"]) > 1:
            trailers.append(f"Membership-period: {len(record['memberships'])}")
        message = commit_message(f"sign({agreement.id}): {name}", trailers, evidence)
        commit, branch = transaction.deliver(files, message)
    return Change(
        action="sign",
        agreement=agreement.id,
        id=slug,
        name=name,
        path=rel,
        text=text,
        record=record,
        message=message,
        files=tuple(relative(root, p) for p in files),
        rejoin=existing is not None,
        commit=commit,
        branch=branch,
        dry_run=delivery.dry_run,
        layout_kept=kept,
        recovered=transaction.recovery_note,
    )


def _check_rejoin(
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


def _membership(
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
    # The signed version's hash as its revision declares it (for the current version, the
    # loaded text was just checked against it).
    membership["signed"] = {
        "date": date.isoformat(),
        "version": version,
        "text_sha256": revision.text_sha256,
    }
    if evidence.record:
        membership["signed"]["evidence"] = evidence.record
    return membership


def _details(
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


def files_to_write(
    transaction: Transaction, path: Path, text: str, evidence: GivenEvidence
) -> dict[Path, bytes]:
    """The files to write: the signatory file, and the evidence file when it is stored."""
    files = {path: text.encode("utf-8")}
    if evidence.stored is not None:
        stored_path, data = evidence.stored
        # A link at the stored file's place is refused, never read or written through.
        transaction.check_target(stored_path)
        if not (stored_path.is_file() and stored_path.read_bytes() == data):
            transaction.check_clean(stored_path, what="the evidence file")
            files[stored_path] = data
    return files


def _one_line(text: str) -> str:
    """A value on one line: a name holding a line break must not add lines (or trailers such as
    a forged ``Signed-off-by:``) to the commit message."""
    return " ".join(text.split())


def commit_message(subject: str, trailers: list[str], evidence: GivenEvidence) -> str:
    if evidence.record and evidence.record.get("reference"):
        trailers = [*trailers, f"Reference: {evidence.record['reference']}"]
    return f"{_one_line(subject)}\n\n" + "\n".join(_one_line(t) for t in trailers) + "\n"


# ----------------------------------------------------------------------------- withdraw


def find_signatory(agreement_id: str, query: str, *, repo: Path | None = None) -> Signatory:
    """The signatory of ``agreement_id`` named by slug, organisation number or exact name."""
    root = resolve_root(repo).resolve()
    agreement = open_agreement(root, agreement_id)
    return load_target(find(scan(root, agreement), agreement_id, query)).signatory


def withdraw(
    request: WithdrawRequest,
    *,
    repo: Path | None = None,
    delivery: Delivery | None = None,
    today: dt.date | None = None,
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
        target = load_target(find(scan(root, agreement), agreement.id, request.organisation))
        signatory = target.signatory
        notice = request.notice_date
        effective = request.effective or notice + dt.timedelta(
            days=agreement.terms.notice_period_days or 0
        )
        refuse_all(_check_withdrawal(agreement, signatory, request, notice, effective, today))
        transaction.check_clean(target.path, what="the signatory file")
        evidence = evidence_option(
            request.evidence,
            request.reference,
            store=request.store_evidence,
            folder=root / Path(agreement.path).parent,
            stem=f"{signatory.id}-withdrawal-{notice}",
        )
        withdrawal: dict[str, Any] = {
            "notice_date": notice.isoformat(),
            "effective": effective.isoformat(),
        }
        if request.reason and request.reason.strip():
            withdrawal["reason"] = request.reason.strip()
        if evidence.record:
            withdrawal["evidence"] = evidence.record
        memberships = list(target.data["memberships"])
        memberships[-1] = {**memberships[-1], "withdrawal": withdrawal}
        record = {**target.data, "memberships": memberships}
        validate_record(record, signatory.path)
        text, kept = yamlpatch.update(
            target.text, target.data, record, schema_comment=SCHEMA_COMMENT
        )
        files = files_to_write(transaction, target.path, text, evidence)
        message = commit_message(
            f"withdraw({agreement.id}): {signatory.name}",
            [f"Notice-received: {notice}", f"Effective: {effective}"],
            evidence,
        )
        commit, branch = transaction.deliver(files, message)
    return Change(
        action="withdraw",
        agreement=agreement.id,
        id=signatory.id,
        name=signatory.name,
        path=signatory.path,
        text=text,
        record=record,
        message=message,
        files=tuple(relative(root, p) for p in files),
        commit=commit,
        branch=branch,
        dry_run=delivery.dry_run,
        layout_kept=kept,
        recovered=transaction.recovery_note,
    )


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
    terms = agreement.terms
    period = terms.notice_period_days or 0
    earliest = notice + dt.timedelta(days=period)
    problems: list[RefusedError] = []
    if notice > today:
        problems.append(
            RefusedError(
                f"--notice-date {notice}: the notice cannot have been received in "
                f"the future (today is {today})"
            )
        )
    if last.signed.date and notice < last.signed.date:
        problems.append(
            RefusedError(
                f"--notice-date {notice}: the notice is before {signatory.name} "
                f"signed ({last.signed.date})",
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
    if terms.written_notice and request.evidence is None and not (request.reference or "").strip():
        problems.append(
            RefusedError(
                f"the agreement {agreement.id} requires formal written notice of withdrawal; give "
                "the "
                "letter with --evidence FILE or its registry number with --reference",
                hint="--reference is the diarienummer the letter was registered under",
            )
        )
    return problems
