"""Load a repository: files → yamlio → schema → model, collecting every problem as a finding.

One run reports every problem in every file (check-jsonschema's pipeline: instance loader →
schema → result). A file that fails to parse or to validate is left out of the model; the other
files still load, so one broken signatory does not hide the findings of the rest.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from overens.constants import (
    AGREEMENT_FILE,
    AGREEMENTS_DIR,
    BODIES_DIR,
    EVENTS_DIR,
    EVIDENCE_DIR,
    PLANS_DIR,
    PRINCIPLES_DIR,
    SIGNATORIES_DIR,
)
from overens.errors import AgreementNotFoundError, ValidationFailed
from overens.model import canonical
from overens.model.agreement import Agreement, Principle
from overens.model.events import EventYear
from overens.model.findings import Finding, Findings, Severity
from overens.model.governance import BodyMembers
from overens.model.plans import Plan
from overens.model.repository import Repository
from overens.model.signatory import Signatory
from overens.store.collector import (
    Collector,
    Loaded,
    check_id,
    refuse_folder,
    yaml_files,
    yaml_names,
)
from overens.store.cross_checks import (
    check_events_file,
    check_plan_file,
    check_principle_numbers,
    check_unique_ids,
    check_version,
)
from overens.store.folders import agreement_folders, check_agreement_id, find_root, resolve_root
from overens.store.references import Files, check_references, check_succession
from overens.store.signatory_checks import check_periods, check_signatory_references

_KNOWN_ENTRIES = {
    AGREEMENT_FILE,
    PRINCIPLES_DIR,
    SIGNATORIES_DIR,
    BODIES_DIR,
    PLANS_DIR,
    EVENTS_DIR,
    EVIDENCE_DIR,
    "README.md",
}


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The model built from every valid file, and every finding."""

    repository: Repository
    findings: Findings


def _load_agreement(
    folder: Path, c: Collector, with_signatories: bool = True
) -> tuple[Agreement, Loaded] | None:
    """One agreement folder: every file read and checked, then checked across files.

    When a principle file cannot be read, the text is not all there: its numbering and its hash
    are not judged (the file's own problem is reported, once, where it is)."""
    agreement_id = folder.name
    main = _read_main(folder, c)
    principles, complete = _read_principles(folder, c)
    signatories: list[tuple[Loaded, Signatory]] = []
    signatory_ids: set[str] | None = None
    if with_signatories:
        paths = yaml_files(folder / SIGNATORIES_DIR, c, agreement_id)
        signatory_ids = {p.stem for p in paths}
        for path in paths:
            found = _read_signatory(c, path, agreement_id)
            if found:
                signatories.append(found)
    members = _read_records(folder / BODIES_DIR, c, "body", agreement_id, BodyMembers.build)
    for loaded, _ in members:
        check_id(c, loaded, Path(loaded.rel).stem, "body", agreement_id)
    plans = _read_records(folder / PLANS_DIR, c, "plan", agreement_id, Plan.build)
    for loaded, plan in plans:
        check_plan_file(c, loaded, plan, Path(loaded.rel).stem, agreement_id)
    events = _read_records(folder / EVENTS_DIR, c, "events", agreement_id, EventYear.build)
    for loaded, year in events:
        check_events_file(c, loaded, year, Path(loaded.rel).stem, agreement_id)

    if complete:
        check_principle_numbers(c, folder, principles, agreement_id)
    for loaded, signatory in signatories:
        check_periods(c, loaded, signatory, agreement_id)
    if main is None:
        return None
    raw_principles = [p.data for p, _ in principles]
    agreement = Agreement.build(
        main.rel,
        main.data,
        text_sha256=canonical.text_sha256(main.data, raw_principles),
        principles=tuple(p for _, p in principles),
        signatories=tuple(s for _, s in signatories),
        members=tuple(m for _, m in members),
        plans=tuple(p for _, p in plans),
        events=tuple(e for _, e in events),
        complete=complete,
    )
    check_unique_ids(c, main, agreement, events)
    check_version(c, main, agreement)
    if signatory_ids is None:  # only parties, plans and events name a signatory's file
        named = plans or events or any(p.signatory for p in agreement.parties)
        signatory_ids = _names(folder / SIGNATORIES_DIR) if named else set()
    files = Files(main, principles, signatories, members, plans, events, signatory_ids)
    check_references(c, agreement, files)
    return agreement, main


def _names(folder: Path) -> set[str]:
    """The ids of the .yaml files in ``folder``, to check references to them (what is wrong with
    the folder itself is reported where its files are read)."""
    try:
        return {n[:-5] for n in os.listdir(folder) if n.endswith(".yaml") and not n.startswith(".")}
    except OSError:
        return set()


R = TypeVar("R")


def _read_records(
    folder: Path, c: Collector, kind: str, agreement_id: str, build: Callable[[str, Any], R]
) -> list[tuple[Loaded, R]]:
    """Every file of ``kind`` in ``folder`` (bodies/, plans/, events/), read and built."""
    found = []
    for path in yaml_files(folder, c, agreement_id):
        loaded = c.read(path, kind, agreement_id)
        if loaded:
            found.append((loaded, build(loaded.rel, loaded.data)))
    return found


def _read_main(folder: Path, c: Collector) -> Loaded | None:
    """agreement.yaml (and a warning for each entry of the folder overens does not read)."""
    agreement_id = folder.name
    for entry in sorted(folder.iterdir()):
        if entry.name not in _KNOWN_ENTRIES and not entry.name.startswith("."):
            c.add(
                c.rel(entry),
                f"unexpected entry in the agreement folder {agreement_id}/; it is ignored",
                severity=Severity.WARNING,
                agreement=agreement_id,
                hint="an agreement folder holds agreement.yaml, principles/, signatories/, bodies/, "
                "plans/, events/ and evidence/",
            )
    main_file = folder / AGREEMENT_FILE
    if not main_file.exists() and not main_file.is_symlink():
        c.add(
            c.rel(folder) + "/",
            f"the agreement folder has no {AGREEMENT_FILE}",
            agreement=agreement_id,
            hint=f"add {c.rel(main_file)} or remove the folder",
        )
        return None
    main = c.read(main_file, "agreement", agreement_id)
    if main:
        check_id(c, main, agreement_id, "agreement", agreement_id)
    return main


def _read_principles(folder: Path, c: Collector) -> tuple[list[tuple[Loaded, Principle]], bool]:
    """Every principle file, its id and its number checked against its file name; and whether
    every one could be read."""
    agreement_id = folder.name
    principles: list[tuple[Loaded, Principle]] = []
    complete = True
    for path in yaml_files(folder / PRINCIPLES_DIR, c, agreement_id):
        loaded = c.read(path, "principle", agreement_id)
        complete = complete and loaded is not None
        if loaded:
            check_id(c, loaded, path.stem, "principle", agreement_id)
            principle = Principle.build(loaded.rel, loaded.data)
            if int(principle.id[:2]) != principle.number:
                c.add_at(
                    loaded,
                    ["number"],
                    f"principle number {principle.number} does not match "
                    f"the file name's prefix {principle.id[:2]}",
                    agreement=agreement_id,
                    hint=f"rename the file to {principle.number:02d}-{principle.id[3:]}.yaml or fix the number",
                )
            principles.append((loaded, principle))
    return principles, complete


def _read_signatory(c: Collector, path: Path, agreement_id: str) -> tuple[Loaded, Signatory] | None:
    loaded = c.read(path, "signatory", agreement_id)
    if not loaded:
        return None
    check_id(c, loaded, path.stem, "signatory", agreement_id)
    return loaded, Signatory.build(loaded.rel, loaded.data)


def check_file(path: Path, kind: str, root: Path | None = None) -> list[Finding]:
    """Parse and schema-check one file of ``kind`` on its own (no cross-file checks)."""
    root = (root or path.parent).resolve()
    findings = Findings()
    Collector(root, findings).read(Path(os.path.realpath(path.parent)) / path.name, kind, None)
    return findings.sorted()


def load(
    root: Path | None = None,
    agreements: Sequence[str] | None = None,
    *,
    documents: bool = False,
    signatories: bool = True,
) -> LoadResult:
    """Load the repository at ``root`` (found from the current folder when None).

    ``agreements`` limits loading to those ids; an unknown id raises :class:`AgreementNotFoundError`.
    ``documents=True`` keeps parsed, schema-valid documents in ``.overens-cache/`` and takes them
    from there while a file's text is unchanged (the same result, without parsing).
    ``signatories=False`` leaves the signatory files unread: the agreements have no signatories,
    and what the signatory files would have added to the findings is missing (for callers that
    check them one by one with :func:`signatory_files` and :func:`check_signatory`).
    """
    root = (root or find_root()).resolve()
    findings = Findings()
    environment = None
    if documents:
        from overens.resources import shipped_dir
        from overens.store.cache import environment_key

        environment = environment_key([shipped_dir("schemas"), root / "schemas"], "documents")
    c = Collector(root, findings, environment)
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
    folders = [f for f in folders if not refuse_folder(f, c)]
    loaded = [
        a for a in (_load_agreement_documents(f, c, signatories) for f in folders) if a is not None
    ]
    linked = _load_linked(root, [a for a, _ in loaded], environment, signatories)
    repository = Repository(str(root), tuple(a for a, _ in loaded), linked)
    names = {f.name for f in agreement_folders(root)}
    for agreement, main in loaded:
        check_succession(c, main, agreement, repository.others(agreement), names)
    return LoadResult(repository, findings)


def _load_linked(
    root: Path, loaded: list[Agreement], environment: str | None, signatories: bool
) -> tuple[Agreement, ...]:
    """The agreements the loaded ones' succession links name that were not asked for, loaded for
    what the rules and documents need of them (their findings are not reported here)."""
    have = {a.id for a in loaded}
    wanted = sorted({i for a in loaded for i in a.succession.linked} - have)
    if not wanted:
        return ()
    quiet = Collector(root, Findings(), environment)
    found = []
    for agreement_id in wanted:
        folder = root / AGREEMENTS_DIR / agreement_id
        if folder.is_symlink() or not (folder / AGREEMENT_FILE).is_file():
            continue
        result = _load_agreement_documents(folder, quiet, signatories)
        if result is not None:
            found.append(result[0])
    return tuple(found)


def _load_agreement_documents(
    folder: Path, c: Collector, signatories: bool = True
) -> tuple[Agreement, Loaded] | None:
    """:func:`_load_agreement`, with the folder's document cache open when the collector has one."""
    c.open_documents(folder.name)
    try:
        return _load_agreement(folder, c, signatories)
    finally:
        c.close_documents()


def signatory_names(
    root: Path, agreement_id: str, skipped: list[str] | None = None
) -> tuple[Path, list[str], Findings]:
    """The folder of the agreement's signatory files, the names of those :func:`load` reads in its
    order, and what it says about the folder (a linked folder is an error and yields no names;
    stray entries are warnings). ``skipped`` gets the other names ending in ``.yaml``. ``root``
    must be resolved."""
    findings = Findings()
    folder = root / AGREEMENTS_DIR / agreement_id / SIGNATORIES_DIR
    names = yaml_names(folder, Collector(root, findings), agreement_id, skipped)
    return folder, names, findings


def check_signatory(
    root: Path, path: Path, agreement: Agreement
) -> tuple[Signatory | None, Findings]:
    """One signatory file of ``agreement``, checked exactly as :func:`load` checks it: read, parsed,
    schema-validated, scanned for personal data, its id, its periods, and the versions and report
    kinds it names. The signatory is None when the file could not be loaded at all. ``root`` must
    be resolved."""
    findings = Findings()
    c = Collector(root, findings)
    found = _read_signatory(c, path, agreement.id)
    if found is None:
        return None, findings
    loaded, signatory = found
    check_periods(c, loaded, signatory, agreement.id)
    check_signatory_references(c, loaded, signatory, agreement)
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
    cost that grows neither with the repository nor with the agreement's signatories.
    The agreement has no signatories, bodies' members or cross-file checks; the agreement is None
    when agreement.yaml or a principle has errors (they are in the findings).
    """
    root = root.resolve()
    check_agreement_id(agreement_id)
    folder = root / AGREEMENTS_DIR / agreement_id
    main_file = folder / AGREEMENT_FILE
    if not (main_file.exists() or main_file.is_symlink()):
        raise AgreementNotFoundError(
            f"unknown agreement {agreement_id!r}",
            hint="known agreements: "
            + (", ".join(f.name for f in agreement_folders(root)) or "none"),
        )
    findings = Findings()
    c = Collector(root, findings)
    main = c.read(folder / AGREEMENT_FILE, "agreement", agreement_id)
    paths = yaml_files(folder / PRINCIPLES_DIR, c, agreement_id)
    principles = [p for p in (c.read(path, "principle", agreement_id) for path in paths) if p]
    if main is None or len(principles) != len(paths):
        return None, findings
    agreement = Agreement.build(
        main.rel,
        main.data,
        text_sha256=canonical.text_sha256(main.data, [p.data for p in principles]),
        principles=tuple(Principle.build(p.rel, p.data) for p in principles),
    )
    return agreement, findings
