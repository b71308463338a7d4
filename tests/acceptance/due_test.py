"""`overens due`: what falls due, as text, JSON and iCalendar (parsed back by icalendar)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from checkhelp import add_checks
from icalendar import Calendar

from coordinator_helpers import commit_all, withdraw_args
from overens.checks.due import parse_within

ORG = "foreningen-exempel"


def _due(run_line, repo: Path, as_of: str, *args: str) -> list[tuple[str, str, bool]]:
    result = run_line(["due", "--repo", repo, "--as-of", as_of, "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return [(i["date"], i["kind"], i["overdue"]) for i in json.loads(result.stdout)["items"]]


def _material_revision(run_line, repo: Path, day: str) -> None:
    principle = repo / "agreements/demo/principles/01-dialog.yaml"
    principle.write_text(
        principle.read_text(encoding="utf-8").replace("stärka varandra", "stärka oss"),
        encoding="utf-8",
    )
    result = run_line(
        ["revise", "demo", "--kind", "material", "--summary", "Ny lydelse.",
         "--decided-by", "Styrgruppen", "--date", day, "--repo", repo]
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def test_an_annual_report_is_due_then_overdue_then_done(run_line, demo_repo: Path) -> None:
    assert _due(run_line, demo_repo, "2023-04-01") == []  # 2023-06-30 is beyond 60 days
    assert _due(run_line, demo_repo, "2023-06-01") == [("2023-06-30", "report", False)]
    assert _due(run_line, demo_repo, "2023-04-01", "--within", "3m") == [
        ("2023-06-30", "report", False)
    ]
    assert _due(run_line, demo_repo, "2023-07-15") == [("2023-06-30", "report", True)]
    recorded = run_line(
        ["report", "demo", ORG, "--kind", "annual-report", "--year", "2022",
         "--received", "2023-07-10", "--repo", demo_repo]
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    assert _due(run_line, demo_repo, "2023-07-15") == []


def test_withdrawals_validity_and_reviews(run_line, demo_repo: Path) -> None:
    assert run_line(withdraw_args(demo_repo, notice_date="2023-06-01")).exit_code == 0
    assert ("2023-07-01", "withdrawal", False) in _due(run_line, demo_repo, "2023-06-10")
    assert ("2030-12-31", "validity", False) in _due(run_line, demo_repo, "2030-11-15")
    add_checks(demo_repo, "  review-due:\n    params: {interval_years: 2}\n")
    commit_all(demo_repo, "a review every two years")
    assert ("2022-03-01", "review", False) in _due(run_line, demo_repo, "2022-02-01")
    assert ("2022-03-01", "review", True) in _due(run_line, demo_repo, "2022-05-01")


def test_confirmations_are_due_when_the_grace_period_ends(run_line, demo_repo: Path) -> None:
    _material_revision(run_line, demo_repo, "2023-05-01")
    assert ("2023-05-01", "confirmation", False) in _due(run_line, demo_repo, "2023-05-01")
    add_checks(demo_repo, "  version-confirmed:\n    params: {grace_days: 30}\n")
    commit_all(demo_repo, "30 days to confirm")
    assert ("2023-05-31", "confirmation", False) in _due(run_line, demo_repo, "2023-05-01")
    confirmed = run_line(["confirm", "demo", ORG, "--date", "2023-05-10", "--repo", demo_repo])
    assert confirmed.exit_code == 0, confirmed.output
    assert [d for d in _due(run_line, demo_repo, "2023-05-10") if d[1] == "confirmation"] == []


def test_the_text_lists_items_by_date(run_line, demo_repo: Path) -> None:
    assert run_line(withdraw_args(demo_repo, notice_date="2023-05-10")).exit_code == 0
    result = run_line(["due", "--repo", demo_repo, "--as-of", "2023-06-01"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "due by 2023-07-31 (as of 2023-06-01): 2 items"
    assert "2023-06-09" in lines[1] and "withdrawal" in lines[1]
    assert "2023-06-30" in lines[2] and "report" in lines[2]
    assert "Föreningen Exempel: Årsberättelse for 2022" in lines[2]


def _ics(run_line, repo: Path, as_of: str, out: Path) -> Calendar:
    result = run_line(
        ["due", "--repo", repo, "--as-of", as_of, "--within", "1y", "--format", "ics",
         "--output", out]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return Calendar.from_ical(out.read_bytes())


def test_ics_is_parsed_back_and_a_second_import_updates_instead_of_duplicating(
    run_line, demo_repo: Path, tmp_path: Path
) -> None:
    _material_revision(run_line, demo_repo, "2023-05-01")
    first = _ics(run_line, demo_repo, "2023-05-01", tmp_path / "first.ics")
    events = first.walk("VEVENT")
    assert len(events) == 2
    by_uid = {str(e["UID"]): e for e in events}
    assert len(by_uid) == 2  # every event its own UID
    confirmation = by_uid[f"confirmation.demo.{ORG}.2@overens"]
    assert confirmation.decoded("DTSTART") == dt.date(2023, 5, 1)
    assert str(confirmation["SUMMARY"]) == "Föreningen Exempel: confirm version 2"
    assert by_uid[f"report.demo.{ORG}.annual-report.2022@overens"].decoded("DTSTART") == dt.date(
        2023, 6, 30
    )

    # The grace period changes: the same events, one of them on a new day.
    add_checks(demo_repo, "  version-confirmed:\n    params: {grace_days: 30}\n")
    commit_all(demo_repo, "30 days to confirm")
    second = _ics(run_line, demo_repo, "2023-05-02", tmp_path / "second.ics")
    calendar: dict[str, dt.date] = {}  # what a calendar holds after importing both, by UID
    for feed in (first, second):
        for event in feed.walk("VEVENT"):
            calendar[str(event["UID"])] = event.decoded("DTSTART")
    assert len(calendar) == 2  # updated, not duplicated
    assert calendar[f"confirmation.demo.{ORG}.2@overens"] == dt.date(2023, 5, 31)
    again = _ics(run_line, demo_repo, "2023-05-02", tmp_path / "again.ics")
    assert again.to_ical() == second.to_ical()  # the same input gives the same file


@pytest.mark.parametrize(
    ("text", "until"),
    [("60d", "2024-03-01"), ("2w", "2024-01-15"), ("1m", "2024-02-01"), ("1y", "2025-01-01")],
)
def test_within(text: str, until: str) -> None:
    assert parse_within(text, dt.date(2024, 1, 1)) == dt.date.fromisoformat(until)


def test_within_is_a_usage_error(run_line, demo_repo: Path) -> None:
    result = run_line(["due", "--repo", demo_repo, "--within", "soon"])
    assert result.exit_code == 2 and "60d, 8w, 3m, 1y" in result.stderr


def test_nothing_falls_due_outside_an_agreements_period(run_line, tmp_path: Path) -> None:
    """On the lifecycle corpus (Exempelland 2010 → 2014 on 2014-12-05 → 2021 on 2021-03-01):
    a replaced agreement owes nothing once its successor has taken over, as `check` reports only
    that it was replaced; an agreement owes nothing before it starts; up to its last day, it owes
    what falls in its period."""
    import shutil

    from conftest import init_repo
    from lifecycle_corpus import LIFECYCLE

    repo = tmp_path / "lifecycle"
    shutil.copytree(LIFECYCLE / "agreements", repo / "agreements")
    init_repo(repo)

    def owed(as_of: str) -> set[tuple[str, str, str]]:
        result = run_line(
            ["due", "--repo", repo, "--as-of", as_of, "--within", "1y", "--format", "json"]
        )
        assert result.exit_code == 0, result.output
        return {(i["agreement"], i["kind"], i["date"]) for i in json.loads(result.stdout)["items"]}

    later = owed("2022-01-01")
    assert later and {a for a, _, _ in later} == {"exempelland-2021"}
    checked = run_line(
        ["check", "exempelland-2014", "--repo", repo, "--as-of", "2022-12-31", "--format", "json"]
    )
    assert {f["rule"] for f in json.loads(checked.stdout)["findings"]} == {"replaced"}
    before = owed("2020-06-01")
    assert ("exempelland-2014", "event", "2020-12-31") in before  # in force: its conference
    assert not any(a == "exempelland-2021" for a, _, _ in before)  # not before 2021-03-01
    assert all(d <= "2021-02-28" for a, _, d in before if a == "exempelland-2014")
    # 2021: neither is in force all year (2014 ends on 28 February, 2021 starts on 1 March), so
    # no annual event is owed for it by either, as rule annual-event says.
    assert not any(k == "event" for _, k, _ in owed("2021-01-01"))
