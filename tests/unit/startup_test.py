"""`overens --help` and `--version` start fast: the CLI imports no heavy library.

Each check runs in a fresh interpreter, since this test process has imported everything already.
Timing is measured by bench/run.py, not here (tests assert no timings); what is asserted is the
cause of a slow start: a heavy module imported at the top of something the CLI imports. The fix is
to import it inside the command function that uses it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

HEAVY = (
    "git",  # GitPython: ~60 ms, and it probes the git binary
    "jinja2",
    "jsonschema",
    "jsonschema_rs",
    "referencing",
    "weasyprint",
    "yaml",
    "rich",
    "babel",
    "email_validator",
    "icalendar",  # only `due --format ics`
    "openpyxl",  # only `export --format xlsx`
    "pydantic",  # typer 0.29 coerces every option through it (+0.05-0.08 s); pinned < 0.29 (decision 0701)
)

_PROBE = """
import atexit, json, sys
# At exit, however the process ends (the CLI leaves without the interpreter's teardown, after
# running the exit functions).
atexit.register(lambda: print("\\n@@MODULES@@" + json.dumps(sorted(sys.modules)), flush=True))
sys.argv = {argv!r}
try:
    {code}
except SystemExit:
    pass
"""


def _modules_after(code: str, argv: list[str] | None = None) -> set[str]:
    """The modules loaded after running ``code`` in a fresh interpreter."""
    probe = _PROBE.format(argv=argv or ["overens"], code=code)
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert "@@MODULES@@" in proc.stdout, proc.stdout + proc.stderr
    return set(json.loads(proc.stdout.rsplit("@@MODULES@@", 1)[1]))


def _heavy(modules: set[str]) -> list[str]:
    return sorted({m.split(".")[0] for m in modules} & set(HEAVY))


def test_importing_the_cli_imports_no_heavy_library() -> None:
    modules = _modules_after("import overens.cli")
    assert "overens.cli" in modules
    assert _heavy(modules) == [], "import these inside the command functions that use them"


@pytest.mark.parametrize("argv", [["--version"], ["--help"]])
def test_version_and_help_import_no_heavy_library(argv: list[str]) -> None:
    modules = _modules_after("from overens.cli import main; main()", ["overens", *argv])
    assert _heavy(modules) == []


def _command_names() -> list[str]:
    from overens.cli import app

    names = [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]
    return sorted(n for n in names if n)


def test_a_command_with_options_imports_no_pydantic(tmp_path) -> None:
    """Running a command (not only its help) parses its options without pydantic."""
    modules = _modules_after(
        "from overens.cli import main; main()", ["overens", "rules", "contact-person", "--json"]
    )
    assert "overens.cli.rules" in modules and "pydantic" not in {m.split(".")[0] for m in modules}


@pytest.mark.parametrize("command", _command_names())
def test_command_help_imports_no_heavy_library(command: str) -> None:
    modules = _modules_after("from overens.cli import main; main()", ["overens", command, "--help"])
    assert _heavy(modules) == []


def test_the_probe_sees_a_heavy_import() -> None:
    """The check above can fail: a heavy import in the probed code is seen."""
    assert _heavy(_modules_after("import overens.cli, yaml")) == ["yaml"]


# ----------------------------------------------------------------------------- one command's app


def _group_names() -> list[str]:
    from overens.cli.commands import COMMANDS

    return [*COMMANDS, "schemas"]


@pytest.mark.parametrize("name", _group_names())
def test_one_commands_app_says_what_the_whole_app_says(name: str) -> None:
    """`overens NAME …` runs an app of NAME alone (Typer reads every command's signature to build
    the whole command line): its help and its answer to a wrong option are the whole app's, word
    for word (nothing is run: a command without required arguments would do its work)."""
    from typer.testing import CliRunner

    from overens.cli import app
    from overens.cli.commands import build

    one = build(name)
    runner = CliRunner()
    for args in ([name, "--help"], [name, "-h"], [name, "--no-such-option"]):
        whole = runner.invoke(app, args, prog_name="overens")
        alone = runner.invoke(one, args, prog_name="overens")
        assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output), args


def _names(made: Any) -> list[str]:
    commands = [c.name or "" for c in made.registered_commands]
    return sorted(commands + [g.name or "" for g in made.registered_groups])


def test_the_whole_app_for_everything_else(monkeypatch: pytest.MonkeyPatch) -> None:
    """The root's options, an unknown command (with Click's "No such command") and completion go
    to the whole app."""
    from overens import cli
    from overens.cli.commands import COMMANDS, app_for

    every = _names(cli.app)
    assert every == sorted([*COMMANDS, "schemas"])
    for argv in ([], ["--help"], ["--install-completion"], ["sing"], ["-h", "sign"]):
        assert _names(app_for(argv)) == every, argv
    assert _names(app_for(["sign", "x"])) == ["sign"]
    monkeypatch.setenv("_OVERENS_COMPLETE", "bash_complete")
    assert _names(app_for(["sign"])) == every


def test_the_version_is_answered_as_the_app_answers_it() -> None:
    """`overens --version` is answered before Typer is imported: the same line, the same exit."""
    from typer.testing import CliRunner

    from overens import __version__
    from overens.cli import app

    fast = subprocess.run(
        [sys.executable, "-c", "from overens.cli import main; main()", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    typer_answer = CliRunner().invoke(app, ["--version"], prog_name="overens")
    assert (fast.returncode, fast.stdout, fast.stderr) == (0, typer_answer.output, "")
    assert typer_answer.exit_code == 0 and fast.stdout == f"overens {__version__}\n"
    assert "typer" not in _modules_after("from overens.cli import main; main()", ["o", "--version"])


def test_the_cli_modules_do_not_postpone_their_annotations() -> None:
    """Typer evaluates every annotation of every command for ``overens --help``: postponed
    (strings), each is compiled first (see ``overens.cli.commands.app_for``)."""
    from pathlib import Path

    import overens.cli

    folder = Path(overens.cli.__file__).parent
    postponing = [
        p.name
        for p in sorted(folder.glob("*.py"))
        if "from __future__ import annotations" in p.read_text(encoding="utf-8")
    ]
    assert postponing == []
