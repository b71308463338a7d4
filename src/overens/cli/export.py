"""`overens export`: the signatory register as CSV, an Excel workbook or JSON."""

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from overens.cli.list import StatusChoice
from overens.cli.shared import (
    AgreementArgument,
    AsOfOption,
    RepoOption,
    as_of_day,
    err,
    handle_errors,
)


class ExportFormat(str, enum.Enum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


FormatOption = Annotated[
    ExportFormat, typer.Option("--format", help="csv (for Excel), xlsx or json.")
]
StatusOption = Annotated[
    StatusChoice, typer.Option("--status", help="Which signatories to include.")
]
ContactsOption = Annotated[
    bool,
    typer.Option(
        "--include-contacts",
        help="Add the contact persons' names, e-mails and telephones (personal data: for "
        "internal use only).",
    ),
]
DelimiterOption = Annotated[
    str, typer.Option("--delimiter", help="The CSV field separator (; for Excel in Swedish).")
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", metavar="FILE", dir_okay=False, help="Write to FILE instead of printing."
    ),
]


@handle_errors
def export(
    agreement: AgreementArgument,
    output_format: FormatOption = ExportFormat.csv,
    as_of: AsOfOption = None,
    status: StatusOption = StatusChoice.all,
    include_contacts: ContactsOption = False,
    delimiter: DelimiterOption = ";",
    output: OutputOption = None,
    repo: RepoOption = None,
) -> None:
    """Export the signatory register of AGREEMENT on a date: name, organisation number, sector,
    legal form, municipality, website, status, since, until and version.

    CSV is UTF-8 with a byte order mark and `;` between fields, so Excel with Swedish settings
    opens it as columns; xlsx is an Excel workbook with a frozen header row; json is data.
    Contact persons are included only with --include-contacts.
    """
    import overens
    from overens.errors import UsageError

    if len(delimiter) != 1:
        raise UsageError(f"--delimiter {delimiter!r}: give one character, such as ; or ,")
    register = overens.export(
        agreement,
        repo=repo,
        as_of=as_of_day(as_of),
        status=status.value,
        include_contacts=include_contacts,
    )
    for path in register.unreadable:
        err(f"warning: {path} has errors and is left out (run `overens validate {path}`)")
    if output_format is ExportFormat.xlsx:
        if output is None and sys.stdout.isatty():
            raise UsageError(
                "an Excel workbook is not text to print in a terminal",
                hint="give --output FILE.xlsx, or redirect: > register.xlsx",
            )
        data = register.to_xlsx()
    elif output_format is ExportFormat.json:
        data = register.to_json()
    else:
        data = register.to_csv(delimiter)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from overens.store.files import atomic_write

    atomic_write(output, data)
    rows = len(register.rows)
    err(f"wrote {output}: {rows} organisation{'' if rows == 1 else 's'} on {register.as_of}")
