"""What every change of a signatory file shares: the result it reports, the record's key order,
the files it writes, and its commit message.

``sign``, ``withdraw``, ``confirm`` and ``erase`` each return a :class:`Change`; the writing,
committing and rolling back is :mod:`overens.vcs.transaction`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overens.membership.evidence import GivenEvidence
from overens.membership.inputs import validate_record
from overens.membership.lookup import Target
from overens.store import yaml_patch
from overens.store.folders import relative
from overens.vcs.transaction import Transaction

SCHEMA_COMMENT = "../../../schemas/signatory.schema.json"
"""The editor's ``$schema`` line of a signatory file (agreements/<id>/signatories/<slug>.yaml)."""

SIGNATORY_KEYS = (
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
"""The schema's key order, so written files read the same as hand-written ones."""


def ordered(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` with its keys in the schema's order, and without keys whose value is None."""
    return {k: record[k] for k in SIGNATORY_KEYS if record.get(k) is not None}


PERSONAL_KEYS = ("contact",)
"""Top-level keys whose values are personal data: a commit message names what changed in them,
never the values (the signer's name is in sign's Signed-by trailer by design, decision 0100)."""


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One recorded value a change replaced, added or removed (``signer.title``)."""

    path: str
    old: Any
    new: Any

    @property
    def personal(self) -> bool:
        return self.path.split(".", 1)[0] in PERSONAL_KEYS

    def describe(self) -> str:
        """For the person at the terminal: the values themselves."""
        return f"{self.path}: {_shown(self.old)} \u2192 {_shown(self.new)}"

    def for_commit(self) -> str:
        """For the commit message: personal values left out."""
        if self.personal:
            return f"{self.path}: changed (personal data, not shown)"
        return self.describe()


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return one_line(str(value))


def field_changes(
    old: Any, new: Any, path: str = "", skip: tuple[str, ...] = ("memberships", "reports")
) -> list[FieldChange]:
    """Every value of ``old`` that ``new`` replaced or removed, and every value it added, by its
    dotted path (the lists of periods and reports are the change itself, not shown here)."""
    if isinstance(old, dict) or isinstance(new, dict):
        before = old if isinstance(old, dict) else {}
        after = new if isinstance(new, dict) else {}
        found: list[FieldChange] = []
        for key in dict.fromkeys([*before, *after]):
            if not path and key in skip:
                continue
            found += field_changes(before.get(key), after.get(key), f"{path}.{key}".lstrip("."))
        if (
            old is not None
            and new is not None
            and not (isinstance(old, dict) and isinstance(new, dict))
        ):
            found.append(FieldChange(path, old, new))
        return found
    return [] if old == new else [FieldChange(path, old, new)]


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
    """How an interrupted earlier change was settled before this one (see overens.vcs.journal)."""
    changes: tuple[FieldChange, ...] = ()
    """The recorded values the change replaced, added or removed (a rejoin's new signer, say)."""
    detail: str | None = None
    """One more line about what was recorded (a report's kind, year and date)."""

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
            "changes": [{"field": c.path, "old": c.old, "new": c.new} for c in self.changes],
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


def one_line(text: str) -> str:
    """A value on one line: a name holding a line break must not add lines (or trailers such as
    a forged ``Signed-off-by:``) to the commit message."""
    return " ".join(text.split())


def commit_message(
    subject: str,
    trailers: list[str],
    evidence: GivenEvidence,
    changes: tuple[FieldChange, ...] | list[FieldChange] = (),
) -> str:
    """The subject, the values the change replaced (when it replaced any), and the trailers."""
    if evidence.record and evidence.record.get("reference"):
        trailers = [*trailers, f"Reference: {evidence.record['reference']}"]
    body = ""
    if changes:
        body = "Changed values:\n" + "".join(f"- {one_line(c.for_commit())}\n" for c in changes)
        body += "\n"
    return f"{one_line(subject)}\n\n{body}" + "\n".join(one_line(t) for t in trailers) + "\n"


def deliver_edit(
    transaction: Transaction,
    action: str,
    agreement_id: str,
    target: Target,
    record: dict[str, Any],
    evidence: GivenEvidence,
    subject: str,
    trailers: list[str],
    detail: str | None = None,
) -> Change:
    """Write ``record`` over an existing signatory file (line by line, so its comments stay),
    with the evidence file when it is stored, and commit them as one change.

    Every value of the file that ``record`` would change outside its membership periods and
    reports is listed in the commit message (and the result): an append-only change lists none.
    """
    signatory = target.signatory
    validate_record(record, signatory.path)
    changes = tuple(field_changes(target.data, record))
    text, kept = yaml_patch.update(target.text, target.data, record, schema_comment=SCHEMA_COMMENT)
    files = files_to_write(transaction, target.path, text, evidence)
    message = commit_message(subject, trailers, evidence, changes)
    commit, branch = transaction.deliver(files, message)
    return Change(
        action=action,
        agreement=agreement_id,
        id=signatory.id,
        name=signatory.name,
        path=signatory.path,
        text=text,
        record=record,
        message=message,
        files=tuple(relative(transaction.root, p) for p in files),
        commit=commit,
        branch=branch,
        dry_run=transaction.delivery.dry_run,
        layout_kept=kept,
        recovered=transaction.recovery_note,
        changes=changes,
        detail=detail,
    )
