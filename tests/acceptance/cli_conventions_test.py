"""One set of CLI conventions (decision 0113), through the real CLI on real git repositories:
`--format json` on the read commands, `-h`, shell completion, Ctrl-C at a prompt, and one answer
for a misspelt agreement in every command that takes one."""

from __future__ import annotations

import json
import os
import pty
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer

from conftest import git, run_cli, snapshot_tree
from overens.cli import app

DEMO = "agreements/demo"
SHA256 = re.compile(r"[0-9a-f]{64}")


def _json(run_line, args: list[str]) -> object:
    result = run_line(args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ----------------------------------------------------------------------------- --format json


def test_rules_as_json(run_line) -> None:
    doc = _json(run_line, ["rules", "--format", "json"])
    assert isinstance(doc, dict) and doc["version"] == 1
    rules = {r["id"]: r for r in doc["rules"]}
    contact = rules["contact-person"]
    assert contact["severity"] == "error"
    assert contact["runs"] == "terms.contact_person.required is true"
    assert contact["parameters"]["fields"]["default"] == []
    assert all(r["severity"] in ("error", "warning", "info") for r in rules.values())
    # The older flag is a hidden alias: the same output, and not in the help.
    assert _json(run_line, ["rules", "--json"]) == doc
    assert "--json" not in run_line(["rules", "-h"]).stdout
    one = _json(run_line, ["rules", "contact-person", "--format", "json"])
    assert isinstance(one, dict) and [r["id"] for r in one["rules"]] == ["contact-person"]


def test_version_as_json(run_line, demo_repo: Path) -> None:
    doc = _json(run_line, ["version", "demo", "--repo", demo_repo, "--format", "json"])
    assert isinstance(doc, dict)
    assert doc["agreement"] == "demo" and doc["version"] == "1"
    assert SHA256.fullmatch(doc["text_sha256"]) and doc["matches"] is True
    assert doc["declared_sha256"] == doc["text_sha256"]
    [revision] = doc["revisions"]
    assert revision["version"] == "1" and revision["current"] is True
    assert revision["kind"] == "material" and revision["date"] == "2020-03-01"
    assert doc["awaiting_confirmation"] == []
    assert _json(run_line, ["version", "demo", "--repo", demo_repo, "--json"]) == doc


def test_version_as_json_says_when_the_text_changed(run_line, demo_repo: Path) -> None:
    before = _json(run_line, ["version", "demo", "--repo", demo_repo, "--format", "json"])
    principle = demo_repo / DEMO / "principles" / "01-dialog.yaml"
    principle.write_text(principle.read_text().replace("varandra.", "varandra. Ändrad."))
    doc = _json(run_line, ["version", "demo", "--repo", demo_repo, "--format", "json"])
    assert isinstance(before, dict) and isinstance(doc, dict)
    assert doc["matches"] is False
    assert doc["declared_sha256"] == before["text_sha256"] != doc["text_sha256"]


def test_diff_as_json(run_line, demo_repo: Path) -> None:
    unchanged = _json(run_line, ["diff", "--repo", demo_repo, "--format", "json"])
    assert isinstance(unchanged, dict) and unchanged["agreements"] == []
    assert unchanged["head"] == "working tree" and "merge base with main" in unchanged["base"]

    principle = demo_repo / DEMO / "principles" / "01-dialog.yaml"
    principle.write_text(principle.read_text().replace("varandra.", "varandra. Ändrad."))
    doc = _json(run_line, ["diff", "demo", "--repo", demo_repo, "--format", "json"])
    assert isinstance(doc, dict)
    [demo] = doc["agreements"]
    assert demo["agreement"] == "demo" and demo["status"] == "changed"
    assert demo["base_version"] == demo["head_version"] == "1"
    assert demo["text_changed"] is True and demo["undeclared"] is True
    [touched] = demo["principles"]
    assert touched["status"] == "reworded"
    assert touched["new"] == {"id": "01-dialog", "number": 1, "title": "Dialog"}
    [change] = touched["changes"]
    assert change["kind"] == "changed" and change["path"] == "text"
    assert change["new"] == change["old"] + " Ändrad."
    assert demo["changes"] == []


def test_diff_as_json_of_a_declared_revision(run_line, demo_repo: Path) -> None:
    principle = demo_repo / DEMO / "principles" / "02-kvalitet.yaml"
    principle.write_text(principle.read_text().replace("title: Kvalitet", "title: Kvaliteten"))
    revised = run_line(
        ["revise", "demo", "--repo", demo_repo, "--kind", "editorial", "--summary",
         "Rubriken.", "--decided-by", "Styrgruppen", "--date", "2024-05-02"]
    )  # fmt: skip
    assert revised.exit_code == 0, revised.output
    doc = _json(
        run_line, ["diff", "demo", "--repo", demo_repo, "--base", "HEAD~1", "--format", "json"]
    )
    assert isinstance(doc, dict)
    [demo] = doc["agreements"]
    assert (demo["base_version"], demo["head_version"], demo["undeclared"]) == ("1", "2", False)
    assert demo["new_revisions"] == [
        {
            "version": "2",
            "kind": "editorial",
            "date": "2024-05-02",
            "decided_by": "Styrgruppen",
            "summary": "Rubriken.",
        }
    ]
    [touched] = demo["principles"]
    assert touched["old"]["title"] == "Kvalitet" and touched["new"]["title"] == "Kvaliteten"


def test_the_other_read_commands_print_json_too(run_line, demo_repo: Path) -> None:
    validated = _json(run_line, ["validate", "--repo", demo_repo, "--format", "json"])
    assert isinstance(validated, dict) and validated["summary"]["files"] == 5
    assert validated["summary"]["errors"] == 0 and validated["findings"] == []
    due = _json(
        run_line,
        ["due", "--repo", demo_repo, "--as-of", "2024-01-01", "--within", "1y", "--format", "json"],
    )
    assert isinstance(due, dict) and due["agreements"] == ["demo"]
    exported = _json(run_line, ["export", "demo", "--repo", demo_repo, "--format", "json"])
    text = json.dumps(exported, ensure_ascii=False)
    assert "Föreningen Exempel" in text
    assert "@" not in text  # no contact person's e-mail without --include-contacts


def test_list_history_and_check_as_json(run_line, demo_repo: Path) -> None:
    roster = _json(run_line, ["list", "demo", "--repo", demo_repo, "--format", "json"])
    assert isinstance(roster, dict) and roster["agreement"] == "demo"
    assert [s["name"] for s in roster["signatories"]] == ["Föreningen Exempel"]
    assert _json(run_line, ["list", "demo", "--repo", demo_repo, "--json"]) == roster
    events = _json(run_line, ["history", "demo", "--repo", demo_repo, "--format", "json"])
    assert isinstance(events, dict) and events["agreement"] == "demo"
    assert {e["kind"] for e in events["events"]} >= {"revision", "signed"}
    assert _json(run_line, ["history", "demo", "--repo", demo_repo, "--json"]) == events
    result = run_line(["check", "--repo", demo_repo, "--as-of", "2023-07-01", "--format", "json"])
    assert result.exit_code == 1  # an overdue report, seats unfilled: findings, still JSON
    checked = json.loads(result.stdout)
    assert {a["id"] for a in checked["agreements"]} == {"demo"}
    assert {f["rule"] for f in checked["findings"]} == {"annual-reports", "body-composition"}


@pytest.mark.parametrize(
    "command", ["rules", "version", "diff", "validate", "due", "export", "list", "history", "check"]
)
def test_every_read_command_offers_format_json(run_line, command: str) -> None:
    shown = run_line([command, "-h"]).stdout
    assert re.search(r"--format <[a-z|]*json[a-z|]*>", shown), shown


# ----------------------------------------------------------------------------- -h


def _commands() -> list[list[str]]:
    group = typer.main.get_command(app)
    out: list[list[str]] = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        out.append([name])
        out += [[name, sub] for sub in getattr(command, "commands", {})]
    return out


@pytest.mark.parametrize("command", [[], *_commands()], ids=lambda c: " ".join(c) or "overens")
def test_h_is_help_everywhere(run_line, command: list[str]) -> None:
    short = run_line([*command, "-h"])
    assert short.exit_code == 0, short.output
    assert short.stdout.startswith(f"Usage: {' '.join(['overens', *command])} ")
    assert short.stdout == run_line([*command, "--help"]).stdout
    assert "-h, --help" in short.stdout


@pytest.mark.parametrize(
    "name",
    [
        n
        for n in typer.main.get_command(app).commands  # type: ignore[attr-defined]
    ],
)
def test_usage_lines_name_arguments_alike(name: str) -> None:
    """Arguments are upper-case words, and an agreement id is AGREEMENT wherever it is one."""
    group = typer.main.get_command(app)
    command = group.commands[name]  # type: ignore[attr-defined]
    ctx = typer.Context(command, info_name=name)
    for param in command.params:
        if param.param_type_name != "argument":
            continue
        metavar = param.make_metavar(ctx).strip("{}[].")
        assert metavar.isupper(), f"overens {name}: {metavar}"
        if "agreement" in (param.name or ""):
            assert metavar == "AGREEMENT", f"overens {name}: {metavar}"


# ----------------------------------------------------------------------------- completion


def test_completion_options_are_offered(run_line) -> None:
    shown = run_line(["-h"]).stdout
    assert "--install-completion" in shown and "--show-completion" in shown


def test_show_completion_prints_a_script(tmp_path: Path) -> None:
    """Run from the user's shell (Typer finds it among the process's parents: not the parent of
    a test run started from an IDE or a detached job, so the shell is started here)."""
    command = f"{shlex.quote(sys.executable)} -m overens --show-completion; exit $?"
    result = subprocess.run(
        ["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "complete" in result.stdout and "_OVERENS_COMPLETE=complete_bash" in result.stdout
    assert "overens" in result.stdout


def test_completion_completes_commands_and_options(tmp_path: Path) -> None:
    def complete(words: str) -> list[str]:
        env = {"_OVERENS_COMPLETE": "complete_bash", "COMP_WORDS": words}
        env["COMP_CWORD"] = str(len(words.split()) - 1)
        result = run_cli([], cwd=tmp_path, env=env)
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    assert complete("overens ver") == ["version"]
    assert "--format" in complete("overens diff --f")


# ----------------------------------------------------------------------------- Ctrl-C


def _read_until(fd: int, wanted: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while wanted not in seen and time.monotonic() < deadline:
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        seen += chunk
    return seen


def test_ctrl_c_at_a_prompt_exits_130(demo_repo: Path) -> None:
    """`sign` in a terminal asks for the name; Ctrl-C there stops it: exit 130, nothing written."""
    before = snapshot_tree(demo_repo)
    pid, fd = pty.fork()
    if pid == 0:  # the child: overens in a pseudo-terminal
        os.chdir(demo_repo)
        # As a terminal's shell starts a command: SIGINT not ignored, even when this test runs
        # in a background job (which ignores it, and the child would inherit that).
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.execv(sys.executable, [sys.executable, "-m", "overens", "sign", "demo"])
    try:
        asked = _read_until(fd, b"Organisation name", timeout=60)
        assert b"Organisation name" in asked, asked
        os.write(fd, b"\x03")  # the terminal turns it into SIGINT
        rest = _read_until(fd, b"\x00", timeout=30)  # read until the child closes
    finally:
        done, status = os.waitpid(pid, os.WNOHANG)
        if not done:  # still running after all that: a second, then stop it (the test fails)
            time.sleep(1)
            done, status = os.waitpid(pid, os.WNOHANG)
            if not done:
                os.kill(pid, signal.SIGKILL)
                _, status = os.waitpid(pid, 0)
        os.close(fd)
    shown = (asked + rest).decode(errors="replace")
    assert os.waitstatus_to_exitcode(status) == 130, shown
    assert "Interrupted." in shown and "Aborted" not in shown and "Traceback" not in shown
    assert snapshot_tree(demo_repo) == before


# ----------------------------------------------------------------------------- a misspelt id

ORG = "foreningen-exempel"
AGREEMENT_COMMANDS = {
    "sign": ["--name", "Föreningen Påhittad", "--sector", "ideburen"],
    "withdraw": [ORG],
    "confirm": [ORG],
    "report": [ORG, "--kind", "annual-report", "--year", "2024"],
    "erase": [ORG],
    "export": [],
    "adopt": ["--by", "Styrgruppen", "--date", "2024-01-01"],
    "revise": ["--kind", "editorial", "--summary", "S", "--decided-by", "Styrgruppen"],
    "version": [],
    "history": [],
    "diff": [],
    "render": [],
    "followup": ["--year", "2024"],
    "check": [],
    "due": [],
    "list": [],
}


@pytest.mark.parametrize("command", list(AGREEMENT_COMMANDS))
def test_a_misspelt_agreement_is_a_usage_error_everywhere(run_line, demo_repo: Path, command):
    git(demo_repo, "switch", "-q", "-c", "work")  # diff: a merge base with main
    before = snapshot_tree(demo_repo)
    result = run_line([command, "demoo", *AGREEMENT_COMMANDS[command], "--repo", demo_repo])
    assert result.exit_code == 2, result.output
    assert "unknown agreement 'demoo'" in result.stderr
    assert "known agreements: demo" in result.stderr
    assert "Traceback" not in result.output
    assert snapshot_tree(demo_repo) == before


@pytest.mark.parametrize(
    "command",
    [c for c in AGREEMENT_COMMANDS],
)
def test_a_misspelt_agreement_gets_did_you_mean(run_line, demo_repo: Path, command) -> None:
    git(demo_repo, "switch", "-q", "-c", "work")
    result = run_line([command, "demoo", *AGREEMENT_COMMANDS[command], "--repo", demo_repo])
    assert "did you mean 'demo'?" in result.stderr, result.output


def test_every_command_that_takes_an_agreement_is_tried() -> None:
    group = typer.main.get_command(app)
    taking = {
        name
        for name, command in group.commands.items()  # type: ignore[attr-defined]
        if any(
            "agreement" in (p.name or "") for p in command.params if p.param_type_name == "argument"
        )
    }
    assert taking - {"new"} == set(AGREEMENT_COMMANDS)  # new: an id that must not exist yet
