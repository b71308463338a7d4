"""`overens render`: the printable agreement (or a signing sheet) as Markdown, HTML or PDF."""

from __future__ import annotations

import enum
import shlex
import sys
from pathlib import Path
from typing import Annotated

import typer

from overens.cli.shared import AsOfOption, RepoOption, day_option, err, handle_errors


class OutputFormat(str, enum.Enum):
    md = "md"
    html = "html"
    pdf = "pdf"


class Language(str, enum.Enum):
    sv = "sv"
    en = "en"


GC_THRESHOLD = (200_000, 50, 100)
"""The garbage collector's thresholds while rendering (mypy raises its own for the same reason).
Only render: a cold `check` of 100,000 files kept cycles of PyYAML's loaders alive for longer and
its peak memory went from 146 MB to 581 MB."""


@handle_errors
def render(
    agreement: Annotated[
        str | None,
        typer.Argument(
            help="The agreement's id (its folder under agreements/).", show_default=False
        ),
    ] = None,
    all_agreements: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Render every agreement, one file per agreement and format, into --output DIR.",
        ),
    ] = False,
    formats: Annotated[
        list[OutputFormat] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="md|html|pdf",
            help="md, html or pdf (pdf needs the extra: pip install 'overens[pdf]'). "
            "Repeat for several formats.  [default: md]",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The file to write (a folder with --all or several formats). "
            "Without it, Markdown and HTML go to standard output.",
        ),
    ] = None,
    lang: Annotated[
        Language | None,
        typer.Option("--lang", help="The language of the labels (default: the agreement's)."),
    ] = None,
    as_of: AsOfOption = None,
    signing_sheet: Annotated[
        bool,
        typer.Option(
            "--signing-sheet", help="Render pages of empty signature rows for the signing ceremony."
        ),
    ] = False,
    rows: Annotated[
        int, typer.Option("--rows", min=1, max=1000, help="Empty rows on the signing sheet.")
    ] = 20,
    include_contacts: Annotated[
        bool,
        typer.Option(
            "--include-contacts",
            help="Show contact persons' names, e-mail and phone "
            "(personal data: left out by default).",
        ),
    ] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; exit 1 if a file at --output differs from what "
            "would be rendered (for CI keeping rendered copies up to date).",
        ),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Read and check every file again; neither read nor write "
            ".overens-cache/ (the same output, computed from scratch).",
        ),
    ] = False,
    repo: RepoOption = None,
) -> None:
    """Render an agreement for reading and signing: Markdown, HTML (print-ready, A4) or PDF.

    The same repository state and --as-of always give byte-identical output.

    Examples:

      overens render halland --format html --output out/halland.html

      overens render --all --format md --format html --output out/

      overens render halland --signing-sheet --rows 30 --format html -o out/signing.html
    """
    import gc

    import overens
    from overens.documents.outputs import FileStatus
    from overens.documents.templates import Format, RenderOptions
    from overens.errors import UsageError

    # The model and the document hold no reference cycles, yet with the default thresholds a
    # fifth of a 10,000-signatory render went to collections that freed nothing.
    gc.set_threshold(*GC_THRESHOLD)

    if (agreement is None) == (not all_agreements):
        raise UsageError("name one agreement, or pass --all", hint="e.g. overens render halland")
    options = RenderOptions(
        lang=lang.value if lang else None,
        as_of=day_option(as_of, "--as-of"),
        signing_sheet=signing_sheet,
        rows=rows,
        include_contacts=include_contacts,
    )
    chosen = [Format(f.value) for f in formats or [OutputFormat.md]]
    outcomes = overens.render(
        agreement, chosen, output, options, repo=repo, check=check, use_cache=not no_cache
    )
    stale = [o for o in outcomes if o.status in (FileStatus.DIFFERS, FileStatus.MISSING)]
    for o in outcomes:
        if o.status is FileStatus.STDOUT:
            sys.stdout.write(o.content.decode("utf-8"))
        elif o.status is FileStatus.WRITTEN:
            err(f"wrote {o.path}")
        elif o.status is FileStatus.UNCHANGED:
            err(f"{o.path} is up to date")
        elif o.status is FileStatus.MISSING:
            err(f"{o.path} is missing")
        else:
            err(f"{o.path} differs from what `overens render` produces now")
    if stale:
        command = ["overens", "render", *([agreement] if agreement else ["--all"])]
        for f in chosen:
            command += ["--format", f.value]
        command += ["--output", str(output)]
        if lang:
            command += ["--lang", lang.value]
        if as_of:
            command += ["--as-of", as_of]
        if signing_sheet:
            command += ["--signing-sheet", "--rows", str(rows)]
        if include_contacts:
            command.append("--include-contacts")
        if repo:
            command += ["--repo", str(repo)]
        err(f"{len(stale)} rendered file(s) out of date; update with:\n  {shlex.join(command)}")
        raise typer.Exit(1)
