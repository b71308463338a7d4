"""The core of sign and withdraw (overens.membership.sign) and the line-level YAML edit "
"(overens.store.yaml_patch)."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest

from conftest import git, snapshot_tree
from coordinator_helpers import (
    EXEMPEL,
    HALLAND,
    ORG_EXEMPEL,
    ORG_HALLAND,
    PERSONAL_NUMBER,
    install_hook,
)
from overens.errors import (
    CommitFailedError,
    LockedError,
    PersonalDataError,
    RefusedError,
    SignatoryNotFoundError,
    UsageError,
)
from overens.membership.inputs import check_value
from overens.membership.requirements import requirements
from overens.membership.sign import SignRequest, sign
from overens.membership.withdraw import WithdrawRequest, find_signatory, withdraw
from overens.model.dates import parse_date
from overens.store import safe_yaml, yaml_patch, yaml_write
from overens.vcs.transaction import Delivery

TODAY = dt.date(2024, 6, 1)


def _request(**changes: object) -> SignRequest:
    values: dict[str, object] = {
        "agreement": "demo",
        "name": "Hallands bildningsförbund",
        "org_number": "8024771233",
        "sector": "ideburen",
        "signed_by": "Eva Ek",
        "contact_name": "Kim Kontakt",
        "contact_email": "kim@example.se",
        "applied": dt.date(2024, 1, 10),
        "approved": dt.date(2024, 2, 1),
        "democratic_values": True,
        "date": dt.date(2024, 3, 1),
    }
    values.update(changes)
    return SignRequest(**values)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("field", "raw", "expected"),
    [
        ("org_number", "8024771233", ORG_HALLAND),
        ("org_number", "16802477-1233", ORG_HALLAND),
        ("name", "  Fo\u0308reningen Exempel ", "Föreningen Exempel"),
        ("contact_email", "kim@example.se", "kim@example.se"),
        ("website", "https://www.example.se", "https://www.example.se"),
        ("sector", "offentlig", "offentlig"),
    ],
)
def test_check_value_normalises(field: str, raw: str, expected: str) -> None:
    assert check_value(field, raw) == expected


@pytest.mark.parametrize(
    ("field", "raw", "words"),
    [
        ("org_number", "802477-1234", "check digit"),
        ("org_number", "12345", "10 digits"),
        ("contact_email", "kim@", "--contact-email"),
        ("contact_phone", "ring mig", "--contact-phone"),
        ("website", "www.example.se", "--website"),
        ("name", "!!!", "no letters or digits"),
        ("signed_by", "   ", "--signed-by is empty"),
        ("sector", "privat", "--sector 'privat'"),
    ],
)
def test_check_value_refuses(field: str, raw: str, words: str) -> None:
    with pytest.raises(RefusedError, match=words.replace("(", r"\(")):
        check_value(field, raw)


def test_a_personal_number_is_never_repeated() -> None:
    with pytest.raises(PersonalDataError) as e:
        check_value("org_number", PERSONAL_NUMBER)
    assert PERSONAL_NUMBER not in str(e.value) and "121212-XXXX" in str(e.value)


def test_parse_date() -> None:
    assert parse_date("2024-02-29", "--date") == dt.date(2024, 2, 29)
    with pytest.raises(UsageError, match="not a real calendar date"):
        parse_date("2023-02-29", "--date")
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        parse_date("1/2/2024", "--date")


def test_requirements_follow_the_agreements_terms(demo_repo: Path) -> None:
    needs = requirements("demo", demo_repo)
    assert [n.option for n in needs.sign] == [
        "--name",
        "--org-number",
        "--sector",
        "--signed-by",
        "--contact-name",
        "--contact-email",
        "--applied",
        "--approved",
        "--democratic-values",
    ]
    assert [
        n.option
        for n in needs.missing({"name": "x", "sector": "ideburen", "democratic_values": False})
    ] == [
        "--org-number",
        "--signed-by",
        "--contact-name",
        "--contact-email",
        "--applied",
        "--approved",
    ]


# ----------------------------------------------------------------------------- sign and withdraw


def test_sign_returns_the_change(demo_repo: Path) -> None:
    change = sign(_request(), repo=demo_repo, today=TODAY)
    assert change.commit == git(demo_repo, "rev-parse", "HEAD").strip()
    assert change.path == HALLAND and change.files == (HALLAND,) and not change.rejoin
    assert (
        safe_yaml.parse(change.text, HALLAND)
        == change.record
        == safe_yaml.load(demo_repo / HALLAND)
    )
    assert (
        change.record["memberships"][0]["approval"]["by"] == "Styrgruppen"
    )  # the agreement's body
    assert change.message.startswith("sign(demo): Hallands bildningsförbund\n\n")


def test_the_today_argument_bounds_dates(demo_repo: Path) -> None:
    with pytest.raises(RefusedError, match="in the future"):
        sign(_request(), repo=demo_repo, today=dt.date(2024, 2, 29))


def test_several_problems_are_reported_together(demo_repo: Path) -> None:
    with pytest.raises(RefusedError) as e:
        sign(
            _request(contact_email="kim@", website="ftp:/x", org_number="802477-1234"),
            repo=demo_repo,
            today=TODAY,
        )
    text = str(e.value)
    assert (
        "3 problems" in text
        and "--contact-email" in text
        and "--website" in text
        and "--org-number" in text
    )


def test_the_new_record_is_validated_against_the_schema(demo_repo: Path) -> None:
    with pytest.raises(RefusedError, match="would not be valid: --approved-by: 'by' is empty"):
        sign(_request(approved_by="  "), repo=demo_repo, today=TODAY)


def test_withdraw_through_the_library(demo_repo: Path) -> None:
    change = withdraw(
        WithdrawRequest(
            "demo", "Föreningen Exempel", notice_date=dt.date(2024, 5, 2), reference="DNR 1"
        ),
        repo=demo_repo,
        today=TODAY,
    )
    assert change.layout_kept
    assert change.record["memberships"][0]["withdrawal"] == {
        "notice_date": "2024-05-02",
        "effective": "2024-06-01",
        "evidence": {"reference": "DNR 1"},
    }


def test_find_signatory(demo_repo: Path) -> None:
    for query in ("foreningen-exempel", ORG_EXEMPEL, "8020046895", "FÖRENINGEN EXEMPEL"):
        assert find_signatory("demo", query, repo=demo_repo).id == "foreningen-exempel"
    with pytest.raises(SignatoryNotFoundError, match="did you mean 'Föreningen Exempel'"):
        find_signatory("demo", "Foreningen Exempel", repo=demo_repo)
    with pytest.raises(SignatoryNotFoundError, match="did you mean"):
        find_signatory("demo", "foreningen-exemple", repo=demo_repo)


def test_other_signatory_files_are_parsed_not_validated(demo_repo: Path) -> None:
    # An unrelated file with a schema error does not stop the coordinator's work; its name still
    # counts for duplicates. One that cannot be parsed stops it, since its name cannot be read.
    other = demo_repo / "agreements/demo/signatories/annan.yaml"
    other.write_text("id: annan\nname: Annan förening\nsector: okänd\n")
    git(demo_repo, "add", "-A")
    git(demo_repo, "commit", "-qm", "annan")
    sign(_request(), repo=demo_repo, today=TODAY)
    with pytest.raises(RefusedError, match="annan.yaml has errors"):
        same_name = _request(name="ANNAN FÖRENING", org_number="802002-6442")
        sign(same_name, repo=demo_repo, today=TODAY)
    other.write_text("id: annan\nname: [\n")
    git(demo_repo, "commit", "-qam", "broken")
    with pytest.raises(RefusedError, match="cannot check who has signed"):
        sign(_request(name="Tredje", org_number="556036-0793"), repo=demo_repo, today=TODAY)


def test_a_held_lock_makes_the_second_run_fail(demo_repo: Path) -> None:
    from filelock import FileLock

    before = snapshot_tree(demo_repo)
    with (
        FileLock(str(demo_repo / ".git" / "overens.lock")),
        pytest.raises(LockedError, match="waited 0.1 s"),
    ):
        sign(_request(), repo=demo_repo, delivery=Delivery(lock_timeout=0.1), today=TODAY)
    assert snapshot_tree(demo_repo) == before


def test_dry_run_takes_no_lock(demo_repo: Path) -> None:
    from filelock import FileLock

    with FileLock(str(demo_repo / ".git" / "overens.lock")):
        change = sign(
            _request(), repo=demo_repo, delivery=Delivery(dry_run=True, lock_timeout=0), today=TODAY
        )
    assert change.dry_run and change.commit is None and not (demo_repo / HALLAND).exists()


def test_rollback_restores_a_crlf_file_byte_for_byte(demo_repo: Path) -> None:
    path = demo_repo / EXEMPEL
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    git(demo_repo, "commit", "-q", "-am", "crlf")
    install_hook(demo_repo, "pre-commit", "exit 1\n")
    before = snapshot_tree(demo_repo)
    with pytest.raises(CommitFailedError):
        withdraw(
            WithdrawRequest(
                "demo", "foreningen-exempel", notice_date=dt.date(2024, 5, 2), reference="X"
            ),
            repo=demo_repo,
            today=TODAY,
        )
    assert snapshot_tree(demo_repo) == before


def test_rollback_removes_a_folder_it_made(demo_repo: Path) -> None:
    (demo_repo / EXEMPEL).unlink()
    (demo_repo / EXEMPEL).parent.rmdir()
    git(demo_repo, "commit", "-q", "-am", "no signatories yet")
    install_hook(demo_repo, "pre-commit", "exit 1\n")
    with pytest.raises(CommitFailedError):
        sign(_request(), repo=demo_repo, today=TODAY)
    assert not (demo_repo / EXEMPEL).parent.exists()


# ----------------------------------------------------------------------------- yamlpatch

HAND_WRITTEN = """\
# yaml-language-server: $schema=../../../schemas/signatory.schema.json
# Uppgifter från ansökan 2021.
id: x
name: X  # as registered
sector: ideburen
memberships:
  - signed:
      date: "2021-02-15"   # from the minutes
      version: "1"

# Reports below.
reports:
  - year: 2021
    kind: annual-report
    received: "2022-05-01"
"""


def _data() -> dict:
    return safe_yaml.parse(HAND_WRITTEN, "x")


def test_appending_a_key_to_the_last_item_keeps_every_line() -> None:
    old = _data()
    new = copy.deepcopy(old)
    new["memberships"][-1]["withdrawal"] = {"notice_date": "2024-01-01", "effective": "2024-01-31"}
    text, kept = yaml_patch.update(HAND_WRITTEN, old, new)
    assert kept
    assert text == HAND_WRITTEN.replace(
        '      version: "1"\n',
        "      version: \"1\"\n    withdrawal:\n      notice_date: '2024-01-01'\n      effective: "
        "'2024-01-31'\n",
    )


def test_appending_an_item_and_changing_a_value() -> None:
    old = _data()
    new = copy.deepcopy(old)
    new["memberships"].append({"signed": {"date": "2025-01-01", "version": "1"}})
    new["name"] = "X ideell förening"
    new = {k: new[k] for k in ("id", "name", "sector", "memberships", "reports")}
    new = {
        **{k: new[k] for k in ("id", "name")},
        "org_number": "802004-6895",
        **{k: new[k] for k in ("sector", "memberships", "reports")},
    }
    text, kept = yaml_patch.update(HAND_WRITTEN, old, new)
    assert kept and safe_yaml.parse(text, "x") == new
    assert (
        "# Uppgifter från ansökan 2021.\n" in text
        and "# from the minutes" in text
        and "# Reports below." in text
    )
    assert "  - signed:\n      date: '2025-01-01'\n" in text
    assert "name: X ideell förening\norg_number: 802004-6895\n" in text


def test_indentless_lists_as_yamlio_dumps_them() -> None:
    data = _data()
    dumped = yaml_write.dump(data)
    new = copy.deepcopy(data)
    new["memberships"][-1]["withdrawal"] = {"notice_date": "2024-01-01", "effective": "2024-01-31"}
    text, kept = yaml_patch.update(dumped, data, new)
    assert (
        kept and safe_yaml.parse(text, "x") == new and text.startswith(dumped.split("reports:")[0])
    )


@pytest.mark.parametrize(
    "text",
    [
        "{id: x, name: X, sector: ideburen, memberships: [{signed: {version: '1'}}]}\n",
        "id: x\nname: X\nsector: ideburen\nmemberships: [{signed: {version: '1'}}]\n",
        "---\nid: x\nname: X\nsector: ideburen\nmemberships:\n  - signed: {version: '1'}\n",
    ],
)
def test_what_cannot_be_edited_by_line_is_dumped_afresh(text: str) -> None:
    old = safe_yaml.parse(text, "x")
    new = copy.deepcopy(old)
    new["memberships"][-1]["withdrawal"] = {"notice_date": "2024-01-01", "effective": "2024-01-31"}
    result, kept = yaml_patch.update(text, old, new, schema_comment="s.json")
    assert safe_yaml.parse(result, "x") == new
    if not kept:
        assert result == yaml_write.dump(new, schema_comment="s.json")


def test_an_organisation_matching_two_files_is_refused(demo_repo: Path) -> None:
    twin = demo_repo / "agreements/demo/signatories/exempel-kopia.yaml"
    twin.write_text(
        (demo_repo / EXEMPEL)
        .read_text()
        .replace("id: foreningen-exempel", "id: exempel-kopia")
        .replace("name: Föreningen Exempel", "name: Exempel kopia")
    )
    git(demo_repo, "add", "-A")
    git(demo_repo, "commit", "-qm", "twin")
    before = snapshot_tree(demo_repo)
    with pytest.raises(RefusedError, match="matches more than one signatory file") as e:
        sign(_request(name="Exempel kopia", org_number=ORG_EXEMPEL), repo=demo_repo, today=TODAY)
    assert "exempel-kopia.yaml" in str(e.value) and "foreningen-exempel.yaml" in str(e.value)
    assert snapshot_tree(demo_repo) == before
