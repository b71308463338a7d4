"""The site's timeline of revisions when git holds some of the versions' texts and not others:
each revision compared with the one before where both texts are in git (the current one also as
it is in the working tree), listed with why not where they are not, and the versions' commits
found with one `git log` for the agreement, through the real CLI on real repositories."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import git
from public_corpus import make_repo

AGREEMENT = Path("agreements/demo/agreement.yaml")
PRINCIPLE = Path("agreements/demo/principles/01-dialog.yaml")
NOT_HELD = "Texten i version {} finns inte i arkivets historik, så ändringarna kan inte visas."
WORDS = ["hittar", "finner", "ser", "möter"]


def _revise(run_line, repo: Path, version: int) -> None:
    """Version ``version`` of the demo agreement: one word of principle 1 changed, declared."""
    principle = repo / PRINCIPLE
    principle.write_text(
        principle.read_text().replace(f" {WORDS[version - 2]} vi", f" {WORDS[version - 1]} vi")
    )
    new = json.loads(run_line(["version", "demo", "--json", "--repo", repo]).output)
    agreement = repo / AGREEMENT
    text = re.sub(
        r'\nversion: "\d+"\n', f'\nversion: "{version}"\n', agreement.read_text(), count=1
    )
    agreement.write_text(
        text
        + f"""  - version: "{version}"
    date: "2025-0{version}-01"
    kind: editorial
    summary: Ett ord i princip 1, version {version}.
    text_sha256: "{new["text_sha256"]}"
"""
    )


def _commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-gpg-sign", "-m", message)


def _revisions(run_line, repo: Path, out: Path) -> dict[str, str]:
    result = run_line(["site", "--output", out, "--repo", repo, "--as-of", "2025-12-31"])
    assert result.exit_code == 0, result.output
    page = (out / "demo" / "index.html").read_text()
    sections = re.findall(
        r'<section class="revision" id="revision-(\d+)">(.*?)</section>', page, re.S
    )
    return dict(sections)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def test_each_revision_is_compared_with_the_one_before_the_current_one_as_it_stands(
    run_line, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _revise(run_line, repo, 2)
    _commit(repo, "version 2")
    _revise(run_line, repo, 3)  # the current version, not committed yet
    trace = tmp_path / "git-trace.txt"
    monkeypatch.setenv("GIT_TRACE", str(trace))
    revisions = _revisions(run_line, repo, tmp_path / "site")
    monkeypatch.delenv("GIT_TRACE")
    assert list(revisions) == ["3", "2", "1"]
    assert "Vad som ändrats sedan version 2" in revisions["3"]
    assert "<del>finner</del><ins>ser</ins>" in revisions["3"]
    assert "Vad som ändrats sedan version 1" in revisions["2"]
    assert "<del>hittar</del><ins>finner</ins>" in revisions["2"]
    assert "sedan version" not in revisions["1"] and "finns inte" not in revisions["1"]
    # One look-up of the versions' commits for the whole timeline, not one for each revision.
    logs = [line for line in trace.read_text().splitlines() if "built-in: git log" in line]
    assert len([line for line in logs if str(AGREEMENT) in line]) == 1, logs


def test_a_version_git_never_held_is_listed_with_why_it_is_not_compared(
    run_line, repo: Path, tmp_path: Path
) -> None:
    _revise(run_line, repo, 2)  # never committed: version 3 is committed over it
    _revise(run_line, repo, 3)
    _commit(repo, "version 3")
    _revise(run_line, repo, 4)
    _commit(repo, "version 4")
    revisions = _revisions(run_line, repo, tmp_path / "site")
    assert list(revisions) == ["4", "3", "2", "1"]
    assert "<del>ser</del><ins>möter</ins>" in revisions["4"]
    # Neither 1 and 2 nor 2 and 3 are both in git: each page names the one that is not.
    assert NOT_HELD.format(2) in revisions["3"]
    assert NOT_HELD.format(2) in revisions["2"]
    assert "sedan version" not in revisions["2"] + revisions["3"]
    assert "finns inte" not in revisions["1"] + revisions["4"]


def test_the_first_version_not_in_git_leaves_the_rest_uncompared(
    run_line, repo: Path, tmp_path: Path
) -> None:
    """A history that starts after version 1 (the benchmark's corpora are made so): the later
    versions are listed without a comparison with it."""
    _revise(run_line, repo, 2)
    git(repo, "checkout", "-q", "--orphan", "restart")
    _commit(repo, "history starts at version 2")
    revisions = _revisions(run_line, repo, tmp_path / "site")
    assert list(revisions) == ["2", "1"]
    assert NOT_HELD.format(1) in revisions["2"]
