"""`overens history`: events from the files, commits from git, in date order."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, git
from revision_steps import DEMO, add_confirmation, commit, declare, edit, signatory

ORG = "foreningen-exempel"


@pytest.fixture
def lived(tmp_path: Path) -> Path:
    """An agreement with a life: adoption, a second signatory, a material revision, a confirmation,
    a withdrawal, each committed by someone else on another day."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "repo", repo)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Agreement as adopted", date="2024-01-10")
    other = signatory(repo, "andra-foreningen", "Andra föreningen", "1", "2024-02-01")
    commit(
        repo, "Andra föreningen signs", date="2024-02-03", author="Eva Ek", email="eva@example.se"
    )
    edit(
        repo / DEMO / "principles/01-dialog.yaml",
        "Mötas regelbundet.",
        "Mötas minst fyra gånger om året.",
    )
    digest = declare(repo, "2", "material", "Mötesfrekvensen skärps.", "2024-06-01")
    commit(repo, "Revision 2", date="2024-06-02", author="Olle Ord", email="olle@example.se")
    add_confirmation(repo / DEMO / f"signatories/{ORG}.yaml", "2", "2024-07-01", digest)
    commit(repo, "Föreningen Exempel confirms 2", date="2024-07-02")
    other.write_text(
        other.read_text(encoding="utf-8")
        + (
            '    withdrawal:\n      notice_date: "2024-08-01"\n      effective: "2024-09-01"\n'
            "      reason: Föreningen har upphört.\n"
        ),
        encoding="utf-8",
    )
    commit(
        repo,
        "Andra föreningen withdraws",
        date="2024-08-02",
        author="Eva Ek",
        email="eva@example.se",
    )
    return repo


def _events(run_line, repo: Path, *args: str) -> list[dict]:
    result = run_line(["history", "demo", "--repo", repo, "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["events"]


def test_timeline_with_commits(run_line, lived: Path) -> None:
    events = _events(run_line, lived)
    shas = git(lived, "log", "--reverse", "--format=%H").split()
    summary = [
        (
            e["date"],
            e["kind"],
            e["organisation"],
            e["version"],
            e["commit"]["sha"],
            e["commit"]["author"],
        )
        for e in events
    ]
    assert summary == [
        ("2020-03-01", "revision", None, "1", shas[0], "Test Coordinator"),
        ("2021-02-15", "signed", ORG, "1", shas[0], "Test Coordinator"),
        ("2024-02-01", "signed", "andra-foreningen", "1", shas[1], "Eva Ek"),
        ("2024-06-01", "revision", None, "2", shas[2], "Olle Ord"),
        ("2024-07-01", "confirmed", ORG, "2", shas[3], "Test Coordinator"),
        ("2024-09-01", "withdrawn", "andra-foreningen", None, shas[4], "Eva Ek"),
    ]
    assert events[4]["commit"]["date"] == "2024-07-02T12:00:00+00:00"
    assert events[4]["commit"]["subject"] == "Föreningen Exempel confirms 2"
    assert all(e["current"] for e in events)


def test_org_filter_and_text(run_line, lived: Path) -> None:
    events = _events(run_line, lived, "--org", "andra-foreningen")
    assert [(e["kind"], e["organisation"]) for e in events] == [
        ("revision", None),
        ("signed", "andra-foreningen"),
        ("revision", None),
        ("withdrawn", "andra-foreningen"),
    ]
    text = run_line(["history", "demo", "--repo", lived, "--org", "andra-foreningen"]).stdout
    sha = git(lived, "rev-parse", "HEAD").strip()
    assert text.splitlines()[-2:] == [
        "2024-09-01  withdrawn  Andra föreningen withdrew (notice received 2024-08-01): Föreningen har upphört.",
        (
            f"                       recorded in {sha[:10]} on 2024-08-02 by Eva Ek <eva@example.se>: "
            "Andra föreningen withdraws"
        ),
    ]
    unknown = run_line(["history", "demo", "--repo", lived, "--org", "okand"])
    assert unknown.exit_code == 1 and "'okand' has never been a signatory of demo" in unknown.stderr


def test_uncommitted_and_removed_events(run_line, lived: Path) -> None:
    signatory(lived, "tredje", "Tredje föreningen", "2", "2024-10-01")
    (lived / DEMO / "signatories/andra-foreningen.yaml").unlink()
    events = {(e["kind"], e["organisation"]): e for e in _events(run_line, lived)}
    assert events[("signed", "tredje")]["commit"] is None
    assert events[("signed", "andra-foreningen")]["current"] is False
    text = run_line(["history", "demo", "--repo", lived]).stdout
    assert "not committed yet" in text and "[no longer recorded]" in text


def test_history_without_git(run_line, tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "repo", tmp_path / "plain")
    events = _events(run_line, tmp_path / "plain")
    assert [e["kind"] for e in events] == ["revision", "signed"]
    assert all(e["commit"] is None for e in events)
    unknown = run_line(["history", "nope", "--repo", tmp_path / "plain"])
    assert unknown.exit_code == 2 and "unknown agreement 'nope'" in unknown.stderr
