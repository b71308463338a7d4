"""overens as a library: a coordinator's script that uses only the public names of ``overens``.

The CLI calls exactly these functions, so what a script gets is what the commands do.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

import overens


def test_every_public_name_resolves_to_its_one_home() -> None:
    for name in overens.__all__:
        assert getattr(overens, name) is not None, name
    assert overens.sign.__module__ == "overens.membership.sign"
    assert overens.check.__module__ == "overens.checks.cached"
    assert overens.render.__module__ == "overens.documents.outputs"
    with pytest.raises(AttributeError):
        overens.no_such_name  # noqa: B018


def test_a_script_loads_checks_signs_withdraws_and_renders(demo_repo: Path) -> None:
    repo = overens.load_repository(demo_repo)
    assert [a.id for a in repo.agreements] == ["demo"]

    before = overens.check(demo_repo, as_of=dt.date(2024, 6, 1))
    assert isinstance(before, overens.CheckResult)
    assert before.agreements == ("demo",)
    assert before.failed()  # the fixture's working group is not full, and a report is late
    late = [f for f in before.findings if f.rule == "annual-reports"]
    assert [f.severity for f in late] == [overens.Severity.ERROR]
    assert late[0].path == "agreements/demo/signatories/foreningen-exempel.yaml" and late[0].line

    signed = overens.sign(
        overens.SignRequest(
            agreement="demo",
            name="Testbyns hembygdsförening",
            org_number="802479-4409",
            sector="ideburen",
            signed_by="Alva Exempelsson",
            contact_name="Kim Exempel",
            contact_email="kim@example.se",
            applied=dt.date(2024, 1, 10),
            approved=dt.date(2024, 2, 1),
            democratic_values=True,
            date=dt.date(2024, 2, 15),
            reference="RB 2024/1",
        ),
        repo=demo_repo,
        today=dt.date(2024, 3, 1),
    )
    assert isinstance(signed, overens.Change) and signed.commit
    assert signed.path == "agreements/demo/signatories/testbyns-hembygdsforening.yaml"
    log = subprocess.run(
        ["git", "log", "-1", "--format=%s"],
        cwd=demo_repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert log.strip() == "sign(demo): Testbyns hembygdsförening"

    roster = overens.list_signatories("demo", repo=demo_repo, as_of=dt.date(2024, 3, 1))
    assert "Testbyns hembygdsförening" in [e.name for e in roster.entries]

    left = overens.withdraw(
        overens.WithdrawRequest(
            agreement="demo",
            organisation="802479-4409",
            notice_date=dt.date(2024, 4, 1),
            reference="RB 2024/9",
        ),
        repo=demo_repo,
        today=dt.date(2024, 4, 2),
    )
    assert left.commit and left.record["memberships"][-1]["withdrawal"]["effective"] == "2024-05-01"
    status = overens.load_repository(demo_repo).agreement("demo")
    assert status is not None
    testbyn = status.signatory("testbyns-hembygdsforening")
    assert (
        testbyn is not None and testbyn.status_on(dt.date(2024, 6, 1)) is overens.Status.WITHDRAWN
    )

    outcomes = overens.render(
        "demo", [overens.Format.md], None, overens.RenderOptions(), repo=demo_repo
    )
    (document,) = outcomes
    assert isinstance(document, overens.Outcome)
    text = document.content.decode("utf-8")
    assert "Testbyns hembygdsförening" in text and "kim@example.se" not in text


def test_a_refusal_is_an_overens_error_with_a_hint(demo_repo: Path) -> None:
    with pytest.raises(overens.OverensError) as refused:
        overens.withdraw(
            overens.WithdrawRequest(
                agreement="demo",
                organisation="Ingen sådan förening",
                notice_date=dt.date(2024, 4, 1),
                reference="RB 2024/9",
            ),
            repo=demo_repo,
        )
    assert "no signatory 'Ingen sådan förening'" in str(refused.value)
    assert refused.value.hint


def test_a_script_runs_the_coordinators_year(tmp_path: Path) -> None:
    """new → adopt → sign → report → due → revise → export, as library calls."""
    from year_helpers import REGION, TITLE, reword_the_principle, write_the_text

    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    today = dt.date(2026, 12, 1)
    draft = overens.new(overens.NewRequest("exempelland", TITLE, REGION), repo=repo)
    assert isinstance(draft, overens.TextChange) and draft.commit
    write_the_text(repo, "exempelland")
    adopted = overens.adopt(
        overens.AdoptRequest("exempelland", "Regionfullmäktige", dt.date(2025, 1, 28)),
        repo=repo,
        today=today,
    )
    assert adopted.version == "1" and adopted.text_sha256
    overens.sign(
        overens.SignRequest(
            agreement="exempelland",
            name="Föreningen Exempel",
            org_number="802004-6895",
            sector="ideburen",
            signed_by="Eva Ek",
            contact_name="Kim Berg",
            contact_email="kim@example.se",
            date=dt.date(2025, 2, 10),
        ),
        repo=repo,
        today=today,
    )
    due = overens.due(repo=repo, as_of=dt.date(2026, 3, 1))
    assert isinstance(due, overens.Due)
    assert [(i.kind, i.date) for i in due.items] == [("report", dt.date(2026, 3, 31))]
    overens.report(
        overens.ReportRequest(
            "exempelland", "foreningen-exempel", "arsberattelse", 2025, dt.date(2026, 3, 2)
        ),
        repo=repo,
        today=today,
    )
    assert overens.due(repo=repo, as_of=dt.date(2026, 3, 3)).items == ()
    reword_the_principle(repo, "exempelland")
    revised = overens.revise(
        overens.ReviseRequest("exempelland", "editorial", "Språk.", "Styrgruppen"),
        repo=repo,
        today=today,
    )
    assert revised.version == "2" and revised.changed == ("principle 1. Dialog: reworded",)
    register = overens.export("exempelland", repo=repo, as_of=today)
    assert isinstance(register, overens.Export)
    assert [r["name"] for r in register.rows] == ["Föreningen Exempel"]
