"""The pre-commit hook overens ships, run for real (style.md §14).

`pre-commit try-repo` clones this checkout (with its uncommitted changes), installs it into a
fresh virtualenv exactly as a user's pre-commit would, and runs the `overens-check` hook in a
temporary agreements repository: it passes on a clean one and fails on a planted error.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, git
from overens.scaffold.init import init
from overens.store import safe_yaml
from revision_steps import edit

BIN = Path(sys.executable).parent


def _agreements_repo(path: Path) -> Path:
    """A new agreements repository, as `overens init` makes it, with everything staged."""
    init(path)
    git(path, "add", "-A")
    return path


def _hooks() -> list[dict]:
    return safe_yaml.load(PROJECT / ".pre-commit-hooks.yaml")


def _pre_commit(args: list[str], cwd: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "HOME": str(tmp / "home"),
        "PRE_COMMIT_HOME": str(tmp / "pre-commit-home"),
        "XDG_CACHE_HOME": str(tmp / "cache"),
        "XDG_DATA_HOME": str(tmp / "data"),
        "XDG_CONFIG_HOME": str(tmp / "config"),
        "VIRTUALENV_OVERRIDE_APP_DATA": str(tmp / "virtualenv"),
        "PRE_COMMIT_COLOR": "never",
    }
    return subprocess.run(
        [str(BIN / "pre-commit"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_manifest_and_configs_are_valid(run_line, tmp_path: Path) -> None:
    assert [h["id"] for h in _hooks()] == ["overens-check"]
    [hook] = _hooks()
    assert (hook["entry"], hook["language"], hook["files"], hook["pass_filenames"]) == (
        "overens check",
        "python",
        "^(agreements|schemas)/",
        False,
    )
    assert (
        _pre_commit(["validate-manifest", ".pre-commit-hooks.yaml"], PROJECT, tmp_path).returncode
        == 0
    )
    assert (
        _pre_commit(["validate-config", ".pre-commit-config.yaml"], PROJECT, tmp_path).returncode
        == 0
    )
    run_line(["init", tmp_path / "avtal"])
    made = _pre_commit(["validate-config", ".pre-commit-config.yaml"], tmp_path / "avtal", tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr


@pytest.mark.parametrize("hook", _hooks(), ids=lambda h: h["id"])
def test_each_hook_entry_runs(hook: dict, tmp_path: Path) -> None:
    repo = _agreements_repo(tmp_path / "avtal")
    argv = shlex.split(hook["entry"])
    command = [str(BIN / argv[0]), *argv[1:]]
    clean = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    edit(repo / "agreements/exempel/principles/01-dialog.yaml", "number: 1", "number: one")
    broken = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "01-dialog.yaml" in broken.stdout + broken.stderr


@pytest.mark.slow
def test_pre_commit_try_repo_runs_the_hook(tmp_path: Path) -> None:
    repo = _agreements_repo(tmp_path / "avtal")
    ok = _pre_commit(["try-repo", str(PROJECT), "overens-check", "--all-files"], repo, tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "check agreements" in ok.stdout and "Passed" in ok.stdout

    edit(
        repo / "agreements/exempel/principles/02-sjalvstandighet.yaml", "granska och ", ""
    )  # undeclared
    git(repo, "add", "-A")
    failed = _pre_commit(["try-repo", str(PROJECT), "overens-check", "--all-files"], repo, tmp_path)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    assert "agreements/exempel/" in failed.stdout
    assert "agreement.yaml:58:18" in failed.stdout and "text-hash" in failed.stdout
