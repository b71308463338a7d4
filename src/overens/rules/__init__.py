"""The compliance rules: pure functions over one agreement on one date, registered by stable id.

``RULES`` maps each id to its :class:`Rule` in the order ``overens rules`` lists them. Which
rules run for an agreement, and with which parameters, is decided by :mod:`overens.checking`
from the agreement's ``checks:`` and ``terms`` (docs/decisions/0201-which-rules-run.md).
"""

from __future__ import annotations

from . import signatories, withdrawal, followup, bodies, validity, text  # noqa: F401 - they register
from .base import RULES, Context, Issue, Rule

__all__ = ["RULES", "Context", "Issue", "Rule", "rule_ids"]


def rule_ids() -> list[str]:
    """Every rule id, in catalogue order."""
    return list(RULES)
