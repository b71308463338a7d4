"""Versions bound to their text: ``overens version`` and ``overens diff``.

A version's text is fixed by the SHA-256 its revision declares (:mod:`overens.model.canonical`). The
loader reports a text that no longer matches (rule ``text-hash``); this module answers the
questions around it: which version is current and does its text match, who has still to confirm
the latest material revision, and what changed between two git revisions or since the version an
organisation signed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overens.constants import AGREEMENT_FILE, AGREEMENTS_DIR, SIGNATORIES_DIR
from overens.errors import (
    AgreementNotFoundError,
    NotAGitRepoError,
    SignatoryNotFoundError,
    UsageError,
    ValidationFailed,
)
from overens.model.agreement import Agreement, Revision
from overens.model.findings import Severity
from overens.model.signatory import Signatory
from overens.revisions.compare import Comparison, compare
from overens.store import safe_yaml
from overens.store.folders import agreement_folder
from overens.vcs import reading, snapshot

# --------------------------------------------------------------------------- version


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """The current version of an agreement and whether its text is the one declared."""

    agreement: Agreement
    declared_sha256: str | None
    other_problems: int
    """Errors other than the text hash (their files are left out of the hash)."""
    awaiting: tuple[Signatory, ...]
    """Active signatories that have not confirmed the latest material revision."""

    @property
    def matches(self) -> bool:
        return self.declared_sha256 == self.agreement.text_sha256

    def to_dict(self) -> dict[str, Any]:
        a = self.agreement
        return {
            "agreement": a.id,
            "version": a.version,
            "text_sha256": a.text_sha256,
            "declared_sha256": self.declared_sha256,
            "matches": self.matches,
            "revisions": [
                {
                    "version": r.version,
                    "date": r.date.isoformat() if r.date else None,
                    "kind": r.kind,
                    "summary": r.summary,
                    "decided_by": r.decided_by,
                    "text_sha256": r.text_sha256,
                    "text_recorded": r.text_recorded,
                    "current": r.version == a.version,
                }
                for r in a.revisions
            ],
            "awaiting_confirmation": [
                {"id": s.id, "name": s.name, "version": s.last.version} for s in self.awaiting
            ],
        }


def latest_material(agreement: Agreement) -> Revision | None:
    """The latest material revision up to the current version (what signatories must have confirmed)."""
    versions = [r.version for r in agreement.revisions]
    if agreement.version not in versions:
        return None
    current = versions.index(agreement.version)
    material = [r for r in agreement.revisions[: current + 1] if r.material]
    return material[-1] if material else None


def awaiting_confirmation(agreement: Agreement, day: dt.date) -> list[Signatory]:
    """Signatories active on ``day`` whose latest signed or confirmed version precedes the latest
    material revision. Editorial revisions never put anyone here."""
    required = latest_material(agreement)
    if required is None:
        return []
    order = {r.version: i for i, r in enumerate(agreement.revisions)}
    needed = order[required.version]
    return [
        s
        for s in agreement.signatories
        if s.active_on(day) and s.last.version in order and order[s.last.version] < needed
    ]


def version_info(root: Path, agreement_id: str, day: dt.date) -> VersionInfo:
    """What ``overens version`` prints."""
    from overens.store.loader import load  # jsonschema: only `version` needs it, not `diff`

    agreement_folder(root, agreement_id)  # an unknown id: "did you mean", exit 2
    result = load(root, [agreement_id])
    agreement = result.repository.agreement(agreement_id)
    if agreement is None:
        first = next((f for f in result.findings.sorted() if f.severity is Severity.ERROR), None)
        raise ValidationFailed(
            f"the agreement {agreement_id!r} cannot be read"
            + (f": {first.location}: {first.message}" if first else ""),
            hint=f"run `overens validate agreements/{agreement_id}` and fix what it reports",
        )
    declared = agreement.revision(agreement.version)
    others = sum(
        1 for f in result.findings if f.severity is Severity.ERROR and f.rule != "text-hash"
    )
    return VersionInfo(
        agreement,
        declared.text_sha256 if declared else None,
        others,
        tuple(awaiting_confirmation(agreement, day)),
    )


# --------------------------------------------------------------------------- diff


def _commit(root: Path, rev: str) -> str:
    return reading.resolve(root, rev)


def default_base(root: Path) -> tuple[str, str]:
    """The merge base of HEAD with the default branch, and a label for it."""
    if not reading.is_repository(root):
        raise NotAGitRepoError(
            f"{root} is not inside a git repository",
            hint="overens diff compares git revisions; run `git init` and commit first",
        )
    try:
        head = _commit(root, "HEAD")
    except UsageError:
        raise UsageError(
            "the repository has no commits yet", hint="commit first, or pass --base REV"
        ) from None
    branch = reading.default_branch(root)
    if branch is None:
        raise UsageError(
            "cannot tell the default branch (no main, master or origin/HEAD)",
            hint="pass --base REV (a branch, tag or commit to compare with)",
        )
    base = reading.merge_base(root, head, branch)
    if base is None:
        raise UsageError(f"HEAD and {branch} have no common history", hint="pass --base REV")
    return base, f"{base[:7]} (the merge base with {branch})"


def signed_version(head: snapshot.Snapshot, org: str) -> str:
    """The version ``org`` last signed or confirmed, from its signatory file."""
    data = head.signatories.get(org)
    if data is None:
        known = ", ".join(sorted(head.signatories)) or "none"
        raise SignatoryNotFoundError(
            f"{org!r} is not a signatory of {head.agreement_id} ({head.label})",
            hint=f"signatories: {known}",
        )
    memberships = data.get("memberships") or []
    if not memberships or not isinstance(memberships[-1], dict):
        raise SignatoryNotFoundError(f"{org!r} has no membership recorded in {head.agreement_id}")
    last = memberships[-1]
    confirmations = last.get("confirmations") or []
    if confirmations:
        return str(confirmations[-1]["version"])
    return str(last["signed"]["version"])


def first_commits(root: Path, agreement_id: str) -> dict[str, reading.Commit]:
    """Each version ``agreement.yaml`` has had in git, with the first commit in which it had it,
    all found by one ``git log`` and one ``git cat-file``."""
    rel = f"{AGREEMENTS_DIR}/{agreement_id}/{AGREEMENT_FILE}"
    commits = reading.log(root, [rel])
    blobs = {c.sha: next((ch.blob for ch in c.changes if ch.path == rel), None) for c in commits}
    texts = reading.read_blobs(root, (b for b in blobs.values() if b))
    found: dict[str, reading.Commit] = {}
    for c in commits:
        blob = blobs[c.sha]
        if blob is None or blob not in texts:
            continue
        try:
            data = safe_yaml.parse(texts[blob].decode("utf-8"), f"{c.short}:{rel}")
        except (safe_yaml.YamlProblem, UnicodeDecodeError):
            continue
        if isinstance(data, dict):
            found.setdefault(str(data.get("version")), c)
    return found


def commit_of_version(root: Path, agreement_id: str, version: str) -> reading.Commit:
    """The first commit in which ``agreement.yaml``'s ``version`` is ``version``."""
    found = first_commits(root, agreement_id)
    if version in found:
        return found[version]
    rel = f"{AGREEMENTS_DIR}/{agreement_id}/{AGREEMENT_FILE}"
    raise UsageError(
        f"no commit of {rel} has version {version!r}",
        hint="the version was never committed; commit it, or pass --base REV instead",
    )


@dataclass(frozen=True, slots=True)
class DiffResult:
    base_label: str
    head_label: str
    comparisons: tuple[Comparison, ...]


def _compared(
    root: Path,
    agreement_id: str | None,
    base: tuple[str | None, str],
    head: tuple[str | None, str],
) -> list[str]:
    """The agreements to compare (each a ``(commit, label)``; None is the working tree):
    ``agreement_id`` when either side has it, else every agreement either side has."""
    known = set(snapshot.agreement_ids(root, base[0])) | set(snapshot.agreement_ids(root, head[0]))
    if agreement_id is None:
        return sorted(known)
    if agreement_id not in known:
        if not (root / AGREEMENTS_DIR / agreement_id).is_dir():
            agreement_folder(root, agreement_id)  # unknown here too: "did you mean", exit 2
        raise AgreementNotFoundError(
            f"unknown agreement {agreement_id!r} (in neither {base[1]} nor {head[1]})",
            hint=f"agreements: {', '.join(sorted(known)) or 'none'}",
        )
    return [agreement_id]


def diff(
    root: Path,
    agreement_id: str | None,
    *,
    base: str | None = None,
    head: str | None = None,
    since_signed: str | None = None,
) -> DiffResult:
    """Compare the agreement's text (every agreement's when ``agreement_id`` is None) between two
    revisions. ``head`` None is the working tree; ``base`` None is the merge base with the default
    branch, or, with ``since_signed``, the commit of the version that organisation last signed."""
    if since_signed and base:
        raise UsageError("--since-signed and --base both choose the base; give one of them")
    if since_signed and agreement_id is None:
        raise UsageError("--since-signed needs the AGREEMENT the organisation signed")
    head_sha = _commit(root, head) if head else None
    head_label = reading.describe(root, head_sha) if head_sha else reading.WORKING_TREE

    def head_of(aid: str, folders: tuple[str, ...] = snapshot.TEXT) -> snapshot.Snapshot:
        if head_sha:
            return snapshot.at_revision(root, aid, head_sha, head_label, folders=folders)
        return snapshot.in_working_tree(root, aid, folders=folders)

    if since_signed:
        assert agreement_id is not None
        current = head_of(agreement_id, (SIGNATORIES_DIR,))
        version = signed_version(current, since_signed)
        commit = commit_of_version(root, agreement_id, version)
        base_sha = commit.sha
        base_label = f"{base_sha[:7]}, version {version} as {since_signed} last signed it"
    elif base:
        base_sha = _commit(root, base)
        base_label = reading.describe(root, base_sha)
    else:
        base_sha, base_label = default_base(root)

    comparisons = []
    for aid in _compared(root, agreement_id, (base_sha, base_label), (head_sha, head_label)):
        c = compare(
            snapshot.at_revision(root, aid, base_sha, base_label, folders=snapshot.TEXT),
            head_of(aid),
        )
        if agreement_id is not None or not c.empty:
            comparisons.append(c)
    return DiffResult(base_label, head_label, tuple(comparisons))
