"""``overens revise``: a changed text declared as a new version, editorial or material, as one commit.

The hash of the text as it stands is computed here and written with the revision, through the
line-level patcher (a summary such as ``Ändrad: § 3`` is quoted by the YAML writer, never pasted
into a template). What changed is found by the principle-level comparison
(:mod:`overens.revisions.compare`) between the text the current version declared (the newest
commit whose text has its hash) and the working tree; it is printed and listed in the commit
body. ``--branch`` puts the commit on a new branch for a pull request, like ``sign --branch``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overens.constants import AGREEMENT_FILE, AGREEMENTS_DIR, PRINCIPLES_DIR
from overens.errors import NotAGitRepoError, OverensError, RefusedError, UsageError
from overens.model import canonical
from overens.model.agreement import Agreement
from overens.revisions.compare import compare
from overens.revisions.diff_report import summary_lines
from overens.revisions.text_change import (
    TextChange,
    message,
    open_text,
    patched,
    refuse_future,
    text_files,
)
from overens.store.folders import agreement_folder, relative, resolve_root
from overens.vcs import reading, snapshot
from overens.vcs.transaction import Delivery, Transaction

KINDS = ("editorial", "material")
MAX_COMMITS_SEARCHED = 200
"""How far back the text the current version declared is looked for (for the list of changes)."""


@dataclass(frozen=True, slots=True)
class ReviseRequest:
    """A revision of the text (the options of ``overens revise``)."""

    agreement: str
    kind: str
    """editorial (wording; nobody signs again) or material (signatories confirm)."""
    summary: str
    decided_by: str
    date: dt.date | None = None
    """The day of the decision; today when None."""
    reference: str | None = None
    paragraph: str | None = None
    version: str | None = None
    """The new version; the current one with its last number raised by one when None."""


def next_version(current: str) -> str:
    """``1`` → ``2``, ``1.4`` → ``1.5``."""
    parts = current.split(".")
    return ".".join([*parts[:-1], str(int(parts[-1]) + 1)])


def _checked(request: ReviseRequest, a: Agreement, day: dt.date) -> dict[str, Any]:
    """The revision entry to append, every value checked; refuses what cannot be declared."""
    problems: list[str] = []
    if request.kind not in KINDS:
        problems.append(f"--kind {request.kind!r}: use editorial or material")
    values = {}
    for key, option in (("summary", "--summary"), ("decided_by", "--decided-by")):
        text = " ".join(str(getattr(request, key) or "").split())
        if not text:
            problems.append(f"{option} is empty")
        values[key] = text
    version = request.version or next_version(a.version)
    if a.revision(version) is not None:
        problems.append(f"--version {version}: version {version} is declared already")
    elif not canonical_version(version):
        problems.append(f"--version {version!r}: write numbers separated by dots (2, 1.1)")
    current = a.revision(a.version)
    if current is not None and current.date is not None and day < current.date.first:
        problems.append(f"--date {day}: before version {a.version} was decided ({current.date})")
    if problems:
        raise UsageError("; ".join(problems))
    entry: dict[str, Any] = {"version": version, "date": day.isoformat(), "kind": request.kind}
    entry |= values
    for key, value in (("reference", request.reference), ("paragraph", request.paragraph)):
        if value is not None and value.strip():
            entry[key] = " ".join(value.split())
    entry["text_sha256"] = a.text_sha256
    return entry


def canonical_version(version: str) -> bool:
    return all(part.isdigit() for part in version.split("."))


def revise(
    request: ReviseRequest,
    *,
    repo: Path | None = None,
    delivery: Delivery | None = None,
    today: dt.date | None = None,
) -> TextChange:
    """Declare the agreement's changed text as a new version and commit it (with every text file
    changed since the last commit). Refuses a draft, a text that has not changed since the
    current version was declared, a text with errors, and a date in the future."""
    today = today or dt.date.today()
    delivery = delivery or Delivery()
    root = resolve_root(repo).resolve()
    agreement_folder(root, request.agreement)
    day = request.date or today
    refuse_future("--date", day, today)
    transaction = Transaction(root, delivery)
    with transaction.locked():
        opened = open_text(root, request.agreement)
        a = opened.agreement
        _refuse_unchanged(a)
        entry = _checked(request, a, day)
        data = dict(opened.data)
        data["version"] = entry["version"]
        data["revisions"] = [*opened.data["revisions"], entry]
        text, kept = patched(root, opened, data)
        files = {opened.path: text.encode("utf-8"), **text_files(transaction, a.id)}
        changed = tuple(what_changed(root, a))
        trailers = [
            f"Revision-kind: {entry['kind']}",
            f"Decided-on: {day}",
            f"Decided-by: {entry['decided_by']}",
            f"Reference: {entry['reference']}" if "reference" in entry else "",
            f"Paragraph: {entry['paragraph']}" if "paragraph" in entry else "",
            f"Agreement-version: {entry['version']}",
            f"Text-SHA256: {entry['text_sha256']}",
        ]
        body = [entry["summary"]]
        if changed:
            body += ["", "Changed:", *(f"- {c}" for c in changed)]
        msg = message(
            f"revise({a.id}): version {entry['version']} ({entry['kind']})", body, trailers
        )
        commit, branch = transaction.deliver(files, msg)
    return TextChange(
        action="revise",
        agreement=a.id,
        version=entry["version"],
        path=relative(root, opened.path),
        text=text,
        message=msg,
        files=tuple(relative(root, p) for p in files),
        text_sha256=entry["text_sha256"],
        changed=changed,
        commit=commit,
        branch=branch,
        dry_run=delivery.dry_run,
        layout_kept=kept,
        recovered=transaction.recovery_note,
    )


def _refuse_unchanged(a: Agreement) -> None:
    if a.draft:
        raise RefusedError(
            f"{a.id} is a draft: no version has been declared yet, so there is nothing to revise",
            hint=f"when the text is decided, run `overens adopt {a.id} --date YYYY-MM-DD --by BODY`",
        )
    declared = a.revision(a.version)
    if declared is not None and declared.text_sha256 == a.text_sha256:
        raise RefusedError(
            f"the text of {a.id} has not changed since version {a.version} was declared; there "
            "is nothing to revise",
            hint="change the text (agreement.yaml or a principle) first; `overens diff "
            f"{a.id}` shows what differs from the default branch",
        )


def what_changed(root: Path, a: Agreement) -> list[str]:
    """What differs between the text the current version declared and the working tree, one
    line each; empty when that text cannot be found (no git, or not in the last commits)."""
    declared = a.revision(a.version)
    if declared is None or declared.text_sha256 is None:
        return []
    try:
        base = declared_text(root, a.id, declared.text_sha256)
        if base is None:
            return []
        head = snapshot.in_working_tree(root, a.id, folders=snapshot.TEXT)
    except (NotAGitRepoError, OverensError):
        return []
    return summary_lines(compare(base, head))


def declared_text(root: Path, agreement_id: str, sha256: str) -> snapshot.Snapshot | None:
    """The newest committed text of the agreement whose hash is ``sha256``, or None."""
    if not reading.is_repository(root):
        return None
    folder = f"{AGREEMENTS_DIR}/{agreement_id}"
    commits = reading.log(root, [f"{folder}/{AGREEMENT_FILE}", f"{folder}/{PRINCIPLES_DIR}"])
    for commit in reversed(commits[-MAX_COMMITS_SEARCHED:]):
        snap = snapshot.at_revision(
            root, agreement_id, commit.sha, commit.short, folders=snapshot.TEXT
        )
        if snap.agreement is not None and (
            canonical.text_sha256(snap.agreement, snap.principles) == sha256
        ):
            return snap
    return None
