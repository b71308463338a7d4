"""`overens check` and `overens rules` through the real CLI: formats, exit codes, options, schema."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from checkhelp import (
    AGREEMENT,
    DEMO,
    SIGNATORY,
    add_checks,
    check_json,
    copy_demo_repo,
    edit,
    line_of,
)

from conftest import run_cli
from overens.checks.rules import RULES
from snapshot_files import assert_matches_snapshot

CLEAN_DAY = "2022-01-01"  # the demo agreement has no finding on this day once its body is filled


@pytest.fixture
def demo_repo(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo repository (conftest's), built once per session and copied for each test."""
    return copy_demo_repo(tmp_path, tmp_path_factory)


def _fill_body(repo: Path) -> None:
    (repo / DEMO / "bodies/arbetsgrupp.yaml").write_text(
        "id: arbetsgrupp\nmembers:\n"
        '  - {name: A, seat: ideburna, from: "2021-03-01"}\n'
        '  - {name: B, seat: ideburna, from: "2021-03-01"}\n'
        '  - {name: C, seat: region, from: "2021-03-01"}\n'
        '  - {name: D, seat: region, substitute_for: C, from: "2021-03-01"}\n'
        '  - {name: E, seat: lansstyrelsen, from: "2021-03-01"}\n',
        encoding="utf-8",
    )


def _drop_signer(repo: Path) -> None:  # a warning (signer)
    edit(repo / SIGNATORY, "signer:\n  name: Anna Andersson\n  title: Ordförande\n", "")


def _drop_contact(repo: Path) -> None:  # an error (contact-person)
    edit(
        repo / SIGNATORY,
        "contact:\n  name: Bertil Berg\n  email: bertil@example.se\n  phone: 035-12 34 56\n",
        "",
    )


# ----------------------------------------------------------------------------- exit codes and --strict


def test_clean_repository_exits_0_in_every_format(run_line, demo_repo: Path) -> None:
    _fill_body(demo_repo)
    for fmt in ("text", "json", "github"):
        result = run_line(["check", "--repo", demo_repo, "--as-of", CLEAN_DAY, "--format", fmt])
        assert result.exit_code == 0, result.output
    assert "✓ 0 errors, 0 warnings, 0 info in 1 agreement on 2022-01-01" in result.stderr
    text = run_line(["check", "--repo", demo_repo, "--as-of", CLEAN_DAY]).stdout
    assert (
        text
        == "demo  agreements/demo/  no findings\n\n✓ 0 errors, 0 warnings, 0 info in 1 agreement on 2022-01-01\n"
    )


def test_error_exits_1(run_line, demo_repo: Path) -> None:
    _fill_body(demo_repo)
    _drop_contact(demo_repo)
    result = run_line(["check", "--repo", demo_repo, "--as-of", CLEAN_DAY])
    assert result.exit_code == 1, result.output
    assert result.stdout.rstrip().endswith(
        "✗ 1 error, 0 warnings, 0 info in 1 agreement on 2022-01-01"
    )


def test_warning_fails_only_under_strict(run_line, demo_repo: Path) -> None:
    _fill_body(demo_repo)
    _drop_signer(demo_repo)
    assert run_line(["check", "--repo", demo_repo, "--as-of", CLEAN_DAY]).exit_code == 0
    strict = run_line(
        ["check", "--repo", demo_repo, "--as-of", CLEAN_DAY, "--strict", "--format", "json"]
    )
    assert strict.exit_code == 1
    assert json.loads(strict.stdout)["summary"] == {
        "errors": 0,
        "warnings": 1,
        "findings": 1,
        "info": 0,
        "strict": True,
        "failed": True,
    }


def test_severity_override_and_info_never_fails(run_line, demo_repo: Path) -> None:
    _fill_body(demo_repo)
    _drop_contact(demo_repo)
    add_checks(demo_repo, "  contact-person:\n    severity: info\n")
    result = run_line(
        ["check", "--repo", demo_repo, "--as-of", CLEAN_DAY, "--strict", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert [f["severity"] for f in json.loads(result.stdout)["findings"]] == ["info"]


# ----------------------------------------------------------------------------- formats


def test_json_shape_is_stable(run_line, demo_repo: Path) -> None:
    _fill_body(demo_repo)
    _drop_contact(demo_repo)
    doc = check_json(run_line, demo_repo, "--as-of", CLEAN_DAY)
    assert list(doc) == ["version", "as_of", "agreements", "summary", "findings"]
    assert doc["version"] == 1 and doc["as_of"] == CLEAN_DAY
    assert doc["agreements"][0]["id"] == "demo"
    assert set(doc["agreements"][0]["rules"]) <= set(RULES)
    assert doc["findings"] == [
        {
            "rule": "contact-person",
            "severity": "error",
            "agreement": "demo",
            "file": SIGNATORY,
            "line": 2,
            "column": 1,
            "message": "Föreningen Exempel names no contact person (the agreement: \u201dVarje signerande "
            "organisation väljer en kontaktperson.\u201d)",
            "hint": "add `contact:` with the person's name (and e-mail or phone) to the signatory file",
        }
    ]


def test_github_annotations(run_line, demo_repo: Path) -> None:
    _fill_body(demo_repo)
    _drop_contact(demo_repo)
    _drop_signer(demo_repo)
    result = run_line(["check", "--repo", demo_repo, "--as-of", CLEAN_DAY, "--format", "github"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        (
            f"::error file={SIGNATORY},line=2,col=1,title=contact-person::Föreningen Exempel names no contact "
            "person (the agreement: \u201dVarje signerande organisation väljer en kontaktperson.\u201d) (hint: add "
            "`contact:` with the person's name (and e-mail or phone) to the signatory file)"
        ),
        (
            f"::warning file={SIGNATORY},line=2,col=1,title=signer::Föreningen Exempel records no authorised signer "
            "(firmatecknare) (hint: add `signer:` with the name (and title) of the person who signed)"
        ),
    ]
    assert "✗ 1 error, 1 warning" in result.stderr


def test_text_table_groups_by_agreement_and_severity(
    run_line, demo_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # wide enough for the tables
    shutil.copytree(demo_repo / DEMO, demo_repo / "agreements/zweite")
    edit(demo_repo / "agreements/zweite/agreement.yaml", "id: demo\n", "id: zweite\n")
    _drop_signer(demo_repo)
    _drop_contact(demo_repo)
    result = run_line(["check", "--repo", demo_repo, "--as-of", "2023-07-01"])
    assert result.exit_code == 1
    out = result.stdout
    demo, zweite = out.index("demo  agreements/demo/"), out.index("zweite  agreements/zweite/")
    assert demo < zweite
    demo_part = out[demo:zweite]
    # errors first, then warnings; locations relative to the agreement's folder, rule below
    assert demo_part.index("error") < demo_part.index("warning")
    assert (
        "signatories/foreningen-exempel.yaml:2:1" in demo_part
        and "agreements/demo/signatories" not in demo_part
    )
    assert "contact-person" in demo_part and "→ add `contact:`" in demo_part
    assert "annual-reports" in out[zweite:]  # 2022's report is overdue in both
    assert out.rstrip().splitlines()[-1].startswith("✗ ")
    assert "in 2 agreements on 2023-07-01" in out


_FINDING = re.compile(
    r"^agreements/[\w./-]+:\d+:\d+: (error|warning|info)( \(uncertain\))?: \S.* \[[a-z0-9-]+\]$"
)


def _changed_text(repo: Path) -> None:
    """The text edited without a revision (a text-hash error, whose hint holds a full hash and a
    command), and a body and a report short (errors with quoted values and YAML in hints)."""
    edit(repo / DEMO / "principles/01-dialog.yaml", "varandra.", "varandra. Ändrad.")


def test_check_at_80_columns_is_one_finding_a_line(demo_repo: Path) -> None:
    """In a CI log or a pipe at 80 columns: `path:line:col: severity: message [rule]`, the hint
    indented under it; no hash, path or command broken across lines."""
    _changed_text(demo_repo)
    proc = run_cli(["check", "--as-of", "2023-07-01"], cwd=demo_repo, env={"COLUMNS": "80"})
    assert proc.returncode == 1, proc.stderr
    assert_matches_snapshot(proc.stdout, "check/80-columns.txt")
    lines = proc.stdout.splitlines()
    assert lines[-1] == "✗ 5 errors, 0 warnings, 0 info in 1 agreement on 2023-07-01"
    findings = [line for line in lines[:-1] if not line.startswith("    hint: ")]
    assert findings and all(_FINDING.match(line) for line in findings), findings
    assert len(lines) - 1 == 2 * len(findings)  # each finding with its hint under it
    digest = re.search(r"text_sha256 ([0-9a-f]{64})$", proc.stdout, re.M)
    assert digest is not None  # the whole hash at the end of one line, to be copied
    assert (
        "`overens revise demo --kind editorial|material --summary … --decided-by …`" in proc.stdout
    )


def test_check_tables_where_they_read_well_and_lines_when_asked(
    run_line, demo_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _changed_text(demo_repo)
    args = ["check", "--repo", demo_repo, "--as-of", "2023-07-01"]
    monkeypatch.setenv("COLUMNS", "250")
    table = run_line(args).stdout
    assert table.startswith("demo  agreements/demo/  5 errors, 0 warnings\n")
    assert "what is wrong → how to fix it" in table
    lines = run_line([*args, "--format", "lines"]).stdout
    monkeypatch.setenv("COLUMNS", "80")
    assert run_line(args).stdout == lines
    assert lines.startswith("agreements/demo/agreement.yaml:") and "where / rule" not in lines


# ----------------------------------------------------------------------------- options


def test_rule_option_limits_the_rules_but_not_validation(run_line, demo_repo: Path) -> None:
    _drop_signer(demo_repo)
    _drop_contact(demo_repo)
    edit(
        demo_repo / SIGNATORY,
        "legal_form: ideell förening\n",
        "legal_form: ideell förening\nunknown: 1\n",
    )
    doc = check_json(
        run_line, demo_repo, "--as-of", CLEAN_DAY, "--rule", "signer", "--rule", "placeholders"
    )
    assert sorted({f["rule"] for f in doc["findings"]}) == ["schema"]  # the file no longer loads
    edit(demo_repo / SIGNATORY, "unknown: 1\n", "")
    doc = check_json(
        run_line, demo_repo, "--as-of", CLEAN_DAY, "--rule", "signer", "--rule", "placeholders"
    )
    assert [f["rule"] for f in doc["findings"]] == ["signer"]
    assert doc["agreements"] == [{"id": "demo", "rules": ["signer", "placeholders"]}]


def test_unknown_rule_is_a_usage_error_listing_the_ids(run_line, demo_repo: Path) -> None:
    result = run_line(["check", "--repo", demo_repo, "--rule", "contact-persons"])
    assert result.exit_code == 2
    assert "unknown rule 'contact-persons'" in result.stderr
    assert all(rule_id in result.stderr for rule_id in RULES)


def test_as_of_must_be_a_date(run_line, demo_repo: Path) -> None:
    result = run_line(["check", "--repo", demo_repo, "--as-of", "2022-02-30"])
    assert result.exit_code == 2
    assert "--as-of '2022-02-30' is not a date" in result.stderr and "YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.output


def test_agreement_arguments_by_id_or_folder(run_line, demo_repo: Path) -> None:
    shutil.copytree(demo_repo / DEMO, demo_repo / "agreements/zweite")
    edit(demo_repo / "agreements/zweite/agreement.yaml", "id: demo\n", "id: zweite\n")
    _drop_contact(demo_repo)
    only = check_json(run_line, demo_repo, "--as-of", CLEAN_DAY, "zweite")
    assert [a["id"] for a in only["agreements"]] == ["zweite"]
    assert {f["agreement"] for f in only["findings"]} <= {"zweite"}
    result = run_line(
        ["check", "--as-of", CLEAN_DAY, "--format", "json", "agreements/demo/"], cwd=demo_repo
    )
    assert [a["id"] for a in json.loads(result.stdout)["agreements"]] == ["demo"]
    unknown = run_line(["check", "--repo", demo_repo, "halland"])
    assert unknown.exit_code == 2
    assert (
        "unknown agreement 'halland'" in unknown.stderr
        and "known agreements: demo, zweite" in unknown.stderr
    )


def test_check_reports_what_validate_reports(run_line, demo_repo: Path) -> None:
    edit(demo_repo / AGREEMENT, "language: sv\n", "language: [sv]\n")
    validate = json.loads(run_line(["validate", "--repo", demo_repo, "--format", "json"]).stdout)[
        "findings"
    ]
    doc = check_json(run_line, demo_repo, "--as-of", CLEAN_DAY)
    assert validate and validate == [
        f for f in doc["findings"] if f["rule"] in ("schema", "yaml", "structure")
    ]
    assert doc["agreements"] == [{"id": "demo", "rules": []}]  # the agreement did not load


def test_subprocess_run_has_no_traceback_and_same_exit(demo_repo: Path) -> None:
    _drop_contact(demo_repo)
    proc = run_cli(
        ["check", "--as-of", CLEAN_DAY, "--format", "json", "--rule", "contact-person"],
        cwd=demo_repo,
    )
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["summary"]["errors"] == 1


# ----------------------------------------------------------------------------- the schema validates `checks:`


def test_unknown_rule_under_checks_is_a_schema_error(run_line, demo_repo: Path) -> None:
    add_checks(demo_repo, "  contact-persons: {}\n")
    doc = check_json(run_line, demo_repo, "--as-of", CLEAN_DAY)
    schema = [f for f in doc["findings"] if f["rule"] == "schema"]
    assert [(f["file"], f["line"]) for f in schema] == [
        (AGREEMENT, line_of(demo_repo / AGREEMENT, "contact-persons"))
    ]
    assert "unknown property 'contact-persons'" in schema[0]["message"]
    assert schema[0]["hint"] == "did you mean 'contact-person'?"


def test_parameters_are_validated_per_rule(run_line, demo_repo: Path) -> None:
    add_checks(
        demo_repo,
        "  notice-period:\n    params: {days: thirty}\n  signer:\n    params: {days: 3}\n",
    )
    doc = check_json(run_line, demo_repo, "--as-of", CLEAN_DAY)
    schema = {(f["line"], f["message"]) for f in doc["findings"] if f["rule"] == "schema"}
    path = demo_repo / AGREEMENT
    assert (
        line_of(path, "days: thirty"),
        "'days' must be an integer, not a string ('thirty')",
    ) in schema
    assert any(
        line == line_of(path, "{days: 3}") and "unknown property 'days'" in m for line, m in schema
    )


# ----------------------------------------------------------------------------- overens rules


def test_rules_lists_every_rule_with_severity_and_parameters(run_line) -> None:
    result = run_line(["rules"])
    assert result.exit_code == 0
    for rule_id, rule in RULES.items():
        assert f"{rule_id}  [{rule.severity.value}]  runs: " in result.stdout
    assert (
        "notice-period  [error]  runs: terms.withdrawal.notice_period_days is set" in result.stdout
    )
    assert "  days (integer ≥ 0)\n" in result.stdout
    assert "(?i)\\((?:kontaktperson|" in result.stdout  # the built-in placeholder patterns


def test_rules_json_and_selection(run_line) -> None:
    doc = json.loads(run_line(["rules", "--json"]).stdout)
    assert [r["id"] for r in doc["rules"]] == list(RULES)
    one = json.loads(run_line(["rules", "--json", "placeholders"]).stdout)["rules"]
    assert [r["id"] for r in one] == ["placeholders"]
    assert set(one[0]) == {"id", "severity", "summary", "runs", "explanation", "parameters"}
    assert one[0]["parameters"]["patterns"]["type"] == "list of regular expressions"
    assert len(one[0]["parameters"]["patterns"]["default"]) >= 5
    bad = run_line(["rules", "nope"])
    assert bad.exit_code == 2 and "unknown rule 'nope'" in bad.stderr


def test_help_lists_the_commands(run_line) -> None:
    out = run_line(["--help"]).stdout
    assert "check" in out and "rules" in out
    check_help = run_line(["check", "--help"]).stdout
    for option in ("--as-of", "--format", "--strict", "--rule", "--repo"):
        assert option in check_help
