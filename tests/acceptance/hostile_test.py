"""Hostile and broken input: a clear message with file and line, a non-zero exit, no traceback,
and nothing written. One file per case in tests/hostile/refused/; cases that cannot be
committed as files (a 50 MB file, symbolic links) are made by the tests below."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import snapshot_tree

CASES = sorted((Path(__file__).parents[1] / "hostile" / "refused").iterdir())


def _expectations(path: Path) -> tuple[int | None, str, list[str]]:
    """The line, the words of the finding, and the command that must report it (validate, or
    what ``# expect-command:`` says, for a finding only a rule makes)."""
    head = path.read_bytes()[:400].decode("utf-8", "replace").lstrip("\ufeff")
    line = re.search(r"# expect-line: (\d*)", head)
    text = re.search(r"# expect: (.*)", head)
    command = re.search(r"# expect-command: (.*)", head)
    assert line and text, f"{path.name} has no expectations"
    args = command.group(1).split() if command else ["validate"]
    return (int(line.group(1)) if line.group(1) else None), text.group(1).strip(), args


def _assert_refused(
    run_line,
    repo: Path,
    rel: str,
    line: int | None,
    expected: str,
    command: list[str] | None = None,
) -> None:
    before = snapshot_tree(repo)
    args = [*(command or ["validate"]), "--repo", repo]
    if args[0] == "check":
        args += ["--format", "github"]  # one line per finding: file, line and message
    result = run_line(args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    if args[0] == "check":
        where = f"file={rel},line={line}," if line is not None else f"file={rel},"
        hits = [ln for ln in result.stdout.splitlines() if where in ln and expected in ln]
    else:
        prefix = f"{rel}:{line}:" if line is not None else f"{rel}:"
        hits = [ln for ln in result.stdout.splitlines() if ln.startswith(prefix) and expected in ln]
    assert hits, result.stdout
    assert "\x1b" not in result.output and "\u202e" not in result.output  # never raw
    assert "anna.andersson@example.se" not in result.output
    assert snapshot_tree(repo) == before


def test_every_case_has_a_file() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_refused_input(run_line, demo_repo: Path, case: Path) -> None:
    line, expected, command = _expectations(case)
    target = demo_repo / "agreements/demo/signatories" / case.name
    shutil.copyfile(case, target)
    rel = f"agreements/demo/signatories/{case.name}"
    _assert_refused(run_line, demo_repo, rel, line, expected, command)


def test_fifty_megabyte_file(run_line, demo_repo: Path) -> None:
    target = demo_repo / "agreements/demo/signatories/huge.yaml"
    with target.open("w") as f:
        f.write("id: huge\nnotes: |\n")
        chunk = "  " + "x" * 1022 + "\n"
        for _ in range(50 * 1024):
            f.write(chunk)
    _assert_refused(
        run_line,
        demo_repo,
        "agreements/demo/signatories/huge.yaml",
        None,
        "overens reads files up to 5 MiB",
    )


def test_symlink_to_a_file_outside(run_line, demo_repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("id: secret\nname: Hemlig\n")
    os.symlink(outside, demo_repo / "agreements/demo/signatories/secret.yaml")
    _assert_refused(
        run_line,
        demo_repo,
        "agreements/demo/signatories/secret.yaml",
        None,
        "the file is a symbolic link",
    )


def test_symlinked_folder_pointing_outside(run_line, demo_repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.yaml").write_text("id: x\n")
    os.symlink(outside, demo_repo / "agreements/demo/bodies-link")
    principles = demo_repo / "agreements/demo/principles"
    shutil.rmtree(principles)
    os.symlink(outside, principles)
    result = run_line(["validate", "--repo", demo_repo])
    assert result.exit_code == 1
    assert "agreements/demo/principles: error: the folder is a symbolic link" in result.stdout
    assert "x.yaml" not in result.stdout  # nothing behind the link was read


def test_symlinked_agreement_folder(run_line, demo_repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "other"
    shutil.copytree(demo_repo / "agreements/demo", outside)
    os.symlink(outside, demo_repo / "agreements/other")
    result = run_line(["validate", "--repo", demo_repo])
    assert result.exit_code == 1
    assert "agreements/other: error: the folder is a symbolic link" in result.stdout
