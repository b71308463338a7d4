"""`overens withdraw` end to end: real git repositories, the real CLI."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from conftest import git, snapshot_tree
from coordinator_helpers import (
    EXEMPEL,
    ORG_EXEMPEL,
    PERSONAL_NUMBER,
    Terminal,
    commit_all,
    edit_agreement,
    head_files,
    install_hook,
    withdraw_args,
)
from overens.store import safe_yaml


def test_withdraw_appends_a_withdrawal_and_commits(run_line, demo_repo: Path) -> None:
    before = (demo_repo / EXEMPEL).read_text()
    result = run_line(
        withdraw_args(demo_repo, "foreningen-exempel", "--reason", "Föreningen har upplösts.")
    )
    assert result.exit_code == 0, result.output
    assert "Föreningen Exempel withdrew from demo" in result.stdout

    assert head_files(demo_repo) == [EXEMPEL]
    assert git(demo_repo, "log", "-1", "--format=%B").strip() == (
        "withdraw(demo): Föreningen Exempel\n\n"
        "Notice-received: 2024-05-02\n"
        "Effective: 2024-06-01\n"
        "Reference: DNR 2024/88"
    )
    after = (demo_repo / EXEMPEL).read_text()
    # Text-level: every earlier line is kept as it was; the withdrawal is inserted.
    diff = git(demo_repo, "diff", "HEAD^", "HEAD", "--unified=0", "--", EXEMPEL)
    assert not [
        line for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")
    ]
    assert after.replace(before.split("reports:")[0], "").startswith("    withdrawal:\n")
    record = safe_yaml.parse(after, EXEMPEL)
    assert record["memberships"][-1]["withdrawal"] == {
        "notice_date": "2024-05-02",
        "effective": "2024-06-01",
        "reason": "Föreningen har upplösts.",
        "evidence": {"reference": "DNR 2024/88"},
    }
    assert git(demo_repo, "status", "--porcelain") == ""
    assert run_line(["validate", "--repo", demo_repo]).exit_code == 0


@pytest.mark.parametrize("ignored", [False, True], ids=["committed", "ignored, untracked"])
def test_the_withdrawn_file_is_committed_whether_git_tracked_it_or_not(
    run_line, demo_repo: Path, ignored: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A committed file is committed by ``git commit --include``; a file git ignores and never
    committed is not one git would include, and is staged by ``git update-index`` as before:
    committed either way, and the working tree left clean."""
    if ignored:
        git(demo_repo, "rm", "-q", "--cached", EXEMPEL)
        git(demo_repo, "commit", "-q", "-m", "untrack")
        (demo_repo / ".git" / "info" / "exclude").write_text(f"/{EXEMPEL}\n")
    trace = tmp_path / "trace.txt"
    monkeypatch.setenv("GIT_TRACE2", str(trace))
    result = run_line(withdraw_args(demo_repo))
    monkeypatch.delenv("GIT_TRACE2")
    assert result.exit_code == 0, result.output
    starts = [line for line in trace.read_text().splitlines() if " start " in line]
    assert any(" update-index " in line for line in starts) == ignored
    assert any(" commit " in line and " --include " in line for line in starts) != ignored
    assert head_files(demo_repo) == [EXEMPEL]
    assert git(demo_repo, "show", f"HEAD:{EXEMPEL}") == (demo_repo / EXEMPEL).read_text()
    assert git(demo_repo, "status", "--porcelain") == ""


@pytest.mark.parametrize(
    "org",
    ["foreningen-exempel", ORG_EXEMPEL, "8020046895", "Föreningen Exempel", "föreningen exempel"],
)
def test_the_organisation_can_be_named_by_slug_number_or_name(
    run_line, demo_repo: Path, org: str
) -> None:
    result = run_line(withdraw_args(demo_repo, org, "--dry-run"))
    assert result.exit_code == 0, result.output


def test_hand_written_comments_survive(run_line, demo_repo: Path) -> None:
    path = demo_repo / EXEMPEL
    path.write_text(
        path.read_text().replace(
            "memberships:\n", "# Anslöt efter dialogmötet 2021.\nmemberships:\n"
        )
    )
    commit_all(demo_repo, "a comment")
    assert run_line(withdraw_args(demo_repo)).exit_code == 0
    assert "# Anslöt efter dialogmötet 2021.\nmemberships:\n" in path.read_text()


def test_without_a_notice_period_the_withdrawal_takes_effect_on_notice(
    run_line, demo_repo: Path
) -> None:
    edit_agreement(demo_repo, lambda d: d["terms"]["withdrawal"].pop("notice_period_days"))
    result = run_line(withdraw_args(demo_repo, notice_date="2024-05-02"))
    assert result.exit_code == 0, result.output
    assert (
        safe_yaml.load(demo_repo / EXEMPEL)["memberships"][-1]["withdrawal"]["effective"]
        == "2024-05-02"
    )


def test_a_later_effective_date_is_kept(run_line, demo_repo: Path) -> None:
    assert run_line(withdraw_args(demo_repo, effective="2024-12-31")).exit_code == 0
    assert (
        safe_yaml.load(demo_repo / EXEMPEL)["memberships"][-1]["withdrawal"]["effective"]
        == "2024-12-31"
    )


def _withdrawn(repo: Path) -> None:
    import datetime as dt

    from conftest import git as run_git
    from overens.membership.withdraw import WithdrawRequest, withdraw
    from overens.vcs.transaction import Delivery

    withdraw(
        WithdrawRequest(
            "demo", "foreningen-exempel", notice_date=dt.date(2023, 1, 1), reference="X"
        ),
        repo=repo,
        delivery=Delivery(),
    )
    assert run_git(repo, "status", "--porcelain") == ""


def _twin(repo: Path) -> None:
    """A second file recording Föreningen Exempel's name and number (committed)."""
    twin = (repo / EXEMPEL).with_name("foreningen-exempel-2.yaml")
    twin.write_text(
        (repo / EXEMPEL).read_text().replace("id: foreningen-exempel", "id: foreningen-exempel-2")
    )
    commit_all(repo, "a twin")


def _dirty(repo: Path) -> None:
    (repo / EXEMPEL).write_text((repo / EXEMPEL).read_text() + "# work in progress\n")


REFUSALS = [
    ("unknown organisation", None, ["nobody"], {}, ["no signatory 'nobody' in the agreement demo"]),
    (
        "near miss",
        None,
        ["Föreningen Exampel"],
        {},
        ["did you mean 'Föreningen Exempel' (foreningen-exempel)?"],
    ),
    (
        "unknown agreement",
        None,
        ["foreningen-exempel"],
        {"agreement": "demos"},
        ["unknown agreement 'demos'"],
    ),
    (
        "already withdrawn",
        _withdrawn,
        ["foreningen-exempel"],
        {},
        ["already withdrawn", "effective 2023-01-31"],
    ),
    (
        "notice before signing",
        None,
        ["foreningen-exempel"],
        {"notice_date": "2021-02-14"},
        ["--notice-date 2021-02-14", "before Föreningen Exempel signed (2021-02-15)"],
    ),
    (
        "notice in the future",
        None,
        ["foreningen-exempel"],
        {"notice_date": "2099-01-01"},
        ["in the future"],
    ),
    (
        "effective before notice",
        None,
        ["foreningen-exempel"],
        {"effective": "2024-05-01"},
        ["--effective 2024-05-01", "before the notice was received (2024-05-02)"],
    ),
    (
        "effective inside the notice period",
        None,
        ["foreningen-exempel"],
        {"effective": "2024-05-31"},
        ["notice period is 30 days", "2024-06-01 at the earliest"],
    ),
    (
        "no written evidence",
        None,
        ["foreningen-exempel"],
        {"reference": None},
        ["requires formal written notice", "--evidence FILE", "--reference"],
    ),
    ("uncommitted changes", _dirty, ["foreningen-exempel"], {}, [EXEMPEL, "unstaged changes"]),
    ("personal number", None, [PERSONAL_NUMBER], {}, ["121212-XXXX", "personal identity number"]),
    (
        "a name two files record",
        _twin,
        ["föreningen exempel"],
        {},
        [
            "'föreningen exempel' names more than one signatory file of demo",
            "signatories/foreningen-exempel.yaml",
            "signatories/foreningen-exempel-2.yaml",
            "by its file name (foreningen-exempel-2 or foreningen-exempel)",
        ],
    ),
    (
        "a number two files record",
        _twin,
        ["8020046895"],
        {},
        ["'8020046895' names more than one signatory file of demo", "foreningen-exempel-2.yaml"],
    ),
]


@pytest.mark.parametrize(
    ("case", "setup", "org", "options", "words"), REFUSALS, ids=[r[0] for r in REFUSALS]
)
def test_refusals_change_nothing(
    run_line, demo_repo: Path, case, setup, org, options, words
) -> None:
    if setup:
        setup(demo_repo)
    before = snapshot_tree(demo_repo)
    agreement = options.pop("agreement", None)
    args = withdraw_args(demo_repo, *org, **options)
    if agreement:
        args[1] = agreement
    result = run_line(args)
    # An unknown agreement is a usage error (exit 2) in every command; a refusal exits 1.
    assert result.exit_code == (2 if case == "unknown agreement" else 1), result.output
    for word in words:
        assert word in result.stderr, result.stderr
    assert snapshot_tree(demo_repo) == before
    if case == "personal number":
        assert PERSONAL_NUMBER not in result.output


def test_notice_date_is_required_without_a_terminal(run_line, demo_repo: Path) -> None:
    result = run_line(withdraw_args(demo_repo, notice_date=None))
    assert result.exit_code == 2 and "--notice-date" in result.stderr


def test_notice_date_is_asked_for_in_a_terminal(demo_repo: Path) -> None:
    term = Terminal(
        ["withdraw", "demo", "foreningen-exempel", "--reference", "DNR 1"], cwd=demo_repo
    )
    term.answer("Notice received (YYYY-MM-DD):", "2024-13-01")
    term.expect("not a real calendar date")
    term.answer("Notice received (YYYY-MM-DD):", "2024-05-02")
    assert term.finish() == 0, term.transcript
    assert (
        safe_yaml.load(demo_repo / EXEMPEL)["memberships"][-1]["withdrawal"]["notice_date"]
        == "2024-05-02"
    )


def test_a_failing_commit_hook_restores_the_file_exactly(run_line, demo_repo: Path) -> None:
    install_hook(demo_repo, "commit-msg", "echo 'commit-msg: missing ticket number' >&2\nexit 1\n")
    before = snapshot_tree(demo_repo)
    result = run_line(withdraw_args(demo_repo))
    assert result.exit_code == 1
    assert "commit-msg: missing ticket number" in result.stderr
    assert snapshot_tree(demo_repo) == before


def test_branch_dry_run_no_commit_and_json(run_line, demo_repo: Path, tmp_path: Path) -> None:
    before = snapshot_tree(demo_repo)
    dry = run_line(withdraw_args(demo_repo, "foreningen-exempel", "--dry-run"))
    assert dry.exit_code == 0 and "withdrawal:" in dry.stdout
    assert snapshot_tree(demo_repo) == before

    letter = tmp_path / "uttrade.pdf"
    letter.write_bytes(b"letter")
    branch = run_line(
        withdraw_args(
            demo_repo,
            "foreningen-exempel",
            "--branch",
            "withdraw/exempel",
            "--evidence",
            str(letter),
            "--json",
            reference=None,
        )
    )
    assert branch.exit_code == 0, branch.output
    assert snapshot_tree(demo_repo) == before
    doc = json.loads(branch.stdout)
    assert (
        doc["branch"] == "withdraw/exempel"
        and doc["commit"] == git(demo_repo, "rev-parse", "withdraw/exempel").strip()
    )
    assert doc["record"]["memberships"][-1]["withdrawal"]["evidence"] == {
        "sha256": hashlib.sha256(b"letter").hexdigest()
    }
    assert head_files(demo_repo, "withdraw/exempel") == [EXEMPEL]

    kept = run_line(withdraw_args(demo_repo, "foreningen-exempel", "--no-commit"))
    assert kept.exit_code == 0
    assert git(demo_repo, "status", "--porcelain") == f" M {EXEMPEL}\n"
    conflict = run_line(
        withdraw_args(demo_repo, "foreningen-exempel", "--no-commit", "--branch", "x")
    )
    assert conflict.exit_code == 2 and "cannot be used together" in conflict.stderr


def test_the_file_is_never_deleted_and_earlier_records_stay(run_line, demo_repo: Path) -> None:
    original = safe_yaml.load(demo_repo / EXEMPEL)
    assert run_line(withdraw_args(demo_repo)).exit_code == 0
    after = safe_yaml.load(demo_repo / EXEMPEL)
    withdrawal = after["memberships"][0].pop("withdrawal")
    assert after == original
    assert withdrawal["notice_date"] == "2024-05-02"


def test_a_shared_name_is_refused_but_the_file_name_still_names_one(
    run_line, demo_repo: Path
) -> None:
    _twin(demo_repo)
    assert run_line(withdraw_args(demo_repo, "Föreningen Exempel", "--dry-run")).exit_code == 1
    result = run_line(withdraw_args(demo_repo, "foreningen-exempel-2", "--dry-run"))
    assert result.exit_code == 0, result.output
