"""The README stays true: every command has help text and appears in the README with an example."""

from __future__ import annotations

import re

import typer.main

from conftest import PROJECT
from overens.cli import app


def _commands() -> dict[str, object]:
    return typer.main.get_command(app).commands  # type: ignore[attr-defined, no-any-return]


def test_every_command_has_help() -> None:
    missing = [name for name, command in _commands().items() if not command.help]
    assert missing == []


def test_every_command_is_in_the_readme() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in _commands() if f"### `overens {name}" not in readme]
    assert missing == []
    table = [name for name in _commands() if not re.search(rf"^\| `{name}\b", readme, re.M)]
    assert table == []


def test_readme_set_up_commands_are_the_ci_ones() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    test_line = next(line for line in readme.splitlines() if "pip install -q -e '.[test]'" in line)
    assert test_line in ci
