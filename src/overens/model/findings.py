"""Findings: what validation and the compliance rules report, as plain data (style.md §7)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(str, enum.Enum):
    """How serious a finding is. Errors fail ``check``; warnings fail it only under ``--strict``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, at one place in one file."""

    path: str
    """The file, relative to the repository root (POSIX separators)."""
    line: int | None
    column: int | None
    rule: str
    """The stable id of what found it: ``yaml``, ``schema``, ``structure`` or a rule id."""
    severity: Severity
    message: str
    hint: str | None = None
    agreement: str | None = None
    uncertain: bool = False
    """The verdict depends on a date known only to the year or month (always severity info)."""

    @property
    def location(self) -> str:
        loc = self.path
        if self.line is not None:
            loc += f":{self.line}"
            if self.column is not None:
                loc += f":{self.column}"
        return loc

    def sort_key(self) -> tuple[str, int, int, int, str]:
        return (self.path, self.line or 0, self.column or 0, self.severity.rank, self.rule)

    def to_dict(self) -> dict[str, object]:
        """The finding in the stable JSON shape (docs/output-formats.md); ``"uncertain": true``
        is added to an uncertain one only, so certain findings keep the shape they always had."""
        found: dict[str, object] = {
            "rule": self.rule,
            "severity": self.severity.value,
            "agreement": self.agreement,
            "file": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
        }
        if self.uncertain:
            found["uncertain"] = True
        return found


@dataclass(slots=True)
class Findings:
    """An ordered collection of findings with the counts a summary needs."""

    items: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        self.items.append(finding)

    def extend(self, findings: list[Finding] | Findings) -> None:
        self.items.extend(findings.items if isinstance(findings, Findings) else findings)

    def sorted(self) -> list[Finding]:
        return sorted(self.items, key=Finding.sort_key)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.items if f.severity is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    def failed(self, *, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.items)
