"""``history`` with the signatory index and the kept log equals ``history --no-cache``.

With its cache, ``history`` takes the working tree's valid signatory files from the signatory
index, does not parse a committed version that the working tree still holds (git says so), keeps
the folder's log by commit and reads only the commits added since, and ``--org`` parses only the
organisation's own file (decision 0703). ``--no-cache`` parses every file and every committed
version. The two must give the same events, for the whole agreement and for every organisation,
through renames, broken commits, deletions, reverts, merges, rewritten history and every kind of
uncommitted change.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, git
from overens.store import index_file
from overens.vcs import reading
from revision_steps import DEMO, add_confirmation, commit, declare, edit, signatory

SIGNATORIES = f"{DEMO}/signatories"


@pytest.fixture(autouse=True)
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_file, "RACY_NS", 0)


def _history(run_line: Any, repo: Path, *args: str) -> tuple[int, str, str]:
    result = run_line(["history", "demo", "--repo", repo, *args])
    return result.exit_code, result.stdout, result.stderr


def _same(run_line: Any, repo: Path, claimed: str | None = None) -> dict[str, Any]:
    """The whole history and each organisation's, JSON and text, both ways; the JSON returned.

    ``claimed``: an organisation whose id another file also holds (an error the loader reports):
    ``--org`` reads only its own file, so it is compared only where no other file claims it."""
    whole = _history(run_line, repo, "--json")
    assert whole == _history(run_line, repo, "--json", "--no-cache")
    assert whole[0] == 0, whole
    doc = json.loads(whole[1])
    orgs = sorted({e["organisation"] for e in doc["events"] if e["organisation"]})
    for org in [*orgs, "okand", "Okänd förening", "../agreement", "*"]:
        if org == claimed:
            continue
        for extra in (["--json"], []):
            one = _history(run_line, repo, "--org", org, *extra)
            assert one == _history(run_line, repo, "--org", org, "--no-cache", *extra), org
            assert one[0] == (0 if org in orgs else 1), one
    assert _history(run_line, repo) == _history(run_line, repo, "--no-cache")
    return doc  # type: ignore[no-any-return]


def _lived(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "repo", repo)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Agreement as adopted", date="2024-01-10")
    signatory(repo, "andra-foreningen", "Andra föreningen", "1", "2024-02-01")
    commit(repo, "Andra föreningen signs", date="2024-02-03", author="Eva Ek", email="e@example.se")
    edit(repo / DEMO / "principles/01-dialog.yaml", "Mötas regelbundet.", "Mötas ofta.")
    digest = declare(repo, "2", "material", "Mötesfrekvensen skärps.", "2024-06-01")
    commit(repo, "Revision 2", date="2024-06-02")
    add_confirmation(repo / SIGNATORIES / "foreningen-exempel.yaml", "2", "2024-07-01", digest)
    commit(repo, "Föreningen Exempel confirms 2", date="2024-07-02")
    return repo


def _withdraw(path: Path, notice: str, reason: str = "Föreningen har upphört.") -> None:
    path.write_text(
        path.read_text(encoding="utf-8")
        + f'    withdrawal:\n      notice_date: "{notice}"\n      effective: "{notice}"\n'
        f"      reason: {reason}\n",
        encoding="utf-8",
    )


def test_a_long_life_both_ways(run_line: Any, tmp_path: Path) -> None:
    repo = _lived(tmp_path)
    _same(run_line, repo)
    andra = repo / SIGNATORIES / "andra-foreningen.yaml"
    _withdraw(andra, "2024-08-01")
    commit(repo, "Andra föreningen withdraws", date="2024-08-02")
    _same(run_line, repo)  # the kept log grows by one commit
    # A broken version committed, then mended: the broken one records nothing.
    tredje = signatory(repo, "tredje", "Tredje föreningen", "2", "2024-09-01")
    tredje.write_text("id: tredje\nname: [\n", encoding="utf-8")
    commit(repo, "broken", date="2024-09-02")
    signatory(repo, "tredje", "Tredje föreningen", "2", "2024-09-01")
    commit(repo, "mended", date="2024-09-03")
    # A rename that keeps the id (an error now), a revert (the same blob twice), a deletion.
    git(repo, "mv", f"{SIGNATORIES}/tredje.yaml", f"{SIGNATORIES}/tredje-omdopt.yaml")
    commit(repo, "renamed", date="2024-09-10")
    git(repo, "mv", f"{SIGNATORIES}/tredje-omdopt.yaml", f"{SIGNATORIES}/tredje.yaml")
    commit(repo, "renamed back", date="2024-09-11")
    git(repo, "rm", "-q", f"{SIGNATORIES}/andra-foreningen.yaml")
    commit(repo, "Andra föreningen's file removed", date="2024-10-01")
    doc = _same(run_line, repo)
    assert any(not e["current"] for e in doc["events"])
    # A merge whose result no commit of the log holds (a conflict resolved by hand).
    git(repo, "switch", "-q", "-c", "sidan")
    _withdraw(repo / SIGNATORIES / "tredje.yaml", "2024-11-01", "Sammanslagen.")
    commit(repo, "Tredje withdraws (side)", date="2024-11-02")
    git(repo, "switch", "-q", "main")
    _withdraw(repo / SIGNATORIES / "tredje.yaml", "2024-11-05", "Upplöst.")
    commit(repo, "Tredje withdraws (main)", date="2024-11-06")
    merged = git(repo, "merge", "-q", "--no-edit", "sidan", check=False)
    assert "CONFLICT" in merged or git(repo, "status", "--porcelain")
    signatory(repo, "tredje", "Tredje föreningen", "2", "2024-09-01")
    _withdraw(repo / SIGNATORIES / "tredje.yaml", "2024-11-03", "Enligt beslut.")
    commit(repo, "merged", date="2024-11-07")
    _same(run_line, repo)
    # Rewritten history: an amend, then a reset to an older commit.
    _withdraw(repo / SIGNATORIES / "foreningen-exempel.yaml", "2024-12-01")
    commit(repo, "Exempel withdraws", date="2024-12-02")
    _same(run_line, repo)
    git(repo, "commit", "-q", "--amend", "-m", "Exempel withdraws (amended)")
    _same(run_line, repo)
    git(repo, "reset", "-q", "--hard", "HEAD~3")
    _same(run_line, repo)


def test_uncommitted_changes_of_every_kind(run_line: Any, tmp_path: Path) -> None:
    repo = _lived(tmp_path)
    _same(run_line, repo)
    signatory(repo, "ny", "Ny förening", "2", "2024-10-01")  # untracked
    exempel = repo / SIGNATORIES / "foreningen-exempel.yaml"
    _withdraw(exempel, "2024-10-02")  # modified
    _same(run_line, repo)
    git(repo, "add", "-A")  # staged
    _same(run_line, repo)
    andra = repo / SIGNATORIES / "andra-foreningen.yaml"
    git(repo, "update-index", "--assume-unchanged", f"{SIGNATORIES}/andra-foreningen.yaml")
    _withdraw(andra, "2024-10-03")  # git does not look at it
    _same(run_line, repo)
    (repo / SIGNATORIES / ".dold.yaml").write_text(andra.read_text(encoding="utf-8"))
    (repo / SIGNATORIES / "notes.txt").write_text("x\n", encoding="utf-8")
    _same(run_line, repo)
    (repo / SIGNATORIES / "fel-id.yaml").write_text(
        andra.read_text(encoding="utf-8").replace("Andra föreningen", "Fel id"), encoding="utf-8"
    )  # a second file with the id andra-foreningen: an error the loader reports
    _same(run_line, repo, claimed="andra-foreningen")
    andra.unlink()  # deleted in the working tree
    _same(run_line, repo, claimed="andra-foreningen")
    (repo / SIGNATORIES / "trasig.yaml").write_text("id: trasig\nname: [\n", encoding="utf-8")
    assert _history(run_line, repo, "--json") == _history(run_line, repo, "--json", "--no-cache")
    assert _history(run_line, repo)[0] == 1  # a broken working tree file is reported either way


def test_without_git_and_without_commits(run_line: Any, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(FIXTURES / "repo", plain)
    _same(run_line, plain)
    git(plain, "init", "-q", "-b", "main")
    _same(run_line, plain)


def test_the_log_is_read_once_and_then_only_what_is_new(
    run_line: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _lived(tmp_path)
    read: list[str | None] = []
    real = reading.log

    def spy(root: Path, paths: Any, *, rev: str = "HEAD", exclude: str | None = None) -> Any:
        read.append(exclude)
        return real(root, paths, rev=rev, exclude=exclude)

    monkeypatch.setattr(reading, "log", spy)
    _same(run_line, repo)
    assert read.count(None) >= 1
    read.clear()
    assert _history(run_line, repo, "--json")[0] == 0
    assert read == []  # HEAD has not moved: the kept log
    before = git(repo, "rev-parse", "HEAD").strip()
    signatory(repo, "fjarde", "Fjärde föreningen", "2", "2024-10-01")
    commit(repo, "Fjärde signs", date="2024-10-02")
    assert _history(run_line, repo, "--json")[0] == 0
    assert read == [before]  # a fast-forward: only the new commit is read
    read.clear()
    git(repo, "switch", "-q", "-c", "annan", "HEAD~2")
    assert _history(run_line, repo, "--json")[0] == 0
    assert read == [None]  # not a fast-forward: the whole log again


def test_an_agreements_repository_inside_a_larger_git_repository(
    run_line: Any, tmp_path: Path
) -> None:
    """The agreements repository is a folder of the git repository: every path git gives is
    taken relative to it."""
    top = tmp_path / "top"
    shutil.copytree(FIXTURES / "repo", top / "avtal")
    git(top, "init", "-q", "-b", "main")
    commit(top, "init", date="2024-01-10")
    repo = top / "avtal"
    signatory(repo, "andra-foreningen", "Andra föreningen", "1", "2024-02-01")
    commit(top, "Andra föreningen signs", date="2024-02-03")
    doc = _same(run_line, repo)
    assert [e["commit"]["subject"] for e in doc["events"]][-1] == "Andra föreningen signs"
    _withdraw(repo / SIGNATORIES / "andra-foreningen.yaml", "2024-03-01")
    _same(run_line, repo)
