"""Names that are valid but dangerous: signed through the real `overens sign`, stored
exactly as given, rendered escaped. One file per case in tests/hostile/accepted/: the name, and
per format what must be absent (the raw, dangerous form) and present (the escaped form).

Also the same organisation written in NFC and in NFD: recognised as the same by sign and by
check's unique-signatory rule."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from conftest import git
from coordinator_helpers import SIGNATORIES, sign_args
from hardening_helpers import luhn_org_number
from overens.model.identity import slugify
from overens.store import safe_yaml, yaml_write

ACCEPTED = sorted((Path(__file__).parents[1] / "hostile" / "accepted").glob("*.yaml"))


def test_every_accepted_case_has_a_file() -> None:
    assert len(ACCEPTED) >= 12


@pytest.mark.parametrize("case", ACCEPTED, ids=lambda p: p.stem)
def test_a_dangerous_name_is_stored_as_given_and_rendered_escaped(
    run_line, demo_repo: Path, case: Path
) -> None:
    spec = safe_yaml.load(case)
    name = spec["name"]
    signed = run_line(sign_args(demo_repo, name=name, org_number=luhn_org_number("802470999")))
    assert signed.exit_code == 0, signed.output
    path = demo_repo / SIGNATORIES / f"{slugify(name)}.yaml"
    assert safe_yaml.load(path)["name"] == name  # round trip: exactly as given
    listed = run_line(["list", "demo", "--repo", demo_repo, "--json", "--as-of", "2024-06-01"])
    assert name in [s["name"] for s in json.loads(listed.stdout)["signatories"]]
    subject = git(demo_repo, "log", "-1", "--format=%s").strip()
    assert subject == "sign(demo): " + " ".join(name.split())  # one line, nothing injected
    for fmt in ("md", "html"):
        rendered = run_line(
            ["render", "demo", "--repo", demo_repo, "--format", fmt, "--as-of", "2024-06-01"]
        )
        assert rendered.exit_code == 0, rendered.output
        for raw in spec[fmt]["absent"]:
            assert raw not in rendered.stdout, f"{fmt}: {raw!r} reached the document"
        for escaped in spec[fmt]["present"]:
            assert escaped in rendered.stdout, f"{fmt}: {escaped!r} is not in the document"


NFC = unicodedata.normalize("NFC", "Föreningen Ödlan i Åhus")
NFD = unicodedata.normalize("NFD", NFC)


def test_nfc_and_nfd_are_different_strings() -> None:
    assert NFC != NFD and len(NFD) > len(NFC)


@pytest.mark.parametrize("number", ["same", "different"])
def test_sign_refuses_the_same_organisation_written_in_nfd(
    run_line, demo_repo: Path, number
) -> None:
    first = run_line(sign_args(demo_repo, name=NFC, org_number=luhn_org_number("802471001")))
    assert first.exit_code == 0, first.output
    other = luhn_org_number("802471001" if number == "same" else "802471002")
    second = run_line(sign_args(demo_repo, name=NFD, org_number=other))
    assert second.exit_code == 1, second.output
    assert f"{NFC} is already a signatory of demo" in second.stderr
    assert len(list((demo_repo / SIGNATORIES).glob("*.yaml"))) == 2  # Exempel and the first


@pytest.mark.parametrize(("number", "field"), [("same", "org_number"), ("different", "name")])
def test_check_reports_two_files_holding_one_organisation(
    run_line, demo_repo: Path, number: str, field: str
) -> None:
    assert (
        run_line(sign_args(demo_repo, name=NFC, org_number=luhn_org_number("802471001"))).exit_code
        == 0
    )
    first = demo_repo / SIGNATORIES / f"{slugify(NFC)}.yaml"
    data = safe_yaml.load(first)
    data.update(
        id="odlan-nfd",
        name=NFD,
        org_number=luhn_org_number("802471001" if number == "same" else "802471002"),
    )
    data["memberships"][0]["signed"]["date"] = "2024-03-02"  # signed later: the one reported
    second = demo_repo / SIGNATORIES / "odlan-nfd.yaml"
    second.write_text(yaml_write.dump(data), encoding="utf-8")
    assert NFD.encode() in second.read_bytes()
    result = run_line(
        [
            "check",
            "demo",
            "--repo",
            demo_repo,
            "--as-of",
            "2024-06-01",
            "--format",
            "json",
            "--rule",
            "unique-signatory",
        ]
    )
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["file"]) for f in findings] == [
        ("unique-signatory", f"{SIGNATORIES}/odlan-nfd.yaml")
    ], findings
    assert f"{SIGNATORIES}/{first.name}" in findings[0]["message"]
    line = second.read_text().splitlines()[findings[0]["line"] - 1]
    assert line.startswith(f"{field}:")
