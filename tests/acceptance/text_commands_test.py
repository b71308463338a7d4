"""`new`, `adopt` and `revise`: the text's life as commands, on real git repositories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import git, init_repo, snapshot_tree
from overens.model import canonical
from overens.revisions.revise import next_version
from overens.store import safe_yaml
from year_helpers import REGION, TITLE, commits, one_commit, reword_the_principle, write_the_text

ID = "exempelland-2025"
MAIN = f"agreements/{ID}/agreement.yaml"
PRINCIPLE = f"agreements/{ID}/principles/01-exempel.yaml"


@pytest.fixture
def draft_repo(run_line, tmp_path: Path) -> Path:
    (tmp_path / "repo").mkdir()
    repo = init_repo(tmp_path / "repo")
    one_commit(run_line, repo, ["new", ID, "--title", TITLE, "--region", REGION])
    return repo


@pytest.fixture
def adopted_repo(run_line, draft_repo: Path) -> Path:
    write_the_text(draft_repo, ID)
    one_commit(run_line, draft_repo, ["adopt", ID, "--date", "2025-01-28", "--by", "Rf"])
    return draft_repo


def _text_hash(repo: Path) -> str:
    folder = repo / "agreements" / ID
    principles = [safe_yaml.load(p) for p in sorted((folder / "principles").glob("*.yaml"))]
    return canonical.text_sha256(safe_yaml.load(folder / "agreement.yaml"), principles)


# ----------------------------------------------------------------------------- new


def test_new_writes_a_draft_that_check_advises_on(run_line, draft_repo: Path) -> None:
    data = safe_yaml.load(draft_repo / MAIN)
    assert data["status"] == "draft" and "revisions" not in data and data["title"] == TITLE
    assert data["parties"][0] == {
        "id": "region-exempelland",
        "name": REGION,
        "sector": "offentlig",
        "kind": "region",
    }
    assert git(draft_repo, "log", "-1", "--format=%s").strip() == f"new({ID}): a draft agreement"
    result = run_line(["check", "--repo", draft_repo, "--format", "json", "--as-of", "2025-01-01"])
    assert result.exit_code == 0, result.output  # a draft is not an error
    findings = json.loads(result.stdout)["findings"]
    assert {f["rule"] for f in findings} == {"draft"}
    assert {f["severity"] for f in findings} == {"info"}
    messages = " ".join(f["message"] for f in findings)
    assert "is a draft" in messages and "[Skriv principens text.]" in messages
    assert "has changed since version" not in messages
    assert "the terms say nothing about how long the agreement applies" in messages


def test_a_draft_cannot_be_signed(run_line, draft_repo: Path) -> None:
    result = run_line(["sign", ID, "--repo", draft_repo, "--name", "X"])
    assert result.exit_code == 1
    assert f"the agreement {ID} is a draft" in result.stderr
    assert f"overens adopt {ID}" in result.stderr


def test_new_writes_any_title_safely(run_line, tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    repo = init_repo(tmp_path / "repo")
    title = "Överenskommelse: 'idéburen' sektor # 2025 - \"utkast\" {x: 1}"
    one_commit(run_line, repo, ["new", "prov", "--title", title])
    assert safe_yaml.load(repo / "agreements/prov/agreement.yaml")["title"] == title
    result = run_line(["validate", "--repo", repo])
    assert result.exit_code == 0, result.output


def test_new_refuses_an_existing_agreement_or_a_bad_id(run_line, draft_repo: Path) -> None:
    before = snapshot_tree(draft_repo)
    again = run_line(["new", ID, "--title", "X", "--repo", draft_repo])
    assert again.exit_code == 1 and "exists already" in again.stderr
    bad = run_line(["new", "Exempel Land", "--title", "X", "--repo", draft_repo])
    assert bad.exit_code == 2 and "for example exempel-land" in bad.stderr
    assert snapshot_tree(draft_repo) == before


def test_a_draft_with_revisions_is_an_error(run_line, draft_repo: Path) -> None:
    path = draft_repo / MAIN
    path.write_text(
        path.read_text(encoding="utf-8")
        + "revisions:\n- version: '1'\n  kind: material\n  summary: x\n  text_sha256: "
        + "a" * 64
        + "\n",
        encoding="utf-8",
    )
    result = run_line(["validate", "--repo", draft_repo, "--format", "json"])
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)["findings"]
    assert "marked `status: draft` but records `revisions`" in finding["message"]


# ----------------------------------------------------------------------------- adopt


def test_adopt_refuses_while_placeholders_are_left(run_line, draft_repo: Path) -> None:
    before = snapshot_tree(draft_repo)
    result = run_line(["adopt", ID, "--by", "Rf", "--date", "2025-01-28", "--repo", draft_repo])
    assert result.exit_code == 1
    assert "still holds 12 placeholder(s)" in result.stderr
    assert (
        "\u201d[Skriv bakgrunden.]\u201d in section \u201dBakgrund\u201d (agreement.yaml)"
        in result.stderr
    )
    assert snapshot_tree(draft_repo) == before


def test_adopt_declares_version_1_with_the_hash_of_the_text(run_line, draft_repo: Path) -> None:
    write_the_text(draft_repo, ID)  # not committed: adopt commits the text it declares
    result = one_commit(
        run_line,
        draft_repo,
        ["adopt", ID, "--date", "2025-01-28", "--by", "Regionfullmäktige",
         "--reference", "RS 2024/1234", "--paragraph", "§ 12"],
    )  # fmt: skip
    data = safe_yaml.load(draft_repo / MAIN)
    [revision] = data["revisions"]
    assert revision == {
        "version": "1",
        "date": "2025-01-28",
        "kind": "material",
        "summary": "Texten som antagen.",
        "decided_by": "Regionfullmäktige",
        "reference": "RS 2024/1234",
        "paragraph": "§ 12",
        "text_sha256": _text_hash(draft_repo),
    }
    assert list(data).index("adopted") == list(data).index("version") + 1
    assert "A draft made by" not in (draft_repo / MAIN).read_text(encoding="utf-8")
    assert f"text sha256: {_text_hash(draft_repo)}" in result.stdout
    assert sorted(git(draft_repo, "show", "--name-only", "--format=", "HEAD").split()) == [
        MAIN,
        PRINCIPLE,
    ]
    body = git(draft_repo, "log", "-1", "--format=%B")
    assert "Adopted-by: Regionfullmäktige" in body and "Reference: RS 2024/1234" in body
    check = run_line(["check", "--repo", draft_repo, "--as-of", "2025-02-01"])
    assert check.exit_code == 0 and "no findings" in check.stdout, check.output


def test_adopt_refuses_an_adopted_agreement_and_a_future_date(run_line, adopted_repo: Path) -> None:
    again = run_line(["adopt", ID, "--by", "Rf", "--date", "2025-02-01", "--repo", adopted_repo])
    assert again.exit_code == 1 and "is not a draft" in again.stderr
    assert "overens revise" in again.stderr
    future = run_line(["adopt", ID, "--by", "Rf", "--date", "2999-01-01", "--repo", adopted_repo])
    assert future.exit_code == 1 and "in the future" in future.stderr


def test_adopt_refuses_a_principle_removed_but_not_committed(run_line, draft_repo: Path) -> None:
    write_the_text(draft_repo, ID)
    (draft_repo / PRINCIPLE).unlink()
    result = run_line(["adopt", ID, "--by", "Rf", "--date", "2025-01-28", "--repo", draft_repo])
    assert (
        result.exit_code == 1 and "removed from the working tree but not committed" in result.stderr
    )
    assert safe_yaml.load(draft_repo / MAIN)["status"] == "draft"


# ----------------------------------------------------------------------------- revise


def test_revise_refuses_an_unchanged_text(run_line, adopted_repo: Path) -> None:
    result = run_line(
        ["revise", ID, "--kind", "editorial", "--summary", "x", "--decided-by", "y",
         "--date", "2025-03-01", "--repo", adopted_repo]
    )  # fmt: skip
    assert result.exit_code == 1 and "has not changed since version 1" in result.stderr


def test_revise_declares_the_change_with_a_summary_written_safely(
    run_line, adopted_repo: Path
) -> None:
    reword_the_principle(adopted_repo, ID)
    summary = "Ändrad: princip 1 gäller 'regelbunden' dialog # inte ett kommentar"
    result = one_commit(
        run_line,
        adopted_repo,
        ["revise", ID, "--kind", "material", "--summary", summary, "--decided-by", "Rf: AU",
         "--date", "2025-06-01", "--reference", "RS 2025/1"],
    )  # fmt: skip
    data = safe_yaml.load(adopted_repo / MAIN)
    assert data["version"] == "2"
    assert data["revisions"][-1] == {
        "version": "2",
        "date": "2025-06-01",
        "kind": "material",
        "summary": summary,
        "decided_by": "Rf: AU",
        "reference": "RS 2025/1",
        "text_sha256": _text_hash(adopted_repo),
    }
    assert "changed: principle 1. Dialog: reworded" in result.stdout
    body = git(adopted_repo, "log", "-1", "--format=%B")
    assert "Changed:\n- principle 1. Dialog: reworded" in body
    assert summary in body and "Revision-kind: material" in body
    assert run_line(["validate", "--repo", adopted_repo]).exit_code == 0


def test_revise_on_a_branch_leaves_the_checkout_as_it_was(run_line, adopted_repo: Path) -> None:
    reword_the_principle(adopted_repo, ID)
    before, head = snapshot_tree(adopted_repo), git(adopted_repo, "rev-parse", "HEAD").strip()
    result = run_line(
        ["revise", ID, "--kind", "editorial", "--summary", "Språk.", "--decided-by", "Sg",
         "--date", "2025-06-01", "--branch", "revision-2", "--repo", adopted_repo]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "on the new branch revision-2" in result.stdout and "wrote" not in result.stdout
    assert snapshot_tree(adopted_repo) == before
    assert git(adopted_repo, "rev-parse", "HEAD").strip() == head
    files = git(adopted_repo, "show", "--name-only", "--format=", "revision-2").split()
    assert sorted(files) == [MAIN, PRINCIPLE]  # the text it declares is in the commit
    git(adopted_repo, "checkout", "-q", "-f", "revision-2")
    assert run_line(["validate", "--repo", adopted_repo]).exit_code == 0


def test_revise_refuses_a_draft(run_line, draft_repo: Path) -> None:
    result = run_line(
        ["revise", ID, "--kind", "material", "--summary", "x", "--decided-by", "y",
         "--repo", draft_repo]
    )  # fmt: skip
    assert result.exit_code == 1 and "is a draft" in result.stderr


def test_version_points_to_revise(run_line, adopted_repo: Path) -> None:
    reword_the_principle(adopted_repo, ID)
    result = run_line(["version", ID, "--repo", adopted_repo, "--as-of", "2025-06-01"])
    assert f"overens revise {ID} --kind editorial --summary" in result.stdout
    assert "text_sha256:" not in result.stdout  # no YAML to paste


@pytest.mark.parametrize(("current", "new"), [("1", "2"), ("1.4", "1.5"), ("9", "10")])
def test_next_version(current: str, new: str) -> None:
    assert next_version(current) == new


def test_every_step_is_one_commit(run_line, draft_repo: Path) -> None:
    start = commits(draft_repo)
    write_the_text(draft_repo, ID)
    one_commit(run_line, draft_repo, ["adopt", ID, "--date", "2025-01-28", "--by", "Rf"])
    reword_the_principle(draft_repo, ID)
    one_commit(
        run_line,
        draft_repo,
        ["revise", ID, "--kind", "editorial", "--summary", "x", "--decided-by", "y",
         "--date", "2025-02-01"],
    )  # fmt: skip
    assert commits(draft_repo) == start + 2
