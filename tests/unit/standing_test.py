"""``Summary.standing`` and ``Summary.row``, with their shortcut for the usual signatory (one
period, signed by the day, never withdrawn), give what the general reading of the periods gives,
on every day that matters.

``overens list`` takes every signatory's status from :meth:`Summary.standing`, and the documents
their rows from :meth:`Summary.row`; at 10,000 signatories the shortcut saves most of it. Here both are asked of every signatory of the shipped
agreements, the lifecycle corpus (partial dates, carry-over, rejoins) and a generated corpus
(withdrawals, pending applications, confirmations), on each day a period turns and the days
around it.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from conftest import PROJECT
from overens.model.summary import Summary
from overens.store.loader import load

sys.path.insert(0, str(PROJECT / "bench"))
import generate


def _summaries(root: Path) -> list[Summary]:
    repository = load(root).repository
    return [Summary.of(s) for a in repository.agreements for s in a.signatories]


def _days(summary: Summary) -> set[dt.date]:
    days = {dt.date(2000, 1, 1), dt.date(2040, 1, 1)}
    for p in summary.periods:
        for date in (p.signed, p.withdrawn, p.applied, p.notice):
            if date is not None:
                for day in (date.first, date.last):
                    days |= {day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)}
    return days


def _compare(summaries: list[Summary]) -> int:
    shortcuts = 0
    for s in summaries:
        for day in sorted(_days(s)):
            assert s.standing(day) == s.standing_of_periods(day), (s.id, day)
            assert s.row(day) == s.row_of_periods(day), (s.id, day)
            p = s.periods[0] if len(s.periods) == 1 else None
            shortcuts += bool(p and p.withdrawn is None and p.signed and p.signed.last <= day)
    return shortcuts


def test_shipped_and_lifecycle_signatories(tmp_path: Path) -> None:
    found = _summaries(PROJECT) + _summaries(PROJECT / "tests" / "corpus" / "lifecycle")
    assert len(found) > 20
    assert _compare(found) > 40  # the shortcut is taken, and often


def test_a_generated_corpus(tmp_path: Path) -> None:
    repo = tmp_path / "corpus"
    generate.generate(repo, agreements=2, signatories=150, seed=5, git=False)
    found = _summaries(repo)
    assert any(len(s.periods) > 1 for s in found)
    assert any(p.withdrawn is not None for s in found for p in s.periods)
    assert _compare(found) > 300
