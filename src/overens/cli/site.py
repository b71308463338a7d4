"""`overens site`: a static website of every agreement, with open data and feeds."""

from pathlib import Path
from typing import Annotated

import typer

from overens.cli.shared import AsOfOption, RepoOption, day_option, err, handle_errors

Output = Annotated[
    Path,
    typer.Option("--output", "-o", help="The folder the site is written to.", file_okay=False),
]
BaseUrl = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        metavar="URL",
        help="Where the site is published (https://…/); the feeds link there. "
        "Without it, links are relative.",
    ),
]
Licence = Annotated[
    str,
    typer.Option(
        "--licence",
        metavar="SPDX",
        help="The licence of the open data (CC0-1.0, CC-BY-4.0 or ODC-PDDL-1.0).",
    ),
]
Title = Annotated[
    str | None,
    typer.Option("--title", help="The site's title [default: Överenskommelser / Agreements]."),
]
NoCache = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Make every file again, reading every agreement file (the same output); neither "
        "read nor write .overens-cache/.",
    ),
]


@handle_errors
def site(
    output: Output = Path("site"),
    as_of: AsOfOption = None,
    base_url: BaseUrl = None,
    licence: Licence = "CC0-1.0",
    title: Title = None,
    no_cache: NoCache = False,
    repo: RepoOption = None,
) -> None:
    """Build a static website of every agreement: pages, Atom feeds and open data.

    Each agreement's page has its text (as `render` makes it), its affiliated organisations
    (filterable), those who withdrew, and a timeline of revisions, joinings and withdrawals. The
    signatory register is published as CSV and JSON with a Frictionless `datapackage.json`. No
    personal data is published. Without --as-of the site shows the day of the commit it is built
    from, so the same commit always gives the same files; only files whose content changed are
    written.

    Examples:

      overens site --output site/

      overens site --output site/ --base-url https://example.org/overenskommelser/
    """
    import overens

    options = overens.SiteOptions(
        as_of=day_option(as_of, "--as-of"), base_url=base_url, licence=licence, title=title
    )
    result = overens.build_site(output, options, repo=repo, use_cache=not no_cache)
    err(
        f"site of {result.agreements} agreement(s) as on {result.as_of.isoformat()} in "
        f"{result.output}: {len(result.written)} file(s) written, {result.unchanged} unchanged"
        + (f", {len(result.removed)} removed" if result.removed else "")
    )
