"""Each version's first commit, found by one `git log` and one `git cat-file`
(`overens.revisions.versions.first_commits`), equals what reading `agreement.yaml` at each commit
of its history in turn finds, on a real repository whose history repeats, skips and breaks
versions."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import git
from overens.errors import UsageError
from overens.revisions.versions import commit_of_version, first_commits

REL = "agreements/demo/agreement.yaml"

# What agreement.yaml holds at each commit, oldest first: a version kept through an edit, a
# version skipped, one returned to, a file that is not YAML, one with no version, a number.
HISTORY = [
    'version: "1"\ntitle: Första\n',
    'version: "1"\ntitle: Första, rättad\n',
    'version: "3"\ntitle: Tredje\n',
    "version: [unclosed\n",
    'version: "2"\ntitle: Andra, efter den tredje\n',
    "title: Utan version\n",
    'version: "3"\ntitle: Tredje igen\n',
    "version: 4\ntitle: Ett tal\n",
]


@pytest.fixture
def history(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "agreements" / "demo").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Test Testsson")
    git(repo, "config", "user.email", "test@example.org")
    for i, text in enumerate(HISTORY):
        (repo / REL).write_text(text, encoding="utf-8")
        (repo / f"other-{i}.txt").write_text(str(i))  # a commit that touches more than the file
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "--no-gpg-sign", "-m", f"step {i}")
    (repo / "unrelated.txt").write_text("not the agreement")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-gpg-sign", "-m", "not the agreement")
    return repo


def _one_commit_at_a_time(repo: Path) -> dict[str, str]:
    """The slow way: each commit that touched the file, oldest first, read on its own."""
    found: dict[str, str] = {}
    for sha in git(repo, "log", "--reverse", "--format=%H", "--", REL).split():
        try:
            data = yaml.safe_load(git(repo, "show", f"{sha}:{REL}"))
        except yaml.YAMLError:
            continue
        if isinstance(data, dict):
            found.setdefault(str(data.get("version")), sha)
    return found


def test_first_commits_equal_reading_each_commit(history: Path) -> None:
    fast = {version: c.sha for version, c in first_commits(history, "demo").items()}
    assert fast == _one_commit_at_a_time(history)
    steps = git(history, "log", "--reverse", "--format=%H").split()
    # Stated by hand too, so that both ways cannot be wrong alike.
    assert fast == {"1": steps[0], "3": steps[2], "2": steps[4], "None": steps[5], "4": steps[7]}


def test_commit_of_version_is_that_version_s_first_commit(history: Path) -> None:
    known = first_commits(history, "demo")
    for version in ("1", "2", "3", "4"):
        assert commit_of_version(history, "demo", version) == known[version]
    with pytest.raises(UsageError, match=r"no commit of agreements/demo/agreement.yaml has") as e:
        commit_of_version(history, "demo", "5")
    assert e.value.hint == "the version was never committed; commit it, or pass --base REV instead"


def test_a_repository_without_commits_has_no_versions(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    assert first_commits(tmp_path, "demo") == {}
