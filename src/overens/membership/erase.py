"""`erase`: remove an organisation's personal data from its signatory file.

The file keeps the organisation's public record: its name, organisation number, sector, legal
form, municipality, website, every membership period with its dates, versions, text hashes and
evidence, and its reports. What goes is the contact person (name, e-mail, phone) and, with
``signer=True``, the authorised signer's name and title (kept by default: the signer signed the
public document in that role; docs/decisions/0605-what-erase-removes.md).

The change is one commit through the same transaction as sign and withdraw. The data stays in
the git history; rewriting history is a separate decision with costs for everyone who has a
copy, so erase only prepares it: it collects every value the file's history ever held for what
was erased, writes them as a git-filter-repo expressions file inside the git folder (never in
the working tree, never committed) and returns the exact commands that would purge them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overens.errors import UsageError
from overens.membership.change import SCHEMA_COMMENT
from overens.membership.inputs import validate_record
from overens.membership.lookup import look_up
from overens.membership.purge import ERASED_TEXT, EXPRESSIONS_DIR, Purge, prepare
from overens.membership.requirements import open_agreement
from overens.store import yaml_patch
from overens.store.folders import agreement_folder, relative, resolve_root
from overens.vcs.transaction import Delivery, Transaction

_ERASED_KEYS = {"contact": ("name", "email", "phone"), "signer": ("name", "title")}
_LABELS = {
    "contact": "the contact person (name, e-mail, phone)",
    "signer": "the signer (name, title)",
}


@dataclass(frozen=True, slots=True)
class EraseRequest:
    """What ``overens erase`` is asked to do."""

    agreement: str
    organisation: str
    """The slug, the organisation number or the exact name."""
    signer: bool = False
    """Also erase the authorised signer's name and title."""


@dataclass(frozen=True, slots=True)
class Erasure:
    """What erase did (or, with ``dry_run``, would do)."""

    agreement: str
    id: str
    name: str
    path: str
    erased: tuple[str, ...]
    """What was removed from the file, described (empty: the file held none of it)."""
    text: str | None
    """The file's new text (None when nothing in it changed)."""
    commit: str | None
    dry_run: bool
    purge: Purge | None
    """None outside git, or when no version of the file ever held the erased data."""
    evidence_files: tuple[str, ...]
    """Stored evidence of this organisation, kept (it proves the signing) but possibly personal."""
    also_in: tuple[str, ...]
    """Other files of HEAD holding an erased value: a purge would replace it there too."""
    recovered: str | None = None


def erase(
    request: EraseRequest,
    *,
    repo: Path | None = None,
    delivery: Delivery | None = None,
    use_cache: bool = True,
) -> Erasure:
    """Remove an organisation's personal data from its signatory file, and commit it.

    Refused (nothing written) as sign and withdraw refuse: an unknown agreement or organisation,
    a target file with uncommitted changes, a merge or rebase in progress, a detached HEAD.
    """
    delivery = delivery or Delivery()
    if delivery.branch is not None:
        raise UsageError("erase commits on the current branch; --branch is not offered")
    root = resolve_root(repo).resolve()
    agreement_folder(root, request.agreement)
    keys = ("contact", "signer") if request.signer else ("contact",)
    transaction = Transaction(root, delivery)
    with transaction.locked():
        agreement = open_agreement(root, request.agreement)
        target = look_up(root, agreement, request.organisation, use_cache=use_cache)
        signatory = target.signatory
        rel = relative(root, target.path)
        transaction.check_clean(target.path, what="the signatory file")
        present = [k for k in keys if k in target.data]
        text, commit = _write(transaction, agreement.id, target, present, rel)
        purge, also_in = prepare(transaction, target.path, rel, keys, target.data, target.text)
        _remove_leftovers(target.path, delivery.dry_run)
        if (
            text is not None and not delivery.dry_run
        ):  # a change was written (and committed, unless --no-commit)
            from overens.store.cache import forget

            forget(root, agreement.id)  # .overens-cache/ kept the erased values too
    evidence = _evidence_files(root, Path(agreement.path).parent, signatory)
    return Erasure(
        agreement=agreement.id,
        id=signatory.id,
        name=signatory.name,
        path=rel,
        erased=tuple(_LABELS[k] for k in present),
        text=text,
        commit=commit,
        dry_run=delivery.dry_run,
        purge=purge,
        evidence_files=evidence,
        also_in=also_in,
        recovered=transaction.recovery_note,
    )


def _write(
    transaction: Transaction, agreement_id: str, target: Any, present: list[str], rel: str
) -> tuple[str | None, Any]:
    """The signatory file without the ``present`` keys, validated and delivered (committed
    unless asked otherwise): its new text and the commit; nothing when there is nothing to
    erase. The commit message names the organisation, never the person."""
    if not present:
        return None, None
    record = {k: v for k, v in target.data.items() if k not in present}
    validate_record(record, rel)
    text, _ = yaml_patch.update(target.text, target.data, record, schema_comment=SCHEMA_COMMENT)
    name = " ".join(target.signatory.name.split())
    message = f"erase({agreement_id}): personal data of {name}\n\nErased: {', '.join(present)}\n"
    commit, _ = transaction.deliver({target.path: text.encode("utf-8")}, message)
    return text, commit


def _evidence_files(root: Path, folder: Path, signatory: Any) -> tuple[str, ...]:
    """The stored evidence files of the signatory's signings and withdrawals (they may hold
    personal data too: the caller lists them for the coordinator to look at)."""
    return tuple(
        sorted(
            relative(root, root / folder / e.file)
            for m in signatory.memberships
            for e in (m.signed.evidence, m.withdrawal.evidence if m.withdrawal else None)
            if e is not None and e.file
        )
    )


def _remove_leftovers(path: Path, dry_run: bool) -> None:
    """Temporary copies of the file a killed run may have left beside it (``.<name>.*.tmp``):
    they hold its old bytes. The journal's own temporaries in the git folder are removed when
    the lock is taken (:func:`overens.vcs.journal.recover`)."""
    for leftover in [] if dry_run else path.parent.glob(f".{path.name}.*.tmp"):
        leftover.unlink(missing_ok=True)


__all__ = ["ERASED_TEXT", "EXPRESSIONS_DIR", "EraseRequest", "Erasure", "Purge", "erase"]
