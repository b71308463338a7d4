"""Reporters: findings as text, JSON or GitHub workflow annotations (style.md §7).

The JSON shape is stable and documented in docs/output-formats.md:
``{"version": 1, "summary": {...}, "findings": [{rule, severity, agreement, file, line, column,
message, hint}]}``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO

from overens.model.findings import Finding, Findings, Severity

if TYPE_CHECKING:
    from overens.checks.engine import CheckResult


def summary_line(findings: Findings, files: int | None = None) -> str:
    parts = [
        f"{findings.errors} error{'s' if findings.errors != 1 else ''}",
        f"{findings.warnings} warning{'s' if findings.warnings != 1 else ''}",
    ]
    tail = f" in {files} file{'s' if files != 1 else ''}" if files is not None else ""
    return ", ".join(parts) + tail


def write_text(findings: Findings, out: TextIO) -> None:
    """One ``path:line:column: severity: message [rule]`` line per finding, hints indented."""
    for f in findings.sorted():
        severity = f"{f.severity.value} (uncertain)" if f.uncertain else f.severity.value
        out.write(f"{f.location}: {severity}: {f.message} [{f.rule}]\n")
        if f.hint:
            out.write(f"    hint: {f.hint}\n")


def as_json(
    findings: Findings, extra: dict[str, object] | None = None, top: dict[str, object] | None = None
) -> str:
    """The stable JSON document. ``extra`` adds summary keys; ``top`` adds top-level keys
    before the summary (check adds ``as_of`` and ``agreements``)."""
    doc: dict[str, object] = {
        "version": 1,
        **(top or {}),
        "summary": {
            "errors": findings.errors,
            "warnings": findings.warnings,
            "findings": len(findings),
            **(extra or {}),
        },
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
        message = ("uncertain: " if f.uncertain else "") + f.message
        message += f" (hint: {f.hint})" if f.hint else ""
        lines.append(f"::{level[f.severity.value]} {','.join(props)}::{_escape_data(message)}")
    return lines


_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _cells(f: Finding, prefix: str) -> tuple[Any, Any, Any]:
    """A finding's row: its severity (and whether it is uncertain), where and which rule, what."""
    from rich.text import Text

    message = Text(f.message)
    if f.hint:
        message.append(f"\n→ {f.hint}", style="dim")
    where = Text(_where(f, prefix))
    where.append(f"\n{f.rule}", style="dim")
    severity = Text(f.severity.value, style=_STYLE[f.severity.value])
    if f.uncertain:
        severity.append("\nuncertain", style="dim")
    return severity, where, message


def _groups(findings: Findings) -> dict[str, list[Finding]]:
    """By agreement (the repository's own findings first), each by severity, then location."""
    groups: dict[str, list[Finding]] = {}
    for f in sorted(findings, key=lambda f: (f.agreement or "", f.severity.rank, *f.sort_key())):
        groups.setdefault(f.agreement or "", []).append(f)
    return groups


def _title(agreement: str, items: list[Finding]) -> tuple[str, str]:
    """An agreement's table title, and the prefix its locations are shown without."""
    prefix = f"agreements/{agreement}/" if agreement else ""
    title = f"{agreement}  {prefix}  " if agreement else "repository  "
    return title + summary_line(Findings(items)), prefix


def _where(f: Finding, prefix: str) -> str:
    return f.location[len(prefix) :] if prefix and f.location.startswith(prefix) else f.location


def write_plain_table(
    findings: Findings, out: TextIO, *, summary: str, agreements: Iterable[str] = ()
) -> None:
    """:func:`write_table`'s tables as plain text, for a file or a pipe: the same layout (Rich's,
    laid out by :mod:`overens.tables`), without Rich's cost for hundreds of findings."""
    from overens.tables import SECTION, Column, Section, console_width, lines, wrap

    width = console_width(out, 80)
    columns = [Column("severity"), Column("where / rule"), Column(_HEADER, wrap=True)]
    groups = _groups(findings)
    for agreement, items in groups.items():
        title, prefix = _title(agreement, items)
        rows: list[list[str] | Section] = []
        for i, f in enumerate(items):
            if i and f.severity is not items[i - 1].severity:
                rows.append(SECTION)
            message = f.message + (f"\n→ {f.hint}" if f.hint else "")
            severity = f.severity.value + ("\nuncertain" if f.uncertain else "")
            rows.append([severity, f"{_where(f, prefix)}\n{f.rule}", message])
        out.writelines(
            line + "\n" for line in lines(columns, rows, width, title=title, collapse_padding=False)
        )
        out.write("\n")
    clean = [a for a in agreements if a not in groups]
    for agreement in clean:
        out.writelines(
            line + "\n"
            for line in wrap(f"{agreement}  agreements/{agreement}/  no findings", width)
        )
    if clean:
        out.write("\n")
    out.writelines(line + "\n" for line in wrap(summary, width))


_HEADER = "what is wrong → how to fix it"


def write_table(
    findings: Findings, out: TextIO, *, summary: str, agreements: Iterable[str] = ()
) -> None:
    """Findings as Rich tables, one per agreement with rows grouped by severity, then ``summary``.

    Inside an agreement's table, locations are relative to its folder (named in the title).
    ``agreements`` that have no finding get a line saying so. Colour is used only when ``out`` is
    a terminal (Rich's own detection; NO_COLOR is honoured).
    """
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out, highlight=False, emoji=False, soft_wrap=False)
    groups = _groups(findings)
    for agreement, items in groups.items():
        title, prefix = _title(agreement, items)
        table = Table(
            title=title,
            title_justify="left",
            title_style="bold",
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            expand=False,
        )
        table.add_column("severity", no_wrap=True)
        table.add_column("where / rule", no_wrap=True)
        table.add_column(_HEADER, ratio=1, overflow="fold")
        previous = None
        for f in items:
            if previous is not None and f.severity is not previous:
                table.add_section()
            previous = f.severity
            table.add_row(*_cells(f, prefix))
        console.print(table)
        console.print()
    clean = [a for a in agreements if a not in groups]
    for agreement in clean:
        console.print(Text(f"{agreement}  agreements/{agreement}/  no findings", style="bold"))
    if clean:
        console.print()
    console.print(summary)


TABLE_MESSAGE_ROOM = 60
"""The tables are printed when their message column gets at least this many characters (and
room for the longest word, path, hash or quoted command of a message); in less, as in a CI log or
a pipe at 80 columns, one finding a line (:func:`write_text`), nothing broken."""

_QUOTED = re.compile(r"`[^`]*`|\S+")


def table_fits(findings: Findings, width: int) -> bool:
    """Whether the tables of ``findings`` read well in ``width`` columns: their message column
    (what is left beside the severity and the longest location or rule) gets
    :data:`TABLE_MESSAGE_ROOM` characters, and at least the longest unbreakable part of a message
    or hint."""
    if not findings:
        return True
    where = max(
        max(len(_where(f, f"agreements/{f.agreement}/" if f.agreement else "")), len(f.rule))
        for f in findings
    )
    severity = len("uncertain") if any(f.uncertain for f in findings) else len("severity")
    room = width - severity - max(where, len("where / rule")) - 6
    if room < TABLE_MESSAGE_ROOM:  # as in a file or a pipe at 80 columns: no word need be read
        return False
    find = _QUOTED.findall
    longest = max(
        (max(map(len, find(f"{f.message} {f.hint or ''}")), default=0) for f in findings),
        default=0,
    )
    return room >= max(TABLE_MESSAGE_ROOM, longest + 2)


def _fits(findings: Findings, out: TextIO) -> bool:
    from overens.tables import console_width

    return table_fits(findings, console_width(out, 80))


def write_check(
    result: CheckResult, output_format: str, *, strict: bool, out: TextIO, log: TextIO
) -> None:
    """What ``overens check`` prints: ``text`` (a table per agreement where it reads well, else
    one finding a line), ``lines`` (one finding a line), ``json`` or ``github`` (workflow
    annotations, the summary to ``log``)."""
    findings = result.findings
    infos = findings.count(Severity.INFO)
    n = len(result.agreements)
    summary = (
        f"{summary_line(findings)}, {infos} info in {n} agreement{'s' if n != 1 else ''}"
        f" on {result.as_of.isoformat()}"
    )
    failed = result.failed(strict=strict)
    mark = "✗ " if failed else "✓ "
    if output_format == "json":
        top: dict[str, object] = {
            "as_of": result.as_of.isoformat(),
            "agreements": [{"id": a, "rules": result.rules.get(a, [])} for a in result.agreements],
        }
        out.write(as_json(findings, {"info": infos, "strict": strict, "failed": failed}, top))
    elif output_format == "github":
        for line in github_lines(findings):
            out.write(line + "\n")
        log.write(mark + summary + "\n")
    elif output_format == "lines" or not _fits(findings, out):
        write_text(findings, out)  # one finding a line, as compilers print them
        out.write(mark + summary + "\n")
    elif out.isatty():
        write_table(findings, out, summary=mark + summary, agreements=result.agreements)
    else:  # a file or a pipe: the same tables, without colour, laid out without Rich's cost
        write_plain_table(findings, out, summary=mark + summary, agreements=result.agreements)
