"""`overens sign` on the lifecycle corpus: it records the joining channel and the attestation of
each criterion, records an organisation carried over from the predecessor, and refuses a
version whose text is not recorded; `withdraw` still works on such an agreement. Refusals change
nothing (a real git repository)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import git, init_repo, snapshot_tree
from lifecycle_corpus import LIFECYCLE, read_yaml

ORG = ["--name", "Föreningen Nyköping Test", "--org-number", "802999-0093", "--sector", "ideburen"]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    repo = tmp_path / "lifecycle"
    shutil.copytree(LIFECYCLE / "agreements", repo / "agreements")
    return init_repo(repo)


def _findings(run_line: Any, repo: Path, agreement: str, day: str) -> list[dict[str, Any]]:
    result = run_line(["check", agreement, "--repo", repo, "--as-of", day, "--format", "json"])
    found: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return found


def test_sign_records_the_channel_and_the_attested_criteria(run_line, corpus: Path) -> None:
    result = run_line(
        ["sign", "exempelland-2021", *ORG, "--signed-by", "Nina Ordförande", "--date", "2024-04-01"]
        + ["--channel", "webbformular", "--criterion", "regionalt-perspektiv"]
        + ["--criterion", "demokratiska-varderingar", "--repo", corpus]
    )
    assert result.exit_code == 0, result.output
    path = corpus / "agreements/exempelland-2021/signatories/foreningen-nykoping-test.yaml"
    (period,) = read_yaml(path)["memberships"]
    assert period["channel"] == "webbformular"
    assert period["criteria"] == [
        {"id": "regionalt-perspektiv", "attested": True, "date": "2024-04-01"},
        {"id": "demokratiska-varderingar", "attested": True, "date": "2024-04-01"},
    ]
    assert git(corpus, "status", "--porcelain") == ""
    about = [
        f
        for f in _findings(run_line, corpus, "exempelland-2021", "2024-05-01")
        if f["file"].endswith("foreningen-nykoping-test.yaml")
    ]
    assert about == []


def test_a_missing_channel_and_attestation_are_reported_by_check(run_line, corpus: Path) -> None:
    result = run_line(
        ["sign", "exempelland-2021", *ORG, "--signed-by", "Nina Ordförande", "--date", "2024-04-01"]
        + ["--criterion", "demokratiska-varderingar", "--repo", corpus]
    )
    assert result.exit_code == 0, result.output
    about = {
        f["rule"]
        for f in _findings(run_line, corpus, "exempelland-2021", "2024-05-01")
        if f["file"].endswith("foreningen-nykoping-test.yaml")
    }
    assert about == {"joining-channel", "joining-criteria-attested"}


@pytest.mark.parametrize(
    "agreement, extra, message",
    [
        ("exempelland-2021", ["--channel", "fax"], "--channel fax: the agreement lists no such"),
        (
            "exempelland-2021",
            ["--criterion", "bor-i-lanet"],
            "--criterion bor-i-lanet: the agreement lists no such joining criterion",
        ),
        (
            "nationell-2008",
            ["--date", "2010-01-01"],
            "--version 1: the text of that version is not recorded",
        ),
        (
            "nationell-2018",
            ["--carried-over-from", "nationell-2008"],
            "does not carry that agreement's signatories over",
        ),
    ],
)
def test_a_signing_the_agreement_does_not_allow_is_refused(
    run_line, corpus: Path, agreement: str, extra: list[str], message: str
) -> None:
    before = snapshot_tree(corpus)
    result = run_line(
        ["sign", agreement, *ORG, "--signed-by", "Nina Ordförande", *extra, "--repo", corpus]
    )
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert snapshot_tree(corpus) == before


def test_an_organisation_carried_over_is_recorded_as_such(run_line, corpus: Path) -> None:
    """Provby Idrottsallians was a signatory of exempelland-2014 when exempelland-2021 took over;
    recording it carried over (no signer, no text hash, the succession's date) satisfies
    carry-over."""
    assert any(
        f["rule"] == "carry-over"
        for f in _findings(run_line, corpus, "exempelland-2021", "2022-01-01")
    )
    result = run_line(
        ["sign", "exempelland-2021", "--name", "Provby Idrottsallians", "--org-number"]
        + ["802999-0044", "--sector", "ideburen", "--carried-over-from", "exempelland-2014"]
        + ["--repo", corpus]
    )
    assert result.exit_code == 0, result.output
    data = read_yaml(corpus / "agreements/exempelland-2021/signatories/provby-idrottsallians.yaml")
    assert data["memberships"] == [
        {"signed": {"date": "2021-03-01", "version": "1", "carried_over_from": "exempelland-2014"}}
    ]
    assert "signer" not in data
    found = _findings(run_line, corpus, "exempelland-2021", "2022-01-01")
    assert not [f for f in found if f["rule"] == "carry-over"]
    assert not [f for f in found if f["file"].endswith("provby-idrottsallians.yaml")]


def test_withdrawing_from_an_agreement_whose_text_is_not_recorded(run_line, corpus: Path) -> None:
    result = run_line(
        ["withdraw", "nationell-2008", "sprakforeningen-exempelriket", "--notice-date"]
        + ["2012-05-02", "--effective", "2012-06-01", "--repo", corpus]
    )
    assert result.exit_code == 0, result.output
    listed = run_line(
        ["list", "nationell-2008", "--as-of", "2013-01-01", "--json", "--repo", corpus]
    )
    statuses = {s["id"]: s["status"] for s in json.loads(listed.stdout)["signatories"]}
    assert statuses["sprakforeningen-exempelriket"] == "withdrawn"
