"""``overens init``: scaffold a new agreements repository.

The files come from ``overens/scaffold/`` (package data). Names starting with ``dot-`` become
dot files when written (``dot-gitignore`` → ``.gitignore``, ``dot-github/`` → ``.github/``): a
real ``.gitignore`` inside the package would change what git ignores in overens's own checkout,
and some packaging tools drop dot files. ``@OVERENS_REQUIREMENT@`` becomes the pip requirement
for the overens that made the repository (or the one ``--overens-spec`` names,
:mod:`overens.install_spec`), so the workflow and the README install it. The shipped schemas are
copied into ``schemas/`` (:mod:`overens.schemas_update`), where every file's modeline points.

Nothing is overwritten: every target is checked before the first file is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from overens.errors import RefusedError, UsageError
from overens.scaffold.install_spec import requirement
from overens.scaffold.schemas_update import vendored_files
from overens.store.files import atomic_write
from overens.vcs import reading

SCAFFOLD = Path(__file__).resolve().parent / "files"
_DOT = "dot-"


@dataclass(frozen=True, slots=True)
class InitResult:
    root: Path
    created: tuple[str, ...]
    git_initialised: bool
    dry_run: bool


def _target(rel: Path) -> str:
    return "/".join("." + p[len(_DOT) :] if p.startswith(_DOT) else p for p in rel.parts)


def scaffold_files(overens_spec: str | None = None) -> dict[str, str]:
    """``{path in the new repository: text}`` for every scaffold file and the vendored schemas."""
    needed = requirement(overens_spec)
    files = {}
    for path in sorted(SCAFFOLD.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            text = path.read_text(encoding="utf-8").replace("@OVERENS_REQUIREMENT@", needed)
            files[_target(path.relative_to(SCAFFOLD))] = text
    return {**files, **vendored_files()}


def init(folder: Path, *, dry_run: bool = False, overens_spec: str | None = None) -> InitResult:
    """Write the scaffold into ``folder`` (created if missing) and ``git init`` it unless it is
    already inside a git work tree. Refuses, writing nothing, if any file it would write exists."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(
            f"{folder} exists and is not a folder", hint="name a new or existing folder"
        )
    files = scaffold_files(overens_spec)
    existing = [rel for rel in files if (folder / rel).exists() or (folder / rel).is_symlink()]
    if existing:
        raise RefusedError(
            f"{folder} already has {len(existing)} of the files overens init writes: {', '.join(existing)}",
            hint="nothing was written; run it in a new folder, or move those files away first",
        )
    nearest = folder.resolve()
    while not nearest.exists():
        nearest = nearest.parent
    in_git = reading.is_repository(nearest)
    if not dry_run:
        folder.mkdir(parents=True, exist_ok=True)
        if not in_git:
            reading.init(folder)
        for rel, text in files.items():
            atomic_write(folder / rel, text)
    return InitResult(folder, tuple(files), not in_git, dry_run)
