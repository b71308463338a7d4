"""What ``erase`` prepares for purging the git history: every copy it can see of what it removed,
as git-filter-repo expressions, and the commands that would apply them to a fresh clone.

Every copy it can see (docs/decisions/0605-what-erase-removes.md, 0612-what-erase-finds.md):

* every version of the signatory file on every branch and tag, under its present name and every
  earlier one (renames, followed back through renames of renames);
* every form a value is written in: as it is, quoted (``'O''Brien'``), escaped, folded over
  lines (``>-``) or as a block (``|``), with its words broken over lines or spaces, an e-mail
  address in any case, a phone number with any spacing;
* every commit message and annotated tag message that holds one (a hand-written message too).

What it cannot see is said by the command: other clones, forks, backups, caches.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overens.store import line_marks, safe_yaml, yaml_write
from overens.store.files import atomic_write
from overens.vcs import reading
from overens.vcs.transaction import Transaction

ERASED_TEXT = "(raderad)"
"""What a purge puts where an erased value was (valid as a plain YAML scalar)."""
EXPRESSIONS_DIR = "overens-erase"
"""The folder in the git folder that holds the expressions files."""

PERSONAL_FIELDS = {"contact": ("name", "email", "phone"), "signer": ("name",)}
"""The values a purge replaces in history. A signer's title (Ordförande) is not personal."""


@dataclass(frozen=True, slots=True)
class Purge:
    """How to remove the erased values from the git history too, should that be decided."""

    expressions_file: Path
    """The git-filter-repo expressions file (in the git folder; holds the values themselves)."""
    expressions: tuple[str, ...]
    commands: tuple[str, ...]
    """Shell commands, to be run in order; they rewrite a fresh clone, never this checkout."""
    versions: int
    """How many committed versions of the file (under any of its names) hold an erased value."""
    messages: int
    """How many commit and tag messages hold one (the signer's name is in sign's Signed-by
    trailer; a person may have written one by hand)."""
    names: tuple[str, ...] = ()
    """The file's earlier names that were searched too."""


def values(data: Any, keys: tuple[str, ...], text: str | None = None) -> list[str]:
    """The personal values of ``data`` under ``keys``, and every way ``text`` writes them
    (quoted, escaped, folded, as a block)."""
    found: list[str] = []
    if not isinstance(data, dict):
        return found
    paths = []
    for key in keys:
        block = data.get(key)
        if not isinstance(block, dict):
            continue
        for name in PERSONAL_FIELDS[key]:
            value = block.get(name)
            if isinstance(value, str) and value.strip():
                found.append(value)
                paths.append((key, name))
    if text is not None:
        for value in list(found):
            for quoted in (
                f"'{value.replace(chr(39), chr(39) * 2)}'",
                yaml_write.dump(value).strip(),
            ):
                if quoted in text and quoted.strip("'\"") != value:
                    found.append(quoted)
        found += [s for s in line_marks.sources(text, paths) if s and s not in found]
    return list(dict.fromkeys(found))


def _escaped(value: str) -> str:
    return re.escape(value).replace("==>", "==\\>")


def variants(value: str) -> list[str]:
    """Regular expressions (Python syntax, as git-filter-repo takes them) for the other ways the
    same value is written elsewhere: its words broken over lines, an e-mail address in any case,
    a phone number with any spacing."""
    found = []
    words = value.split()
    if len(words) > 1:
        found.append(r"\s+".join(_escaped(w) for w in words))
    if re.fullmatch(r"[^@\s]+@[^@\s]+", value):
        found.append("(?i)" + _escaped(value))
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 6 and re.fullmatch(r"[\d\s()+\-–]+", value):
        found.append(r"(?<![0-9])" + r"[\s\-]*".join(digits) + r"(?![0-9])")
    return found


def expression(value: str) -> str:
    """One git-filter-repo --replace-text line replacing ``value`` literally."""
    if "\n" in value or "==>" in value or value.startswith(("regex:", "glob:", "literal:")):
        pattern = "".join("\\n" if ch == "\n" else re.escape(ch) for ch in value)
        pattern = pattern.replace("==>", "==\\>")
        return f"regex:{pattern}==>{ERASED_TEXT}"
    return f"literal:{value}==>{ERASED_TEXT}"


def prepare(
    transaction: Transaction,
    path: Path,
    rel: str,
    keys: tuple[str, ...],
    data: dict[str, Any],
    text: str,
) -> tuple[Purge | None, tuple[str, ...]]:
    """Collect every erased value the file's history holds (under every name it had) and how
    it is written; write the expressions file; return the purge and the other files of HEAD
    that hold a value."""
    git = transaction.git
    if git is None or git.head_commit() is None:
        return None, ()
    git_rel = git.rel(path)
    names = reading.earlier_names(git.root, git_rel)
    found = values(data, keys, text)
    versions = set()
    for sha, name, blob in reading.file_versions(git.root, names):
        try:
            old_text = blob.decode("utf-8")
            old = safe_yaml.parse(old_text, name)
        except (UnicodeDecodeError, safe_yaml.YamlProblem):
            old_text, old = blob.decode("utf-8", "replace"), None
        found += [v for v in values(old, keys, old_text) if v not in found]
        if _holds(old_text, found):
            versions.add(sha)
    if not found:
        return None, ()
    messages = sum(1 for _, message in reading.messages(git.root) if _holds(message, found))
    also_in = sorted(
        {f for v in found for f in reading.files_containing(git.root, v, exclude=git_rel)}
    )
    file_name = (
        f"{rel.split('/')[1]}-{path.stem}.txt" if rel.count("/") >= 2 else f"{path.stem}.txt"
    )
    expressions_file = git.git_dir / EXPRESSIONS_DIR / file_name
    ordered = sorted(found, key=len, reverse=True)
    expressions = tuple(
        [expression(v) for v in ordered]
        + list(dict.fromkeys(f"regex:{r}==>{ERASED_TEXT}" for v in ordered for r in variants(v)))
    )
    if not transaction.delivery.dry_run:
        expressions_file.parent.mkdir(mode=0o700, exist_ok=True)
        atomic_write(expressions_file, "".join(e + "\n" for e in expressions))
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
    purge = Purge(
        expressions_file, expressions, commands, len(versions), messages, tuple(names[1:])
    )
    return purge, tuple(also_in)


def _holds(text: str, found: list[str]) -> bool:
    return any(v in text for v in found) or any(
        re.search(r, text) for v in found for r in variants(v)
    )
