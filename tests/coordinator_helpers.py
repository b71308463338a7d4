"""Helpers for the sign, withdraw and list tests: command lines, repository set-ups, a terminal."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from conftest import git
from overens import faults
from overens.model import canonical
from overens.store import safe_yaml, yaml_write
from overens.store.files import atomic_write

SIGNATORIES = "agreements/demo/signatories"
EXEMPEL = f"{SIGNATORIES}/foreningen-exempel.yaml"
HALLAND = f"{SIGNATORIES}/hallands-bildningsforbund.yaml"

# Fictitious organisation numbers with valid check digits.
ORG_HALLAND = "802477-1233"
ORG_OTHER = "556036-0793"
ORG_THIRD = "802002-6442"
ORG_EXEMPEL = "802004-6895"
PERSONAL_NUMBER = "121212-1212"  # Skatteverket's test personnummer

SIGN_DEFAULTS: dict[str, str | None] = {
    "--name": "Hallands bildningsförbund",
    "--org-number": ORG_HALLAND,
    "--sector": "ideburen",
    "--signed-by": "Eva Ek",
    "--signed-by-title": "Ordförande",
    "--contact-name": "Kim Kontakt",
    "--contact-email": "kim@example.se",
    "--applied": "2024-01-10",
    "--approved": "2024-02-01",
    "--date": "2024-03-01",
}


def sign_args(
    repo: Path, *flags: str, agreement: str = "demo", attest: bool = True, **options: str | None
) -> list[str]:
    """`sign` for the demo agreement with valid values: ``org_number="x"`` overrides
    ``--org-number``, ``None`` leaves an option out, ``attest`` adds ``--democratic-values``, and
    ``flags`` are added as they are."""
    values = dict(SIGN_DEFAULTS)
    for key, value in options.items():
        values["--" + key.replace("_", "-")] = value
    args = ["sign", agreement, "--repo", str(repo)]
    for option, value in values.items():
        if value is not None:
            args += [option, value]
    return args + (["--democratic-values"] if attest else []) + list(flags)


def withdraw_args(
    repo: Path, org: str = "foreningen-exempel", *flags: str, **options: str | None
) -> list[str]:
    values: dict[str, str | None] = {"--notice-date": "2024-05-02", "--reference": "DNR 2024/88"}
    for key, value in options.items():
        values["--" + key.replace("_", "-")] = value
    args = ["withdraw", "demo", org, "--repo", str(repo)]
    for option, value in values.items():
        if value is not None:
            args += [option, value]
    return args + list(flags)


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-gpg-sign", "-m", message)


def edit_agreement(
    repo: Path, change: Callable[[dict[str, Any]], None], agreement: str = "demo"
) -> None:
    """Change agreement.yaml, declare the change as a new editorial version, and commit."""
    folder = repo / "agreements" / agreement
    data = safe_yaml.load(folder / "agreement.yaml")
    change(data)
    principles = [safe_yaml.load(p) for p in sorted((folder / "principles").glob("*.yaml"))]
    version = str(int(data["version"]) + 1)
    data["version"] = version
    data["revisions"].append(
        {
            "version": version,
            "kind": "editorial",
            "summary": "A test edit.",
            "text_sha256": canonical.text_sha256(data, principles),
        }
    )
    atomic_write(folder / "agreement.yaml", yaml_write.dump(data))
    commit_all(repo, f"edit {agreement}")


def other_branch(repo: Path, base: str, other: str, message: str = "other") -> None:
    """Commit notes.txt as ``base`` on main and as ``other`` on a new branch `other` (its commit
    ``message``); main is checked out again."""
    (repo / "notes.txt").write_text(base)
    commit_all(repo, "notes")
    git(repo, "switch", "-q", "-c", "other")
    (repo / "notes.txt").write_text(other)
    commit_all(repo, message)
    git(repo, "switch", "-q", "main")


def conflicting_branches(repo: Path) -> None:
    """Commit notes.txt differently on main and on a new branch `other`, so that merging or
    rebasing `other` stops with a conflict."""
    other_branch(repo, "base\n", "other\n")
    (repo / "notes.txt").write_text("main\n")
    commit_all(repo, "main")


def stopped_at(point: str, args: Sequence[object], repo: Path) -> subprocess.Popen[bytes]:
    """``python -m overens ARGS`` in ``repo``, stopped by itself at the fault point ``point``
    (:mod:`overens.faults`), in a session of its own: the caller continues it with SIGCONT or
    kills it with SIGKILL."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "overens", *map(str, args)],
        cwd=repo,
        env={**os.environ, faults.FAULT_POINT_ENV: point},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    _, status = os.waitpid(proc.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), proc.stderr.read() if proc.stderr else ""
    return proc


def install_hook(repo: Path, name: str, body: str) -> Path:
    hook = repo / ".git" / "hooks" / name
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text("#!/bin/sh\n" + body)
    hook.chmod(0o755)
    return hook


def head_files(repo: Path, rev: str = "HEAD") -> list[str]:
    """The files a commit changed."""
    return git(repo, "show", "--name-only", "--format=", rev).split()


class Terminal:
    """`python -m overens` on a real pseudo-terminal, driven by expected prompts and answers."""

    def __init__(
        self,
        args: Sequence[str],
        *,
        cwd: Path,
        env: Mapping[str, str] | None = None,
        deadline: float = 60,
    ) -> None:
        master, slave = os.openpty()
        self.master = master
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "overens", *map(str, args)],
            cwd=cwd,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**os.environ, "TERM": "dumb", "COLUMNS": "120", **(env or {})},
            close_fds=True,
        )
        os.close(slave)
        self.transcript = ""
        self.seen = 0
        self.deadline = time.monotonic() + deadline

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 4096)
        except OSError:  # EIO: the child closed the terminal
            return False
        if not chunk:
            return False
        self.transcript += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        return True

    def expect(self, text: str) -> None:
        while text not in self.transcript[self.seen :]:
            if (
                time.monotonic() > self.deadline
                or not self._read(0.5)
                and text not in self.transcript[self.seen :]
            ):
                raise AssertionError(f"never saw {text!r}; transcript:\n{self.transcript}")
        self.seen = self.transcript.index(text, self.seen) + len(text)

    def answer(self, prompt: str, value: str) -> None:
        self.expect(prompt)
        os.write(self.master, value.encode("utf-8") + b"\n")

    def finish(self) -> int:
        while time.monotonic() < self.deadline and self._read(0.5):
            if self.proc.poll() is not None and not select.select([self.master], [], [], 0.1)[0]:
                break
        code = self.proc.wait(timeout=max(1.0, self.deadline - time.monotonic()))
        os.close(self.master)
        return code
