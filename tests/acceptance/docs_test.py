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


def test_the_decision_index_lists_every_record_once() -> None:
    folder = PROJECT / "docs" / "decisions"
    index = (folder / "README.md").read_text(encoding="utf-8")
    linked = re.findall(r"\]\((\d{4}-[a-z0-9-]+\.md)\)", index)
    records = sorted(p.name for p in folder.glob("[0-9][0-9][0-9][0-9]-*.md"))
    assert sorted(linked) == records


def test_docs_and_code_refer_only_to_the_repository() -> None:
    """No tracker issue numbers and no paths outside the clone in src/ and docs/."""
    offending = []
    for path in [*(PROJECT / "src").rglob("*.py"), *(PROJECT / "docs").rglob("*.md")]:
        text = path.read_text(encoding="utf-8")
        for pattern in (r"(?i)issues? #\d", r"\.\./shared/", r"/work/"):
            if re.search(pattern, text):
                offending.append(f"{path.relative_to(PROJECT)}: {pattern}")
    assert offending == []


def test_every_module_named_in_the_architecture_page_exists() -> None:
    text = (PROJECT / "docs" / "architecture.md").read_text(encoding="utf-8")
    package = PROJECT / "src" / "overens"
    named = set(
        re.findall(
            r"`((?:cli|model|store|vcs|checks|documents|membership|revisions|scaffold)/[a-z0-9_/]+\.py)`",
            text,
        )
    )
    assert named, "the architecture page names no modules"
    missing = sorted(m for m in named if not (package / m).is_file())
    assert missing == []
    modules = {
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if p.name != "__init__.py" and "scaffold/files" not in p.as_posix()
    }
    unnamed = sorted(m for m in modules if "/" in m and m not in named)
    assert unnamed == [], "modules missing from docs/architecture.md"
