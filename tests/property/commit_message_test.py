"""A commit made with plumbing cleans its message as ``git commit -F`` does
(``overens.vcs.direct_commit.cleaned``): for any text, what ``git stripspace`` (git's own
"whitespace" cleanup) makes of it."""

from __future__ import annotations

import subprocess

from hypothesis import given, settings
from hypothesis import strategies as st

from overens.vcs.direct_commit import cleaned

PIECES = ["a", "Föreningen", "#", " ", "  ", "\t", "\n", "\n\n", "\r", "\v", "\f", "\u00a0", "é"]
MESSAGES = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)


@settings(max_examples=200, deadline=None)
@given(MESSAGES)
def test_cleaned_as_git_stripspace_cleans(message: str) -> None:
    git = subprocess.run(
        ["git", "stripspace"], input=message.encode("utf-8"), capture_output=True, check=True
    )
    assert cleaned(message) == git.stdout.decode("utf-8")
