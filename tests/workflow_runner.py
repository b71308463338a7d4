"""A GitHub Actions job run here as a runner would run it, and the fresh environments it needs.

Used by tests/acceptance/release_test.py: the workflow `overens init` writes is run step by step
in a fresh virtual environment, installing overens from a local stand-in for an organisation's
own mirror.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import PROJECT, git
from overens._version import __version__
from overens.store import safe_yaml

INIT_WORKFLOW = Path(".github/workflows/overens.yml")


def environ(tmp_path: Path, pip_cache: Path) -> dict[str, str]:
    home = tmp_path / "runner-home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    return {
        **env,
        "HOME": str(home),
        "PIP_CACHE_DIR": str(pip_cache),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_NO_INPUT": "1",
    }


def fresh_venv(path: Path, env: dict[str, str]) -> Path:
    """A new virtual environment with a current pip, as actions/setup-python provides (the pip
    that this machine's Python bundles, 23.2, refuses `overens @ git+file:///…`: a URL without a
    host)."""
    venv.EnvBuilder(with_pip=False, clear=True).create(path)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(path / "bin/python"),
            "install",
            "-q",
            "--upgrade",
            "pip",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return path / "bin"


def mirror_of_this_checkout(tmp_path: Path) -> Path:
    """A git repository holding this checkout as it is (committed or not), tagged v<version>: the
    stand-in for an organisation's own mirror of overens."""
    mirror = tmp_path / "mirror"
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=PROJECT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for rel in filter(None, listed):
        source = PROJECT / rel
        if source.is_file() and not source.is_symlink():
            (mirror / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, mirror / rel)
    git(mirror, "init", "-q", "-b", "main")
    git(mirror, "add", "-A")
    git(mirror, "commit", "-q", "--no-gpg-sign", "-m", f"overens {__version__}")
    git(mirror, "tag", f"v{__version__}")
    return mirror


_PUSH_EVENT = {
    "github.event_name == 'pull_request' && format('origin/{0}', github.base_ref) || github.event.before": lambda ctx: (
        ctx["before"]
    ),
}
"""The expressions the init workflow uses, as a push event evaluates them. An expression not here
fails the test: whoever adds one to the workflow says here what it means."""


def _evaluate(value: object, ctx: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        expression = match.group(1).strip()
        assert expression in _PUSH_EVENT, f"the test does not know the expression {expression!r}"
        return _PUSH_EVENT[expression](ctx)

    return re.sub(r"\$\{\{(.*?)\}\}", one, str(value))


def run_workflow_steps(
    repo: Path, env: dict[str, str], ctx: dict[str, str]
) -> list[tuple[str, subprocess.CompletedProcess[str]]]:
    """Run the init workflow's one job on ``repo`` as a runner would: `uses:` steps emulated
    (checkout: the repository is there with its history; setup-python: a fresh virtual
    environment first on PATH), each `run:` step with bash -eo pipefail and the workflow's, job's
    and step's environment, skipped after a failure unless its `if:` is always()."""
    workflow = safe_yaml.load(repo / INIT_WORKFLOW)
    [job] = workflow["jobs"].values()
    env = {**env, **{k: str(v) for k, v in workflow.get("env", {}).items()}, **job.get("env", {})}
    results: list[tuple[str, subprocess.CompletedProcess[str]]] = []
    failed = False
    for step in job["steps"]:
        condition = step.get("if", "success()")
        assert condition in ("success()", "always()"), (
            f"the test does not know the condition {condition!r}"
        )
        if failed and condition != "always()":
            continue
        if "uses" in step:
            action = step["uses"].split("@")[0]
            if action == "actions/checkout":
                assert step["with"]["fetch-depth"] == 0
            elif action == "actions/setup-python":
                env["PATH"] = (
                    f"{fresh_venv(Path(ctx['runner']) / 'python', env)}{os.pathsep}{env['PATH']}"
                )
            else:
                pytest.fail(f"the test does not know how to run {step['uses']}")
            continue
        assert "${{" not in step["run"], "an expression inside a script: evaluate it through env"
        step_env = {**env, **{k: _evaluate(v, ctx) for k, v in step.get("env", {}).items()}}
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=repo,
            env=step_env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        results.append((step.get("name", step["run"]), proc))
        failed = failed or proc.returncode != 0
    return results
