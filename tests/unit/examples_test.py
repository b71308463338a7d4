"""The example corpus: every valid file is clean, every invalid file is reported at its line.

Adding a case means adding a file: tests/examples/{valid,invalid}/<kind>/<case>.yaml. An invalid
file starts with `# expect-line: N` and `# expect: <text in the message>`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from overens.store.loader import check_file

EXAMPLES = Path(__file__).parents[1] / "examples"


def _cases(kind: str) -> list[Path]:
    return sorted((EXAMPLES / kind).glob("*/*.yaml"))


@pytest.mark.parametrize("path", _cases("valid"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_valid_example(path: Path) -> None:
    findings = check_file(path, path.parent.name)
    assert findings == [], [f"{f.location}: {f.message}" for f in findings]


@pytest.mark.parametrize("path", _cases("invalid"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_invalid_example(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    line = int(re.search(r"^# expect-line: (\d+)$", text, re.M).group(1))  # type: ignore[union-attr]
    expected = re.search(r"^# expect: (.*)$", text, re.M).group(1)  # type: ignore[union-attr]
    findings = check_file(path, path.parent.name)
    assert findings, "an invalid example produced no finding"
    matching = [f for f in findings if expected in f.message]
    assert matching, [f"{f.location}: {f.message}" for f in findings]
    assert matching[0].line == line, [f"{f.location}: {f.message}" for f in findings]
    assert matching[0].path == path.name
