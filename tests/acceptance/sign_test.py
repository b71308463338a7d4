"""`overens sign` end to end: real git repositories, the real CLI."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, git, snapshot_tree
from coordinator_helpers import (
    EXEMPEL,
    HALLAND,
    ORG_EXEMPEL,
    ORG_HALLAND,
    ORG_OTHER,
    ORG_THIRD,
    PERSONAL_NUMBER,
    SIGNATORIES,
    Terminal,
    commit_all,
    conflicting_branches,
    edit_agreement,
    head_files,
    install_hook,
    sign_args,
    withdraw_args,
)
from overens.store import safe_yaml


def test_sign_writes_validates_and_commits_one_file(run_line, demo_repo: Path) -> None:
    head = git(demo_repo, "rev-parse", "HEAD").strip()
    result = run_line(
        sign_args(
            demo_repo,
            "--reference",
            "DNR 2024/7",
            legal_form="ideell förening",
            municipality="Halmstad",
            website="https://www.example.se",
            contact_phone="035-10 00 00",
        )
    )
    assert result.exit_code == 0, result.output
    assert "Hallands bildningsförbund signed demo" in result.stdout

    assert git(demo_repo, "rev-parse", "HEAD^").strip() == head
    assert head_files(demo_repo) == [HALLAND]
    assert git(demo_repo, "log", "-1", "--format=%B").strip() == (
        "sign(demo): Hallands bildningsförbund\n\n"
        "Signed-on: 2024-03-01\n"
        "Signed-by: Eva Ek, Ordförande\n"
        "Agreement-version: 1\n"
        f"Organisation-number: {ORG_HALLAND}\n"
        "Reference: DNR 2024/7"
    )
    assert (
        git(demo_repo, "log", "-1", "--format=%an <%ae>").strip()
        == "Test Coordinator <coordinator@example.se>"
    )
    assert git(demo_repo, "status", "--porcelain") == ""

    text = (demo_repo / HALLAND).read_text()
    assert text.startswith(
        "# yaml-language-server: $schema=../../../schemas/signatory.schema.json\n"
    )
    record = safe_yaml.parse(text, HALLAND)
    revision = safe_yaml.load(demo_repo / "agreements/demo/agreement.yaml")["revisions"][0]
    assert record == {
        "id": "hallands-bildningsforbund",
        "name": "Hallands bildningsförbund",
        "org_number": ORG_HALLAND,
        "sector": "ideburen",
        "legal_form": "ideell förening",
        "municipality": "Halmstad",
        "website": "https://www.example.se",
        "signer": {"name": "Eva Ek", "title": "Ordförande"},
        "contact": {"name": "Kim Kontakt", "email": "kim@example.se", "phone": "035-10 00 00"},
        "democratic_values": {"attested": True, "date": "2024-01-10"},
        "memberships": [
            {
                "application": {"date": "2024-01-10"},
                "approval": {"date": "2024-02-01", "by": "Styrgruppen"},
                "signed": {
                    "date": "2024-03-01",
                    "version": "1",
                    "text_sha256": revision["text_sha256"],
                    "evidence": {"reference": "DNR 2024/7"},
                },
            }
        ],
    }
    validated = run_line(["validate", "--repo", demo_repo])
    assert validated.exit_code == 0, validated.output


def test_the_text_hash_is_that_of_the_signed_version(run_line, demo_repo: Path) -> None:
    from overens.model import canonical

    folder = demo_repo / "agreements/demo"
    expected = canonical.text_sha256(
        safe_yaml.load(folder / "agreement.yaml"),
        [safe_yaml.load(p) for p in sorted((folder / "principles").glob("*.yaml"))],
    )
    assert run_line(sign_args(demo_repo)).exit_code == 0
    assert (
        safe_yaml.load(demo_repo / HALLAND)["memberships"][0]["signed"]["text_sha256"] == expected
    )


def test_other_staged_and_unstaged_changes_are_left_as_they_were(run_line, demo_repo: Path) -> None:
    principle = demo_repo / "agreements/demo/principles/01-dialog.yaml"
    principle.write_text(principle.read_text() + "# staged comment\n")
    git(demo_repo, "add", principle.relative_to(demo_repo).as_posix())
    principle.write_text(principle.read_text() + "# and an unstaged one\n")
    exemplar = demo_repo / EXEMPEL
    exemplar.write_text(exemplar.read_text() + "# unstaged edit of another signatory\n")
    (demo_repo / "notes.txt").write_text("untracked\n")
    staged, unstaged = git(demo_repo, "diff", "--cached"), git(demo_repo, "diff")
    files_before = {
        p: (demo_repo / p).read_bytes()
        for p in ("agreements/demo/principles/01-dialog.yaml", EXEMPEL, "notes.txt")
    }

    result = run_line(sign_args(demo_repo))
    assert result.exit_code == 0, result.output

    assert head_files(demo_repo) == [HALLAND]
    assert git(demo_repo, "diff", "--cached") == staged
    assert git(demo_repo, "diff") == unstaged
    assert {p: (demo_repo / p).read_bytes() for p in files_before} == files_before
    assert HALLAND not in git(demo_repo, "status", "--porcelain")


def test_only_the_signatory_is_committed_from_an_index_equal_to_head(
    run_line, demo_repo: Path
) -> None:
    """Nothing staged (the index holds HEAD's tree, and the commit is made from a copy of it
    without resetting it); an intent to add counts as staged, and is neither committed nor lost."""
    assert run_line(sign_args(demo_repo)).exit_code == 0
    assert head_files(demo_repo) == [HALLAND]
    (demo_repo / "notes.txt").write_text("intended\n")
    git(demo_repo, "add", "--intent-to-add", "notes.txt")
    before = git(demo_repo, "status", "--porcelain")
    other = sign_args(demo_repo, name="Tredje föreningen", org_number="802002-6442")
    result = run_line(other)
    assert result.exit_code == 0, result.output
    assert head_files(demo_repo) == ["agreements/demo/signatories/tredje-foreningen.yaml"]
    assert git(demo_repo, "status", "--porcelain") == before


def _mid_merge(repo: Path) -> None:
    conflicting_branches(repo)
    git(repo, "merge", "other", check=False)


def _mid_rebase(repo: Path) -> None:
    conflicting_branches(repo)
    git(repo, "rebase", "other", check=False)


def _dirty_target(repo: Path) -> None:
    (repo / HALLAND).write_text("id: hallands-bildningsforbund\n")


def _staged_target(repo: Path) -> None:
    (repo / HALLAND).write_text("id: hallands-bildningsforbund\n")
    git(repo, "add", HALLAND)


def _only_ideburen(repo: Path) -> None:
    edit_agreement(repo, lambda d: d["terms"]["joining"].update(open_to=["ideburen"]))


def _detached(repo: Path) -> None:
    git(repo, "checkout", "-q", "--detach")


REFUSALS = [
    # (case, set-up, options, expected exit code, words the error must contain)
    (
        "unknown agreement",
        None,
        {"agreement": "dem"},
        2,
        ["unknown agreement 'dem'", "known agreements: demo", "did you mean 'demo'"],
    ),
    (
        "active by number",
        None,
        {"org_number": ORG_EXEMPEL},
        1,
        ["Föreningen Exempel is already a signatory", EXEMPEL],
    ),
    (
        "active by name, NFC and case folded",
        None,
        {"name": "FO\u0308RENINGEN   exempel", "org_number": ORG_HALLAND},
        1,
        ["already a signatory", EXEMPEL],
    ),
    (
        "bad checksum",
        None,
        {"org_number": "802477-1234"},
        1,
        ["--org-number 802477-1234", "check digit"],
    ),
    ("invalid e-mail", None, {"contact_email": "kim@"}, 1, ["--contact-email"]),
    ("future date", None, {"date": "2099-01-01"}, 1, ["--date 2099-01-01", "in the future"]),
    (
        "before adoption",
        None,
        {"date": "2019-12-31", "applied": "2019-12-01", "approved": "2019-12-02"},
        1,
        ["before the agreement was adopted (2020-03-01)"],
    ),
    (
        "unknown version",
        None,
        {"version": "7"},
        1,
        ["--version 7", "no such version", "versions: 1"],
    ),
    ("not a sector", None, {"sector": "privat"}, 1, ["--sector 'privat'"]),
    (
        "sector not admitted",
        _only_ideburen,
        {"sector": "offentlig"},
        1,
        ["--sector 'offentlig'", "admits organisations of the sector ideburen"],
    ),
    (
        "slug collision",
        None,
        {"name": "Foreningen Exempel", "org_number": ORG_OTHER},
        1,
        [f"{EXEMPEL} already exists and belongs to Föreningen Exempel ({ORG_EXEMPEL})", "--slug"],
    ),
    ("dirty target", _dirty_target, {}, 1, [HALLAND, "uncommitted changes", "not yet committed"]),
    ("staged target", _staged_target, {}, 1, [HALLAND, "staged changes"]),
    (
        "approval after signing",
        None,
        {"approved": "2024-03-02"},
        1,
        ["--approved 2024-03-02", "after the signing"],
    ),
    (
        "missing options",
        None,
        {"name": None, "contact_email": None, "approved": None},
        2,
        ["missing required options for signing demo: --name, --contact-email, --approved"],
    ),
    ("mid-merge", _mid_merge, {}, 1, ["middle of a merge", "git merge --abort"]),
    ("mid-rebase", _mid_rebase, {}, 1, ["middle of a rebase"]),
    ("detached HEAD", _detached, {}, 1, ["HEAD is detached", "--branch"]),
]


@pytest.mark.parametrize(
    ("case", "setup", "options", "code", "words"), REFUSALS, ids=[r[0] for r in REFUSALS]
)
def test_refusals_change_nothing(
    run_line, demo_repo: Path, case, setup, options, code, words
) -> None:
    if setup:
        setup(demo_repo)
    before = snapshot_tree(demo_repo)
    result = run_line(sign_args(demo_repo, **options))
    assert result.exit_code == code, result.output
    for word in words:
        assert word in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert snapshot_tree(demo_repo) == before


def test_democratic_values_are_required_where_the_agreement_says_so(
    run_line, demo_repo: Path
) -> None:
    before = snapshot_tree(demo_repo)
    missing = run_line(sign_args(demo_repo, attest=False))
    assert missing.exit_code == 2 and "--democratic-values" in missing.stderr
    refused = run_line(sign_args(demo_repo, "--no-democratic-values", attest=False))
    assert refused.exit_code == 1 and "support democratic values" in refused.stderr
    assert snapshot_tree(demo_repo) == before


def test_a_personal_identity_number_is_refused_and_never_repeated(
    run_line, demo_repo: Path
) -> None:
    before = snapshot_tree(demo_repo)
    for number in (PERSONAL_NUMBER, "19121212-1212", "1212121212"):
        result = run_line(sign_args(demo_repo, org_number=number))
        assert result.exit_code == 1, result.output
        assert "personal identity number" in result.stderr
        assert "-XXXX" in result.stderr
        assert number not in result.output and "121212-1212" not in result.output
        assert "1212121212" not in result.output.replace("-", "")
        assert snapshot_tree(demo_repo) == before
    assert "1212-1212" not in git(demo_repo, "log", "--all", "-p")


def test_without_a_terminal_every_missing_option_is_listed(run_line, demo_repo: Path) -> None:
    result = run_line(["sign", "demo", "--repo", demo_repo])
    assert result.exit_code == 2
    assert (
        "--name, --org-number, --sector, --signed-by, --contact-name, --contact-email, --applied, "
        "--approved, --democratic-values"
    ) in result.stderr
    assert "run the command in a terminal" in result.stderr


def test_prompts_in_a_terminal_with_validation_at_each_prompt(demo_repo: Path) -> None:
    term = Terminal(
        ["sign", "demo", "--date", "2024-03-01", "--signed-by-title", "Ordförande"], cwd=demo_repo
    )
    term.answer("Organisation name:", "Hallands bildningsförbund")
    term.answer("Organisation number (NNNNNN-NNNN):", "802477-1234")
    term.expect("check digit is wrong")
    term.answer("Organisation number (NNNNNN-NNNN):", PERSONAL_NUMBER)
    term.expect("121212-XXXX: this is a personal identity number")
    term.answer("Organisation number (NNNNNN-NNNN):", ORG_HALLAND)
    term.answer("Sector (ideburen, offentlig):", "privat")
    term.expect("admits organisations of the sector")
    term.answer("Sector (ideburen, offentlig):", "ideburna")
    term.expect("did you mean 'ideburen'?")
    term.answer("Sector (ideburen, offentlig):", "idéburen")  # the Swedish spelling is accepted
    term.answer("Legal form (optional; e.g. ideell förening, stiftelse):", "ideell förening")
    term.answer("Municipality where it has its seat (optional):", "")  # Enter: not recorded
    term.answer("Website (optional; https://…):", "")
    term.answer("Signed by (the authorised signer, firmatecknare):", "Eva Ek")
    term.answer("Contact person's name:", "Kim Kontakt")
    term.answer("Contact person's e-mail:", "kim.example.se")
    term.expect("--contact-email")
    term.answer("Contact person's e-mail:", "kim@example.se")
    term.answer("Contact person's telephone (optional):", "")
    term.answer("Application received (YYYY-MM-DD):", "2024-02-30")
    term.expect("not a real calendar date")
    term.answer("Application received (YYYY-MM-DD):", "2024-01-10")
    term.answer("Approved by Styrgruppen on (YYYY-MM-DD):", "2024-02-01")
    term.answer("supports democratic values?", "y")
    code = term.finish()
    assert code == 0, term.transcript
    assert "Hallands bildningsförbund signed demo" in term.transcript
    record = safe_yaml.load(demo_repo / HALLAND)
    assert record["org_number"] == ORG_HALLAND
    assert record["sector"] == "ideburen"
    assert record["legal_form"] == "ideell förening"
    assert "municipality" not in record and "website" not in record
    assert record["signer"] == {"name": "Eva Ek", "title": "Ordförande"}
    assert record["contact"] == {"name": "Kim Kontakt", "email": "kim@example.se"}
    assert record["memberships"][0]["approval"] == {"date": "2024-02-01", "by": "Styrgruppen"}
    assert record["democratic_values"] == {"attested": True, "date": "2024-01-10"}
    assert head_files(demo_repo) == [HALLAND]


def test_the_interview_asks_for_every_value_with_today_as_the_date(demo_repo: Path) -> None:
    """Every value a signing records is asked for, the date with today as its default."""
    import datetime as dt

    term = Terminal(["sign", "demo", "--dry-run"], cwd=demo_repo)
    for prompt, value in (
        ("Organisation name:", "Hallands bildningsförbund"),
        ("Organisation number (NNNNNN-NNNN):", ORG_HALLAND),
        ("Sector (ideburen, offentlig):", "ideburen"),
        ("Legal form (optional; e.g. ideell förening, stiftelse):", ""),
        ("Municipality where it has its seat (optional):", "Halmstad"),
        ("Website (optional; https://…):", "https://www.example.se"),
        ("Signed by (the authorised signer, firmatecknare):", "Eva Ek"),
        ("The signer's title (optional; e.g. Ordförande):", "Ordförande"),
        ("Contact person's name:", "Kim Kontakt"),
        ("Contact person's e-mail:", "kim@example.se"),
        ("Contact person's telephone (optional):", "035-10 00 00"),
        (f"Signing date (YYYY-MM-DD) [{dt.date.today().isoformat()}]:", ""),
        ("Application received (YYYY-MM-DD):", "2024-01-10"),
        ("Approved by Styrgruppen on (YYYY-MM-DD):", "2024-02-01"),
        ("supports democratic values?", "y"),
    ):
        term.answer(prompt, value)
    assert term.finish() == 0, term.transcript
    assert f'date: "{dt.date.today().isoformat()}"' in term.transcript.replace("'", '"')
    for recorded in ("municipality: Halmstad", "title: Ordförande", "phone: 035-10 00 00"):
        assert recorded in term.transcript


def test_no_commit_leaves_the_file_in_the_working_tree(run_line, demo_repo: Path) -> None:
    head = git(demo_repo, "rev-parse", "HEAD")
    result = run_line(sign_args(demo_repo, "--no-commit"))
    assert result.exit_code == 0, result.output
    assert "not committed" in result.stdout
    assert git(demo_repo, "rev-parse", "HEAD") == head
    assert git(demo_repo, "status", "--porcelain") == f"?? {HALLAND}\n"


def test_outside_git_it_refuses_unless_no_commit(run_line, tmp_path: Path) -> None:
    repo = tmp_path / "plain"
    shutil.copytree(FIXTURES / "repo", repo)
    before = snapshot_tree(repo)
    refused = run_line(sign_args(repo))
    assert refused.exit_code == 1
    assert "not inside a git repository" in refused.stderr and "--no-commit" in refused.stderr
    assert snapshot_tree(repo) == before
    written = run_line(sign_args(repo, "--no-commit"))
    assert written.exit_code == 0, written.output
    assert safe_yaml.load(repo / HALLAND)["name"] == "Hallands bildningsförbund"


def test_branch_leaves_the_checkout_untouched(run_line, demo_repo: Path) -> None:
    principle = demo_repo / "agreements/demo/principles/01-dialog.yaml"
    principle.write_text(principle.read_text() + "# staged\n")
    git(demo_repo, "add", "-u")
    (demo_repo / EXEMPEL).write_text((demo_repo / EXEMPEL).read_text() + "# unstaged\n")
    before = snapshot_tree(demo_repo)
    head = git(demo_repo, "rev-parse", "HEAD").strip()

    result = run_line(sign_args(demo_repo, "--branch", "sign/halland"))
    assert result.exit_code == 0, result.output
    assert "on the new branch sign/halland" in result.stdout
    assert "your working tree and current branch are unchanged" in result.stdout
    assert "wrote" not in result.stdout  # nothing was written to the working tree

    assert snapshot_tree(demo_repo) == before
    assert git(demo_repo, "symbolic-ref", "HEAD").strip() == "refs/heads/main"
    assert git(demo_repo, "rev-parse", "sign/halland^").strip() == head
    assert head_files(demo_repo, "sign/halland") == [HALLAND]
    assert (
        git(demo_repo, "log", "-1", "--format=%s", "sign/halland").strip()
        == "sign(demo): Hallands bildningsförbund"
    )
    assert (
        safe_yaml.parse(git(demo_repo, "show", f"sign/halland:{HALLAND}"), HALLAND)["org_number"]
        == ORG_HALLAND
    )

    again = run_line(sign_args(demo_repo, "--branch", "sign/halland"))
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert snapshot_tree(demo_repo) == before


def test_branch_works_from_a_detached_head(run_line, demo_repo: Path) -> None:
    git(demo_repo, "checkout", "-q", "--detach")
    before = snapshot_tree(demo_repo)
    result = run_line(sign_args(demo_repo, "--branch", "sign/halland"))
    assert result.exit_code == 0, result.output
    assert snapshot_tree(demo_repo) == before
    assert head_files(demo_repo, "sign/halland") == [HALLAND]


def test_dry_run_prints_the_file_and_changes_nothing(run_line, demo_repo: Path) -> None:
    before = snapshot_tree(demo_repo)
    result = run_line(sign_args(demo_repo, "--dry-run"))
    assert result.exit_code == 0, result.output
    assert snapshot_tree(demo_repo) == before
    assert not (demo_repo / HALLAND).exists()
    assert safe_yaml.parse(result.stdout, "stdout")["name"] == "Hallands bildningsförbund"
    assert f"would write {HALLAND}" in result.stderr


def test_dry_run_refuses_what_the_real_run_would(run_line, demo_repo: Path) -> None:
    result = run_line(sign_args(demo_repo, "--dry-run", org_number=ORG_EXEMPEL))
    assert result.exit_code == 1 and "already a signatory" in result.stderr


def test_json_prints_the_record(run_line, demo_repo: Path) -> None:
    result = run_line(sign_args(demo_repo, "--json"))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["action"] == "sign" and doc["path"] == HALLAND and doc["files"] == [HALLAND]
    assert doc["commit"] == git(demo_repo, "rev-parse", "HEAD").strip()
    assert doc["record"] == safe_yaml.load(demo_repo / HALLAND)


def test_evidence_is_hashed_and_only_stored_when_asked(
    run_line, demo_repo: Path, tmp_path: Path
) -> None:
    scan = tmp_path / "Ansökan Halland.PDF"
    scan.write_bytes(b"%PDF-1.4 signed form\n")
    digest = hashlib.sha256(scan.read_bytes()).hexdigest()
    result = run_line(sign_args(demo_repo, "--evidence", str(scan)))
    assert result.exit_code == 0, result.output
    assert safe_yaml.load(demo_repo / HALLAND)["memberships"][0]["signed"]["evidence"] == {
        "sha256": digest
    }
    assert not (demo_repo / "agreements/demo/evidence").exists()

    stored = run_line(
        sign_args(
            demo_repo,
            "--evidence",
            str(scan),
            "--store-evidence",
            name="Blekinge folkrörelser",
            org_number=ORG_OTHER,
        )
    )
    assert stored.exit_code == 0, stored.output
    name = f"blekinge-folkrorelser-signed-2024-03-01-{digest[:12]}.pdf"
    record = safe_yaml.load(demo_repo / SIGNATORIES / "blekinge-folkrorelser.yaml")
    assert record["memberships"][0]["signed"]["evidence"] == {
        "sha256": digest,
        "file": f"evidence/{name}",
    }
    assert (demo_repo / "agreements/demo/evidence" / name).read_bytes() == scan.read_bytes()
    assert sorted(head_files(demo_repo)) == [
        f"agreements/demo/evidence/{name}",
        f"{SIGNATORIES}/blekinge-folkrorelser.yaml",
    ]
    assert git(demo_repo, "status", "--porcelain") == ""


def test_a_failing_commit_hook_rolls_back_file_and_index(
    run_line, demo_repo: Path, tmp_path: Path
) -> None:
    install_hook(
        demo_repo, "pre-commit", "echo 'review needed: signatories are frozen' >&2\nexit 1\n"
    )
    principle = demo_repo / "agreements/demo/principles/01-dialog.yaml"
    principle.write_text(principle.read_text() + "# staged\n")
    git(demo_repo, "add", "-u")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"scan")
    before = snapshot_tree(demo_repo)
    result = run_line(sign_args(demo_repo, "--evidence", str(scan), "--store-evidence"))
    assert result.exit_code == 1
    assert "review needed: signatories are frozen" in result.stderr
    assert "pre-commit" in result.stderr
    assert snapshot_tree(demo_repo) == before
    assert not (demo_repo / "agreements/demo/evidence").exists()


def test_two_processes_signing_different_organisations_both_land(demo_repo: Path) -> None:
    env = {**os.environ, "OVERENS_LOCK_TIMEOUT": "120"}
    commands = [
        sign_args(demo_repo, name="Hallands bildningsförbund", org_number=ORG_HALLAND),
        sign_args(demo_repo, name="Blekinge folkrörelser", org_number=ORG_OTHER),
    ]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "overens", *c],
            cwd=demo_repo,
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for c in commands
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    subjects = git(demo_repo, "log", "-2", "--format=%s").splitlines()
    assert sorted(subjects) == [
        "sign(demo): Blekinge folkrörelser",
        "sign(demo): Hallands bildningsförbund",
    ]
    tree = git(demo_repo, "ls-tree", "--name-only", "HEAD", f"{SIGNATORIES}/").split()
    assert tree == [f"{SIGNATORIES}/blekinge-folkrorelser.yaml", EXEMPEL, HALLAND]
    assert git(demo_repo, "status", "--porcelain") == ""


def test_a_second_run_waits_for_the_lock_then_fails_clearly(
    run_line, demo_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from filelock import FileLock

    monkeypatch.setenv("OVERENS_LOCK_TIMEOUT", "0.2")
    before = snapshot_tree(demo_repo)
    with FileLock(str(demo_repo / ".git" / "overens.lock")):
        result = run_line(sign_args(demo_repo))
    assert result.exit_code == 1
    assert "another overens sign or withdraw is running" in result.stderr
    assert snapshot_tree(demo_repo) == before


def test_rejoining_adds_a_period_and_keeps_the_history(run_line, demo_repo: Path) -> None:
    original = safe_yaml.load(demo_repo / EXEMPEL)
    assert run_line(withdraw_args(demo_repo, notice_date="2024-05-02")).exit_code == 0
    early = run_line(
        sign_args(
            demo_repo,
            name="Föreningen Exempel",
            org_number=ORG_EXEMPEL,
            applied="2024-05-10",
            approved="2024-05-20",
            date="2024-05-25",
        )
    )
    assert early.exit_code == 1 and "with effect from 2024-06-01" in early.stderr

    args = sign_args(
        demo_repo,
        name="FÖRENINGEN EXEMPEL",
        org_number=ORG_EXEMPEL,
        applied="2024-09-01",
        approved="2024-09-10",
        date="2024-09-15",
        signed_by="Nils Nilsson",
    )
    # The new contact person: the old one's telephone must not be kept silently, nor dropped.
    refused = run_line(args)
    assert refused.exit_code == 2 and "--contact-phone is needed" in refused.stderr
    assert "--no-contact-phone" in refused.stderr
    result = run_line([*args, "--no-contact-phone"])
    assert result.exit_code == 0, result.output
    assert "signed demo again" in result.stdout
    assert "changed signer.name: Anna Andersson \u2192 Nils Nilsson" in result.stdout
    assert "changed contact.phone: " in result.stdout
    assert head_files(demo_repo) == [EXEMPEL]
    record = safe_yaml.load(demo_repo / EXEMPEL)
    assert record["name"] == "Föreningen Exempel"  # the file's spelling is kept
    assert record["signer"] == {"name": "Nils Nilsson", "title": "Ordförande"}
    assert record["reports"] == original["reports"]
    first, second = record["memberships"]
    assert {k: v for k, v in first.items() if k != "withdrawal"} == original["memberships"][0]
    assert first["withdrawal"]["effective"] == "2024-06-01"
    assert second["signed"]["date"] == "2024-09-15"
    assert "Membership-period: 2" in git(demo_repo, "log", "-1", "--format=%B")
    listed = json.loads(
        run_line(["list", "demo", "--repo", demo_repo, "--as-of", "2024-07-01", "--json"]).stdout
    )
    assert [s["status"] for s in listed["signatories"]] == ["withdrawn"]
    listed = json.loads(
        run_line(["list", "demo", "--repo", demo_repo, "--as-of", "2024-10-01", "--json"]).stdout
    )
    assert [(s["status"], s["since"]) for s in listed["signatories"]] == [("active", "2024-09-15")]
    again = run_line(
        sign_args(
            demo_repo,
            name="Föreningen Exempel",
            org_number=ORG_EXEMPEL,
            applied="2024-09-01",
            approved="2024-09-10",
            date="2024-10-01",
        )
    )
    assert again.exit_code == 1 and "already a signatory" in again.stderr


def test_slug_option_resolves_a_collision(run_line, demo_repo: Path) -> None:
    result = run_line(
        sign_args(
            demo_repo,
            name="Foreningen Exempel",
            org_number=ORG_THIRD,
            slug="foreningen-exempel-varberg",
        )
    )
    assert result.exit_code == 0, result.output
    assert (
        safe_yaml.load(demo_repo / SIGNATORIES / "foreningen-exempel-varberg.yaml")["id"]
        == "foreningen-exempel-varberg"
    )


def test_the_agreement_must_be_valid_first(run_line, demo_repo: Path) -> None:
    agreement = demo_repo / "agreements/demo/agreement.yaml"
    agreement.write_text(
        agreement.read_text().replace("Texten som antagen.", "Texten som antagen.\n    extra: 1")
    )
    commit_all(demo_repo, "break it")
    before = snapshot_tree(demo_repo)
    result = run_line(sign_args(demo_repo))
    assert result.exit_code == 1
    assert "agreements/demo/agreement.yaml" in result.stderr and "overens validate" in result.stderr
    assert snapshot_tree(demo_repo) == before


def test_the_pre_commit_framework_refusing_rolls_back(
    run_line, demo_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real pre-commit framework (a test dependency), with a local hook that refuses every
    # signatory file. It runs on our temporary index, stashes what it sees as unstaged and puts
    # it back: the coordinator's other work must come through untouched.
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    (demo_repo / ".pre-commit-config.yaml").write_text(
        "repos:\n- repo: local\n  hooks:\n  - id: frozen\n    name: signatories are frozen\n"
        "    language: fail\n    entry: 'signatories are frozen until the annual conference'\n"
        "    files: ^agreements/.*/signatories/\n"
    )
    commit_all(demo_repo, "pre-commit config")
    pre_commit = Path(sys.executable).parent / "pre-commit"
    subprocess.run([str(pre_commit), "install"], cwd=demo_repo, check=True, capture_output=True)
    principle = demo_repo / "agreements/demo/principles/01-dialog.yaml"
    principle.write_text(principle.read_text() + "# staged\n")
    git(demo_repo, "add", "-u")
    principle.write_text(principle.read_text() + "# unstaged\n")
    before = snapshot_tree(demo_repo)

    result = run_line(sign_args(demo_repo))
    assert result.exit_code == 1, result.output
    assert "signatories are frozen until the annual conference" in result.stderr
    assert snapshot_tree(demo_repo) == before
