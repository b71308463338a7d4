"""`overens render`: the printable agreement (or a signing sheet) as Markdown, HTML or PDF."""

import enum
import re
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from overens.cli.shared import (
    GC_THRESHOLD,  # noqa: F401  (cli.render.GC_THRESHOLD, as decision 0701 names it)
    AsOfOption,
    RepoOption,
    day_option,
    err,
    fewer_collections,
    handle_errors,
)

if TYPE_CHECKING:
    from overens.documents.outputs import Outcome


class OutputFormat(str, enum.Enum):
    md = "md"
    html = "html"
    pdf = "pdf"


class Language(str, enum.Enum):
    sv = "sv"
    en = "en"


Agreement = Annotated[
    str | None,
    typer.Argument(
        metavar="[AGREEMENT]",
        help="The agreement's id (its folder under agreements/).",
        show_default=False,
    ),
]
All = Annotated[
    bool,
    typer.Option(
        "--all",
        help="Render every agreement, one file per agreement and format, into --output DIR.",
    ),
]
Formats = Annotated[
    list[OutputFormat] | None,
    typer.Option(
        "--format",
        "-f",
        metavar="md|html|pdf",
        help="md, html or pdf (pdf needs the extra: pip install 'overens[pdf]'). "
        "Repeat for several formats.  [default: md]",
        show_default=False,
    ),
]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="The file to write (a folder with --all or several formats). "
        "Without it, Markdown and HTML go to standard output.",
    ),
]
Lang = Annotated[
    Language | None,
    typer.Option("--lang", help="The language of the labels (default: the agreement's)."),
]
SigningSheet = Annotated[
    bool,
    typer.Option(
        "--signing-sheet", help="Render pages of empty signature rows for the signing ceremony."
    ),
]
Rows = Annotated[
    int, typer.Option("--rows", min=1, max=1000, help="Empty rows on the signing sheet.")
]
IncludeContacts = Annotated[
    bool,
    typer.Option(
        "--include-contacts",
        help="Show contact persons' names, e-mail and phone (personal data: left out by default).",
    ),
]
Check = Annotated[
    bool,
    typer.Option(
        "--check",
        help="Write nothing; exit 1 if a file at --output differs from what would be rendered "
        "(for CI keeping rendered copies up to date).",
    ),
]
Plan = Annotated[
    str | None,
    typer.Option(
        "--plan",
        metavar="PERIOD",
        help="Render the agreement's plan of that period (plans/PERIOD.yaml, such as 2022 or "
        "2023-2024) as a document of its own: areas, activities, who is responsible, the budget "
        "per year and the follow-up.",
        show_default=False,
    ),
]
NoCache = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read and check every file again; neither read nor write .overens-cache/ (the same "
        "output, computed from scratch).",
    ),
]


@handle_errors
def render(
    agreement: Agreement = None,
    all_agreements: All = False,
    formats: Formats = None,
    output: Output = None,
    lang: Lang = None,
    as_of: AsOfOption = None,
    signing_sheet: SigningSheet = False,
    rows: Rows = 20,
    include_contacts: IncludeContacts = False,
    plan: Plan = None,
    check: Check = False,
    no_cache: NoCache = False,
    repo: RepoOption = None,
) -> None:
    """Render an agreement for reading and signing: Markdown, HTML (print-ready, A4) or PDF.

    The same repository state and --as-of always give byte-identical output. Without --as-of,
    the signatories are listed as on the day of the latest signing or withdrawal up to today.

    Examples:

      overens render halland --format html --output out/halland.html

      overens render --all --format md --format html --output out/

      overens render halland --signing-sheet --rows 30 --format html -o out/signing.html

      overens render exempelland-2021 --plan 2023-2024 --format html -o out/plan.html
    """
    import overens
    from overens.errors import UsageError

    # The model and the document hold no reference cycles, yet with the default thresholds a
    # fifth of a 10,000-signatory render went to collections that freed nothing.
    fewer_collections()

    if (agreement is None) == (not all_agreements):
        raise UsageError("name one agreement, or pass --all", hint="e.g. overens render halland")
    _check_plan(plan, all_agreements or signing_sheet)
    options = overens.RenderOptions(
        lang=lang.value if lang else None,
        as_of=day_option(as_of, "--as-of"),
        signing_sheet=signing_sheet,
        rows=rows,
        include_contacts=include_contacts,
        plan=plan,
    )
    chosen = [overens.Format(f.value) for f in formats or [OutputFormat.md]]
    outcomes = overens.render(
        agreement, chosen, output, options, repo=repo, check=check, use_cache=not no_cache
    )
    if _report(outcomes):
        command = _update_command(agreement, chosen, output, lang, as_of, repo)
        command += ["--signing-sheet", "--rows", str(rows)] if signing_sheet else []
        command += ["--include-contacts"] if include_contacts else []
        command += ["--plan", plan] if plan else []
        stale = sum(1 for o in outcomes if o.status.value in ("differs", "missing"))
        err(f"{stale} rendered file(s) out of date; update with:\n  {shlex.join(command)}")
        raise typer.Exit(1)


def _check_plan(plan: str | None, other_documents: bool) -> None:
    """``--plan``: one plan of one agreement, named by its period (the file name)."""
    from overens.errors import UsageError

    if plan is None:
        return
    if other_documents:
        raise UsageError(
            "--plan renders one plan of one agreement; it goes with neither --all nor --signing-sheet",
            hint="e.g. overens render exempelland-2021 --plan 2022",
        )
    if not re.fullmatch(r"[0-9]{4}(-[0-9]{4})?", plan):
        raise UsageError(
            f"--plan {plan!r} is not a plan's period",
            hint="write its years as the file name does: 2022, or 2023-2024",
        )


def _update_command(
    agreement: str | None,
    formats: list[Any],
    output: Path | None,
    lang: Language | None,
    as_of: str | None,
    repo: Path | None,
) -> list[str]:
    """The start of the command that writes the stale files again."""
    command = ["overens", "render", *([agreement] if agreement else ["--all"])]
    for f in formats:
        command += ["--format", f.value]
    command += ["--output", str(output)]
    command += ["--lang", lang.value] if lang else []
    command += ["--as-of", as_of] if as_of else []
    command += ["--repo", str(repo)] if repo else []
    return command


def _report(outcomes: "list[Outcome]") -> bool:
    """Print each document (to standard output) or what happened to its file; True when a file
    is out of date (``--check``)."""
    from overens.documents.outputs import FileStatus

    said = {
        FileStatus.WRITTEN: "wrote {path}",
        FileStatus.UNCHANGED: "{path} is up to date",
        FileStatus.MISSING: "{path} is missing",
        FileStatus.DIFFERS: "{path} differs from what `overens render` produces now",
    }
    for o in outcomes:
        if o.status is FileStatus.STDOUT:
            sys.stdout.write(o.content.decode("utf-8"))
        else:
            err(said[o.status].format(path=o.path))
    return any(o.status in (FileStatus.DIFFERS, FileStatus.MISSING) for o in outcomes)
