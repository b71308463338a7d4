"""Reporters: findings as text, JSON or GitHub workflow annotations (style.md §7).

The JSON shape is stable and documented in docs/output-formats.md:
``{"version": 1, "summary": {...}, "findings": [{rule, severity, agreement, file, line, column,
message, hint}]}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from .findings import Finding, Findings


def summary_line(findings: Findings, files: int | None = None) -> str:
    parts = [f"{findings.errors} error{'s' if findings.errors != 1 else ''}",
             f"{findings.warnings} warning{'s' if findings.warnings != 1 else ''}"]
    tail = f" in {files} file{'s' if files != 1 else ''}" if files is not None else ""
    return ", ".join(parts) + tail


def write_text(findings: Findings, out: TextIO) -> None:
    """One ``path:line:column: severity: message [rule]`` line per finding, hints indented."""
    for f in findings.sorted():
        out.write(f"{f.location}: {f.severity.value}: {f.message} [{f.rule}]\n")
        if f.hint:
            out.write(f"    hint: {f.hint}\n")


def as_json(findings: Findings, extra: dict[str, object] | None = None) -> str:
    doc: dict[str, object] = {
        "version": 1,
        "summary": {"errors": findings.errors, "warnings": findings.warnings,
                    "findings": len(findings), **(extra or {})},
        "findings": [f.to_dict() for f in findings.sorted()],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_lines(findings: Iterable[Finding]) -> list[str]:
    """GitHub Actions workflow commands, so findings show on the pull request's lines."""
    lines = []
    level = {"error": "error", "warning": "warning", "info": "notice"}
    for f in sorted(findings, key=Finding.sort_key):
        props = [f"file={_escape_property(f.path)}"]
        if f.line is not None:
            props.append(f"line={f.line}")
        if f.column is not None:
            props.append(f"col={f.column}")
        props.append(f"title={_escape_property(f.rule)}")
        message = f.message + (f" (hint: {f.hint})" if f.hint else "")
        lines.append(f"::{level[f.severity.value]} {','.join(props)}::{_escape_data(message)}")
    return lines
