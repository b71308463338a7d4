"""What ``new``, ``adopt`` and ``revise`` share: the result they report, agreement.yaml written
line by line, and the text files that go into their one commit.

The text is agreement.yaml and the principles (:mod:`overens.model.canonical`). Adopting or
revising declares a hash of the text as it is in the working tree, so the commit that declares it
holds exactly that text: every text file with uncommitted changes is committed with the
declaration (docs/decisions/0406-the-text-through-commands.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overens.constants import (
    AGREEMENT_FILE,
    AGREEMENTS_DIR,
    PRINCIPLES_DIR,
    SCHEMA_FILES,
    SCHEMAS_DIR,
)
from overens.errors import RefusedError
from overens.membership.change import one_line
from overens.model import canonical
from overens.model.agreement import Agreement
from overens.model.findings import Severity
from overens.store import safe_yaml, yaml_patch
from overens.store.folders import relative
from overens.store.loader import load_agreement_text
from overens.vcs import reading
from overens.vcs.transaction import Transaction


@dataclass(frozen=True, slots=True)
class TextChange:
    """What new, adopt or revise did (or, with ``dry_run``, would do)."""

    action: str
    """``new``, ``adopt`` or ``revise``."""
    agreement: str
    version: str
    path: str
    """agreement.yaml, relative to the repository root."""
    text: str
    """agreement.yaml's new text."""
    message: str
    """The commit message."""
    files: tuple[str, ...]
    """Every file written or committed (agreement.yaml first)."""
    text_sha256: str | None = None
    """The hash declared (None for a draft)."""
    changed: tuple[str, ...] = ()
    """What changed in the text, one line each (revise: principle by principle)."""
    commit: str | None = None
    branch: str | None = None
    dry_run: bool = False
    layout_kept: bool = True
    recovered: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "agreement": self.agreement,
            "version": self.version,
            "path": self.path,
            "files": list(self.files),
            "text_sha256": self.text_sha256,
            "changed": list(self.changed),
            "commit": self.commit,
            "branch": self.branch,
            "dry_run": self.dry_run,
        }


def schema_comment(root: Path, kind: str, depth: int) -> str:
    """The editor's ``$schema`` line for a file ``depth`` folders below the root: the
    repository's own copy in schemas/, by a relative path (docs/decisions/0008-portable-schemas.md;
    `overens schemas update` writes the copy where it is missing)."""
    return "../" * depth + f"{SCHEMAS_DIR}/{SCHEMA_FILES[kind]}"


@dataclass(frozen=True, slots=True)
class Opened:
    """An agreement about to have its text declared: the model, and agreement.yaml as text and data."""

    agreement: Agreement
    path: Path
    text: str
    data: dict[str, Any]


def open_text(root: Path, agreement_id: str) -> Opened:
    """The agreement's text loaded and validated (agreement.yaml and the principles, nothing
    else); refused while any of its files has an error."""
    agreement, findings = load_agreement_text(root, agreement_id)
    errors = [f for f in findings.sorted() if f.severity is Severity.ERROR]
    if errors or agreement is None:
        first = f"; the first: {errors[0].location}: {errors[0].message}" if errors else ""
        raise RefusedError(
            f"the text of {agreement_id} has {len(errors)} error(s) to fix first{first}",
            hint=f"run `overens validate {AGREEMENTS_DIR}/{agreement_id}` and fix what it reports",
        )
    path = root / AGREEMENTS_DIR / agreement_id / AGREEMENT_FILE
    text = safe_yaml.read_text(path)
    data = safe_yaml.parse(text, relative(root, path))
    assert isinstance(data, dict)  # load_agreement_text validated it
    return Opened(agreement, path, text, data)


def patched(root: Path, opened: Opened, new: dict[str, Any]) -> tuple[str, bool]:
    """agreement.yaml's text for ``new``: the lines of unchanged keys kept (comments too)."""
    return yaml_patch.update(
        opened.text, opened.data, new, schema_comment=schema_comment(root, "agreement", 2)
    )


def text_files(transaction: Transaction, agreement_id: str) -> dict[Path, bytes]:
    """The principle files whose working-tree text differs from HEAD's, to commit with the
    declaration of that text. Refuses a principle removed but not committed (a commit of
    these files can add and change files; a removal must be committed on its own first)."""
    git = transaction.git
    if git is None or not transaction.delivery.commit:
        return {}
    folder = transaction.root / AGREEMENTS_DIR / agreement_id / PRINCIPLES_DIR
    files = {}
    for path in principle_paths(transaction.root, agreement_id):
        transaction.check_target(path)
        if not git.path_status(path).clean:
            files[path] = path.read_bytes()
    head = git.head_commit()
    rel = relative(transaction.root, folder)
    committed = reading.tree_files(transaction.root, head, rel) if head else {}
    gone = sorted(p for p in committed if not (transaction.root / p).exists())
    if gone:
        raise RefusedError(
            f"{', '.join(gone)} {'was' if len(gone) == 1 else 'were'} removed from the working "
            "tree but not committed; the text to declare is unclear",
            hint=f"commit the removal first (git rm {' '.join(gone)} && git commit), or restore it",
        )
    return files


def principle_paths(root: Path, agreement_id: str) -> list[Path]:
    """The principle files the loader reads (``*.yaml``, not hidden), in its order."""
    folder = root / AGREEMENTS_DIR / agreement_id / PRINCIPLES_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("."))


def text_sha256(root: Path, agreement_id: str, data: dict[str, Any]) -> str:
    """The hash of the text made of ``data`` (agreement.yaml to be) and the principles on disk."""
    principles = [safe_yaml.load(p) for p in principle_paths(root, agreement_id)]
    return canonical.text_sha256(data, principles)


def refuse_future(option: str, day: dt.date, today: dt.date) -> None:
    if day > today:
        raise RefusedError(
            f"{option} {day}: the decision's date is in the future (today is {today})",
            hint="record a decision once it has been taken",
        )


def message(subject: str, body: list[str], trailers: list[str]) -> str:
    """A commit message: one subject line, an optional body, and trailers (one line each)."""
    text = one_line(subject) + "\n\n"
    if body:
        text += "\n".join(one_line(line) for line in body) + "\n\n"
    return text + "\n".join(one_line(t) for t in trailers if t) + "\n"
