"""The core of `overens check`: everything `validate` reports, plus the compliance rules, on a date.

Which rules run for an agreement and with which parameters (docs/decisions/0201-which-rules-run.md):

* a rule named under the agreement's ``checks:`` runs unless ``enabled: false``, with the
  severity given there (or its own);
* a rule not named runs when the agreement's terms state what it checks (``Rule.applies``);
* its parameters are, from weakest to strongest: the schema's ``default``, the rule's built-in
  defaults (``Rule.builtin``), what the terms say (``Rule.defaults``), ``checks.<id>.params``.

Rules yield :class:`~overens.checks.rules.Issue` (a file and a JSON path); lines are looked up here, and
only for issues, by composing the file's YAML again (:func:`overens.store.line_marks.locate`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from overens.constants import AGREEMENTS_DIR
from overens.errors import UsageError
from overens.model.findings import Finding, Findings, Severity
from overens.store.folders import agreement_folder, agreement_folders, resolve_root

if TYPE_CHECKING:
    from overens.checks.rules import Issue, Rule
    from overens.model.agreement import Agreement

# The loader, the model and the rules (PyYAML, jsonschema, ~0.2 s of imports) are imported where
# they are used, so that a `check` answered from the cache (overens.checks.cached) never pays for
# them.


@dataclass(frozen=True, slots=True)
class Applied:
    """A rule as it applies to one agreement: its severity there and its resolved parameters."""

    rule: Rule
    severity: Severity
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The findings of one check, and what was checked."""

    findings: Findings
    as_of: dt.date
    agreements: tuple[str, ...]
    rules: dict[str, list[str]]
    """The rule ids that ran, by agreement id (agreements that failed to load ran none)."""
    linked: dict[str, list[str]] = field(default_factory=dict)
    """The other agreements each agreement's succession names, by agreement id: its findings
    depend on their files too (:mod:`overens.checks.cached` keys them with its own)."""

    def failed(self, *, strict: bool = False) -> bool:
        return self.findings.failed(strict=strict)


@cache
def param_schema(rule_id: str) -> dict[str, Any]:
    """The JSON Schema of a rule's parameters, from the shipped agreement schema (``$defs/check-<id>``)."""
    from overens.store.schemas import schemas

    entry = schemas()["agreement"]["$defs"].get(f"check-{rule_id}", {})
    params: dict[str, Any] = entry.get("properties", {}).get("params", {}).get("properties", {})
    return params


def _schema_defaults(rule_id: str) -> dict[str, Any]:
    return {
        name: spec["default"] for name, spec in param_schema(rule_id).items() if "default" in spec
    }


def applied_rules(agreement: Agreement, only: Sequence[str] = ()) -> list[Applied]:
    """The rules that run for ``agreement`` (limited to ``only`` when given), in catalogue order."""
    from overens.checks.rules import RULES

    applied = []
    for rule in RULES.values():
        if (only and rule.id not in only) or rule.drafts != agreement.draft:
            continue  # a draft is judged by the rules for drafts alone, and only a draft is
        config = agreement.check_config(rule.id)
        if config is None and not rule.applies(agreement):
            continue
        if config is not None and not config.enabled:
            continue
        from_terms = {k: v for k, v in rule.defaults(agreement).items() if v is not None}
        params = {
            **_schema_defaults(rule.id),
            **rule.builtin,
            **from_terms,
            **(config.params if config else {}),
        }
        severity = (
            Severity(config.severity) if config is not None and config.severity else rule.severity
        )
        applied.append(Applied(rule, severity, params))
    return applied


class _Locator:
    """Turns issues into findings with lines, reading each file once and only when needed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.texts: dict[str, str | None] = {}

    def _text(self, rel: str) -> str | None:
        from overens.store import safe_yaml

        if rel not in self.texts:
            try:
                self.texts[rel] = safe_yaml.read_text(self.root / rel)
            except safe_yaml.YamlProblem:
                self.texts[rel] = None
        return self.texts[rel]

    def finding(self, issue: Issue, rule: str, severity: Severity, agreement: str) -> Finding:
        """The issue as a finding with its line; an uncertain one at severity info."""
        from overens.store import line_marks

        line = column = None
        text = self._text(issue.path)
        if text is not None:
            where = line_marks.locate(text, issue.json_path)
            if where is not None:
                line, column = where
                if issue.needle:
                    line, column = _find_needle(text, issue.needle, line, column)
        if issue.uncertain:
            severity = Severity.INFO
        return Finding(
            issue.path,
            line,
            column,
            rule,
            severity,
            issue.message,
            issue.hint,
            agreement,
            issue.uncertain,
        )


def _find_needle(text: str, needle: str, line: int, column: int) -> tuple[int, int]:
    """The line at or after ``line`` that holds ``needle`` (or its start), for text in a block scalar."""
    lines = text.split("\n")
    first = needle.split("\n", 1)[0]
    for probe in (first[:40], first[:12]):
        if len(probe) < 3:
            continue
        for n in range(line - 1, len(lines)):
            at = lines[n].find(probe)
            if at >= 0:
                return n + 1, at + 1
    return line, column


def _missing_parameters(agreement: Agreement, rule: Rule, missing: list[str]) -> list[Issue]:
    """A rule named under ``checks:`` that lacks a parameter it cannot run without."""
    from overens.checks.rules import Issue

    schema = param_schema(rule.id)
    return [
        Issue(
            agreement.path,
            ("checks", rule.id),
            f"{rule.id} is enabled, but its parameter {name} has no value, so it cannot run",
            hint=f"set `params: {{{name}: …}}` here ({schema.get(name, {}).get('description', '')})",
        )
        for name in missing
    ]


def agreement_ids(root: Path, names: Sequence[str]) -> list[str]:
    """Agreement ids from ids or paths (``agreements/halland``, ``agreements/halland/agreement.yaml``)."""
    known = [f.name for f in agreement_folders(root)]
    ids: list[str] = []
    for name in names:
        candidate = name
        if name not in known:
            try:
                rel = Path(os.path.realpath(name)).relative_to((root / AGREEMENTS_DIR).resolve())
                candidate = rel.parts[0] if rel.parts else ""
            except ValueError:
                candidate = ""
        if candidate not in known:
            if candidate or not any(sep in name for sep in ("/", os.sep)):
                # An unknown id (or a folder under agreements/ that is none): "did you mean".
                agreement_folder(root, candidate or name)
            raise UsageError(
                f"unknown agreement {name!r}",
                hint=f"known agreements: {', '.join(known) or 'none'}",
            )
        if candidate not in ids:
            ids.append(candidate)
    return ids


def parse_as_of(value: str | None) -> dt.date:
    """``--as-of``: an ISO date (YYYY-MM-DD), today by default."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"--as-of {value!r} is not a date",
            hint="write it as YYYY-MM-DD, for example 2024-12-31",
        ) from None


def check_rule_ids(ids: Sequence[str]) -> list[str]:
    """``--rule``: every id must be a registered rule."""
    from overens.checks.rules import RULES

    unknown = [i for i in ids if i not in RULES]
    if unknown:
        raise UsageError(
            f"unknown rule {', '.join(map(repr, unknown))}",
            hint=f"rules: {', '.join(RULES)} (see `overens rules`)",
        )
    return list(dict.fromkeys(ids))


def check(
    repo: Path | None = None,
    agreements: Sequence[str] = (),
    *,
    as_of: dt.date,
    rules: Sequence[str] = (),
) -> CheckResult:
    """Validate the agreements (all, or those named) and run their rules on ``as_of``."""
    from overens.checks.rules import Context
    from overens.store.loader import load

    only = check_rule_ids(rules)
    root = resolve_root(repo).resolve()
    ids = agreement_ids(root, agreements)
    loaded = load(root, ids or None)
    findings = Findings()
    findings.extend(loaded.findings)
    locator = _Locator(root)
    ran: dict[str, list[str]] = {}
    for agreement in loaded.repository.agreements:
        ran[agreement.id] = []
        for applied in applied_rules(agreement, only):
            ran[agreement.id].append(applied.rule.id)
            missing = [p for p in applied.rule.requires if applied.params.get(p) is None]
            issues = (
                _missing_parameters(agreement, applied.rule, missing)
                if missing
                else applied.rule.check(
                    Context(agreement, as_of, applied.params, loaded.repository.others(agreement))
                )
            )
            config = agreement.check_config(applied.rule.id)
            configured = config is not None and config.severity is not None
            for issue in issues:
                severity = applied.severity
                if issue.severity is not None and not configured:
                    severity = issue.severity
                findings.add(locator.finding(issue, applied.rule.id, severity, agreement.id))
    checked = tuple(ids or [f.name for f in agreement_folders(root)])
    linked = {a.id: list(a.succession.linked) for a in loaded.repository.agreements}
    return CheckResult(findings, as_of, checked, ran, linked)
