"""The compliance rules: pure functions over one agreement on one date, registered by stable id.

``RULES`` maps each id to its :class:`Rule` in the order ``overens rules`` lists them. Which
rules run for an agreement, and with which parameters, is decided by :mod:`overens.checks.engine`
from the agreement's ``checks:`` and ``terms`` (docs/decisions/0201-which-rules-run.md).
"""

# ruff: noqa: I001 - the modules are imported in the catalogue's order, not alphabetically
from __future__ import annotations

# Importing a module registers its rules; this order is the catalogue's (`overens rules`).
from overens.checks.rules import signatories, joining, withdrawal, followup, bodies  # noqa: F401
from overens.checks.rules import validity, succession, plans, events, text, draft  # noqa: F401
from overens.checks.rules.base import RULES, Context, Issue, Rule

__all__ = ["RULES", "Context", "Issue", "Rule", "rule_ids"]


def rule_ids() -> list[str]:
    """Every rule id, in catalogue order."""
    return list(RULES)
