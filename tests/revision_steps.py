"""Steps for building agreement histories in real git repositories (revisions, diff, history tests).

Each step edits files the way a coordinator would and commits with a fixed author and date, so
commit ids, and so the outputs that name them, are the same on every run.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from overens.model import canonical
from overens.store import safe_yaml

DEMO = "agreements/demo"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(
    repo: Path,
    message: str,
    *,
    date: str,
    author: str = "Test Coordinator",
    email: str = "coordinator@example.se",
) -> str:
    """Stage everything and commit as ``author`` on ``date`` (YYYY-MM-DD); return the commit id."""
    stamp = f"{date}T12:00:00+00:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_NAME": author,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_COMMITTER_DATE": stamp,
    }
    for args in (["add", "-A"], ["commit", "-q", "--no-gpg-sign", "-m", message]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, check=True, capture_output=True, text=True
    ).stdout.strip()


def text_hash(repo: Path, agreement: str = "demo") -> str:
    folder = repo / "agreements" / agreement
    return canonical.text_sha256(
        safe_yaml.load(folder / "agreement.yaml"),
        [safe_yaml.load(p) for p in sorted((folder / "principles").glob("*.yaml"))],
    )


def declare(
    repo: Path, version: str, kind: str, summary: str, date: str, agreement: str = "demo"
) -> str:
    """Declare the current text as revision ``version`` and make it the current version."""
    path = repo / "agreements" / agreement / "agreement.yaml"
    text = path.read_text(encoding="utf-8")
    current = safe_yaml.load(path)["version"]
    digest = text_hash(repo, agreement)
    text = text.replace(f'version: "{current}"\n', f'version: "{version}"\n', 1)
    text = text.rstrip("\n") + (
        f'\n  - version: "{version}"\n    date: "{date}"\n    kind: {kind}\n'
        f'    summary: {summary}\n    text_sha256: "{digest}"\n'
    )
    path.write_text(text, encoding="utf-8")
    return digest


def principle(
    repo: Path, number: int, slug: str, title: str, text: str, agreement: str = "demo"
) -> Path:
    path = repo / "agreements" / agreement / "principles" / f"{number:02d}-{slug}.yaml"
    path.write_text(
        f"id: {number:02d}-{slug}\nnumber: {number}\ntitle: {title}\ntext: {text}\n",
        encoding="utf-8",
    )
    return path


def renumber(repo: Path, old_id: str, number: int, agreement: str = "demo") -> Path:
    folder = repo / "agreements" / agreement / "principles"
    slug = old_id[3:]
    new_id = f"{number:02d}-{slug}"
    source = folder / f"{old_id}.yaml"
    target = folder / f"{new_id}.yaml"
    source.rename(target)
    edit(target, f"id: {old_id}\nnumber: {int(old_id[:2])}\n", f"id: {new_id}\nnumber: {number}\n")
    return target


def rehash_version_1(repo: Path, agreement: str = "demo") -> None:
    """After changing the fixture's text before its first commit: version 1 is this text."""
    digest = text_hash(repo, agreement)
    folder = repo / "agreements" / agreement
    old = safe_yaml.load(folder / "agreement.yaml")["revisions"][0]["text_sha256"]
    for path in [folder / "agreement.yaml", *sorted((folder / "signatories").glob("*.yaml"))]:
        path.write_text(path.read_text(encoding="utf-8").replace(old, digest), encoding="utf-8")


def signatory(
    repo: Path, slug: str, name: str, version: str, date: str, agreement: str = "demo"
) -> Path:
    """A second organisation, signing ``version`` on ``date``."""
    path = repo / "agreements" / agreement / "signatories" / f"{slug}.yaml"
    path.write_text(
        f"id: {slug}\nname: {name}\nsector: ideburen\nmemberships:\n"
        f'  - signed:\n      date: "{date}"\n      version: "{version}"\n',
        encoding="utf-8",
    )
    return path


def add_confirmation(path: Path, version: str, date: str, digest: str) -> None:
    """Record a confirmation by hand (what `overens confirm` writes)."""
    text = path.read_text(encoding="utf-8").rstrip("\n")
    marker = "\nreports:"
    entry = (
        f'\n    confirmations:\n      - version: "{version}"\n        date: "{date}"\n'
        f'        text_sha256: "{digest}"'
    )
    if marker in text:
        head, tail = text.split(marker, 1)
        path.write_text(head + entry + marker + tail + "\n", encoding="utf-8")
    else:
        path.write_text(text + entry + "\n", encoding="utf-8")
