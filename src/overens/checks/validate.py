"""The core of `overens validate`: which agreements a set of paths touches, and their findings."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from overens.constants import AGREEMENTS_DIR
from overens.errors import UsageError
from overens.model.findings import Findings
from overens.store.folders import agreement_folders, find_root, repository_findings, resolve_root
from overens.store.loader import load


@dataclass(frozen=True, slots=True)
class ValidationResult:
    findings: Findings
    files: int


def _count_files(root: Path, agreements: Sequence[str]) -> int:
    total = 0
    for a in agreements:
        total += sum(1 for p in (root / AGREEMENTS_DIR / a).rglob("*.yaml"))
    return total


def validate(paths: Sequence[Path], repo: Path | None = None) -> ValidationResult:
    """Validate the agreements that hold ``paths`` (all of them when empty).

    Findings are limited to the given paths; the agreements around them are loaded whole, since
    numbering and references cross files.
    """
    root = (
        resolve_root(repo)
        if repo is not None or not paths
        else find_root(Path(os.path.realpath(paths[0])).parent)
    )
    root = root.resolve()
    selected: list[str] = []
    prefixes: list[str] = []
    for path in paths:
        full = Path(os.path.realpath(path))  # a link that loops is reported, not followed
        if not full.exists():
            raise UsageError(f"{path}: no such file or folder")
        try:
            rel = full.relative_to(root)
        except ValueError:
            raise UsageError(f"{path} is outside the repository {root}") from None
        parts = rel.parts
        if not parts or parts == (AGREEMENTS_DIR,):
            selected = []
            prefixes = []
            break
        if parts[0] != AGREEMENTS_DIR:
            raise UsageError(
                f"{path} is not under {AGREEMENTS_DIR}/; overens validates agreement files"
            )
        if len(parts) >= 2 and parts[1] not in selected:
            selected.append(parts[1])
        prefixes.append(rel.as_posix())
    result = load(root, selected or None)
    findings = result.findings
    if prefixes:
        findings = Findings(
            [
                f
                for f in findings
                if any(f.path == p or f.path.startswith(p.rstrip("/") + "/") for p in prefixes)
            ]
        )
    else:
        findings.extend(repository_findings(root))
    names = selected or [f.name for f in agreement_folders(root)]
    return ValidationResult(findings, _count_files(root, names))
