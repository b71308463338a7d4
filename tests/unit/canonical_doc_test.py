"""docs/canonical-text.md is complete enough to recompute every hash without overens."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import PROJECT
from overens.store.loader import load

DOC = PROJECT / "docs" / "canonical-text.md"


@pytest.mark.parametrize(
    "agreement", sorted(p.name for p in (PROJECT / "agreements").iterdir() if p.is_dir())
)
def test_the_documented_recipe_gives_overens_hash(agreement: str) -> None:
    code = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL).group(1)  # type: ignore[union-attr]
    code = code.replace('"agreements/halland"', repr(f"agreements/{agreement}"))
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=True
    )
    expected = load(PROJECT, [agreement]).repository.agreement(agreement)
    assert expected is not None
    assert result.stdout.strip() == expected.text_sha256
