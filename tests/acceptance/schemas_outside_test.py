"""The schemas work in other tools, as they are shipped and as `overens init` vendors them.

ajv-cli in strict mode, check-jsonschema without `--base-uri`, and yaml-language-server (what
editors run), each given every file through the schema its modeline names:
  - accept every file of the shipped repository and of a repository made by `overens init`;
  - on a set of broken and valid files (tests/examples), refuse exactly the files that
    `overens validate` refuses as unreadable YAML or against the schema (rules `yaml`, `schema`).
What no schema can say is overens's own check, and the other tools accept those files: an
organisation number's check digit and a personal identity number offered as one
(`org-number-valid`).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

import outside_tools as tools
from conftest import PROJECT

pytestmark = pytest.mark.slow

KINDS = ("agreement", "principle", "signatory", "body")


def _require_all() -> None:
    tools.require(tools.AJV, "ajv-cli")
    tools.require(tools.YAML_LANGUAGE_SERVER, "yaml-language-server")
    tools.require(tools.CHECK_JSONSCHEMA, "check-jsonschema (the test extra)")


def _verdicts(
    root: Path, files: list[Path], env: dict[str, str]
) -> dict[str, dict[Path, list[str]]]:
    return {
        "ajv-cli --strict=true": tools.ajv(files, env),
        "check-jsonschema": tools.check_jsonschema(files, env),
        "yaml-language-server": tools.yaml_language_server(root, files, env),
    }


def _refused_by_overens(run_line, root: Path) -> dict[Path, set[str]]:
    result = run_line(["validate", "--repo", root, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    rules: dict[Path, set[str]] = {}
    for f in json.loads(result.stdout)["findings"]:
        rules.setdefault((root / f["file"]).resolve(), set()).add(f["rule"])
    return rules


def _accepted_by_all(root: Path, files: list[Path], env: dict[str, str]) -> None:
    assert files
    for tool, found in _verdicts(root, files, env).items():
        refused = {f.relative_to(root).as_posix(): errors for f, errors in found.items() if errors}
        assert refused == {}, tool


def test_each_schema_compiles_in_ajv_strict_mode(tmp_path: Path) -> None:
    tools.require(tools.AJV, "ajv-cli")
    for kind in KINDS:
        proc = subprocess.run(
            [
                str(tools.AJV),
                "compile",
                "--spec=draft2020",
                "--strict=true",
                "-c",
                "ajv-formats",
                "-s",
                str(PROJECT / "schemas" / f"{kind}.schema.json"),
            ],
            capture_output=True,
            text=True,
            env=tools.tool_env(tmp_path),
            cwd=tools.NODE_MODULES.parent,
            timeout=60,
            check=False,
        )
        assert proc.returncode == 0 and "is valid" in proc.stdout, proc.stdout + proc.stderr


def test_the_shipped_repository_passes_every_tool(run_line, tmp_path: Path) -> None:
    _require_all()
    assert _refused_by_overens(run_line, PROJECT) == {}
    files = sorted((PROJECT / "agreements").rglob("*.yaml"))
    assert len(files) > 30
    _accepted_by_all(PROJECT, files, tools.tool_env(tmp_path))


def test_a_repository_from_init_passes_every_tool(run_line, tmp_path: Path) -> None:
    _require_all()
    root = tmp_path / "avtal"
    assert run_line(["init", root]).exit_code == 0
    assert _refused_by_overens(run_line, root) == {}
    files = sorted((root / "agreements").rglob("*.yaml"))
    assert {tools.schema_of(f).parent for f in files} == {
        (root / "schemas").resolve()
    }  # the vendored copy
    _accepted_by_all(root, files, tools.tool_env(tmp_path))


def _place(root: Path, example: Path) -> Path:
    """Put an example file where a file of its kind lives in a repository, with a modeline."""
    kind, name = example.parent.name, f"{example.parent.parent.name}-{example.stem}"
    target = {
        "agreement": root / "agreements" / name / "agreement.yaml",
        "principle": root / "agreements/exempel/principles" / f"90-{name}.yaml",
        "signatory": root / "agreements/exempel/signatories" / f"{name}.yaml",
        "body": root / "agreements/exempel/bodies" / f"{name}.yaml",
    }[kind]
    up = "../" * len(target.parent.relative_to(root).parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = example.read_text(encoding="utf-8")
    target.write_text(
        f"# yaml-language-server: $schema={up}schemas/{kind}.schema.json\n{text}", encoding="utf-8"
    )
    return target


def test_broken_files_get_the_verdict_overens_validate_gives(run_line, tmp_path: Path) -> None:
    _require_all()
    root = tmp_path / "avtal"
    assert run_line(["init", root]).exit_code == 0
    examples = sorted((PROJECT / "tests/examples").glob("*/*/*.yaml"))
    placed = {_place(root, e).resolve(): e for e in examples}
    overens = _refused_by_overens(run_line, root)
    refused = {f for f in placed if overens.get(f, set()) & {"yaml", "schema"}}
    assert {placed[f].parent.parent.name for f in refused} == {"invalid"}
    assert (
        len(refused) >= 20
    )  # the set is broken in many ways: yaml, types, enums, patterns, formats ...

    for tool, found in _verdicts(root, sorted(placed), tools.tool_env(tmp_path)).items():
        disagree = {
            placed[f].relative_to(PROJECT / "tests/examples").as_posix(): errors or "accepted"
            for f, errors in found.items()
            if bool(errors) != (f in refused)
        }
        assert disagree == {}, tool

    # What only overens checks: every other tool accepts these files, overens refuses them.
    own = {
        placed[f].name
        for f in placed
        if f not in refused and placed[f].parent.parent.name == "invalid"
    }
    assert own == {"bad-checksum.yaml", "personal-number.yaml"}
    assert {r for f in placed if placed[f].name in own for r in overens[f]} == {"org-number-valid"}
