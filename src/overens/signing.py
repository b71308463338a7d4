"""`sign` and `withdraw`: the coordinator's two commands, each one transaction (issue #3).

    validate → write a temporary file → os.replace → commit → roll back on any failure

Both take plain typed arguments (a request and a :class:`Delivery`) and return a
:class:`Change`; they never print. Every refusal is raised before anything is written, so a
refused command leaves the working tree and the index byte for byte as they were.

Only the target agreement is loaded (its agreement.yaml, principles and signatories), never the
whole repository, so signing costs the same in a repository of 100 files or of 10,000
(issue #7). A lock in the git folder serialises two runs on one repository; the second waits a
few seconds, then fails clearly (docs/decisions/0105-a-lock-per-repository.md).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from . import schema, yamlio, yamlpatch
from .constants import AGREEMENT_FILE, AGREEMENTS_DIR, BODIES_DIR, EVIDENCE_DIR, SIGNATORIES_DIR
from .errors import (
    AgreementNotFoundError,
    LockedError,
    NotAGitRepoError,
    PersonalDataError,
    RefusedError,
    SignatoryNotFoundError,
    UsageError,
)
from .findings import Severity
from .gitrepo import GitRepo
from .identity import (
    format_org_number,
    is_personal_number,
    name_key,
    org_number_problem,
    redact,
    slugify,
)
from .loader import agreement_folders, load
from .model import Agreement, Signatory, Terms
from .paths import resolve_root

SCHEMA_COMMENT = "../../../schemas/signatory.schema.json"
"""The editor's ``$schema`` line of a signatory file (agreements/<id>/signatories/<slug>.yaml)."""

LOCK_FILE = "overens.lock"
DEFAULT_LOCK_TIMEOUT = 5.0
LOCK_TIMEOUT_ENV = "OVERENS_LOCK_TIMEOUT"

# The schema's key order, so written files read the same as hand-written ones.
_SIGNATORY_KEYS = ("id", "name", "org_number", "sector", "legal_form", "municipality", "website",
                   "signer", "contact", "democratic_values", "memberships", "reports", "notes")


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
class Delivery:
    """How a change is delivered: committed on the current branch (the default), left in the
    working tree (``commit=False``), committed on a new branch, or only shown (``dry_run``)."""

    commit: bool = True
    branch: str | None = None
    dry_run: bool = False
    lock_timeout: float | None = None
    """Seconds to wait for another run's lock; $OVERENS_LOCK_TIMEOUT or 5 when None."""

    def check(self) -> None:
        if self.branch is not None and not self.commit:
            raise UsageError("--branch and --no-commit cannot be used together",
                             hint="--branch commits on a new branch; --no-commit does not commit at all")


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action, "agreement": self.agreement, "id": self.id, "name": self.name,
            "path": self.path, "files": list(self.files), "rejoin": self.rejoin,
            "dry_run": self.dry_run, "commit": self.commit, "branch": self.branch,
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
    """What an agreement requires of ``sign`` and ``withdraw`` (from its terms), for the CLI's prompts."""

    agreement: str
    terms: Terms
    sign: tuple[Requirement, ...] = field(default=())

    def missing(self, values: Mapping[str, Any]) -> list[Requirement]:
        return [r for r in self.sign if values.get(r.field) in (None, "")]


# ----------------------------------------------------------------------------- values


def parse_date(text: str, option: str) -> dt.date:
    """A YYYY-MM-DD date, or a :class:`UsageError` naming the option."""
    value = text.strip()
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise UsageError(f"{option} {text!r} is not a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a real calendar date") from None


_FIELD_PATHS: dict[str, tuple[tuple[str | int, ...], str]] = {
    "name": (("name",), "--name"),
    "legal_form": (("legal_form",), "--legal-form"),
    "municipality": (("municipality",), "--municipality"),
    "website": (("website",), "--website"),
    "signed_by": (("signer", "name"), "--signed-by"),
    "signed_by_title": (("signer", "title"), "--signed-by-title"),
    "contact_name": (("contact", "name"), "--contact-name"),
    "contact_email": (("contact", "email"), "--contact-email"),
    "contact_phone": (("contact", "phone"), "--contact-phone"),
}


_MEMBERSHIP_OPTIONS = {
    ("application", "date"): "--applied", ("approval", "date"): "--approved",
    ("approval", "by"): "--approved-by", ("signed", "date"): "--date", ("signed", "version"): "--version",
    ("signed", "evidence"): "--reference", ("withdrawal", "notice_date"): "--notice-date",
    ("withdrawal", "effective"): "--effective", ("withdrawal", "reason"): "--reason",
    ("withdrawal", "evidence"): "--reference",
}


def _option_for(json_path: tuple[str | int, ...]) -> str | None:
    """The option that gave the value at ``json_path`` of a signatory record."""
    for path, option in _FIELD_PATHS.values():
        if tuple(json_path[: len(path)]) == path:
            return option
    if len(json_path) >= 4 and json_path[0] == "memberships":
        return _MEMBERSHIP_OPTIONS.get((str(json_path[2]), str(json_path[3])))
    return None


def _probe(field_name: str, value: str) -> str | None:
    """Check one value with the signatory schema (a minimal valid record around it)."""
    path, option = _FIELD_PATHS[field_name]
    record: dict[str, Any] = {"id": "probe", "name": "Probe", "sector": "ideburen",
                              "memberships": [{"signed": {"version": "1"}}]}
    target = record
    for step in path[:-1]:
        target = target.setdefault(str(step), {"name": "Probe"})
    target[str(path[-1])] = value
    for issue in schema.iter_issues("signatory", record):
        if tuple(issue.json_path[: len(path)]) == path:
            return f"{option}: {issue.message}" + (f" ({issue.hint})" if issue.hint else "")
    return None


def check_value(field_name: str, value: str, *, sectors: tuple[str, ...] = ("ideburen", "offentlig")) -> str:
    """Check and normalise one value as given at an option or a prompt.

    Returns the normalised value; raises :class:`RefusedError` (or :class:`PersonalDataError`,
    which never repeats a personal identity number) saying what is wrong.
    """
    text = unicodedata.normalize("NFC", value).strip()
    if field_name == "org_number":
        if is_personal_number(text):
            raise PersonalDataError(
                f"--org-number {redact(text)}: this is a personal identity number (personnummer), "
                "which is personal data and is never stored",
                hint="give the organisation's own organisationsnummer (NNNNNN-NNNN, found in "
                "Bolagsverket's or Skatteverket's register)",
            )
        problem = org_number_problem(text)
        if problem:
            raise RefusedError(f"--org-number {text}: {problem}")
        return format_org_number(text)
    if field_name == "sector":
        if text not in sectors:
            allowed = " or ".join(sectors)
            raise RefusedError(f"--sector {text!r}: the agreement admits organisations of the sector {allowed}",
                               hint="ideburen: the idéburen sektor; offentlig: the public sector")
        return text
    if not text:
        option = _FIELD_PATHS[field_name][1] if field_name in _FIELD_PATHS else f"--{field_name.replace('_', '-')}"
        raise RefusedError(f"{option} is empty")
    if field_name == "name" and not slugify(text):
        raise RefusedError(f"--name {text!r} has no letters or digits to make a file name from")
    if field_name in _FIELD_PATHS:
        problem = _probe(field_name, text)
        if problem:
            raise RefusedError(problem)
    return text


def _refuse_all(problems: list[RefusedError]) -> None:
    if not problems:
        return
    if len(problems) == 1:
        raise problems[0]
    cls = PersonalDataError if any(isinstance(p, PersonalDataError) for p in problems) else RefusedError
    raise cls(f"refused; nothing was written ({len(problems)} problems):\n"
              + "\n".join(f"  - {p}" for p in problems))


# ----------------------------------------------------------------------------- the agreement


def _agreement_folder(root: Path, agreement_id: str) -> Path:
    folders = {f.name: f for f in agreement_folders(root)}
    if agreement_id not in folders:
        close = difflib.get_close_matches(agreement_id, list(folders), n=1)
        raise AgreementNotFoundError(
            f"unknown agreement {agreement_id!r} in {root / AGREEMENTS_DIR}"
            + (f"; did you mean {close[0]!r}?" if close else ""),
            hint=f"known agreements: {', '.join(folders) or 'none'}",
        )
    return folders[agreement_id]


def requirements(agreement_id: str, repo: Path | None = None) -> Requirements:
    """What ``sign`` needs for this agreement, read from its agreement.yaml alone (for prompts)."""
    root = resolve_root(repo).resolve()
    folder = _agreement_folder(root, agreement_id)
    data = yamlio.load(folder / AGREEMENT_FILE)
    if not isinstance(data, dict) or not schema.is_valid("agreement", data):
        raise RefusedError(f"{AGREEMENTS_DIR}/{agreement_id}/{AGREEMENT_FILE} has errors",
                           hint=f"run `overens validate {AGREEMENTS_DIR}/{agreement_id}` and fix them first")
    terms = Terms.build(data.get("terms"))
    needs = [
        Requirement("name", "--name", "Organisation name"),
        Requirement("org_number", "--org-number", "Organisation number (NNNNNN-NNNN)"),
        Requirement("sector", "--sector", f"Sector ({', '.join(terms.open_to)})"),
        Requirement("signed_by", "--signed-by", "Signed by (the authorised signer, firmatecknare)"),
    ]
    if terms.contact_required:
        needs += [Requirement("contact_name", "--contact-name", "Contact person's name"),
                  Requirement("contact_email", "--contact-email", "Contact person's e-mail")]
    if terms.application_required or terms.approval_required:
        needs.append(Requirement("applied", "--applied", "Application received (YYYY-MM-DD)"))
    if terms.approval_required:
        # --approved-by defaults to the body the agreement names, so it is never missing.
        needs.append(Requirement("approved", "--approved", f"Approved by {terms.approval_by} on (YYYY-MM-DD)"))
    if terms.democratic_values:
        needs.append(Requirement("democratic_values", "--democratic-values",
                                 "Does the organisation attest that it supports democratic values?"))
    return Requirements(agreement_id, terms, tuple(needs))


def _load_agreement(root: Path, agreement_id: str) -> Agreement:
    """Load one agreement (never the whole repository); refuse when its files have errors."""
    _agreement_folder(root, agreement_id)
    result = load(root, [agreement_id])
    ignored = f"{AGREEMENTS_DIR}/{agreement_id}/{BODIES_DIR}/"
    errors = [f for f in result.findings.sorted()
              if f.severity is Severity.ERROR and not f.path.startswith(ignored)]
    agreement = result.repository.agreement(agreement_id)
    if errors or agreement is None:
        first = errors[0] if errors else None
        raise RefusedError(
            f"the agreement {agreement_id} has {len(errors)} error(s) to fix before anyone signs or "
            "withdraws" + (f"; the first: {first.location}: {first.message}" if first else ""),
            hint=f"run `overens validate {AGREEMENTS_DIR}/{agreement_id}` and fix what it reports",
        )
    return agreement


def _adopted(agreement: Agreement) -> dt.date | None:
    dates = [d for d in (agreement.adopted_date, agreement.terms.valid_from) if d]
    if not dates:
        dates = [r.date for r in agreement.revisions if r.date]
    return min(dates) if dates else None


# ----------------------------------------------------------------------------- evidence


@dataclass(frozen=True, slots=True)
class _Evidence:
    record: dict[str, str] | None
    stored: tuple[Path, bytes] | None = None


def _evidence(source: Path | None, reference: str | None, *, store: bool, folder: Path,
              stem: str) -> _Evidence:
    record: dict[str, str] = {}
    stored = None
    if source is not None:
        if not source.is_file():
            raise RefusedError(f"--evidence {source}: no such file",
                               hint="give the path of the scanned form or letter")
        data = source.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        record["sha256"] = digest
        if store:
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
    return _Evidence(record or None, stored)


# ----------------------------------------------------------------------------- the transaction


def _lock_timeout(delivery: Delivery) -> float:
    if delivery.lock_timeout is not None:
        return delivery.lock_timeout
    raw = os.environ.get(LOCK_TIMEOUT_ENV)
    try:
        return float(raw) if raw else DEFAULT_LOCK_TIMEOUT
    except ValueError:
        raise UsageError(f"${LOCK_TIMEOUT_ENV}={raw!r} is not a number of seconds") from None


@contextmanager
def _locked(path: Path, timeout: float) -> Iterator[None]:
    from filelock import FileLock, Timeout

    lock = FileLock(str(path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise LockedError(
            f"another overens sign or withdraw is running on this repository (it holds {path}); "
            f"waited {timeout:g} s",
            hint="let it finish, then run the command again",
        ) from None
    try:
        yield
    finally:
        lock.release()


class _Transaction:
    """Opens git as the delivery needs, holds the repository lock, writes and commits, and
    restores every file it wrote if anything fails before the commit is made."""

    def __init__(self, root: Path, delivery: Delivery) -> None:
        delivery.check()
        self.root = root
        self.delivery = delivery
        self.git: GitRepo | None = None
        try:
            self.git = GitRepo.open(root)
        except NotAGitRepoError:
            if delivery.commit:
                raise
        if self.git is not None:
            self.git.check_state(need_branch=delivery.commit and delivery.branch is None)
            if delivery.branch is not None:
                self.git.check_new_branch(delivery.branch)

    @contextmanager
    def locked(self) -> Iterator[None]:
        if self.delivery.dry_run:
            yield
            return
        if self.git is not None:
            path = self.git.common_dir / LOCK_FILE
        else:
            key = hashlib.sha256(str(self.root).encode()).hexdigest()[:16]
            path = Path(tempfile.gettempdir()) / f"overens-{key}.lock"
        with _locked(path, _lock_timeout(self.delivery)):
            yield

    def check_clean(self, path: Path, *, what: str) -> None:
        """Refuse to overwrite a file with uncommitted changes (someone's unsaved work)."""
        if self.git is None:
            return
        status = self.git.path_status(path)
        if not status.clean:
            raise RefusedError(
                f"{status.path}: {what} has uncommitted changes ({status.describe()}); overens "
                "will not overwrite them",
                hint=f"commit or discard them first (git diff -- {status.path}; git restore -- {status.path})",
            )

    def files(self, path: Path, text: str, evidence: _Evidence) -> dict[Path, bytes]:
        """The files to write: the signatory file, and the evidence file when it is stored."""
        files = {path: text.encode("utf-8")}
        if evidence.stored is not None:
            stored_path, data = evidence.stored
            if not (stored_path.exists() and stored_path.read_bytes() == data):
                self.check_clean(stored_path, what="the evidence file")
                files[stored_path] = data
        return files

    def deliver(self, files: dict[Path, bytes], message: str) -> tuple[str | None, str | None]:
        """Write and commit ``files`` as the delivery says; returns (commit, branch)."""
        if self.delivery.dry_run:
            return None, None
        if self.delivery.branch is not None:
            assert self.git is not None
            rels = {self.git.rel(p): data for p, data in files.items()}
            return self.git.commit_on_branch(self.delivery.branch, rels, message), self.delivery.branch
        head = self.git.head_commit() if self.git is not None else None
        backups = {p: (p.read_bytes() if p.exists() else None) for p in files}
        new_dirs = sorted({p.parent for p in files if not p.parent.exists()}, key=lambda d: -len(d.parts))
        try:
            for path, data in files.items():
                if path.suffix == ".yaml":
                    yamlio.atomic_write(path, data.decode("utf-8"))
                else:
                    _copy_bytes(path, data)
            if self.delivery.commit and self.git is not None:
                return self.git.commit_paths(list(files), message), None
        except BaseException:
            if self.git is None or self.git.head_commit() == head:
                _restore(backups, new_dirs)
            raise
        return None, None


def _copy_bytes(path: Path, data: bytes) -> None:
    """Write a binary file (stored evidence) through a temporary file and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _restore(backups: dict[Path, bytes | None], new_dirs: list[Path]) -> None:
    """Put back the bytes each file had (yamlio refuses non-UTF-8 files, so they round-trip),
    delete the files that did not exist, and the folders made for them."""
    for path, old in backups.items():
        if old is None:
            path.unlink(missing_ok=True)
        elif not path.exists() or path.read_bytes() != old:
            yamlio.atomic_write(path, old.decode("utf-8"))
    for folder in new_dirs:
        try:
            folder.rmdir()
        except OSError:
            pass


# ----------------------------------------------------------------------------- sign


def _digits10(number: str) -> str:
    return re.sub(r"\D", "", number)[-10:]


def _ordered(record: dict[str, Any]) -> dict[str, Any]:
    return {k: record[k] for k in _SIGNATORY_KEYS if record.get(k) is not None}


def _check_sign_dates(agreement: Agreement, req: SignRequest, date: dt.date, version: str,
                      today: dt.date) -> list[RefusedError]:
    problems: list[RefusedError] = []
    adopted = _adopted(agreement)
    if date > today:
        problems.append(RefusedError(f"--date {date}: the signing date is in the future (today is {today})",
                                     hint="record a signing once it has happened"))
    if adopted and date < adopted:
        problems.append(RefusedError(f"--date {date}: the signing date is before the agreement was "
                                     f"adopted ({adopted})", hint="check the date on the signed form"))
    until = agreement.terms.valid_until
    if until and date > until:
        problems.append(RefusedError(f"--date {date}: the agreement was valid until {until}; it cannot "
                                     "be signed after that", hint="sign its successor instead"))
    revision = agreement.revision(version)
    if revision is None:
        problems.append(RefusedError(f"--version {version}: the agreement has no such version",
                                     hint=f"versions: {', '.join(r.version for r in agreement.revisions)}"))
    elif revision.date and date < revision.date:
        problems.append(RefusedError(f"--version {version}: that version was decided on {revision.date}, "
                                     f"after the signing date {date}"))
    for option, day in (("--applied", req.applied), ("--approved", req.approved)):
        if day and day > today:
            problems.append(RefusedError(f"{option} {day}: the date is in the future (today is {today})"))
        if day and day > date:
            problems.append(RefusedError(f"{option} {day}: the date is after the signing date {date}"))
    if req.applied and req.approved and req.approved < req.applied:
        problems.append(RefusedError(f"--approved {req.approved}: the approval is before the application "
                                     f"({req.applied})"))
    return problems


def _check_sign_terms(terms: Terms, req: SignRequest) -> list[RefusedError]:
    problems: list[RefusedError] = []
    if req.democratic_values is False and terms.democratic_values:
        problems.append(RefusedError(
            "the agreement requires joining organisations to support democratic values, and "
            "--no-democratic-values was given", hint="an organisation that cannot attest this cannot join"))
    if req.contact_email and not req.contact_name:
        problems.append(RefusedError("--contact-email needs --contact-name"))
    if req.contact_phone and not req.contact_name:
        problems.append(RefusedError("--contact-phone needs --contact-name"))
    if req.approved and not (req.approved_by or terms.approval_by):
        problems.append(RefusedError("--approved needs --approved-by (the body that approved joining)"))
    return problems


def _find_existing(agreement: Agreement, name: str, org_number: str) -> Signatory | None:
    """The signatory file this organisation already has (same number or same name), or None."""
    digits, key = _digits10(org_number), name_key(name)
    by_number = [s for s in agreement.signatories if s.org_number and _digits10(s.org_number) == digits]
    by_name = [s for s in agreement.signatories if name_key(s.name) == key]
    found = {s.id: s for s in by_number + by_name}
    if len(found) > 1:
        a, b = by_number[0], next(s for s in by_name if s.id != by_number[0].id)
        raise RefusedError(
            f"the organisation number {org_number} is that of {a.name} ({a.path}), but the name "
            f"{name!r} is that of another signatory ({b.path})",
            hint="check the number and the name against the signed form",
        )
    if not found:
        return None
    existing = next(iter(found.values()))
    if not by_number and existing.org_number:
        if existing.last.withdrawal is None:
            raise RefusedError(
                f"{existing.name} is already a signatory of {agreement.id} ({existing.path}); its "
                f"organisation number is {existing.org_number}, not {org_number}",
                hint="two organisations may not share a name; if this is the same one, check the number",
            )
        raise RefusedError(
            f"a former signatory ({existing.path}) has the name {existing.name!r} but the organisation "
            f"number {existing.org_number}, not {org_number}",
            hint="if it is the same organisation, give its number; otherwise the names must differ",
        )
    return existing


def sign(request: SignRequest, *, repo: Path | None = None, delivery: Delivery = Delivery(),
         today: dt.date | None = None) -> Change:
    """Record that an organisation signed an agreement, and commit it.

    Refuses (raising an :class:`~overens.errors.OverensError`, with nothing written) an unknown
    agreement, a missing or invalid value, an organisation that is already a signatory, a date or
    version the agreement does not allow, a sector it does not admit, a file-name collision, and a
    target file with uncommitted changes.
    """
    today = today or dt.date.today()
    root = resolve_root(repo).resolve()
    needs = requirements(request.agreement, root)
    missing = needs.missing({f.name: getattr(request, f.name) for f in fields(request)})
    if missing:
        raise UsageError(
            f"missing required option{'s' if len(missing) > 1 else ''} for signing {request.agreement}: "
            + ", ".join(r.option for r in missing),
            hint="give them on the command line, or run the command in a terminal to be asked for them",
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

    values = {f: checked(f, getattr(request, f)) for f in
              ("name", "org_number", "sector", "signed_by", "signed_by_title", "legal_form",
               "municipality", "website", "contact_name", "contact_email", "contact_phone")}
    if request.slug is not None and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", request.slug):
        problems.append(RefusedError(f"--slug {request.slug!r}: use lower-case letters a-z, digits and "
                                     "single hyphens"))
    problems += _check_sign_terms(needs.terms, request)
    _refuse_all(problems)

    transaction = _Transaction(root, delivery)
    with transaction.locked():
        # The file the name leads to first: someone's unsaved work there explains more than
        # whatever loading it half-written would report.
        folder = root / AGREEMENTS_DIR / request.agreement
        transaction.check_clean(folder / SIGNATORIES_DIR / f"{request.slug or slugify(values['name'] or '')}.yaml",
                                what="the signatory file")
        agreement = _load_agreement(root, request.agreement)
        date = request.date or today
        version = request.version or agreement.version
        _refuse_all(_check_sign_dates(agreement, request, date, version, today))
        name, org_number = values["name"], values["org_number"]
        assert name is not None and org_number is not None
        existing = _find_existing(agreement, name, org_number)
        if existing is not None:
            last = existing.last.withdrawal
            if last is None:
                since = existing.last.signed.date
                raise RefusedError(
                    f"{existing.name} is already a signatory of {agreement.id}"
                    + (f" (signed {since})" if since else "") + f": {existing.path}",
                    hint="an organisation signs once; to record a new version, use a confirmation",
                )
            if date < last.effective:
                raise RefusedError(
                    f"{existing.name} withdrew from {agreement.id} with effect from {last.effective}; "
                    f"a new membership cannot start before that (--date {date})",
                    hint=f"sign again on or after {last.effective}")
            if request.slug is not None and request.slug != existing.id:
                raise UsageError(f"--slug {request.slug}: {existing.name} already has its file {existing.path}",
                                 hint="leave out --slug; a rejoin adds a period to the existing file")
            slug = existing.id
        else:
            slug = request.slug or slugify(name)
        path = folder / SIGNATORIES_DIR / f"{slug}.yaml"
        if existing is None and (path.exists() or path.is_symlink()):
            other = agreement.signatory(slug)
            owner = (f"{other.name} ({other.org_number})" if other.org_number else other.name) if other else "another file"
            raise RefusedError(
                f"{_rel(root, path)} already exists and belongs to {owner}; {name} would "
                "get the same file name",
                hint=f"give the new organisation its own file name with --slug, e.g. --slug {slug}-2",
            )
        transaction.check_clean(path, what="the signatory file")

        evidence = _evidence(request.evidence, request.reference, store=request.store_evidence,
                             folder=folder, stem=f"{slug}-signed-{date}")
        revision = agreement.revision(version)
        assert revision is not None
        signed: dict[str, Any] = {"date": date.isoformat(), "version": version,
                                  "text_sha256": revision.text_sha256}
        if evidence.record:
            signed["evidence"] = evidence.record
        membership: dict[str, Any] = {}
        if request.applied:
            membership["application"] = {"date": request.applied.isoformat()}
        if request.approved:
            membership["approval"] = {"date": request.approved.isoformat(),
                                      "by": (request.approved_by or agreement.terms.approval_by or "").strip()}
        membership["signed"] = signed
        details: dict[str, Any] = {
            "id": slug, "name": name, "org_number": org_number, "sector": values["sector"],
            "legal_form": values["legal_form"], "municipality": values["municipality"],
            "website": values["website"],
            "signer": {k: v for k, v in (("name", values["signed_by"]),
                                         ("title", values["signed_by_title"])) if v},
            "contact": {k: v for k, v in (("name", values["contact_name"]), ("email", values["contact_email"]),
                                          ("phone", values["contact_phone"])) if v} or None,
            "democratic_values": {"attested": True, "date": (request.applied or date).isoformat()}
            if request.democratic_values else None,
        }
        if existing is None:
            old_text, old = None, None
            record = _ordered({**details, "memberships": [membership]})
        else:
            old_text = yamlio.read_text(path)
            old = yamlio.parse(old_text, path)
            if name_key(existing.name) == name_key(name):
                details["name"] = existing.name  # the same name written differently: keep the file's
            record = _ordered({**old, **{k: v for k, v in details.items() if v is not None},
                               "memberships": [*old["memberships"], membership]})
        _validate(record, _rel(root, path))

        text, kept = _render(old_text, old, record)
        rel = _rel(root, path)
        files = transaction.files(path, text, evidence)
        period = len(record["memberships"])
        signer = ", ".join(v for v in (values["signed_by"], values["signed_by_title"]) if v)
        trailers = [f"Signed-on: {date}", f"Signed-by: {signer}", f"Agreement-version: {version}",
                    f"Organisation-number: {org_number}"]
        if period > 1:
            trailers.append(f"Membership-period: {period}")
        if evidence.record and evidence.record.get("reference"):
            trailers.append(f"Reference: {evidence.record['reference']}")
        message = f"sign({agreement.id}): {name}\n\n" + "\n".join(trailers) + "\n"
        commit, branch = transaction.deliver(files, message)
    return Change(
        action="sign", agreement=agreement.id, id=slug, name=name, path=rel, text=text, record=record,
        message=message, files=tuple(_rel(root, p) for p in files), rejoin=existing is not None,
        commit=commit, branch=branch, dry_run=delivery.dry_run, layout_kept=kept,
    )


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _validate(record: dict[str, Any], rel: str) -> None:
    """Validate the record with the signatory schema before anything is written."""
    problems = []
    for issue in schema.iter_issues("signatory", record):
        option = _option_for(issue.json_path)
        where = option or "$." + ".".join(map(str, issue.json_path))
        problems.append(RefusedError(f"{where}: {issue.message}", hint=issue.hint))
    if problems:
        _refuse_all([RefusedError(f"{rel} would not be valid: {p}") for p in problems])


def _render(old_text: str | None, old: dict[str, Any] | None, record: dict[str, Any]) -> tuple[str, bool]:
    if old_text is None or old is None:
        return yamlio.dump(record, schema_comment=SCHEMA_COMMENT), True
    return yamlpatch.update(old_text, old, record, schema_comment=SCHEMA_COMMENT)


# ----------------------------------------------------------------------------- withdraw


def find_signatory(agreement: Agreement, query: str) -> Signatory:
    """The signatory named by slug, organisation number or exact name (NFC, case-folded)."""
    text = unicodedata.normalize("NFC", query).strip()
    if is_personal_number(text):
        raise PersonalDataError(f"{redact(text)}: this is a personal identity number, which overens "
                                "never stores", hint="name the organisation by its file name, number or name")
    for s in agreement.signatories:
        if s.id == text or name_key(s.name) == name_key(text):
            return s
    digits = re.sub(r"\D", "", text)
    if len(digits) in (10, 12):
        for s in agreement.signatories:
            if s.org_number and _digits10(s.org_number) == digits[-10:]:
                return s
    names = {s.name: s for s in agreement.signatories}
    ids = {s.id: s for s in agreement.signatories}
    close = difflib.get_close_matches(text, list(names), n=3, cutoff=0.6) or [
        ids[i].name for i in difflib.get_close_matches(text.lower(), list(ids), n=3, cutoff=0.6)]
    guess = "; did you mean " + " or ".join(f"{n!r} ({names[n].id})" for n in close) + "?" if close else ""
    raise SignatoryNotFoundError(
        f"no signatory {text!r} in the agreement {agreement.id}{guess}",
        hint=f"name it by its file name (see `overens list {agreement.id}`), organisation number or exact name",
    )


def withdraw(request: WithdrawRequest, *, repo: Path | None = None, delivery: Delivery = Delivery(),
             today: dt.date | None = None) -> Change:
    """Record an organisation's withdrawal: append it to the last membership, and commit.

    The file is never deleted and no earlier record is changed. Refuses an unknown organisation,
    one already withdrawn, a notice before the signing or in the future, an effective date before
    the notice (or before the notice period ends), and a notice without evidence or reference
    where the agreement requires written notice.
    """
    today = today or dt.date.today()
    root = resolve_root(repo).resolve()
    _agreement_folder(root, request.agreement)
    if request.notice_date is None:
        raise UsageError("missing required option --notice-date (when the written notice was received)",
                         hint="give it on the command line, or run the command in a terminal to be asked")
    transaction = _Transaction(root, delivery)
    with transaction.locked():
        agreement = _load_agreement(root, request.agreement)
        signatory = find_signatory(agreement, request.organisation)
        last = signatory.last
        if last.withdrawal is not None:
            raise RefusedError(
                f"{signatory.name} has already withdrawn from {agreement.id} (notice received "
                f"{last.withdrawal.notice_date}, effective {last.withdrawal.effective}): {signatory.path}",
                hint="a withdrawal is recorded once; to correct it, edit the file in a reviewed commit")
        notice = request.notice_date
        terms = agreement.terms
        period = terms.notice_period_days or 0
        earliest = notice + dt.timedelta(days=period)
        effective = request.effective or earliest
        problems: list[RefusedError] = []
        if notice > today:
            problems.append(RefusedError(f"--notice-date {notice}: the notice cannot have been received in "
                                         f"the future (today is {today})"))
        if last.signed.date and notice < last.signed.date:
            problems.append(RefusedError(f"--notice-date {notice}: the notice is before {signatory.name} "
                                         f"signed ({last.signed.date})", hint="check the date on the letter"))
        if effective < notice:
            problems.append(RefusedError(f"--effective {effective}: the withdrawal cannot take effect before "
                                         f"the notice was received ({notice})"))
        elif effective < earliest:
            problems.append(RefusedError(
                f"--effective {effective}: the agreement's notice period is {period} days, so the "
                f"withdrawal takes effect on {earliest} at the earliest",
                hint=f"leave out --effective to use {earliest}"))
        if terms.written_notice and request.evidence is None and not (request.reference or "").strip():
            problems.append(RefusedError(
                f"the agreement {agreement.id} requires formal written notice of withdrawal; give the "
                "letter with --evidence FILE or its registry number with --reference",
                hint="--reference is the diarienummer the letter was registered under"))
        _refuse_all(problems)

        path = root / signatory.path
        transaction.check_clean(path, what="the signatory file")
        evidence = _evidence(request.evidence, request.reference, store=request.store_evidence,
                             folder=root / Path(agreement.path).parent,
                             stem=f"{signatory.id}-withdrawal-{notice}")
        withdrawal: dict[str, Any] = {"notice_date": notice.isoformat(), "effective": effective.isoformat()}
        if request.reason and request.reason.strip():
            withdrawal["reason"] = request.reason.strip()
        if evidence.record:
            withdrawal["evidence"] = evidence.record
        old_text = yamlio.read_text(path)
        old = yamlio.parse(old_text, path)
        memberships = [dict(m) for m in old["memberships"]]
        memberships[-1] = {**memberships[-1], "withdrawal": withdrawal}
        record = {**old, "memberships": memberships}
        rel = signatory.path
        _validate(record, rel)
        text, kept = _render(old_text, old, record)
        files = transaction.files(path, text, evidence)
        trailers = [f"Notice-received: {notice}", f"Effective: {effective}"]
        if evidence.record and evidence.record.get("reference"):
            trailers.append(f"Reference: {evidence.record['reference']}")
        message = f"withdraw({agreement.id}): {signatory.name}\n\n" + "\n".join(trailers) + "\n"
        commit, branch = transaction.deliver(files, message)
    return Change(
        action="withdraw", agreement=agreement.id, id=signatory.id, name=signatory.name, path=rel,
        text=text, record=record, message=message, files=tuple(_rel(root, p) for p in files),
        commit=commit, branch=branch, dry_run=delivery.dry_run, layout_kept=kept,
    )
