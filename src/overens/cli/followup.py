"""`overens followup`: the annual follow-up report of an agreement, with charts."""

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from overens.cli.shared import AgreementArgument, RepoOption, err, handle_errors


class ReportFormat(str, enum.Enum):
    html = "html"
    pdf = "pdf"
    md = "md"


class Language(str, enum.Enum):
    sv = "sv"
    en = "en"


Year = Annotated[
    int,
    typer.Option("--year", metavar="YYYY", help="The year to follow up (1 January–31 December)."),
]
FormatOption = Annotated[
    ReportFormat,
    typer.Option(
        "--format",
        "-f",
        help="html (charts as SVG), pdf (printed from the HTML; needs the extra: "
        "pip install 'overens[pdf]') or md (the charts' numbers as tables).",
    ),
]
Lang = Annotated[
    Language | None,
    typer.Option("--lang", help="The language of the report (default: the agreement's)."),
]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="The file to write (or a folder: <id>-followup-<year>.<format> in it). Without it, "
        "HTML and Markdown go to standard output.",
    ),
]


@handle_errors
def followup(
    agreement: AgreementArgument,
    year: Year,
    fmt: FormatOption = ReportFormat.html,
    lang: Lang = None,
    output: Output = None,
    repo: RepoOption = None,
) -> None:
    """Write the annual follow-up report of AGREEMENT for --year.

    Signatories on 1 January and 31 December, who joined and who left (by sector and
    municipality), annual reports due and received and who is late, contact-person coverage,
    the governing bodies' make-up, the compliance findings on 31 December by rule and the year's
    revisions, with charts of members over time, joinings and withdrawals per year and reports
    received against due. No personal data.

    Examples:

      overens followup blekinge --year 2025 --output out/

      overens followup blekinge --year 2025 --format pdf --output out/blekinge-2025.pdf
    """
    import overens

    report = overens.followup(
        agreement,
        year,
        overens.Format(fmt.value),
        lang=lang.value if lang else None,
        output=output,
        repo=repo,
    )
    if report.path is None:
        sys.stdout.write(report.content.decode("utf-8"))
    elif report.written:
        err(f"wrote {report.path}")
    else:
        err(f"{report.path} is up to date")
