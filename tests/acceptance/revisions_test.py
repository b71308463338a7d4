"""Revisions in real repositories with several commits.

An editorial revision passes without anyone signing again; a material one puts the earlier
signatories on the list of those to confirm until they do; a text change that no revision
declares fails.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import git
from overens.store import safe_yaml
from revision_steps import DEMO, commit, declare, edit, signatory, text_hash

ORG = "foreningen-exempel"


def _version(run_line, repo: Path, as_of: str = "2024-12-31") -> dict:
    result = run_line(["version", "demo", "--repo", repo, "--json", "--as-of", as_of])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _validate(run_line, repo: Path):
    return run_line(["validate", "--repo", repo, "--format", "json"])


def _awaiting(info: dict) -> list[str]:
    return [s["id"] for s in info["awaiting_confirmation"]]


def _check(run_line, repo: Path, as_of: str = "2024-12-31", *rules: str) -> tuple[int, list[dict]]:
    args = [a for r in rules for a in ("--rule", r)]
    result = run_line(["check", "--repo", repo, "--format", "json", "--as-of", as_of, *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["findings"]


def _unconfirmed(run_line, repo: Path, as_of: str = "2024-12-31") -> list[str]:
    """The signatories `check` reports for not confirming the latest material version."""
    _, findings = _check(run_line, repo, as_of, "version-confirmed")
    return sorted(
        f["file"].rsplit("/", 1)[1][:-5] for f in findings if f["rule"] == "version-confirmed"
    )


def test_undeclared_text_change_fails_until_a_revision_declares_it(
    run_line, demo_repo: Path
) -> None:
    edit(
        demo_repo / DEMO / "principles/01-dialog.yaml",
        "stärka varandra",
        "stärka varandra och oss själva",
    )
    commit(demo_repo, "Reword principle 1 without a revision", date="2024-03-01")

    code, findings = _check(run_line, demo_repo, "2024-12-31", "version-confirmed")
    assert code == 1 and [f["rule"] for f in findings] == ["text-hash"]
    result = _validate(run_line, demo_repo)
    assert result.exit_code == 1, result.output
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["rule"] == "text-hash"
    assert finding["file"] == f"{DEMO}/agreement.yaml"
    lines = (demo_repo / DEMO / "agreement.yaml").read_text(encoding="utf-8").splitlines()
    assert "text_sha256" in lines[finding["line"] - 1]
    assert text_hash(demo_repo) in finding["hint"]

    info = _version(run_line, demo_repo)
    assert info["matches"] is False and info["text_sha256"] == text_hash(demo_repo)
    text = run_line(["version", "demo", "--repo", demo_repo, "--as-of", "2024-12-31"]).stdout
    assert "differs from the hash declared for version 1" in text
    assert "overens revise demo --kind editorial --summary" in text  # the command that declares it

    declare(demo_repo, "1.1", "editorial", "Språklig justering av princip 1.", "2024-03-02")
    assert _validate(run_line, demo_repo).exit_code == 0
    assert _version(run_line, demo_repo)["matches"] is True
    assert _check(run_line, demo_repo, "2024-12-31", "version-confirmed") == (0, [])


def test_reformatting_the_yaml_is_not_a_change_of_text(run_line, demo_repo: Path) -> None:
    path = demo_repo / DEMO / "principles/02-kvalitet.yaml"
    edit(
        path,
        "text: Parterna enas om vilka kvalitetskrav som gäller.\n",
        "text: >-\n  Parterna enas om vilka\n  kvalitetskrav som gäller.\n",
    )
    edit(path, "commitments:\n  - by: organisations\n    text:", "commitments:\n  - text:")
    edit(
        path,
        "De idéburna organisationerna följer sina stadgar.\n",
        "De idéburna organisationerna följer sina stadgar.\n    by: organisations\n",
    )
    commit(demo_repo, "Reformat principle 2", date="2024-03-01")
    assert _validate(run_line, demo_repo).exit_code == 0
    assert _version(run_line, demo_repo)["matches"] is True
    diff = run_line(["diff", "demo", "--repo", demo_repo, "--base", "HEAD~1"])
    assert "no changes to the text" in diff.stdout, diff.output


def test_editorial_revision_passes_without_signing_again(run_line, demo_repo: Path) -> None:
    edit(
        demo_repo / DEMO / "principles/02-kvalitet.yaml",
        "vilka kvalitetskrav",
        "vilka krav på kvalitet",
    )
    declare(demo_repo, "1.1", "editorial", "Språklig justering av princip 2.", "2024-03-01")
    commit(demo_repo, "Editorial revision 1.1", date="2024-03-01")
    signatory(demo_repo, "nya-foreningen", "Nya föreningen", "1.1", "2024-04-01")
    commit(demo_repo, "Nya föreningen signs 1.1", date="2024-04-01")

    assert _validate(run_line, demo_repo).exit_code == 0
    info = _version(run_line, demo_repo)
    assert info["version"] == "1.1" and info["matches"] is True
    assert [r["kind"] for r in info["revisions"]] == ["material", "editorial"]
    assert _awaiting(info) == []  # signed 1 and 1.1: both still hold
    assert _unconfirmed(run_line, demo_repo) == []
    _, findings = _check(run_line, demo_repo, "2024-12-31")
    assert not [f for f in findings if f["rule"] in ("text-hash", "version-confirmed")], findings


def test_material_revision_flags_earlier_signatories_until_they_confirm(
    run_line, demo_repo: Path
) -> None:
    edit(
        demo_repo / DEMO / "principles/02-kvalitet.yaml",
        "vilka kvalitetskrav",
        "vilka krav på kvalitet",
    )
    declare(demo_repo, "1.1", "editorial", "Språklig justering av princip 2.", "2024-03-01")
    commit(demo_repo, "Editorial revision 1.1", date="2024-03-01")
    late = signatory(demo_repo, "nya-foreningen", "Nya föreningen", "1.1", "2024-04-01")
    commit(demo_repo, "Nya föreningen signs 1.1", date="2024-04-01")

    edit(
        demo_repo / DEMO / "principles/01-dialog.yaml",
        "Mötas regelbundet.",
        "Mötas minst fyra gånger om året.",
    )
    digest = declare(demo_repo, "2", "material", "Mötesfrekvensen skärps.", "2024-06-01")
    commit(demo_repo, "Material revision 2", date="2024-06-01")

    assert _validate(run_line, demo_repo).exit_code == 0  # the text is declared
    info = _version(run_line, demo_repo)
    assert _awaiting(info) == [ORG, "nya-foreningen"]
    assert _unconfirmed(run_line, demo_repo) == [ORG, "nya-foreningen"]
    assert _unconfirmed(run_line, demo_repo, as_of="2024-05-31") == []  # not decided yet
    text = run_line(["version", "demo", "--repo", demo_repo, "--as-of", "2024-12-31"]).stdout
    assert (
        "to confirm version 2" in text
        and "foreningen-exempel: Föreningen Exempel (version 1)" in text
    )
    assert (
        _awaiting(_version(run_line, demo_repo, as_of="2021-01-01")) == []
    )  # no one had signed yet

    confirmed = run_line(["confirm", "demo", ORG, "--date", "2024-07-01", "--repo", demo_repo])
    assert confirmed.exit_code == 0, confirmed.output
    assert git(demo_repo, "status", "--porcelain") == ""  # committed
    assert _validate(run_line, demo_repo).exit_code == 0
    assert _awaiting(_version(run_line, demo_repo)) == ["nya-foreningen"]
    assert _unconfirmed(run_line, demo_repo) == ["nya-foreningen"]

    assert (
        run_line(
            ["confirm", "demo", "Nya föreningen", "--date", "2024-07-15", "--repo", demo_repo]
        ).exit_code
        == 0
    )
    record = safe_yaml.load(late)["memberships"][-1]["confirmations"]
    assert record == [{"version": "2", "date": "2024-07-15", "text_sha256": digest}]
    assert _awaiting(_version(run_line, demo_repo)) == []
    assert _unconfirmed(run_line, demo_repo) == []


def test_version_text_output(run_line, demo_repo: Path) -> None:
    result = run_line(["version", "demo", "--repo", demo_repo, "--as-of", "2024-01-01"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "demo: version 1\n"
        f"text sha256: {text_hash(demo_repo)}\n"
        "  matches the hash declared for version 1\n"
        "\n"
        "revisions:\n"
        " * 1      2020-03-01  material   Texten som antagen.\n"
    )


def test_version_of_an_unknown_or_broken_agreement(run_line, demo_repo: Path) -> None:
    unknown = run_line(["version", "nope", "--repo", demo_repo])
    assert unknown.exit_code == 2
    assert (
        "unknown agreement 'nope'" in unknown.stderr and "known agreements: demo" in unknown.stderr
    )
    edit(demo_repo / DEMO / "agreement.yaml", "language: sv\n", "language: [sv]\n")
    broken = run_line(["version", "demo", "--repo", demo_repo])
    assert broken.exit_code == 1
    assert (
        "agreements/demo/agreement.yaml:5:1:" in broken.stderr
        and "overens validate" in broken.stderr
    )
    assert "Traceback" not in broken.output
