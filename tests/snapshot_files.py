"""Snapshot files compared byte for byte (rendered documents are too long for inline snapshots).

Update them after an intended change with ``UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest -q``
and review the diff in git before committing.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

SNAPSHOTS = Path(__file__).parent / "snapshots"
# Read once at import: the isolation fixture resets the environment of each test.
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"


def assert_matches_snapshot(content: str, name: str) -> None:
    """``content`` must equal tests/snapshots/``name`` byte for byte."""
    path = SNAPSHOTS / name
    data = content.encode("utf-8")
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        return
    assert path.exists(), f"no snapshot {path}; create it with UPDATE_SNAPSHOTS=1 and review it"
    expected = path.read_bytes()
    if expected != data:
        diff = "".join(
            difflib.unified_diff(
                expected.decode("utf-8").splitlines(keepends=True),
                content.splitlines(keepends=True),
                f"tests/snapshots/{name}",
                "rendered now",
                n=2,
            )
        )
        raise AssertionError(
            f"rendered output differs from tests/snapshots/{name} (if intended, rerun with "
            f"UPDATE_SNAPSHOTS=1 and review the diff):\n{diff[:6000]}"
        )
