"""The benchmark corpus generator (bench/generate.py) makes valid, deterministic, realistic repositories."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import PROJECT, git
from overens.model.identity import org_number_problem
from overens.model.personal_numbers import is_personal_number
from overens.store import safe_yaml

sys.path.insert(0, str(PROJECT / "bench"))
import generate  # noqa: E402


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "agreements").rglob("*.yaml"))
    }


def test_a_small_corpus_is_a_committed_repository_that_validates_clean(
    tmp_path: Path, run_line
) -> None:
    repo = tmp_path / "corpus"
    stats = generate.generate(repo, agreements=2, signatories=15, seed=3)
    assert stats.signatories == 30
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "1"
    files = _tree(repo)
    assert len(files) == stats.files
    kinds = {path.split("/")[2] for path in files if path.count("/") == 3}
    assert kinds == {"principles", "signatories", "bodies"}
    result = run_line(["validate", "--repo", repo])
    assert result.exit_code == 0, result.output
    assert f"0 errors, 0 warnings in {stats.files} files" in result.stderr


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    generate.generate(tmp_path / "a", 2, 10, seed=5, git=False)
    generate.generate(tmp_path / "b", 2, 10, seed=5, git=False)
    generate.generate(tmp_path / "c", 2, 10, seed=6, git=False)
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert _tree(tmp_path / "a") != _tree(tmp_path / "c")


def test_signatories_are_realistic(tmp_path: Path) -> None:
    stats = generate.generate(tmp_path / "r", 1, 400, seed=1, git=False)
    assert 0.06 < stats.withdrawn / 400 < 0.16
    assert 0.005 < stats.rejoined / 400 < 0.06
    docs = [
        safe_yaml.load(p) for p in sorted((tmp_path / "r").glob("agreements/*/signatories/*.yaml"))
    ]
    assert len(docs) == 400
    numbers = [d["org_number"] for d in docs if "org_number" in d]
    assert len(numbers) > 350 and len(set(numbers)) == len(numbers)
    assert all(org_number_problem(n) is None and not is_personal_number(n) for n in numbers)
    assert sum("contact" in d for d in docs) > 350
    assert sum("reports" in d for d in docs) in (0, *range(300, 401))
    assert {d["sector"] for d in docs} == {"ideburen", "offentlig"}


def test_refuses_to_write_into_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("keep")
    with pytest.raises(SystemExit):
        generate.generate(tmp_path / "x", 1, 1)
    assert (tmp_path / "x" / "keep.txt").read_text() == "keep"
