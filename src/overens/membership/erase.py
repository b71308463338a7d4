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

import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overens.errors import UsageError
from overens.membership.change import SCHEMA_COMMENT
from overens.membership.inputs import validate_record
from overens.membership.lookup import find, load_target, scan
from overens.membership.requirements import open_agreement
from overens.store import safe_yaml, yaml_patch, yaml_write
from overens.store.folders import agreement_folder, relative, resolve_root
from overens.vcs.transaction import Delivery, Transaction

ERASED_TEXT = "(raderad)"
"""What a purge puts where an erased value was (valid as a plain YAML scalar)."""
EXPRESSIONS_DIR = "overens-erase"
"""The folder in the git folder that holds the expressions files."""

_ERASED_KEYS = {"contact": ("name", "email", "phone"), "signer": ("name", "title")}
_LABELS = {
    "contact": "the contact person (name, e-mail, phone)",
    "signer": "the signer (name, title)",
}
_PERSONAL_FIELDS = {"contact": ("name", "email", "phone"), "signer": ("name",)}
"""The values a purge replaces in history. A signer's title (Ordförande) is not personal."""


@dataclass(frozen=True, slots=True)
class EraseRequest:
    """What ``overens erase`` is asked to do."""

    agreement: str
    organisation: str
    """The slug, the organisation number or the exact name."""
    signer: bool = False
    """Also erase the authorised signer's name and title."""


@dataclass(frozen=True, slots=True)
class Purge:
    """How to remove the erased values from the git history too, should that be decided."""

    expressions_file: Path
    """The git-filter-repo expressions file (in the git folder; holds the values themselves)."""
    expressions: tuple[str, ...]
    commands: tuple[str, ...]
    """Shell commands, to be run in order; they rewrite a fresh clone, never this checkout."""
    versions: int
    """How many committed versions of the file hold an erased value."""
    messages: int
    """How many commit messages hold one (the signer's name is in sign's Signed-by trailer)."""


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


def _values(data: Any, keys: tuple[str, ...], text: str | None = None) -> list[str]:
    """The personal values of ``data`` under ``keys``, and how ``text`` writes them (quoted)."""
    found: list[str] = []
    if not isinstance(data, dict):
        return found
    for key in keys:
        block = data.get(key)
        if not isinstance(block, dict):
            continue
        for name in _PERSONAL_FIELDS[key]:
            value = block.get(name)
            if isinstance(value, str) and value.strip():
                found.append(value)
    if text is not None:
        # A value written quoted ('O''Brien') differs from the value itself; purge both forms.
        for value in list(found):
            for quoted in (
                f"'{value.replace(chr(39), chr(39) * 2)}'",
                yaml_write.dump(value).strip(),
            ):
                if quoted in text and quoted.strip("'\"") != value:
                    found.append(quoted)
    return list(dict.fromkeys(found))


def _expression(value: str) -> str:
    """One git-filter-repo --replace-text line replacing ``value`` literally."""
    if "\n" in value or "==>" in value or value.startswith(("regex:", "glob:", "literal:")):
        pattern = "".join("\\n" if ch == "\n" else re.escape(ch) for ch in value)
        pattern = pattern.replace("==>", "==\\>")
        return f"regex:{pattern}==>{ERASED_TEXT}"
    return f"literal:{value}==>{ERASED_TEXT}"


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
        known = scan(root, agreement, use_cache=use_cache)
        target = load_target(find(known, agreement.id, request.organisation))
        signatory = target.signatory
        rel = relative(root, target.path)
        transaction.check_clean(target.path, what="the signatory file")
        present = [k for k in keys if k in target.data]
        text = commit = None
        if present:
            record = {k: v for k, v in target.data.items() if k not in present}
            validate_record(record, rel)
            text, _ = yaml_patch.update(
                target.text, target.data, record, schema_comment=SCHEMA_COMMENT
            )
            message = (
                f"erase({agreement.id}): personal data of {' '.join(signatory.name.split())}\n\n"
                f"Erased: {', '.join(present)}\n"
            )
            commit, _ = transaction.deliver({target.path: text.encode("utf-8")}, message)
        purge, also_in = _purge(transaction, target.path, rel, keys, target.data, target.text)
        if (
            text is not None and not delivery.dry_run
        ):  # a change was written (and committed, unless --no-commit)
            from overens.store.cache import forget

            forget(root, agreement.id)  # .overens-cache/ kept the erased values too
    evidence = sorted(
        relative(root, root / Path(agreement.path).parent / e.file)
        for m in signatory.memberships
        for e in (m.signed.evidence, m.withdrawal.evidence if m.withdrawal else None)
        if e is not None and e.file
    )
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
        evidence_files=tuple(evidence),
        also_in=also_in,
        recovered=transaction.recovery_note,
    )


def _purge(
    transaction: Transaction,
    path: Path,
    rel: str,
    keys: tuple[str, ...],
    data: dict[str, Any],
    text: str,
) -> tuple[Purge | None, tuple[str, ...]]:
    """Collect every erased value the file's history holds; write the expressions file."""
    git = transaction.git
    if git is None:
        return None, ()
    git_rel = git.rel(path)
    values = _values(data, keys, text)
    versions = set()
    for sha, blob in git.versions(git_rel):
        try:
            old_text = blob.decode("utf-8")
            old = safe_yaml.parse(old_text, git_rel)
        except (UnicodeDecodeError, safe_yaml.YamlProblem):
            old_text, old = blob.decode("utf-8", "replace"), None
        found = _values(old, keys, old_text)
        values += [v for v in found if v not in values]
        if any(v in old_text for v in values):
            versions.add(sha)
    if not values:
        return None, ()
    messages = len(set().union(*(git.messages_containing(v) for v in values)))
    also_in = sorted({f for v in values for f in git.files_containing(v, exclude=git_rel)})
    name = f"{rel.split('/')[1]}-{path.stem}.txt" if rel.count("/") >= 2 else f"{path.stem}.txt"
    expressions_file = git.git_dir / EXPRESSIONS_DIR / name
    expressions = tuple(_expression(v) for v in sorted(values, key=len, reverse=True))
    if not transaction.delivery.dry_run:
        expressions_file.parent.mkdir(mode=0o700, exist_ok=True)
        yaml_write.atomic_write(expressions_file, "".join(e + "\n" for e in expressions))
        os.chmod(expressions_file, 0o600)
    clone = git.root.with_name(git.root.name + "-purged")
    options = f"--replace-text {shlex.quote(str(expressions_file))}"
    if messages:
        options += f" --replace-message {shlex.quote(str(expressions_file))}"
    commands = (
        f"git clone --no-local {shlex.quote(str(git.root))} {shlex.quote(str(clone))}",
        f"cd {shlex.quote(str(clone))}",
        f"git filter-repo {options}",
    )
    return Purge(expressions_file, expressions, commands, len(versions), messages), tuple(also_in)
