"""`overens confirm` end to end: real git repositories, the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import git, snapshot_tree
from overens.store import safe_yaml
from revision_steps import DEMO, commit, declare, edit, signatory

ORG = "foreningen-exempel"
FILE = f"{DEMO}/signatories/{ORG}.yaml"


@pytest.fixture
def material(demo_repo: Path) -> Path:
    """The demo agreement after a committed material revision to version 2 (decided 2024-06-01)."""
    edit(
        demo_repo / DEMO / "principles/01-dialog.yaml",
        "Mötas regelbundet.",
        "Mötas minst fyra gånger om året.",
    )
    declare(demo_repo, "2", "material", "Mötesfrekvensen skärps.", "2024-06-01")
    commit(demo_repo, "Material revision 2", date="2024-06-01")
    return demo_repo


def _confirm(run_line, repo: Path, *args: str):
    return run_line(["confirm", "demo", *args, "--repo", repo])


def test_confirm_appends_and_commits_one_file(run_line, material: Path) -> None:
    before = (material / FILE).read_text(encoding="utf-8")
    result = _confirm(run_line, material, ORG, "--date", "2024-07-01", "--reference", "DNR 2024/7")
    assert result.exit_code == 0, result.output
    assert "Föreningen Exempel confirmed the current version of demo" in result.stdout

    assert git(material, "show", "--name-only", "--format=", "HEAD").split() == [FILE]
    digest = safe_yaml.load(material / DEMO / "agreement.yaml")["revisions"][-1]["text_sha256"]
    assert git(material, "log", "-1", "--format=%B").strip() == (
        "confirm(demo): Föreningen Exempel confirms version 2\n\n"
        f"Confirmed: 2024-07-01\nText-SHA256: {digest}\nReference: DNR 2024/7"
    )
    after = (material / FILE).read_text(encoding="utf-8")
    assert after.startswith(before.split("reports:")[0])  # earlier lines kept, comments and all
    record = safe_yaml.parse(after, FILE)
    assert record["memberships"][-1]["confirmations"] == [
        {
            "version": "2",
            "date": "2024-07-01",
            "text_sha256": digest,
            "evidence": {"reference": "DNR 2024/7"},
        }
    ]
    assert git(material, "status", "--porcelain") == ""

    # What it changes: check no longer reports it, version no longer lists it, history shows it.
    checked = json.loads(
        run_line(
            [
                "check",
                "--repo",
                material,
                "--format",
                "json",
                "--as-of",
                "2024-12-31",
                "--rule",
                "version-confirmed",
            ]
        ).stdout
    )
    assert checked["findings"] == []
    info = json.loads(
        run_line(["version", "demo", "--repo", material, "--json", "--as-of", "2024-12-31"]).stdout
    )
    assert info["awaiting_confirmation"] == []
    events = json.loads(run_line(["history", "demo", "--repo", material, "--json"]).stdout)[
        "events"
    ]
    assert events[-1]["kind"] == "confirmed"
    assert events[-1]["commit"]["sha"] == git(material, "rev-parse", "HEAD").strip()


def test_confirm_by_name_dry_run_no_commit_and_json(run_line, material: Path) -> None:
    before = snapshot_tree(material)
    dry = _confirm(run_line, material, "Föreningen Exempel", "--date", "2024-07-01", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "confirmations:" in dry.stdout and "would write" in dry.stderr
    assert snapshot_tree(material) == before

    done = _confirm(
        run_line, material, "802004-6895", "--date", "2024-07-01", "--no-commit", "--json"
    )
    assert done.exit_code == 0, done.output
    record = json.loads(done.stdout)
    assert (record["action"], record["id"], record["commit"]) == ("confirm", ORG, None)
    assert git(material, "status", "--porcelain").split() == ["M", FILE]


def test_confirm_on_a_new_branch(run_line, material: Path) -> None:
    head = git(material, "rev-parse", "HEAD").strip()
    result = _confirm(
        run_line, material, ORG, "--date", "2024-07-01", "--branch", "confirm-exempel"
    )
    assert result.exit_code == 0, result.output
    assert git(material, "rev-parse", "HEAD").strip() == head
    assert (
        git(material, "log", "-1", "--format=%s", "confirm-exempel").strip()
        == "confirm(demo): Föreningen Exempel confirms version 2"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((ORG, "--date", "2999-01-01"), "a confirmation cannot be in the future"),
        ((ORG, "--date", "2024-05-01"), "version 2 was only decided on 2024-06-01"),
        (("okand-forening", "--date", "2024-07-01"), "no signatory 'okand-forening'"),
        ((ORG, "--date", "2024-13-01"), "--date"),
    ],
)
def test_refusals_change_nothing(
    run_line, material: Path, args: tuple[str, ...], message: str
) -> None:
    before = snapshot_tree(material)
    result = _confirm(run_line, material, *args)
    assert result.exit_code in (1, 2), result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert snapshot_tree(material) == before


def test_already_confirmed_withdrawn_and_undeclared(run_line, material: Path) -> None:
    assert _confirm(run_line, material, ORG, "--date", "2024-07-01").exit_code == 0
    again = _confirm(run_line, material, ORG, "--date", "2024-07-02")
    assert again.exit_code == 1 and "has already confirmed version 2" in again.stderr

    late = signatory(material, "sen-forening", "Sen förening", "2", "2024-08-01")
    commit(material, "Sen förening signs 2", date="2024-08-01")
    signed = _confirm(run_line, material, "sen-forening", "--date", "2024-08-02")
    assert signed.exit_code == 1 and "has already signed version 2" in signed.stderr

    late.write_text(
        late.read_text(encoding="utf-8")
        + ('    withdrawal:\n      notice_date: "2024-09-01"\n      effective: "2024-09-01"\n'),
        encoding="utf-8",
    )
    commit(material, "Sen förening withdraws", date="2024-09-01")
    withdrawn = _confirm(run_line, material, "sen-forening", "--date", "2024-09-02")
    assert withdrawn.exit_code == 1 and "withdrew from demo" in withdrawn.stderr

    edit(material / DEMO / "principles/02-kvalitet.yaml", "kvalitetskrav", "krav")
    undeclared = _confirm(run_line, material, ORG, "--date", "2024-07-01")
    assert (
        undeclared.exit_code == 1
        and "has changed since version 2 was declared" in undeclared.stderr
    )
