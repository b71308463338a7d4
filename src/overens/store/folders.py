"""Where things are: the repository root, the agreement folders, and paths kept inside them."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

from overens.constants import (
    AGREEMENTS_DIR,
    BODIES_DIR,
    EVIDENCE_DIR,
    PRINCIPLES_DIR,
    SIGNATORIES_DIR,
    TEMPLATES_DIR,
)
from overens.errors import AgreementNotFoundError, RefusedError, RepositoryNotFoundError, UsageError
from overens.model.findings import Finding, Severity
from overens.model.shown import printable, quoted, unsafe_character


def link_target(path: Path) -> str:
    """Where a symbolic link points, as written in the link (never followed: a link may point
    at itself, or through a loop), safe to show in a message."""
    try:
        return printable(os.readlink(path), 300)
    except OSError as e:
        return f"an unreadable link: {e.strerror}"


def template_folder_problems(root: Path, name: str = TEMPLATES_DIR) -> list[tuple[str, str]]:
    """(path, what is wrong) for everything in the repository's templates folder that overens
    will not read: the folder itself as a symbolic link (to ``.``, to ``/``, anywhere), a link
    inside it, and an entry that is neither a file nor a folder (a named pipe, a device)."""
    top = root / name
    if top.is_symlink():
        return [
            (
                f"{name}/",
                f"{name}/ is a symbolic link (to {link_target(top)}); overens reads a "
                "repository's templates only from a real folder inside it",
            )
        ]
    if not top.is_dir():
        return []
    problems = []
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            problems.append((relative(root, folder), f"cannot read the folder: {e.strerror}"))
            continue
        for entry in entries:
            path = folder / entry.name
            rel = printable(relative(root, path))
            if entry.is_symlink():
                problems.append(
                    (
                        rel,
                        f"{rel} is a symbolic link (to {link_target(path)}); templates are never "
                        "read through a link",
                    )
                )
            elif entry.is_dir(follow_symlinks=False):
                stack.append(path)
            elif not entry.is_file(follow_symlinks=False):
                problems.append(
                    (
                        rel,
                        f"{rel} is not a regular file (a named pipe or a device); it is never read",
                    )
                )
    return sorted(problems)


def repository_findings(root: Path) -> list[Finding]:
    """What is wrong outside the agreement folders: the repository's templates folder (a link,
    a link inside it, a named pipe), which ``render`` refuses to read."""
    return [
        Finding(
            where,
            None,
            None,
            "templates",
            Severity.ERROR,
            what,
            "replace it with a real file or folder inside the repository's templates/; render "
            "refuses to read the templates until then",
        )
        for where, what in template_folder_problems(root)
    ]


def find_root(start: Path | None = None) -> Path:
    """The agreements repository containing ``start``: the nearest folder upward holding
    ``agreements/``, else the git top level (a folder holding ``.git``)."""
    here = (start or Path.cwd()).resolve()
    candidates = [here, *here.parents]
    for folder in candidates:
        if (folder / AGREEMENTS_DIR).is_dir():
            return folder
    for folder in candidates:
        if (folder / ".git").exists():
            return folder
    raise RepositoryNotFoundError(
        f"no agreements repository found in {here} or any folder above it",
        hint="run overens inside a repository that has an agreements/ folder, pass --repo PATH, "
        "or create one with `overens init`",
    )


def resolve_root(repo: Path | None) -> Path:
    """``--repo`` if given (it must exist), else the root found from the current folder."""
    if repo is None:
        return find_root()
    if not repo.is_dir():
        raise UsageError(f"--repo {repo}: no such folder")
    return find_root(repo)


def agreement_folders(root: Path) -> list[Path]:
    """Every agreement folder, sorted by id (re-exported by ``overens.store.loader``).

    A folder that is a symbolic link is listed (the loader reports it and reads nothing in it);
    ``agreements/`` itself as a link is refused: nothing outside the repository is ever read.
    """
    base = root / AGREEMENTS_DIR
    if base.is_symlink():
        raise RefusedError(
            f"{AGREEMENTS_DIR}/ is a symbolic link (to {link_target(base)}); overens reads "
            "agreements only from a real folder inside the repository, and reads nothing here",
            hint=f"replace the link with a real {AGREEMENTS_DIR}/ folder (git rm it, then copy "
            "the agreements in)",
        )
    if not base.is_dir():
        return []
    found = []
    with os.scandir(base) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_symlink() or entry.is_dir(follow_symlinks=False):
                found.append(base / entry.name)
    return sorted(found)


def relative(root: Path, path: Path) -> str:
    """``path`` relative to ``root`` with POSIX separators (for findings)."""
    try:
        # The folder resolved, the name not: a link is shown as itself (and may loop).
        real = Path(os.path.realpath(path.parent)) / path.name
        return (
            real.relative_to(os.path.realpath(root)).as_posix()
            if path.is_absolute()
            else path.as_posix()
        )
    except ValueError:
        return os.path.relpath(path, root).replace(os.sep, "/")


def inside(root: Path, path: Path) -> bool:
    """True when ``path`` (links resolved) stays inside ``root``."""
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(root))
    except ValueError:
        return False
    return True


def check_agreement_id(value: str, what: str = "AGREEMENT") -> str:
    """Refuse an agreement argument that is a path rather than an id (``../x``, ``/etc``,
    ``a/b``): an agreement is only ever read from ``agreements/<id>/``.

    Any other unknown id is left to the caller, which lists the known ones.
    """
    if (
        re.search(r"[/\\]|^\.|^~|\x00", value)
        or value in ("", ".", "..")
        or unsafe_character(value)
    ):
        raise UsageError(
            f"{what} {quoted(value)} is not an agreement id: an agreement is named by its folder under "
            f"{AGREEMENTS_DIR}/ (lower-case letters, digits and hyphens), never by a path",
            hint=f"give the folder name, e.g. `demo` for {AGREEMENTS_DIR}/demo/; overens reads "
            f"agreements only from {AGREEMENTS_DIR}/",
        )
    return value


def agreement_folder(root: Path, agreement_id: str) -> Path:
    """The folder of ``agreement_id``: refuses a path, an unknown id (with "did you mean") and a
    linked folder, which overens never reads or writes through."""
    check_agreement_id(agreement_id)
    folders = {f.name: f for f in agreement_folders(root)}
    if agreement_id not in folders:
        close = difflib.get_close_matches(agreement_id, list(folders), n=1)
        raise AgreementNotFoundError(
            f"unknown agreement {agreement_id!r} in {root / AGREEMENTS_DIR}"
            + (f"; did you mean {close[0]!r}?" if close else ""),
            hint=f"known agreements: {', '.join(folders) or 'none'}",
        )
    folder = folders[agreement_id]
    refuse_linked_folders(root, folder)
    return folder


def refuse_linked_folders(root: Path, folder: Path) -> None:
    """Refuse an agreement folder that is, or has a folder that is, a symbolic link: overens
    reads and writes only real folders inside the repository."""
    if (root / AGREEMENTS_DIR).is_symlink():
        agreement_folders(root)  # refuses, naming where it points
    for path in (
        folder,
        *(folder / sub for sub in (SIGNATORIES_DIR, PRINCIPLES_DIR, EVIDENCE_DIR, BODIES_DIR)),
    ):
        if path.is_symlink():
            raise RefusedError(
                f"{relative(root, path)} is a symbolic link (to {link_target(path)}); overens reads "
                "and writes only real folders inside the repository",
                hint="replace the link with a real folder (git rm it, then copy the files in)",
            )
