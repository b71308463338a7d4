"""`overens init`: a new agreements repository that passes its own checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import PROJECT, git, snapshot_tree
from overens._version import __version__
from overens.store import safe_yaml
from revision_steps import commit

EXPECTED = {
    ".gitignore",
    ".pre-commit-config.yaml",
    ".github/workflows/overens.yml",
    ".github/workflows/site.yml",
    "README.md",
    "templates/README.md",
    "agreements/exempel/agreement.yaml",
    "agreements/exempel/principles/01-dialog.yaml",
    "agreements/exempel/principles/02-sjalvstandighet.yaml",
    "agreements/exempel/signatories/foreningen-exempel.yaml",
    "schemas/agreement.schema.json",
    "schemas/principle.schema.json",
    "schemas/signatory.schema.json",
    "schemas/body.schema.json",
    "schemas/plan.schema.json",
    "schemas/events.schema.json",
    "schemas/.overens-schemas.json",
}


def _files(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.parts
    }


def test_init_makes_a_repository_that_passes(run_line, tmp_path: Path) -> None:
    target = tmp_path / "avtal"
    result = run_line(["init", target])
    assert result.exit_code == 0, result.output
    assert _files(target) == EXPECTED
    assert git(target, "rev-parse", "--is-inside-work-tree").strip() == "true"
    assert git(target, "symbolic-ref", "--short", "HEAD").strip() == "main"
    assert ".overens-cache/" in (target / ".gitignore").read_text(encoding="utf-8").splitlines()

    validated = run_line(["validate", "--repo", target, "--format", "json"])
    assert validated.exit_code == 0, validated.output
    assert json.loads(validated.stdout)["summary"]["files"] == 4
    for as_of in ("2024-02-01", "2030-06-30"):  # the example stays clean as the years go by
        checked = run_line(
            ["check", "--repo", target, "--strict", "--format", "json", "--as-of", as_of]
        )
        assert checked.exit_code == 0, checked.output
        assert json.loads(checked.stdout)["findings"] == []
    assert run_line(["check"], cwd=target).exit_code == 0

    # Once committed, the revision commands work in it too.
    commit(target, "Start the agreements repository", date="2024-01-20")
    assert run_line(["diff", "--repo", target]).stdout.startswith("No agreement's text changed")
    history = json.loads(run_line(["history", "exempel", "--repo", target, "--json"]).stdout)[
        "events"
    ]
    assert [e["kind"] for e in history] == ["revision", "signed"]
    assert (
        json.loads(run_line(["version", "exempel", "--repo", target, "--json"]).stdout)["matches"]
        is True
    )


def test_schema_comments_name_the_vendored_schemas_by_relative_path(
    run_line, tmp_path: Path
) -> None:
    run_line(["init", tmp_path / "avtal"])
    root = tmp_path / "avtal"
    for name in ("agreement", "principle", "signatory", "body"):  # the shipped schemas, unchanged
        assert (root / f"schemas/{name}.schema.json").read_bytes() == (
            PROJECT / f"schemas/{name}.schema.json"
        ).read_bytes()
    yaml_files = sorted((root / "agreements").rglob("*.yaml"))
    assert len(yaml_files) == 4
    for path in yaml_files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        target = first.removeprefix("# yaml-language-server: $schema=")
        kind = {"exempel": "agreement", "principles": "principle", "signatories": "signatory"}[
            path.parent.name
        ]
        assert (
            target
            == "../" * len(path.parent.relative_to(root).parts) + f"schemas/{kind}.schema.json"
        ), path
        assert (path.parent / target).resolve() == (root / f"schemas/{kind}.schema.json").resolve()


def test_workflow_runs_check_and_puts_the_diff_in_the_summary(run_line, tmp_path: Path) -> None:
    run_line(["init", tmp_path / "avtal"])
    workflow = safe_yaml.load(tmp_path / "avtal/.github/workflows/overens.yml")
    assert set(workflow["on"]) == {"push", "pull_request"}
    assert workflow["env"]["OVERENS_PACKAGE"] == f"overens=={__version__}"
    readme = (tmp_path / "avtal/README.md").read_text(encoding="utf-8")
    assert f'pip install "overens=={__version__}" pre-commit' in readme
    [job] = workflow["jobs"].values()
    steps = job["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    runs = [s.get("run", "") for s in steps]
    install = next(i for i, r in enumerate(runs) if "pip install" in r)
    check = next(i for i, r in enumerate(runs) if "overens check --format github" in r)
    summary = next(i for i, r in enumerate(runs) if "overens diff" in r)
    assert install < check < summary
    assert "--format md" in runs[summary] and '>> "$GITHUB_STEP_SUMMARY"' in runs[summary]
    assert steps[summary]["if"] == "always()"  # reviewers get the diff even when the check fails

    hooks = safe_yaml.load(tmp_path / "avtal/.pre-commit-config.yaml")
    [hook] = [h for repo in hooks["repos"] for h in repo["hooks"]]
    assert (hook["id"], hook["entry"], hook["pass_filenames"]) == (
        "overens-check",
        "overens check",
        False,
    )


def test_init_refuses_to_overwrite_anything(run_line, tmp_path: Path) -> None:
    target = tmp_path / "avtal"
    (target / "templates").mkdir(parents=True)
    (target / "templates/README.md").write_text("mine\n", encoding="utf-8")
    (target / ".gitignore").write_text("mine\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    result = run_line(["init", target])
    assert result.exit_code == 1
    assert (
        "already has 2 of the files overens init writes: .gitignore, templates/README.md"
        in result.stderr
    )
    assert "nothing was written" in result.stderr
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before
    assert not (target / ".git").exists()


def test_init_inside_an_existing_repository_and_dry_run(run_line, demo_repo: Path) -> None:
    before = snapshot_tree(demo_repo)
    dry = run_line(["init", demo_repo / "ny", "--dry-run"])
    assert dry.exit_code == 0 and "would create" in dry.stdout and "initialise" not in dry.stdout
    assert snapshot_tree(demo_repo) == before
    result = run_line(["init", "ny"], cwd=demo_repo)
    assert result.exit_code == 0, result.output
    assert not (demo_repo / "ny/.git").exists()  # already inside a git work tree
    assert _files(demo_repo / "ny") == EXPECTED


def test_init_into_a_file_is_a_usage_error(run_line, tmp_path: Path) -> None:
    (tmp_path / "fil").write_text("", encoding="utf-8")
    result = run_line(["init", tmp_path / "fil"])
    assert result.exit_code == 2 and "is a file" in result.output


def test_overens_spec_names_what_the_workflow_and_readme_install(run_line, tmp_path: Path) -> None:
    for spec, expected in [
        ("0.2.0", "overens==0.2.0"),
        (
            "git+https://git.example.org/overens.git@v0.2.0",
            "overens @ git+https://git.example.org/overens.git@v0.2.0",
        ),
    ]:
        target = tmp_path / spec.replace("/", "_").replace(":", "_")
        result = run_line(["init", target, "--overens-spec", spec])
        assert result.exit_code == 0, result.output
        workflow = safe_yaml.load(target / ".github/workflows/overens.yml")
        assert workflow["env"]["OVERENS_PACKAGE"] == expected
        assert f'pip install "{expected}" pre-commit' in (target / "README.md").read_text(
            encoding="utf-8"
        )
        assert f'pip install pre-commit "{expected}"' in (
            target / ".pre-commit-config.yaml"
        ).read_text(encoding="utf-8")


def test_a_bad_overens_spec_is_a_usage_error_and_writes_nothing(run_line, tmp_path: Path) -> None:
    for spec, says in [
        ("latest", "neither a version nor a URL"),
        ("ftp://example.org/overens.tar.gz", "ftp:"),
        ('git+https://example.org/o.git@v1"; rm -rf /', "may not hold spaces, quotes"),
    ]:
        result = run_line(["init", tmp_path / "avtal", "--overens-spec", spec])
        assert result.exit_code == 2, result.output
        assert says in result.stderr and "0.2.0" in result.stderr
        assert not (tmp_path / "avtal").exists()


def test_init_names_the_branch_main_whatever_git_would_name_it(
    run_line, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first branch is `main` with a user's `init.defaultBranch` too (set without
    `git init --initial-branch`, an option of git 2.28, newer than overens needs)."""
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "init.defaultBranch")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "trunk")
    target = tmp_path / "avtal"
    assert run_line(["init", target]).exit_code == 0
    assert git(target, "symbolic-ref", "--short", "HEAD").strip() == "main"
