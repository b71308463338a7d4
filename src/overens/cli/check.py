"""`overens check`: validation plus every compliance rule the agreements state, on a date."""

from __future__ import annotations

import enum
import sys
from typing import Annotated

import typer

from overens.cli.shared import AsOfOption, RepoOption, as_of_day, err, handle_errors


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"
    github = "github"


@handle_errors
def check(
    agreements: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[AGREEMENT]...",
            show_default=False,
            help="Agreement ids (or their folders) to check (default: all).",
        ),
    ] = None,
    repo: RepoOption = None,
    as_of: AsOfOption = None,
    output_format: Annotated[
        CheckFormat,
        typer.Option("--format", help="text (a table), json, or github (workflow annotations)."),
    ] = CheckFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    rule: Annotated[
        list[str] | None,
        typer.Option(
            "--rule",
            metavar="ID",
            show_default=False,
            help="Run only this rule (repeatable); validation always runs. See `overens rules`.",
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Check every file again; neither read nor write .overens-cache/."
        ),
    ] = False,
) -> None:
    """Check the agreements: everything `validate` does, plus the compliance rules they state.

    Each rule reports what is wrong, where (file:line) and how to fix it. Exit 0 when there is no
    error, 1 when there is one (or a warning, with --strict), 2 on a usage error.
    """
    import overens
    from overens.checks import reporters
    from overens.model.findings import Severity

    day = as_of_day(as_of)
    result = overens.check(
        repo, agreements or [], as_of=day, rules=rule or [], use_cache=not no_cache
    )
    findings = result.findings
    infos = findings.count(Severity.INFO)
    n = len(result.agreements)
    summary = (
        f"{reporters.summary_line(findings)}, {infos} info in {n} agreement{'s' if n != 1 else ''}"
        f" on {day.isoformat()}"
    )
    mark = "✗ " if result.failed(strict=strict) else "✓ "
    if output_format is CheckFormat.json:
        top: dict[str, object] = {
            "as_of": day.isoformat(),
            "agreements": [{"id": a, "rules": result.rules.get(a, [])} for a in result.agreements],
        }
        sys.stdout.write(
            reporters.as_json(
                findings,
                {"info": infos, "strict": strict, "failed": result.failed(strict=strict)},
                top,
            )
        )
    elif output_format is CheckFormat.github:
        for line in reporters.github_lines(findings):
            sys.stdout.write(line + "\n")
        err(mark + summary)
    else:
        reporters.write_table(
            findings, sys.stdout, summary=mark + summary, agreements=result.agreements
        )
    if result.failed(strict=strict):
        raise typer.Exit(1)
