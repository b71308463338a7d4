"""An agreement's files as they were at a git revision, or as they are in the working tree.

``overens diff`` compares two of these. Blobs are read with git (:mod:`overens.vcs.reading`) and
parsed with :mod:`overens.store.safe_yaml`, the same safe loader as every other read; nothing is
schema-checked here, since an old revision may predate a rule (the comparison only needs the
text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from overens.constants import AGREEMENT_FILE, AGREEMENTS_DIR, PRINCIPLES_DIR, SIGNATORIES_DIR
from overens.errors import InvalidYamlError, ValidationFailed
from overens.store import safe_yaml
from overens.store.folders import agreement_folders, refuse_linked_folders
from overens.vcs import reading


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The raw data of one agreement at one revision."""

    agreement_id: str
    label: str
    """What a heading calls it: ``abc1234 (main)`` or ``working tree``."""
    sha: str | None
    """The commit, or None for the working tree."""
    agreement: dict[str, Any] | None
    """``agreement.yaml``; None when the agreement did not exist there."""
    principles: tuple[dict[str, Any], ...] = ()
    signatories: dict[str, dict[str, Any]] = field(default_factory=dict)
    """By organisation id."""

    @property
    def exists(self) -> bool:
        return self.agreement is not None

    @property
    def version(self) -> str | None:
        return (
            str(self.agreement["version"])
            if self.agreement and "version" in self.agreement
            else None
        )


def _mapping(data: Any, where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InvalidYamlError(
            f"{where}: the file must hold a mapping of keys to values",
            hint="run `overens validate` on that revision to see what is wrong",
        )
    return data


def _assemble(agreement_id: str, label: str, sha: str | None, files: dict[str, Any]) -> Snapshot:
    folder = f"{AGREEMENTS_DIR}/{agreement_id}/"
    main = files.get(folder + AGREEMENT_FILE)
    principles, signatories = [], {}
    for path, data in sorted(files.items()):
        rest = path[len(folder) :]
        if rest.startswith(PRINCIPLES_DIR + "/") and rest.count("/") == 1:
            principles.append(data)
        elif rest.startswith(SIGNATORIES_DIR + "/") and rest.count("/") == 1:
            signatories[str(data.get("id", Path(rest).stem))] = data
    return Snapshot(agreement_id, label, sha, main, tuple(principles), signatories)


TEXT = (PRINCIPLES_DIR,)
"""The folders the text needs (with agreement.yaml, always read)."""
ALL = (PRINCIPLES_DIR, SIGNATORIES_DIR)


def _wanted(rel: str, agreement_id: str, folders: tuple[str, ...]) -> bool:
    rest = rel[len(f"{AGREEMENTS_DIR}/{agreement_id}/") :]
    return rel.endswith(".yaml") and (
        rest == AGREEMENT_FILE or (rest.count("/") == 1 and rest.split("/")[0] in folders)
    )


def _checked(files: dict[str, Any], where: str) -> dict[str, Any]:
    """Refuse a principle whose number is not a whole number: principles are ordered by it."""
    for path, data in files.items():
        number = data.get("number", 0) if f"/{PRINCIPLES_DIR}/" in path else 0
        if not isinstance(number, int) or isinstance(number, bool):
            raise ValidationFailed(
                f"{where}{path}: the principle's number is {number!r}, not a whole number",
                hint=f"run `overens validate {path}` and fix what it reports",
            )
    return files


def at_revision(
    root: Path,
    agreement_id: str,
    sha: str,
    label: str | None = None,
    *,
    folders: tuple[str, ...] = ALL,
) -> Snapshot:
    """The agreement's files at commit ``sha``: agreement.yaml and those in ``folders``."""
    folder = f"{AGREEMENTS_DIR}/{agreement_id}"
    paths = {
        p: b
        for p, b in reading.tree_files(root, sha, folder).items()
        if _wanted(p, agreement_id, folders)
    }
    blobs = reading.read_blobs(root, paths.values())
    files = {}
    for path, blob in paths.items():
        where = f"{sha[:7]}:{path}"
        try:
            text = blobs[blob].decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidYamlError(f"{where}: the file is not UTF-8") from None
        files[path] = _mapping(safe_yaml.parse(text, where), where)
    return _assemble(
        agreement_id, label or reading.describe(root, sha), sha, _checked(files, f"{sha[:7]}:")
    )


def read_mapping(path: Path, rel: str) -> dict[str, Any]:
    """One file of the working tree, parsed; a clear error when it is not a mapping."""
    return _mapping(safe_yaml.parse(safe_yaml.read_text(path), rel), rel)


def in_working_tree(root: Path, agreement_id: str, *, folders: tuple[str, ...] = ALL) -> Snapshot:
    """The agreement's files as they are on disk now: agreement.yaml and those in ``folders``."""
    folder = root / AGREEMENTS_DIR / agreement_id
    files = {}
    if folder.exists() or folder.is_symlink():
        refuse_linked_folders(root, folder)  # never read through a link
    if folder.is_dir():
        for path in sorted(folder.rglob("*.yaml")):
            rel = path.relative_to(root).as_posix()
            if _wanted(rel, agreement_id, folders):
                files[rel] = read_mapping(path, rel)
    return _assemble(agreement_id, reading.WORKING_TREE, None, _checked(files, ""))


def agreement_ids(root: Path, sha: str | None) -> list[str]:
    """The agreements that exist at ``sha`` (or in the working tree when None)."""
    if sha is None:
        return sorted(p.name for p in agreement_folders(root) if (p / AGREEMENT_FILE).is_file())
    files = reading.tree_files(root, sha, AGREEMENTS_DIR)
    return sorted(
        {p.split("/")[1] for p in files if p.count("/") == 2 and p.endswith("/" + AGREEMENT_FILE)}
    )
