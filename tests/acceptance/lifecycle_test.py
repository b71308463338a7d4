"""Every verdict of tests/corpus/lifecycle/expected.yaml, given by the real CLI on the corpus.

The corpus is copied into a git repository in a tmp folder once per module; `overens check
--as-of D --format json`, `overens list --as-of D --json` and `overens validate` run on it in
process (Typer's runner), each command once per agreement and day. How an expected verdict is
read (expected.yaml says the same):

- ``check``: the findings of the rule about the subject. A subject is a file, a folder
  (``plans/``, ``events/``: any file of the agreement), and after ``#`` a word the message must
  hold (the part of the text, the kind of event). *fires*: a certain finding at the rule's
  severity; *uncertain*: only findings marked uncertain, at severity info; *quiet*: none.
- ``list``: the status of the signatory file on the day, or *absent*.
- ``list-parties``: *party*, *uncertain*, or *not-party* when the party is not listed.
- ``list-counts``: *shown* when a count is listed, else *absent*.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lifecycle_corpus import LIFECYCLE, read_yaml
from overens.checks.rules import RULES
from overens.cli import app

EXPECTED: list[dict[str, Any]] = read_yaml(LIFECYCLE / "expected.yaml")["verdicts"]


def _git(repo: Path, home: Path, *args: str) -> None:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "GIT_CONFIG_GLOBAL": str(home / ".gitconfig-empty"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test Coordinator",
        "GIT_AUTHOR_EMAIL": "coordinator@example.se",
        "GIT_COMMITTER_NAME": "Test Coordinator",
        "GIT_COMMITTER_EMAIL": "coordinator@example.se",
    }
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The lifecycle corpus as a git repository, everything committed."""
    home = tmp_path_factory.mktemp("git-home")
    (home / ".gitconfig-empty").write_text("")
    repo = tmp_path_factory.mktemp("lifecycle") / "repo"
    shutil.copytree(LIFECYCLE / "agreements", repo / "agreements")
    _git(repo, home, "init", "-q", "-b", "main")
    _git(repo, home, "add", "-A")
    _git(repo, home, "commit", "-q", "--no-gpg-sign", "-m", "the lifecycle corpus")
    yield repo


@cache
def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


def check_json(repo: Path, agreement: str, day: str) -> dict[str, Any]:
    code, out = _run("check", agreement, "--repo", str(repo), "--as-of", day, "--format", "json")
    assert code in (0, 1), out
    found: dict[str, Any] = json.loads(out)
    return found


def list_json(repo: Path, agreement: str, day: str) -> dict[str, Any]:
    code, out = _run("list", agreement, "--repo", str(repo), "--as-of", day, "--json")
    assert code == 0, out
    found: dict[str, Any] = json.loads(out)
    return found


def _check_verdict(repo: Path, entry: dict[str, Any], day: str) -> tuple[str, list[Any]]:
    agreement, rule = entry["agreement"], entry["rule"]
    path, _, word = entry["subject"].partition("#")
    findings = [
        f
        for f in check_json(repo, agreement, day)["findings"]
        if f["rule"] == rule and f["agreement"] == agreement
    ]
    if not path.endswith("/"):
        findings = [f for f in findings if f["file"] == f"agreements/{agreement}/{path}"]
    if word:
        findings = [f for f in findings if word in f["message"]]
    certain = [f for f in findings if not f.get("uncertain")]
    for f in findings:
        if f.get("uncertain"):
            assert f["severity"] == "info", f
        elif rule in RULES:
            assert f["severity"] == RULES[rule].severity.value, f
    return ("fires" if certain else "uncertain" if findings else "quiet"), findings


def _list_verdict(repo: Path, entry: dict[str, Any], day: str) -> str:
    agreement = entry["agreement"]
    path, _, party = entry["subject"].partition("#")
    listed = list_json(repo, agreement, day)
    if entry["command"] == "list":
        statuses = [
            s["status"]
            for s in listed["signatories"]
            if s["path"] == f"agreements/{agreement}/{path}"
        ]
        return statuses[0] if statuses else "absent"
    if entry["command"] == "list-parties":
        parties = [p["status"] for p in listed["parties"] if p["id"] == party]
        return parties[0] if parties else "not-party"
    return "shown" if listed["counts"] else "absent"


def _id(entry: dict[str, Any]) -> str:
    what = entry.get("rule", entry["command"])
    return f"{entry['point']}-{entry['agreement']}-{what}-{entry['subject']}"


@pytest.mark.parametrize("entry", EXPECTED, ids=_id)
def test_the_cli_gives_the_expected_verdict(corpus: Path, entry: dict[str, Any]) -> None:
    wrong = []
    for day, expected in entry["as_of"].items():
        if entry["command"] == "check":
            got, findings = _check_verdict(corpus, entry, day)
        else:
            got, findings = _list_verdict(corpus, entry, day), []
        if got != expected:
            wrong.append((day, expected, got, [f["message"] for f in findings]))
    assert wrong == [], f"{entry.get('note', '')}: (day, expected, got, messages) {wrong}"


def test_every_expected_verdict_is_asserted() -> None:
    """41 entries, each with its days: none is left out, and every verdict kind occurs."""
    assert len(EXPECTED) == 41
    verdicts = {v for e in EXPECTED for v in e["as_of"].values()}
    assert {"fires", "quiet", "uncertain", "active", "absent", "ended", "party"} <= verdicts


def test_the_corpus_validates_without_a_finding(corpus: Path) -> None:
    code, out = _run("validate", "--repo", str(corpus), "--format", "json")
    assert code == 0, out
    result = json.loads(out)
    assert result["findings"] == []
    assert result["summary"]["files"] == sum(1 for _ in (corpus / "agreements").rglob("*.yaml"))


def test_an_uncertain_finding_never_fails_check(corpus: Path) -> None:
    """On 2018-02-15 the review of exempelland-2014's commitments is uncertain: info, and check
    of that rule passes even with --strict."""
    args = ["check", "exempelland-2014", "--repo", str(corpus), "--as-of", "2018-02-15"]
    args += ["--rule", "review-due"]
    code, out = _run(*args, "--format", "json", "--strict")
    found = json.loads(out)
    uncertain = [f for f in found["findings"] if f.get("uncertain")]
    assert uncertain and all(f["severity"] == "info" for f in uncertain)
    assert code == 0 and found["summary"]["failed"] is False, out
    assert "cannot be told" in uncertain[0]["message"]
    code, text = _run(*args, "--format", "github")
    assert "::notice " in text and "uncertain: " in text


def test_replaced_names_the_successor_its_date_and_decision(corpus: Path) -> None:
    found = check_json(corpus, "nationell-2008", "2018-03-01")["findings"]
    (replaced,) = [f for f in found if f["rule"] == "replaced"]
    assert replaced["severity"] == "info"
    message = replaced["message"]
    assert "Exempelriket 2018 (nationell-2018) on 2018-03-01" in message
    assert "Dnr 2018/0815" in message
    assert "Nationella organet för dialog och samråd i Exempelriket took over" in message
    # Replaced, not expired: nothing asks for a new period, and nobody is active any more.
    assert not [f for f in found if f["rule"] in ("validity-expired", "signing-date", "signer")]


def test_carry_over_names_the_missing_organisation(corpus: Path) -> None:
    found = check_json(corpus, "exempelland-2021", "2021-03-01")["findings"]
    carried = [f for f in found if f["rule"] == "carry-over"]
    assert [f["message"].split(" was ")[0] for f in carried] == ["Provby Idrottsallians"]
    assert "signatories/provby-idrottsallians.yaml" in carried[0]["hint"]


def test_list_shows_counts_beside_the_named_signatories(corpus: Path) -> None:
    listed = list_json(corpus, "exempelland-2014", "2014-12-05")
    assert [s["id"] for s in listed["signatories"]] == [
        "ideburna-exempelland",
        "region-exempelland",
    ]
    assert listed["counts"] == [
        {
            "date": "2014-12-05",
            "count": 70,
            "approximate": True,
            "counted": "signed",
            "sector": "ideburen",
            "names": False,
        }
    ]
    code, text = _run("list", "exempelland-2014", "--repo", str(corpus), "--as-of", "2014-12-05")
    assert code == 0
    assert (
        "About 70 organisations (idéburen sector) signed on 2014-12-05; names not recorded." in text
    )
    assert "Replaces Exempelland 2010 (exempelland-2010) from 2014-12-05." in text


def test_list_of_a_replaced_agreement_says_so(corpus: Path) -> None:
    listed = list_json(corpus, "exempelland-2014", "2021-03-01")
    assert listed["ended"] == "2021-02-28"
    assert listed["succession"]["successor"] == {
        "agreement": "exempelland-2021",
        "title": "Överenskommelse om samverkan mellan Region Exempelland och den idéburna sektorn "
        "i Exempelland",
        "date": "2021-03-01",
        "status": "replaced",
    }
    assert {s["status"] for s in listed["signatories"]} == {"ended"}
    code, text = _run("list", "exempelland-2014", "--repo", str(corpus), "--as-of", "2021-03-01")
    assert "Replaced by Exempelland 2021 (exempelland-2021) on 2021-03-01." in text
    assert "register as it stood on its last day (2021-02-28)" in text


def test_partial_dates_are_listed_as_written(corpus: Path) -> None:
    listed = list_json(corpus, "exempelland-2014", "2016-06-01")
    (alliance,) = [s for s in listed["signatories"] if s["id"] == "provby-idrottsallians"]
    assert (alliance["status"], alliance["since"]) == ("uncertain", "2016")
    parties = {p["id"]: p for p in list_json(corpus, "exempelland-2014", "2019-01-01")["parties"]}
    assert parties["lansstyrelsen-exempelland"]["joined"] == "2018"
    assert parties["testkopings-kommun"]["kind"] == "municipality"


def test_rules_lists_the_new_rules(corpus: Path) -> None:
    code, out = _run("rules", "--json")
    assert code == 0
    described = {r["id"]: r for r in json.loads(out)["rules"]}
    for rule in (
        "replaced",
        "carry-over",
        "text-not-recorded",
        "joining-criteria-attested",
        "joining-channel",
        "plan-coverage",
        "plan-outcomes",
        "annual-event",
    ):
        assert rule in described, rule
        assert described[rule]["runs"] != "always"
    assert "exempt" in described["sector-admitted"]["parameters"]
    assert "since" in described["plan-coverage"]["parameters"]


def test_version_says_a_text_is_not_recorded(corpus: Path) -> None:
    code, out = _run("version", "nationell-2008", "--repo", str(corpus))
    assert code == 0, out
    assert "the text of version 1 is not recorded (known by its decision)" in out
    code, out = _run("version", "exempelland-2010", "--repo", str(corpus), "--json")
    revisions = {r["version"]: r for r in json.loads(out)["revisions"]}
    assert (revisions["1"]["text_recorded"], revisions["1"]["text_sha256"]) == (False, None)
    assert revisions["2"]["text_recorded"] is True and revisions["1"]["date"] == "2010-06"


def test_list_says_who_was_carried_over(corpus: Path) -> None:
    listed = list_json(corpus, "exempelland-2021", "2021-06-01")
    carried = {s["id"]: s["carried_over_from"] for s in listed["signatories"]}
    assert carried["provby-kommun"] == "exempelland-2014"
    assert carried["region-exempelland"] is None
    code, text = _run("list", "exempelland-2021", "--repo", str(corpus), "--as-of", "2021-06-01")
    assert "2021-03-01 (carried over)" in text
