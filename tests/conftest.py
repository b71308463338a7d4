"""Shared fixtures: isolation from the developer's machine, real git repositories, the CLI.

Every test runs with a private HOME and an empty git configuration (style.md §12), so a
developer's hooks, signing keys or templates never leak in, and nothing is written to the real
HOME.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from overens.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).resolve().parents[1]

IDENTITY = {
    "GIT_AUTHOR_NAME": "Test Coordinator",
    "GIT_AUTHOR_EMAIL": "coordinator@example.se",
    "GIT_COMMITTER_NAME": "Test Coordinator",
    "GIT_COMMITTER_EMAIL": "coordinator@example.se",
}
"""Who commits in the tests. Set for the whole session too: a fixture shared by a module makes
its repository before each test's own environment (below) is in place, and a fresh machine has
no git identity configured for it to fall back on."""
for _name, _value in IDENTITY.items():
    os.environ.setdefault(_name, _value)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files holding slow end-to-end tests first, each in its own order: run in parallel
    (docs/decisions/0009-tests-in-parallel.md), they start at once and the quick files fill in
    around them, rather than one of them starting last and running alone."""
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow)


@pytest.fixture(autouse=True)
def _isolate(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    home = tmp_path_factory.mktemp("home")
    gitconfig = home / ".gitconfig-empty"
    gitconfig.write_text("")
    for name in list(os.environ):
        if name.startswith("GIT_") or name.startswith("OVERENS_"):
            monkeypatch.delenv(name, raising=False)
    # The width output is laid out in comes from the test, not from the shell it was started in.
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name, value in IDENTITY.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("TZ", "UTC")
    yield
    written = [p.name for p in home.iterdir() if p.name != gitconfig.name]
    assert not written, f"a test wrote to HOME: {written}"


def git(repo: Path, *args: str, check: bool = True) -> str:
    """Run the real git binary in ``repo`` and return its stdout."""
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}")
    return proc.stdout


def build_file_tree(root: Path, files: Mapping[str, str]) -> None:
    """Write ``{relative path: text}`` under ``root``."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def init_repo(path: Path) -> Path:
    """Turn ``path`` into a git repository with everything in it committed."""
    git(path, "init", "-q", "-b", "main")
    git(path, "add", "-A")
    git(path, "commit", "-q", "--no-gpg-sign", "--allow-empty", "-m", "initial")
    return path


@pytest.fixture
def demo_repo(tmp_path: Path) -> Path:
    """A real git repository holding the small `demo` agreement of tests/fixtures/repo."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "repo", repo)
    return init_repo(repo)


@pytest.fixture
def shipped_repo(tmp_path: Path) -> Path:
    """A real git repository holding a copy of the project's own agreements/."""
    repo = tmp_path / "shipped"
    shutil.copytree(PROJECT / "agreements", repo / "agreements")
    return init_repo(repo)


def snapshot_tree(repo: Path) -> dict[str, bytes]:
    """Every file under ``repo`` (outside .git) with its bytes, plus the index and HEAD.

    Not .overens-cache/: overens's own caches (which ignore themselves in git) are written by
    reads too, a refused sign included, since it reads the signatory index first.
    """
    files = {
        p.relative_to(repo).as_posix(): p.read_bytes()
        for p in sorted(repo.rglob("*"))
        if p.is_file() and not {".git", ".overens-cache"} & set(p.relative_to(repo).parts)
    }
    files[".git/index"] = (
        (repo / ".git" / "index").read_bytes() if (repo / ".git" / "index").exists() else b""
    )
    files["HEAD"] = git(repo, "rev-parse", "HEAD", check=False).encode()
    files["status"] = git(repo, "status", "--porcelain=v1", check=False).encode()
    return files


RunLine = Callable[..., Result]


@pytest.fixture
def run_line() -> RunLine:
    """Run the CLI in-process (Typer's CliRunner); the output is put in assertion messages."""

    def run(args: list[str], *, input: str | None = None, cwd: Path | None = None) -> Result:
        runner = CliRunner()
        old = Path.cwd()
        if cwd is not None:
            os.chdir(cwd)
        try:
            return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
        finally:
            os.chdir(old)

    return run


def run_cli(
    args: list[str],
    *,
    cwd: Path,
    input: str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m overens`` as a real subprocess (for terminals, signals and concurrency)."""
    return subprocess.run(
        [sys.executable, "-m", "overens", *map(str, args)],
        cwd=cwd,
        input=input,
        text=True,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )
