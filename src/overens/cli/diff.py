"""`overens diff`: what changed in an agreement's text between two git revisions."""

import enum
import os
import sys
from typing import Annotated

import typer

from overens.cli.shared import RepoOption, handle_errors


class DiffFormat(str, enum.Enum):
    text = "text"
    md = "md"
    json = "json"


class Color(str, enum.Enum):
    auto = "auto"
    always = "always"
    never = "never"


AgreementOrAll = Annotated[
    str | None,
    typer.Argument(
        metavar="[AGREEMENT]",
        help="The agreement's id (default: every agreement whose text changed).",
        show_default=False,
    ),
]
BaseOption = Annotated[
    str | None,
    typer.Option(
        "--base",
        help="The revision to compare from (default: the merge base of HEAD with "
        "the default branch).",
        show_default=False,
    ),
]
HeadOption = Annotated[
    str | None,
    typer.Option(
        "--head",
        help="The revision to compare to (default: the working tree).",
        show_default=False,
    ),
]
SinceSignedOption = Annotated[
    str | None,
    typer.Option(
        "--since-signed",
        metavar="ORG",
        help="Compare from the version this organisation last signed or confirmed.",
        show_default=False,
    ),
]
DiffFormatOption = Annotated[
    DiffFormat,
    typer.Option(
        "--format",
        help="text for a terminal, md for a pull request comment or job summary, json for "
        "a program.",
    ),
]
ColorOption = Annotated[Color, typer.Option("--color", help="Colour the text output.")]


@handle_errors
def diff(
    agreement: AgreementOrAll = None,
    base: BaseOption = None,
    head: HeadOption = None,
    since_signed: SinceSignedOption = None,
    output_format: DiffFormatOption = DiffFormat.text,
    color: ColorOption = Color.auto,
    repo: RepoOption = None,
) -> None:
    """Show what changed in the text, principle by principle.

    Principles added, removed, renumbered and reworded (changed words marked [-removed-]{+added+}
    in text, ~~removed~~ **added** in Markdown), then changed sections, actions, bodies, terms
    and the signature block. Exit 0 whether or not anything changed.
    """
    from overens.revisions.diff_report import render_json, render_markdown, render_text
    from overens.revisions.versions import diff as run_diff
    from overens.store.folders import resolve_root
    from overens.vcs.reading import WORKING_TREE

    result = run_diff(
        resolve_root(repo), agreement, base=base, head=head, since_signed=since_signed
    )
    if output_format is DiffFormat.json:
        sys.stdout.write(render_json(result.base_label, result.head_label, result.comparisons))
        return
    if not result.comparisons:
        head = "the working tree" if result.head_label == WORKING_TREE else result.head_label
        message = f"No agreement's text changed between {result.base_label} and {head}."
        sys.stdout.write(message + "\n")
        return
    if output_format is DiffFormat.md:
        sys.stdout.write(render_markdown(result.comparisons))
        return
    use_color = color is Color.always or (
        color is Color.auto and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    )
    sys.stdout.write(render_text(result.comparisons, color=use_color))
