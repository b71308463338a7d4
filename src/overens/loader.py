"""Load a repository: files → yamlio → schema → model, collecting every problem as a finding.

One run reports every problem in every file (check-jsonschema's pipeline: instance loader →
schema → result). A file that fails to parse or to validate is left out of the model; the other
files still load, so one broken signatory does not hide the findings of the rest.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import canonical, personaldata, yamlio
from .constants import (
    AGREEMENT_FILE,
    AGREEMENTS_DIR,
    BODIES_DIR,
    EVIDENCE_DIR,
    PRINCIPLES_DIR,
    SIGNATORIES_DIR,
)
from .errors import AgreementNotFoundError, ValidationFailed
from .findings import Finding, Findings, Severity
from .model import Agreement, BodyMembers, Principle, Repository, Signatory
from .paths import agreement_folders, check_agreement_id, find_root, resolve_root

_KNOWN_ENTRIES = {AGREEMENT_FILE, PRINCIPLES_DIR, SIGNATORIES_DIR, BODIES_DIR, EVIDENCE_DIR, "README.md"}


@dataclass(frozen=True, slots=True)
class Loaded:
    """A parsed, schema-valid file: its data, its text (for locating lines) and its path."""

    rel: str
    data: dict[str, Any]
    text: str


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The model built from every valid file, and every finding."""

    repository: Repository
    findings: Findings


class _Collector:
    def __init__(self, root: Path, findings: Findings, documents: str | None = None) -> None:
        self.root = root
        self._prefix = str(root).rstrip("/") + "/"
        self.findings = findings
        self._environment = documents
        """With ``documents`` (the program's cache key), valid documents come from the cache."""
        self.documents: Any = None

    def open_documents(self, agreement: str) -> None:
        if self._environment is not None:
            from .cache import Documents

            self.documents = Documents(self.root, agreement, self._environment)

    def close_documents(self) -> None:
        if self.documents is not None:
            self.documents.save()
            self.documents = None

    def rel(self, path: Path) -> str:
        text = str(path)
        if os.sep == "/" and text.startswith(self._prefix):
            return text[len(self._prefix):]  # the same as below, without pathlib's cost (issue #7)
        return path.relative_to(self.root).as_posix()

    def add(
        self, rel: str, message: str, *, line: int | None = None, column: int | None = None,
        rule: str = "structure", severity: Severity = Severity.ERROR, hint: str | None = None,
        agreement: str | None = None,
    ) -> None:
        # A message may quote a value; a personal identity number is never shown in full (#8).
        message = personaldata.redact(message)
        self.findings.add(Finding(rel, line, column, rule, severity, message, hint, agreement))

    def add_at(self, loaded: Loaded, json_path: Sequence[str | int], message: str, *,
               key: bool = False, hint: str | None = None, agreement: str | None = None,
               severity: Severity = Severity.ERROR, rule: str = "structure") -> None:
        where = (yamlio.locate_key if key else yamlio.locate)(loaded.text, json_path)
        line, column = where if where else (None, None)
        self.add(loaded.rel, message, line=line, column=column, hint=hint, agreement=agreement,
                 severity=severity, rule=rule)

    def read(self, path: Path, kind: str, agreement: str | None) -> Loaded | None:
        rel = self.rel(path)
        documents, key = self.documents, ""
        try:
            text = yamlio.read_text(path)
            if documents is not None:
                key = documents.key(kind, text)
                cached = documents.get(key)
                if cached is not None:
                    return Loaded(rel, cached, text)
            data = yamlio.parse(text, rel)
        except yamlio.YamlProblem as e:
            self.add(rel, e.problem, line=e.line, column=e.column, rule="yaml", hint=e.hint,
                     agreement=agreement)
            return None
        if not isinstance(data, dict):
            what = "empty" if data is None else f"a {type(data).__name__}"
            line, column = yamlio.locate(text, []) or (1, 1)
            self.add(rel, f"the file must hold a mapping of keys to values, but it is {what}",
                     line=line, column=column, rule="schema", agreement=agreement,
                     hint=f"see schemas/{kind}.schema.json for the keys a {kind} file has")
            return None
        from . import (
            schema,  # jsonschema: only for files not found in the document cache (issue #7)
        )

        loaded = Loaded(rel, data, text)
        valid = True
        for issue in schema.iter_issues(kind, data):
            valid = False
            self.add_at(loaded, issue.json_path, issue.message, key=issue.points_at_key,
                        hint=issue.hint, agreement=agreement, rule=issue.rule)
        for json_path, shown in personaldata.scan(data) if personaldata.may_hold(text) else ():
            valid = False
            where = ".".join(map(str, json_path))
            self.add_at(loaded, json_path, f"'{where}' holds a personal identity number ({shown}), "
                        "which is personal data and is never stored", agreement=agreement,
                        rule="personal-data", hint="remove it; an organisation is identified by its "
                        "organisationsnummer, a person by name and role only")
        if valid and documents is not None:
            documents.put(key, data)
        return loaded if valid else None


def _symlinked(folder: Path, c: _Collector, agreement: str) -> bool:
    if folder.is_symlink():
        c.add(c.rel(folder), f"the folder is a symbolic link (to {folder.resolve()}); nothing in it is read",
              agreement=agreement, hint="replace the link with a real folder inside the repository")
        return True
    return False


def _yaml_files(folder: Path, c: _Collector, agreement: str) -> list[Path]:
    return [folder / name for name in _yaml_names(folder, c, agreement)]


def _yaml_names(folder: Path, c: _Collector, agreement: str) -> list[str]:
    if _symlinked(folder, c, agreement) or not folder.is_dir():
        return []
    names = []
    # os.scandir and names rather than Path objects: the order is the same (one folder's paths
    # sort by name), at a fraction of the cost for 10,000 signatories (issue #7).
    with os.scandir(folder) as it:
        entries = sorted(it, key=lambda e: e.name)
    for item in entries:
        name = item.name
        if name.startswith("."):
            continue
        if name.endswith(".yaml") and (item.is_file() or item.is_symlink()):
            names.append(name)
            continue
        entry = folder / name
        if entry.suffix == ".yml":
            c.add(c.rel(entry), "overens reads .yaml files only; this file is ignored",
                  severity=Severity.WARNING, hint=f"rename it to {entry.stem}.yaml",
                  agreement=agreement)
        else:
            c.add(c.rel(entry), f"unexpected entry in {folder.name}/; it is ignored",
                  severity=Severity.WARNING, agreement=agreement,
                  hint="each file here must be a .yaml file")
    return names


def _check_id(c: _Collector, loaded: Loaded, expected: str, what: str, agreement: str) -> None:
    if loaded.data["id"] != expected:
        c.add_at(loaded, ["id"], f"the {what} id {loaded.data['id']!r} does not match its "
                 f"{'folder' if what == 'agreement' else 'file'} name {expected!r}",
                 hint=f"set id: {expected}, or rename the {'folder' if what == 'agreement' else 'file'}",
                 agreement=agreement)


def _duplicates(values: Iterable[str]) -> list[str]:
    return [v for v, n in Counter(values).items() if n > 1]


def _load_agreement(folder: Path, c: _Collector, with_signatories: bool = True) -> Agreement | None:
    agreement_id = folder.name
    for entry in sorted(folder.iterdir()):
        if entry.name not in _KNOWN_ENTRIES and not entry.name.startswith("."):
            c.add(c.rel(entry), f"unexpected entry in the agreement folder {agreement_id}/; it is ignored",
                  severity=Severity.WARNING, agreement=agreement_id,
                  hint="an agreement folder holds agreement.yaml, principles/, signatories/, bodies/ and evidence/")
    main_file = folder / AGREEMENT_FILE
    if not main_file.exists() and not main_file.is_symlink():
        c.add(c.rel(folder) + "/", f"the agreement folder has no {AGREEMENT_FILE}",
              agreement=agreement_id, hint=f"add {c.rel(main_file)} or remove the folder")
        main = None
    else:
        main = c.read(main_file, "agreement", agreement_id)
        if main:
            _check_id(c, main, agreement_id, "agreement", agreement_id)

    principles: list[tuple[Loaded, Principle]] = []
    for path in _yaml_files(folder / PRINCIPLES_DIR, c, agreement_id):
        loaded = c.read(path, "principle", agreement_id)
        if loaded:
            _check_id(c, loaded, path.stem, "principle", agreement_id)
            principle = Principle.build(loaded.rel, loaded.data)
            if int(principle.id[:2]) != principle.number:
                c.add_at(loaded, ["number"], f"principle number {principle.number} does not match "
                         f"the file name's prefix {principle.id[:2]}", agreement=agreement_id,
                         hint=f"rename the file to {principle.number:02d}-{principle.id[3:]}.yaml or fix the number")
            principles.append((loaded, principle))
    signatories: list[tuple[Loaded, Signatory]] = []
    for path in _yaml_files(folder / SIGNATORIES_DIR, c, agreement_id) if with_signatories else ():
        found = _read_signatory(c, path, agreement_id)
        if found:
            signatories.append(found)
    members: list[tuple[Loaded, BodyMembers]] = []
    for path in _yaml_files(folder / BODIES_DIR, c, agreement_id):
        loaded = c.read(path, "body", agreement_id)
        if loaded:
            _check_id(c, loaded, path.stem, "body", agreement_id)
            members.append((loaded, BodyMembers.build(loaded.rel, loaded.data)))

    _check_principle_numbers(c, folder, principles, agreement_id)
    for loaded, signatory in signatories:
        _check_periods(c, loaded, signatory, agreement_id)
    if main is None:
        return None
    raw_principles = [p.data for p, _ in principles]
    text_hash = canonical.text_sha256(main.data, raw_principles)
    agreement = Agreement.build(
        main.rel, main.data, text_sha256=text_hash,
        principles=tuple(p for _, p in principles),
        signatories=tuple(s for _, s in signatories),
        members=tuple(m for _, m in members),
    )
    _check_references(c, main, agreement, principles, signatories, members)
    return agreement


def _check_principle_numbers(c: _Collector, folder: Path, principles: list[tuple[Loaded, Principle]],
                             agreement_id: str) -> None:
    numbers = sorted(p.number for _, p in principles)
    for loaded, p in principles:
        if numbers.count(p.number) > 1:
            c.add_at(loaded, ["number"], f"principle number {p.number} is used by more than one file",
                     agreement=agreement_id, hint="give each principle its own number")
    expected = list(range(1, len(set(numbers)) + 1))
    if sorted(set(numbers)) != expected and numbers:
        missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
        c.add(c.rel(folder / PRINCIPLES_DIR) + "/",
              f"principle numbers must run 1..n without gaps; missing {', '.join(map(str, missing))}",
              agreement=agreement_id, hint="renumber the principles (file names and `number`)")


def _read_signatory(c: _Collector, path: Path, agreement_id: str) -> tuple[Loaded, Signatory] | None:
    loaded = c.read(path, "signatory", agreement_id)
    if not loaded:
        return None
    _check_id(c, loaded, path.stem, "signatory", agreement_id)
    return loaded, Signatory.build(loaded.rel, loaded.data)


def _check_periods(c: _Collector, loaded: Loaded, s: Signatory, agreement_id: str) -> None:
    previous_end: dt.date | None = None
    for i, m in enumerate(s.memberships):
        start = m.signed.date
        if i < len(s.memberships) - 1 and m.withdrawal is None:
            c.add_at(loaded, ["memberships", i], "an earlier membership period has no withdrawal, "
                     "but a later period follows it", agreement=agreement_id,
                     hint="record the withdrawal that ended this period")
        if start and previous_end and start < previous_end:
            c.add_at(loaded, ["memberships", i, "signed", "date"],
                     "this period starts before the previous one ended", agreement=agreement_id,
                     hint="periods must follow one another in time")
        if m.withdrawal:
            w = m.withdrawal
            if w.effective < w.notice_date:
                c.add_at(loaded, ["memberships", i, "withdrawal", "effective"],
                         "the withdrawal takes effect before the notice was received",
                         agreement=agreement_id, hint="effective must be on or after notice_date")
            if start and w.notice_date < start:
                c.add_at(loaded, ["memberships", i, "withdrawal", "notice_date"],
                         "the notice was received before the organisation signed",
                         agreement=agreement_id, hint="check the dates")
            previous_end = w.effective


def _check_references(
    c: _Collector,
    main: Loaded,
    agreement: Agreement,
    principles: list[tuple[Loaded, Principle]],
    signatories: list[tuple[Loaded, Signatory]],
    members: list[tuple[Loaded, BodyMembers]],
) -> None:
    aid = agreement.id
    for what, values, key in (
        ("party", [p.id for p in agreement.parties], "parties"),
        ("body", [b.id for b in agreement.bodies], "bodies"),
        ("revision version", [r.version for r in agreement.revisions], "revisions"),
    ):
        for dup in _duplicates(values):
            c.add_at(main, [key], f"{what} {dup!r} is declared more than once", agreement=aid,
                     hint="ids must be unique")
    section_ids: list[str] = []

    def collect(sections: Any) -> None:
        for s in sections:
            section_ids.append(s.id)
            collect(s.sections)

    collect(agreement.sections)
    for dup in _duplicates(section_ids):
        c.add_at(main, ["sections"], f"section id {dup!r} is used more than once", agreement=aid,
                 hint="ids must be unique")
    for b_index, body in enumerate(agreement.bodies):
        for dup in _duplicates(s.id for s in body.seats):
            c.add_at(main, ["bodies", b_index, "seats"], f"seat id {dup!r} is used more than once in "
                     f"body {body.id!r}", agreement=aid, hint="ids must be unique")

    versions = {r.version: r for r in agreement.revisions}
    if agreement.version not in versions:
        c.add_at(main, ["version"], f"version {agreement.version!r} is not declared in revisions",
                 agreement=aid, hint="add a revision for it (see `overens version`)")
    else:
        declared = versions[agreement.version].text_sha256
        if declared != agreement.text_sha256:
            index = [r.version for r in agreement.revisions].index(agreement.version)
            c.add_at(main, ["revisions", index, "text_sha256"],
                     f"the text has changed since version {agreement.version} was declared "
                     f"(declared {declared[:12]}…, now {agreement.text_sha256[:12]}…)",
                     agreement=aid, rule="text-hash",
                     hint="declare the change as a new revision (editorial or material) with "
                     f"text_sha256: {agreement.text_sha256}, and set version to it")

    body_ids = {b.id for b in agreement.bodies}
    if agreement.actions:
        for i, u in enumerate(agreement.actions):
            if u.body and u.body not in body_ids:
                c.add_at(main, ["actions", "items", i, "body"], f"unknown body {u.body!r}", agreement=aid,
                         hint=f"declared bodies: {', '.join(sorted(body_ids)) or 'none'}")
    for loaded, p in principles:
        for group in ("actions", "responsibilities", "commitments"):
            for i, u in enumerate(getattr(p, group)):
                if u.body and u.body not in body_ids:
                    c.add_at(loaded, [group, i, "body"], f"unknown body {u.body!r}", agreement=aid,
                             hint=f"declared bodies in agreement.yaml: {', '.join(sorted(body_ids)) or 'none'}")

    for loaded, s in signatories:
        _check_signatory_references(c, loaded, s, agreement)
    for loaded, bm in members:
        found = agreement.body(bm.id)
        if found is None:
            c.add_at(loaded, ["id"], f"no body {bm.id!r} is declared in agreement.yaml", agreement=aid,
                     hint=f"declared bodies: {', '.join(sorted(body_ids)) or 'none'}")
            continue
        body = found
        seat_ids = {s.id for s in body.seats}
        for i, member in enumerate(bm.members):
            if member.seat not in seat_ids:
                c.add_at(loaded, ["members", i, "seat"], f"unknown seat {member.seat!r} in body {body.id!r}",
                         agreement=aid, hint=f"seats: {', '.join(sorted(seat_ids))}")
            if member.end and member.end < member.start:
                c.add_at(loaded, ["members", i, "until"], "the membership ends before it starts",
                         agreement=aid, hint="check the dates")


def _check_signatory_references(c: _Collector, loaded: Loaded, s: Signatory, agreement: Agreement) -> None:
    """The versions and report kinds a signatory file names exist in its agreement."""
    aid = agreement.id
    versions = {r.version: r for r in agreement.revisions}
    kinds = {r.kind for r in agreement.terms.reports}
    for i, m in enumerate(s.memberships):
        rev = versions.get(m.signed.version)
        if rev is None:
            c.add_at(loaded, ["memberships", i, "signed", "version"],
                     f"version {m.signed.version!r} is not a version of the agreement", agreement=aid,
                     hint=f"versions: {', '.join(versions)}")
        elif m.signed.text_sha256 and m.signed.text_sha256 != rev.text_sha256:
            c.add_at(loaded, ["memberships", i, "signed", "text_sha256"],
                     f"the recorded text hash is not that of version {rev.version}", agreement=aid,
                     hint=f"version {rev.version} has text_sha256 {rev.text_sha256}")
        for j, conf in enumerate(m.confirmations):
            if conf.version not in versions:
                c.add_at(loaded, ["memberships", i, "confirmations", j, "version"],
                         f"version {conf.version!r} is not a version of the agreement", agreement=aid,
                         hint=f"versions: {', '.join(versions)}")
    for i, r in enumerate(s.reports):
        if r.kind not in kinds:
            c.add_at(loaded, ["reports", i, "kind"], f"report kind {r.kind!r} is not one the agreement asks for",
                     agreement=aid, hint=f"kinds: {', '.join(sorted(kinds)) or 'none declared'}")


def check_file(path: Path, kind: str, root: Path | None = None) -> list[Finding]:
    """Parse and schema-check one file of ``kind`` on its own (no cross-file checks)."""
    root = (root or path.parent).resolve()
    findings = Findings()
    _Collector(root, findings).read(path.resolve(), kind, None)
    return findings.sorted()


def load(root: Path | None = None, agreements: Sequence[str] | None = None, *,
         documents: bool = False, signatories: bool = True) -> LoadResult:
    """Load the repository at ``root`` (found from the current folder when None).

    ``agreements`` limits loading to those ids; an unknown id raises :class:`AgreementNotFoundError`.
    ``documents=True`` keeps parsed, schema-valid documents in ``.overens-cache/`` and takes them
    from there while a file's text is unchanged (the same result, without parsing; issue #7).
    ``signatories=False`` leaves the signatory files unread: the agreements have no signatories,
    and what the signatory files would have added to the findings is missing (for callers that
    check them one by one with :func:`signatory_files` and :func:`check_signatory`).
    """
    root = (root or find_root()).resolve()
    findings = Findings()
    environment = None
    if documents:
        from .cache import environment_key
        from .resources import shipped_dir

        environment = environment_key([shipped_dir("schemas"), root / "schemas"], "documents")
    c = _Collector(root, findings, environment)
    folders = agreement_folders(root)
    if agreements:
        for a in agreements:
            check_agreement_id(a)
        known = {f.name: f for f in folders}
        unknown = [a for a in agreements if a not in known]
        if unknown:
            raise AgreementNotFoundError(
                f"unknown agreement {', '.join(map(repr, unknown))}",
                hint=f"known agreements: {', '.join(known) or 'none'}",
            )
        folders = [known[a] for a in agreements]
    folders = [f for f in folders if not _symlinked(f, c, f.name)]
    loaded = [a for a in (_load_agreement_documents(f, c, signatories) for f in folders) if a is not None]
    return LoadResult(Repository(str(root), tuple(loaded)), findings)


def _load_agreement_documents(folder: Path, c: _Collector, signatories: bool = True) -> Agreement | None:
    """:func:`_load_agreement`, with the folder's document cache open when the collector has one."""
    c.open_documents(folder.name)
    try:
        return _load_agreement(folder, c, signatories)
    finally:
        c.close_documents()


def signatory_names(root: Path, agreement_id: str) -> tuple[Path, list[str], Findings]:
    """The folder of the agreement's signatory files, the names of those :func:`load` reads in its
    order, and what it says about the folder (a linked folder is an error and yields no names;
    stray entries are warnings). ``root`` must be resolved."""
    findings = Findings()
    folder = root / AGREEMENTS_DIR / agreement_id / SIGNATORIES_DIR
    names = _yaml_names(folder, _Collector(root, findings), agreement_id)
    return folder, names, findings


def check_signatory(root: Path, path: Path, agreement: Agreement) -> tuple[Signatory | None, Findings]:
    """One signatory file of ``agreement``, checked exactly as :func:`load` checks it: read, parsed,
    schema-validated, scanned for personal data, its id, its periods, and the versions and report
    kinds it names. The signatory is None when the file could not be loaded at all. ``root`` must
    be resolved."""
    findings = Findings()
    c = _Collector(root, findings)
    found = _read_signatory(c, path, agreement.id)
    if found is None:
        return None, findings
    loaded, signatory = found
    _check_periods(c, loaded, signatory, agreement.id)
    _check_signatory_references(c, loaded, signatory, agreement)
    return signatory, findings


def load_repository(path: Path | str | None = None) -> Repository:
    """Load a repository as typed model objects; raise :class:`ValidationFailed` on any error.

    The library entry point: ``overens.load_repository("path/to/repo")``.
    """
    root = resolve_root(Path(path)) if path is not None else find_root()
    result = load(root)
    if result.findings.errors:
        first = result.findings.sorted()[0]
        raise ValidationFailed(
            f"{result.findings.errors} error(s) in the repository; the first: {first.location}: {first.message}",
            hint="run `overens validate` to see them all",
        )
    return result.repository


def load_agreement_text(root: Path, agreement_id: str) -> tuple[Agreement | None, Findings]:
    """Load one agreement's agreement.yaml and principles, schema-validated, and nothing else.

    What ``sign`` and ``withdraw`` need (the terms, the versions and the canonical text hash), at a
    cost that grows neither with the repository nor with the agreement's signatories (issue #7).
    The agreement has no signatories, bodies' members or cross-file checks; the agreement is None
    when agreement.yaml or a principle has errors (they are in the findings).
    """
    root = root.resolve()
    check_agreement_id(agreement_id)
    folder = root / AGREEMENTS_DIR / agreement_id
    if not (folder / AGREEMENT_FILE).is_file():
        raise AgreementNotFoundError(
            f"unknown agreement {agreement_id!r}",
            hint="known agreements: "
            + (", ".join(f.name for f in agreement_folders(root)) or "none"),
        )
    findings = Findings()
    c = _Collector(root, findings)
    main = c.read(folder / AGREEMENT_FILE, "agreement", agreement_id)
    paths = _yaml_files(folder / PRINCIPLES_DIR, c, agreement_id)
    principles = [p for p in (c.read(path, "principle", agreement_id) for path in paths) if p]
    if main is None or len(principles) != len(paths):
        return None, findings
    agreement = Agreement.build(
        main.rel, main.data,
        text_sha256=canonical.text_sha256(main.data, [p.data for p in principles]),
        principles=tuple(Principle.build(p.rel, p.data) for p in principles),
    )
    return agreement, findings
