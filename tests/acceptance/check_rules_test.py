"""Every compliance rule, made to fire and kept quiet, on real files in temporary repositories.

Each test starts from the `demo` agreement (tests/fixtures/repo), edits real files, and runs the
real CLI with `--rule` and a fixed `--as-of`, reading the JSON report. Locations are asserted as
(file, line) so that a finding points where the fix belongs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from checkhelp import (
    AGREEMENT,
    DEMO,
    MEMBERS,
    SIGNATORY,
    add_checks,
    at,
    check_json,
    copy_demo_repo,
    edit,
    found,
    line_of,
)

from conftest import build_file_tree

OTHER = f"{DEMO}/signatories/andra-foreningen.yaml"


@pytest.fixture
def demo_repo(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo repository (conftest's), built once per session and copied for each test."""
    return copy_demo_repo(tmp_path, tmp_path_factory)


def _second_signatory(
    repo: Path,
    *,
    name: str = "Andra föreningen",
    org: str = "802004-6895",
    sector: str = "ideburen",
    extra: str = "",
) -> Path:
    """Add a second signatory file; by default it repeats the first one's organisation number."""
    build_file_tree(
        repo,
        {
            OTHER: (
                "id: andra-foreningen\n"
                f"name: {name}\n"
                f'org_number: "{org}"\n'
                f"sector: {sector}\n"
                "memberships:\n"
                "  - signed:\n"
                '      date: "2022-01-10"\n'
                '      version: "1"\n'
                f"{extra}"
            )
        },
    )
    return repo / OTHER


def _withdraw(repo: Path, notice: str, effective: str, evidence: bool = True) -> None:
    """Record a withdrawal ending the demo signatory's period."""
    proof = "      evidence:\n        reference: DNR 2023/7\n" if evidence else ""
    edit(
        repo / SIGNATORY,
        "        reference: DNR 2021/15\n",
        "        reference: DNR 2021/15\n"
        f'    withdrawal:\n      notice_date: "{notice}"\n      effective: "{effective}"\n{proof}',
    )


# ----------------------------------------------------------------------------- contact-person


def test_contact_person_quiet_when_named(run_line, demo_repo: Path) -> None:
    assert found(run_line, demo_repo, "contact-person", "2022-01-01") == []


def test_contact_person_fires_at_the_signatory_file(run_line, demo_repo: Path) -> None:
    edit(
        demo_repo / SIGNATORY,
        "contact:\n  name: Bertil Berg\n  email: bertil@example.se\n  phone: 035-12 34 56\n",
        "",
    )
    result = found(run_line, demo_repo, "contact-person", "2022-01-01")
    assert at(result) == [(SIGNATORY, 2)]  # the mapping that lacks `contact`
    assert result[0]["severity"] == "error"
    assert "Föreningen Exempel names no contact person" in result[0]["message"]
    assert "kontaktperson" in result[0]["message"]  # quotes the agreement's own wording
    assert "contact:" in result[0]["hint"]


def test_contact_person_fields_parameter(run_line, demo_repo: Path) -> None:
    add_checks(demo_repo, "  contact-person:\n    params:\n      fields: [email, phone]\n")
    assert found(run_line, demo_repo, "contact-person", "2022-01-01") == []
    edit(demo_repo / SIGNATORY, "  phone: 035-12 34 56\n", "")
    result = found(run_line, demo_repo, "contact-person", "2022-01-01")
    assert at(result) == [(SIGNATORY, line_of(demo_repo / SIGNATORY, "contact:"))]
    assert "no phone" in result[0]["message"]


def test_contact_person_ignores_withdrawn_and_can_be_disabled(run_line, demo_repo: Path) -> None:
    edit(
        demo_repo / SIGNATORY,
        "contact:\n  name: Bertil Berg\n  email: bertil@example.se\n  phone: 035-12 34 56\n",
        "",
    )
    _withdraw(demo_repo, "2022-01-05", "2022-03-01")
    assert found(run_line, demo_repo, "contact-person", "2022-02-28") != []
    assert found(run_line, demo_repo, "contact-person", "2022-03-01") == []
    add_checks(demo_repo, "  contact-person:\n    enabled: false\n")
    assert found(run_line, demo_repo, "contact-person", "2022-02-28") == []


# ----------------------------------------------------------------------------- signer, signing-date


def test_signer_quiet_and_fires(run_line, demo_repo: Path) -> None:
    assert found(run_line, demo_repo, "signer", "2022-01-01") == []
    edit(demo_repo / SIGNATORY, "signer:\n  name: Anna Andersson\n  title: Ordförande\n", "")
    result = found(run_line, demo_repo, "signer", "2022-01-01")
    assert at(result) == [(SIGNATORY, 2)]
    assert result[0]["severity"] == "warning"
    assert "no authorised signer" in result[0]["message"]


def test_signer_title_parameter(run_line, demo_repo: Path) -> None:
    edit(demo_repo / SIGNATORY, "  title: Ordförande\n", "")
    assert found(run_line, demo_repo, "signer", "2022-01-01") == []
    add_checks(demo_repo, "  signer:\n    params: {title: true}\n")
    assert at(found(run_line, demo_repo, "signer", "2022-01-01")) == [
        (SIGNATORY, line_of(demo_repo / SIGNATORY, "signer:"))
    ]


def test_signing_date_quiet_and_fires(run_line, demo_repo: Path) -> None:
    assert found(run_line, demo_repo, "signing-date", "2022-01-01") == []
    edit(demo_repo / SIGNATORY, '      date: "2021-02-15"\n', "")
    result = found(run_line, demo_repo, "signing-date", "2022-01-01")
    assert at(result) == [(SIGNATORY, line_of(demo_repo / SIGNATORY, "signed:"))]
    assert "signing of version 1 has no date" in result[0]["message"]


# ----------------------------------------------------------------------------- org-number, unique-signatory


def test_org_number_quiet_and_fires(run_line, demo_repo: Path) -> None:
    assert found(run_line, demo_repo, "org-number", "2022-01-01") == []
    edit(demo_repo / SIGNATORY, 'org_number: "802004-6895"\n', "")
    assert at(found(run_line, demo_repo, "org-number", "2022-01-01")) == [(SIGNATORY, 2)]
    add_checks(demo_repo, "  org-number:\n    params: {sectors: [offentlig]}\n")
    assert found(run_line, demo_repo, "org-number", "2022-01-01") == []


def test_invalid_org_number_is_a_validation_finding_even_with_rule(
    run_line, demo_repo: Path
) -> None:
    # The check digit is overens's own check (the published schema has the pattern only): it is
    # reported on every run, as validate reports it, whichever rules are selected.
    edit(demo_repo / SIGNATORY, 'org_number: "802004-6895"\n', 'org_number: "802004-6893"\n')
    doc = check_json(run_line, demo_repo, "--rule", "org-number", "--as-of", "2022-01-01")
    assert [(f["rule"], f["line"]) for f in doc["findings"]] == [("org-number-valid", 4)]


def test_unique_signatory_same_org_number(run_line, demo_repo: Path) -> None:
    other = _second_signatory(demo_repo)
    result = found(run_line, demo_repo, "unique-signatory", "2022-02-01")
    assert at(result) == [(OTHER, line_of(other, "org_number"))]
    assert "as Föreningen Exempel" in result[0]["message"]


def test_unique_signatory_same_name_in_other_case(run_line, demo_repo: Path) -> None:
    other = _second_signatory(demo_repo, name="FÖRENINGEN  exempel", org="802004-6887")
    assert at(found(run_line, demo_repo, "unique-signatory", "2022-02-01")) == [
        (OTHER, line_of(other, "name:"))
    ]


def test_unique_signatory_quiet_for_distinct_or_not_yet_active(run_line, demo_repo: Path) -> None:
    _second_signatory(demo_repo)
    assert (
        found(run_line, demo_repo, "unique-signatory", "2022-01-09") == []
    )  # the second signs on 01-10
    (demo_repo / OTHER).unlink()
    _second_signatory(demo_repo, org="802004-6887")
    assert found(run_line, demo_repo, "unique-signatory", "2022-02-01") == []


# ----------------------------------------------------------------------------- sector-admitted


def test_sector_admitted(run_line, demo_repo: Path) -> None:
    assert found(run_line, demo_repo, "sector-admitted", "2022-01-01") == []
    add_checks(demo_repo, "  sector-admitted:\n    params: {sectors: [offentlig]}\n")
    result = found(run_line, demo_repo, "sector-admitted", "2022-01-01")
    assert at(result) == [(SIGNATORY, line_of(demo_repo / SIGNATORY, "sector:"))]
    assert "open to the public (offentlig) sector only" in result[0]["message"]


def test_sector_admitted_defaults_to_the_terms(run_line, demo_repo: Path) -> None:
    edit(demo_repo / AGREEMENT, "open_to: [ideburen, offentlig]", "open_to: [offentlig]")
    assert len(found(run_line, demo_repo, "sector-admitted", "2022-01-01")) == 1


# ----------------------------------------------------------------------------- democratic-values


def test_democratic_values_quiet_and_fires(run_line, demo_repo: Path) -> None:
    assert found(run_line, demo_repo, "democratic-values", "2022-01-01") == []
    edit(demo_repo / SIGNATORY, 'democratic_values:\n  attested: true\n  date: "2021-01-10"\n', "")
    assert at(found(run_line, demo_repo, "democratic-values", "2022-01-01")) == [(SIGNATORY, 2)]


def test_democratic_values_attested_false(run_line, demo_repo: Path) -> None:
    edit(demo_repo / SIGNATORY, "  attested: true\n", "  attested: false\n")
    result = found(run_line, demo_repo, "democratic-values", "2022-01-01")
    assert at(result) == [(SIGNATORY, line_of(demo_repo / SIGNATORY, "attested:"))]


def test_democratic_values_exempts_the_parties_and_public_sector(run_line, demo_repo: Path) -> None:
    # A signatory that is one of the agreement's own parties made the agreement; it did not join.
    _second_signatory(demo_repo, name="Idéburna organisationer i Exempel län", org="802004-6887")
    (demo_repo / "agreements/demo/signatories/region.yaml").write_text(
        'id: region\nname: Region Exempel\nsector: offentlig\nmemberships:\n  - signed: {version: "1"}\n',
        encoding="utf-8",
    )
    assert found(run_line, demo_repo, "democratic-values", "2022-02-01") == []
    add_checks(demo_repo, "  democratic-values:\n    params: {exempt: []}\n")
    assert at(found(run_line, demo_repo, "democratic-values", "2022-02-01")) == [(OTHER, 1)]


# ----------------------------------------------------------------------------- joining-approved


def test_joining_approved_quiet_when_recorded(run_line, demo_repo: Path) -> None:
    assert found(run_line, demo_repo, "joining-approved", "2022-01-01") == []


def test_joining_approved_missing_application_and_approval(run_line, demo_repo: Path) -> None:
    edit(
        demo_repo / SIGNATORY,
        '  - application:\n      date: "2021-01-10"\n    approval:\n'
        '      date: "2021-02-01"\n      by: Styrgruppen\n    signed:',
        "  - signed:",
    )
    result = found(run_line, demo_repo, "joining-approved", "2022-01-01")
    period = line_of(demo_repo / SIGNATORY, "- signed:")
    assert at(result) == [(SIGNATORY, period), (SIGNATORY, period)]
    assert {
        ("no application" in f["message"], "no approval by Styrgruppen" in f["message"])
        for f in result
    } == {(True, False), (False, True)}


def test_joining_approved_order_of_dates(run_line, demo_repo: Path) -> None:
    edit(
        demo_repo / SIGNATORY,
        '      date: "2021-02-01"\n      by: Styrgruppen',
        '      date: "2021-03-01"\n      by: Styrgruppen',
    )
    result = found(run_line, demo_repo, "joining-approved", "2022-01-01")
    assert at(result) == [(SIGNATORY, line_of(demo_repo / SIGNATORY, '"2021-02-15"'))]
    assert (
        "signed (2021-02-15) before its joining was approved (2021-03-01)" in result[0]["message"]
    )
    edit(
        demo_repo / SIGNATORY,
        '      date: "2021-01-10"\n    approval',
        '      date: "2021-04-01"\n    approval',
    )
    assert any(
        "approved (2021-03-01) before it applied" in f["message"]
        for f in found(run_line, demo_repo, "joining-approved", "2022-01-01")
    )


def test_joining_approved_not_run_without_joining_terms(run_line, demo_repo: Path) -> None:
    edit(
        demo_repo / SIGNATORY,
        '  - application:\n      date: "2021-01-10"\n    approval:',
        "  - approval:",
    )
    assert len(found(run_line, demo_repo, "joining-approved", "2022-01-01")) == 1
    edit(
        demo_repo / AGREEMENT, "    application_required: true\n    approval_by: Styrgruppen\n", ""
    )
    doc = check_json(run_line, demo_repo, "--rule", "joining-approved", "--as-of", "2022-01-01")
    assert "joining-approved" not in doc["agreements"][0]["rules"]


# ----------------------------------------------------------------------------- withdrawal-written, notice-period


def test_withdrawal_written(run_line, demo_repo: Path) -> None:
    _withdraw(demo_repo, "2023-01-02", "2023-03-01", evidence=False)
    assert (
        found(run_line, demo_repo, "withdrawal-written", "2023-01-01") == []
    )  # notice not yet given
    result = found(run_line, demo_repo, "withdrawal-written", "2023-01-02")
    assert at(result) == [(SIGNATORY, line_of(demo_repo / SIGNATORY, "withdrawal:"))]
    assert "records no written notice" in result[0]["message"]
    assert "skriftligen" in result[0]["message"]


def test_withdrawal_written_quiet_with_evidence(run_line, demo_repo: Path) -> None:
    _withdraw(demo_repo, "2023-01-02", "2023-03-01", evidence=True)
    assert found(run_line, demo_repo, "withdrawal-written", "2024-01-01") == []


def test_notice_period(run_line, demo_repo: Path) -> None:
    _withdraw(demo_repo, "2023-01-02", "2023-01-12")
    result = found(run_line, demo_repo, "notice-period", "2023-06-01")
    assert at(result) == [(SIGNATORY, line_of(demo_repo / SIGNATORY, "effective:"))]
    assert "10 days after the notice" in result[0]["message"] and "2023-02-01" in result[0]["hint"]
    add_checks(demo_repo, "  notice-period:\n    params: {days: 10}\n")
    assert found(run_line, demo_repo, "notice-period", "2023-06-01") == []


def test_notice_period_quiet_when_respected(run_line, demo_repo: Path) -> None:
    _withdraw(demo_repo, "2023-01-02", "2023-02-01")
    assert found(run_line, demo_repo, "notice-period", "2023-06-01") == []


# ----------------------------------------------------------------------------- annual-reports


def test_annual_reports_overdue_after_the_due_date(run_line, demo_repo: Path) -> None:
    # The 2021 report is recorded; the 2022 report is due 2023-06-30 (due: "06-30").
    assert found(run_line, demo_repo, "annual-reports", "2023-06-30") == []
    result = found(run_line, demo_repo, "annual-reports", "2023-07-01")
    assert at(result) == [(SIGNATORY, line_of(demo_repo / SIGNATORY, "reports:"))]
    assert "Årsberättelse (annual-report) for 2022 (due 2023-06-30)" in result[0]["message"]


def test_annual_reports_received_counts_only_from_its_date(run_line, demo_repo: Path) -> None:
    (demo_repo / SIGNATORY).write_text(
        (demo_repo / SIGNATORY).read_text(encoding="utf-8")
        + '  - year: 2022\n    kind: annual-report\n    received: "2023-08-15"\n',
        encoding="utf-8",
    )
    assert len(found(run_line, demo_repo, "annual-reports", "2023-08-14")) == 1
    assert found(run_line, demo_repo, "annual-reports", "2023-08-15") == []


def test_annual_reports_owed_by_withdrawn_signatories_for_their_years(
    run_line, demo_repo: Path
) -> None:
    _withdraw(demo_repo, "2022-11-01", "2023-01-01")  # a signatory all of 2022, not in 2023
    result = found(run_line, demo_repo, "annual-reports", "2025-01-01")
    assert len(result) == 1 and "for 2022 (due 2023-06-30)" in result[0]["message"]
    assert "2023" not in result[0]["message"].split("for ", 1)[1].replace("due 2023", "")


def test_annual_reports_unknown_kind_parameter(run_line, demo_repo: Path) -> None:
    add_checks(demo_repo, "  annual-reports:\n    params: {kinds: [financial-report]}\n")
    result = found(run_line, demo_repo, "annual-reports", "2022-01-01")
    assert at(result) == [(AGREEMENT, line_of(demo_repo / AGREEMENT, "kinds:"))]
    assert "financial-report" in result[0]["message"]


# ----------------------------------------------------------------------------- body-composition

FULL_BODY = """id: arbetsgrupp
members:
  - name: Cecilia Carlsson
    organisation: Föreningen Exempel
    seat: ideburna
    from: "2021-03-01"
  - name: David Dahl
    seat: ideburna
    from: "2021-03-01"
  - name: Eva Ek
    organisation: Region Exempel
    seat: region
    from: "2021-03-01"
  - name: Fredrik Fors
    organisation: Region Exempel
    seat: region
    substitute_for: Eva Ek
    from: "2021-03-01"
  - name: Gun Gran
    organisation: Länsstyrelsen i Exempel län
    seat: lansstyrelsen
    from: "2021-03-01"
"""


def _members(repo: Path, text: str = FULL_BODY) -> Path:
    path = repo / MEMBERS
    path.write_text(text, encoding="utf-8")
    return path


def test_body_composition_quiet_when_the_make_up_is_met(run_line, demo_repo: Path) -> None:
    _members(demo_repo)
    assert found(run_line, demo_repo, "body-composition", "2022-01-01") == []


def test_body_composition_vacancies_on_the_date(run_line, demo_repo: Path) -> None:
    path = _members(
        demo_repo,
        FULL_BODY.replace(
            '    seat: ideburna\n    from: "2021-03-01"\n  - name: Eva',
            '    seat: ideburna\n    from: "2021-03-01"\n    until: "2022-06-30"\n  - name: Eva',
        ),
    )
    assert found(run_line, demo_repo, "body-composition", "2022-06-30") == []
    result = found(run_line, demo_repo, "body-composition", "2022-07-01")
    assert at(result) == [(MEMBERS, line_of(path, "members:"))]
    assert "has 1 of 2 seats filled on 2022-07-01" in result[0]["message"]
    add_checks(demo_repo, "  body-composition:\n    params: {vacancies: false}\n")
    assert found(run_line, demo_repo, "body-composition", "2022-07-01") == []


def test_body_composition_too_many_in_a_seat(run_line, demo_repo: Path) -> None:
    path = _members(
        demo_repo, FULL_BODY + '  - name: Hans Holm\n    seat: ideburna\n    from: "2021-09-01"\n'
    )
    result = found(run_line, demo_repo, "body-composition", "2022-01-01")
    assert at(result) == [(MEMBERS, line_of(path, "Hans Holm"))]
    assert "member 3 in" in result[0]["message"] and "which has 2 seats" in result[0]["message"]


def test_body_composition_personal_substitutes(run_line, demo_repo: Path) -> None:
    # A substitute must name a serving ordinary member of the same seat, in a seat with substitutes.
    text = FULL_BODY.replace("substitute_for: Eva Ek", "substitute_for: Cecilia Carlsson")
    text += (
        '  - name: Ida Isaksson\n    seat: lansstyrelsen\n    substitute_for: Gun Gran\n    from: "2021-03-01"\n'
        '  - name: Jan Jonsson\n    seat: ideburna\n    substitute_for: David Dahl\n    from: "2021-03-01"\n'
    )
    path = _members(demo_repo, text)
    result = found(run_line, demo_repo, "body-composition", "2022-01-01")
    by_line = {f["line"]: f["message"] for f in result}
    assert (
        "who is not a serving ordinary member" in by_line[line_of(path, "substitute_for: Cecilia")]
    )
    assert "is co-opted (adjungerad)" in by_line[line_of(path, "substitute_for: Gun Gran")]
    assert "has no personal substitutes" in by_line[line_of(path, "substitute_for: David Dahl")]
    assert "has 0 of 1 personal substitutes" in by_line[line_of(path, "members:")]
    assert len(result) == 4


def test_body_composition_one_substitute_per_member(run_line, demo_repo: Path) -> None:
    path = _members(
        demo_repo,
        FULL_BODY + "  - name: Karl Kvist\n    seat: region\n    substitute_for: Eva Ek\n"
        '    from: "2021-03-01"\n',
    )
    result = found(run_line, demo_repo, "body-composition", "2022-01-01")
    assert at(result) == [(MEMBERS, line_of(path, "substitute_for", line_of(path, "Karl Kvist")))]
    assert "more than one personal substitute" in result[0]["message"]


def test_body_composition_sector_and_organisation_of_the_seat(run_line, demo_repo: Path) -> None:
    (demo_repo / "agreements/demo/signatories/region-exempel.yaml").write_text(
        'id: region-exempel\nname: Region Exempel\nsector: offentlig\nmemberships:\n  - signed: {version: "1"}\n',
        encoding="utf-8",
    )
    path = _members(
        demo_repo,
        FULL_BODY.replace(
            "    organisation: Föreningen Exempel\n    seat: ideburna",
            "    organisation: Region Exempel\n    seat: ideburna",
        ).replace(
            "    organisation: Region Exempel\n    seat: region\n    from",
            "    organisation: Föreningen Exempel\n    seat: region\n    from",
        ),
    )
    result = found(run_line, demo_repo, "body-composition", "2022-01-01")
    messages = {f["line"]: f["message"] for f in result}
    assert (
        "in a seat for the idéburen sector"
        in messages[line_of(path, "organisation: Region Exempel")]
    )
    eva = line_of(path, "organisation: Föreningen Exempel")
    assert "is for Region Exempel" in messages[eva] or "public (offentlig) sector" in messages[eva]
    assert len(result) == 3  # Eva Ek's seat is for the public sector and for Region Exempel


def test_body_composition_parity(run_line, demo_repo: Path) -> None:
    edit(
        demo_repo / AGREEMENT,
        "    name: Arbetsgruppen\n",
        "    name: Arbetsgruppen\n    parity: true\n",
    )
    path = _members(demo_repo)
    result = found(run_line, demo_repo, "body-composition", "2022-01-01")
    assert at(result) == [(MEMBERS, line_of(path, "members:"))]
    assert (
        "2 ordinary members from the idéburen sector and 1 from the public sector"
        in result[0]["message"]
    )
    # The co-opted member and the personal substitute are not ordinary members: 1 and 1 is parity.
    _members(
        demo_repo,
        FULL_BODY.replace('  - name: David Dahl\n    seat: ideburna\n    from: "2021-03-01"\n', ""),
    )
    assert (
        found(run_line, demo_repo, "body-composition", "2022-01-01", "--strict") != []
    )  # a vacancy
    add_checks(demo_repo, "  body-composition:\n    params: {vacancies: false}\n")
    assert found(run_line, demo_repo, "body-composition", "2022-01-01") == []


def test_body_composition_without_members_file(run_line, demo_repo: Path) -> None:
    (demo_repo / MEMBERS).unlink()
    assert found(run_line, demo_repo, "body-composition", "2022-01-01") == []
    add_checks(demo_repo, "  body-composition:\n    params: {require_members: true}\n")
    result = found(run_line, demo_repo, "body-composition", "2022-01-01")
    assert at(result) == [(AGREEMENT, line_of(demo_repo / AGREEMENT, "- id: arbetsgrupp"))]


# ----------------------------------------------------------------------------- validity-expired, review-due


def test_validity_expired(run_line, demo_repo: Path) -> None:
    assert found(run_line, demo_repo, "validity-expired", "2030-12-31") == []
    result = found(run_line, demo_repo, "validity-expired", "2031-01-01")
    assert at(result) == [(AGREEMENT, line_of(demo_repo / AGREEMENT, 'until: "2030-12-31"'))]
    assert result[0]["severity"] == "warning"
    assert "ended on 2030-12-31" in result[0]["message"]


def test_validity_from_period_years_and_unknown_start(run_line, demo_repo: Path) -> None:
    edit(demo_repo / AGREEMENT, '    until: "2030-12-31"\n', "    period_years: 4\n")
    assert (
        found(run_line, demo_repo, "validity-expired", "2024-02-29") == []
    )  # 2020-03-01 + 4 years - 1 day
    assert (
        "ended on 2024-02-29"
        in found(run_line, demo_repo, "validity-expired", "2024-03-01")[0]["message"]
    )
    edit(demo_repo / AGREEMENT, '    from: "2020-03-01"\n', "")
    edit(demo_repo / AGREEMENT, 'adopted:\n  date: "2020-03-01"\n  by:', "adopted:\n  by:")
    edit(demo_repo / AGREEMENT, '    date: "2020-03-01"\n    kind: material', "    kind: material")
    result = found(run_line, demo_repo, "validity-expired", "2024-03-01")
    assert at(result) == [(AGREEMENT, line_of(demo_repo / AGREEMENT, "period_years: 4"))]
    assert "no start date is recorded" in result[0]["message"]


def test_an_ended_agreement_has_no_active_signatories(run_line, demo_repo: Path) -> None:
    edit(demo_repo / SIGNATORY, "signer:\n  name: Anna Andersson\n  title: Ordförande\n", "")
    assert len(found(run_line, demo_repo, "signer", "2030-12-31")) == 1
    assert found(run_line, demo_repo, "signer", "2031-01-01") == []


def test_review_due(run_line, demo_repo: Path) -> None:
    add_checks(demo_repo, "  review-due:\n    params: {interval_years: 2}\n")
    assert found(run_line, demo_repo, "review-due", "2022-03-01") == []  # revision of 2020-03-01
    result = found(run_line, demo_repo, "review-due", "2022-03-02")
    assert at(result) == [(AGREEMENT, line_of(demo_repo / AGREEMENT, "revisions:"))]
    assert "was due by 2022-03-01" in result[0]["message"]


def test_review_due_enabled_without_interval_is_reported(run_line, demo_repo: Path) -> None:
    add_checks(demo_repo, "  review-due: {}\n")
    result = found(run_line, demo_repo, "review-due", "2022-03-02")
    assert at(result) == [(AGREEMENT, line_of(demo_repo / AGREEMENT, "review-due:"))]
    assert (
        "review-due is enabled, but its parameter interval_years has no value"
        in result[0]["message"]
    )
    assert "terms.validity.review_interval_years" in result[0]["hint"]


# ----------------------------------------------------------------------------- version-confirmed


def _material_revision(repo: Path, kind: str = "material") -> None:
    path = repo / AGREEMENT
    text = path.read_text(encoding="utf-8")
    digest = text.split('text_sha256: "', 1)[1].split('"', 1)[0]
    edit(path, 'version: "1"\nadopted', 'version: "2"\nadopted')
    path.write_text(
        path.read_text(encoding="utf-8")
        + f'  - version: "2"\n    date: "2023-01-01"\n    kind: {kind}\n'
        f'    summary: Ny lydelse.\n    text_sha256: "{digest}"\n',
        encoding="utf-8",
    )


def test_version_confirmed(run_line, demo_repo: Path) -> None:
    _material_revision(demo_repo)
    assert found(run_line, demo_repo, "version-confirmed", "2023-01-01") == []  # decided that day
    result = found(run_line, demo_repo, "version-confirmed", "2023-01-02")
    assert at(result) == [(SIGNATORY, line_of(demo_repo / SIGNATORY, "signed:"))]
    assert (
        "bound by version 1; the material revision of 2023-01-01 to version 2 must be confirmed"
        in result[0]["message"]
    )
    add_checks(demo_repo, "  version-confirmed:\n    params: {grace_days: 90}\n")
    assert found(run_line, demo_repo, "version-confirmed", "2023-04-01") == []
    assert len(found(run_line, demo_repo, "version-confirmed", "2023-04-02")) == 1


def test_version_confirmed_quiet_after_confirmation_or_editorial(run_line, demo_repo: Path) -> None:
    _material_revision(demo_repo, kind="editorial")
    assert found(run_line, demo_repo, "version-confirmed", "2024-01-01") == []
    edit(demo_repo / AGREEMENT, "kind: editorial", "kind: material")
    edit(
        demo_repo / SIGNATORY,
        "        reference: DNR 2021/15\n",
        '        reference: DNR 2021/15\n    confirmations:\n      - version: "2"\n        date: "2023-02-01"\n',
    )
    assert len(found(run_line, demo_repo, "version-confirmed", "2023-01-31")) == 1
    assert found(run_line, demo_repo, "version-confirmed", "2023-02-01") == []


# ----------------------------------------------------------------------------- placeholders

PROSE = """      En överenskommelse för tester.

      Andra stycket.
"""


def test_placeholders_quiet_on_ordinary_parentheses(run_line, demo_repo: Path) -> None:
    edit(
        demo_repo / AGREEMENT,
        "      - Fler samarbeten.\n",
        "      - Ett samhälle där engagemang tillvaratas är grunden för demokrati. (Grunden för demokrati)\n"
        "      - En levande demokrati. (Hur demokratin ser ut)\n"
        "      - Idéburet Offentligt Partnerskap (IOP) och Sveriges Kommuner och Landsting (SKL).\n"
        "      - Telefon (019-602 70 00) och e-post (kontakt@example.se).\n",
    )
    assert found(run_line, demo_repo, "placeholders", "2022-01-01") == []


def test_placeholders_fire_on_the_line_that_holds_them(run_line, demo_repo: Path) -> None:
    edit(
        demo_repo / AGREEMENT,
        PROSE,
        PROSE + "\n      Örebro läns landsting: (länk till hemsida där man kan läsa om "
        "överenskommelsen)\n\n      (Kontaktperson och kontaktuppgifter Cesam)\n\n      [Skriv text]\n\n"
        "      Datum: XXX. TODO: kontrollera.\n",
    )
    result = found(run_line, demo_repo, "placeholders", "2022-01-01")
    path = demo_repo / AGREEMENT
    assert at(result) == [
        (AGREEMENT, line_of(path, "(länk till")),
        (AGREEMENT, line_of(path, "(Kontaktperson")),
        (AGREEMENT, line_of(path, "[Skriv text]")),
        (AGREEMENT, line_of(path, "XXX")),
        (AGREEMENT, line_of(path, "TODO")),
    ]
    assert (
        "\u201d(Kontaktperson och kontaktuppgifter Cesam)\u201d in section \u201dBakgrund\u201d"
        in result[1]["message"]
    )


def test_placeholders_in_principles_and_parameter_patterns(run_line, demo_repo: Path) -> None:
    principle = demo_repo / f"{DEMO}/principles/02-kvalitet.yaml"
    edit(
        principle,
        "    text: Regionen arbetar långsiktigt.",
        "    text: Regionen arbetar långsiktigt (namn, datum).",
    )
    assert at(found(run_line, demo_repo, "placeholders", "2022-01-01")) == [
        (f"{DEMO}/principles/02-kvalitet.yaml", line_of(principle, "(namn, datum)"))
    ]
    add_checks(
        demo_repo,
        "  placeholders:\n    params:\n      patterns: ['\\bXXX\\b']\n      extra_patterns: ['långsiktigt']\n",
    )
    result = found(run_line, demo_repo, "placeholders", "2022-01-01")
    assert [f["message"].split("\u201d")[1] for f in result] == ["långsiktigt"]


def test_placeholders_pattern_must_be_a_regular_expression(run_line, demo_repo: Path) -> None:
    add_checks(demo_repo, "  placeholders:\n    params:\n      extra_patterns: ['(unclosed']\n")
    doc = check_json(run_line, demo_repo, "--as-of", "2022-01-01")
    assert [(f["rule"], f["line"]) for f in doc["findings"] if f["rule"] == "schema"] == [
        ("schema", line_of(demo_repo / AGREEMENT, "(unclosed"))
    ]
    assert "not a valid regex" in doc["findings"][0]["message"]


# ----------------------------------------------------------------------------- principle-numbering


def test_principle_numbering_count(run_line, demo_repo: Path) -> None:
    add_checks(demo_repo, "  principle-numbering:\n    params: {count: 2}\n")
    assert found(run_line, demo_repo, "principle-numbering", "2022-01-01") == []
    edit(demo_repo / AGREEMENT, "{count: 2}", "{count: 3}")
    result = found(run_line, demo_repo, "principle-numbering", "2022-01-01")
    assert at(result) == [(AGREEMENT, line_of(demo_repo / AGREEMENT, "{count: 3}"))]
    assert "states 3 principles, but 2 are recorded (1, 2)" in result[0]["message"]


def test_principle_numbering_numbered_titles(run_line, demo_repo: Path) -> None:
    principle = demo_repo / f"{DEMO}/principles/02-kvalitet.yaml"
    edit(principle, "title: Kvalitet", "title: 2. Kvalitet")
    assert found(run_line, demo_repo, "principle-numbering", "2022-01-01") == []
    edit(principle, "title: 2. Kvalitet", "title: 3. Kvalitet")
    assert at(found(run_line, demo_repo, "principle-numbering", "2022-01-01")) == [
        (f"{DEMO}/principles/02-kvalitet.yaml", line_of(principle, "title:"))
    ]


def test_annual_reports_since_parameter(run_line, demo_repo: Path) -> None:
    assert len(found(run_line, demo_repo, "annual-reports", "2025-01-01")) == 1  # 2022 and 2023
    add_checks(demo_repo, "  annual-reports:\n    params: {since: 2024}\n")
    assert found(run_line, demo_repo, "annual-reports", "2025-01-01") == []


def test_annual_reports_sectors_parameter(run_line, demo_repo: Path) -> None:
    add_checks(demo_repo, "  annual-reports:\n    params: {sectors: [offentlig]}\n")
    assert found(run_line, demo_repo, "annual-reports", "2025-01-01") == []
    edit(demo_repo / AGREEMENT, "{sectors: [offentlig]}", "{sectors: [ideburen]}")
    assert len(found(run_line, demo_repo, "annual-reports", "2025-01-01")) == 1


def test_body_composition_bodies_and_municipalities_parameters(run_line, demo_repo: Path) -> None:
    edit(
        demo_repo / AGREEMENT,
        "        role: co_opted\n        count: 1\n",
        "        role: co_opted\n        count: 1\n        per: municipality\n",
    )
    _members(demo_repo)
    assert (
        found(run_line, demo_repo, "body-composition", "2022-01-01") == []
    )  # 1 per municipality: not counted
    add_checks(demo_repo, "  body-composition:\n    params: {municipalities: 3}\n")
    result = found(run_line, demo_repo, "body-composition", "2022-01-01")
    assert ["has 1 of 3 seats filled" in f["message"] for f in result] == [True]
    edit(demo_repo / AGREEMENT, "{municipalities: 3}", "{municipalities: 3, bodies: [styrgrupp]}")
    result = found(run_line, demo_repo, "body-composition", "2022-01-01")
    assert at(result) == [(AGREEMENT, line_of(demo_repo / AGREEMENT, "bodies: [styrgrupp]"))]
    assert "does not declare: styrgrupp" in result[0]["message"]


def test_notice_period_enabled_without_days_is_reported(run_line, demo_repo: Path) -> None:
    edit(demo_repo / AGREEMENT, "    notice_period_days: 30\n", "")
    assert (
        found(run_line, demo_repo, "notice-period", "2022-01-01") == []
    )  # the terms set none: not run
    add_checks(demo_repo, "  notice-period: {}\n")
    result = found(run_line, demo_repo, "notice-period", "2022-01-01")
    assert at(result) == [(AGREEMENT, line_of(demo_repo / AGREEMENT, "notice-period:"))]
    assert "parameter days has no value" in result[0]["message"]
