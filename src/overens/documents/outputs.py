"""The core of `overens render`: which files to produce, then write them or compare (``--check``).

Rendering itself is :mod:`overens.documents.templates` (text) and :mod:`overens.documents.pdf` (bytes); this module
decides where each document goes and never writes a file whose content would not change, so a
rendered copy kept in git changes only when the agreement does.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from overens.documents.options import Format, RenderOptions
from overens.errors import UsageError, ValidationFailed
from overens.store.folders import agreement_folder, resolve_root

if TYPE_CHECKING:  # Jinja and the model are imported only when a document is made
    from overens.documents.templates import Renderer
    from overens.documents.up_to_date import Renders
    from overens.model.agreement import Agreement
    from overens.model.summary import Summary


class FileStatus(str, enum.Enum):
    """What happened to one output file."""

    WRITTEN = "written"
    UNCHANGED = "unchanged"
    DIFFERS = "differs"
    MISSING = "missing"
    STDOUT = "stdout"


@dataclass(frozen=True, slots=True)
class Outcome:
    """One rendered document: where it went (None: standard output) and what happened."""

    agreement: str
    fmt: Format
    path: Path | None
    status: FileStatus
    content: bytes


def file_name(agreement_id: str, fmt: Format, options: RenderOptions) -> str:
    """``<id>.<ext>``, ``<id>-signing-sheet.<ext>``, or ``<id>-plan-<period>.<ext>``."""
    if options.plan is not None:
        return f"{agreement_id}-plan-{options.plan}.{fmt.value}"
    return f"{agreement_id}{'-signing-sheet' if options.signing_sheet else ''}.{fmt.value}"


Loaded: TypeAlias = "tuple[Agreement, tuple[Summary, ...] | None]"
"""An agreement, and its signatories as listed when it was loaded without them."""


def _agreements(
    root: Path,
    agreement_id: str | None,
    use_cache: bool,
    options: RenderOptions,
    stats: Mapping[str, list[int]] | None,
) -> list[Loaded]:
    from overens.documents.templates import uses_repository_templates
    from overens.store.loader import load

    ids = [agreement_id] if agreement_id else None
    if use_cache and not uses_repository_templates(root):
        # Signatories as documents list them, kept per file in .overens-cache/ ; None when
        # anything has an error, which the full load below then reports.
        from overens.store.signatory_index import load_listed

        found = load_listed(root, ids, contacts=options.include_contacts, stats=stats)
        if found:
            return [(f.agreement, f.signatories) for f in found]
    # Parsed, schema-valid documents come from .overens-cache/ while their text is unchanged .
    result = load(root, ids, documents=use_cache)
    errors = [f for f in result.findings.sorted() if f.severity.value == "error"]
    if errors:
        first = errors[0]
        raise ValidationFailed(
            f"{len(errors)} error(s) in the agreement files; overens renders only valid agreements. "
            f"The first: {first.location}: {first.message}",
            hint="run `overens validate` to see them all, and fix them",
        )
    if not result.repository.agreements:
        raise UsageError(
            f"there are no agreements in {root}/agreements/",
            hint="add one, or pass --repo PATH to the agreements repository",
        )
    return [(a, None) for a in result.repository.agreements]


def _targets(
    ids: list[str],
    formats: Sequence[Format],
    output: Path | None,
    many: bool,
    options: RenderOptions,
) -> list[tuple[str, Format, Path | None]]:
    """Each agreement's id, format and the file it goes to (None: standard output)."""
    if not many:
        (aid,), (fmt,) = ids, formats
        if output is not None and output.is_dir():
            output = output / file_name(aid, fmt, options)
        if output is None and fmt is Format.pdf:
            raise UsageError("--format pdf writes a file; give it with --output FILE.pdf")
        return [(aid, fmt, output)]
    if output is None:
        raise UsageError(
            "--all and several --format options write one file per agreement and format; "
            "give the folder with --output DIR"
        )
    if output.exists() and not output.is_dir():
        raise UsageError(
            f"--output {output} is a file; with --all or several formats it must be a folder"
        )
    return [(aid, fmt, output / file_name(aid, fmt, options)) for aid in ids for fmt in formats]


def render(
    agreement_id: str | None,
    formats: Sequence[Format],
    output: Path | None,
    options: RenderOptions,
    *,
    repo: Path | None = None,
    check: bool = False,
    use_cache: bool = True,
) -> list[Outcome]:
    """Render one agreement (or every one, when ``agreement_id`` is None) in ``formats``.

    Writes each file atomically unless its content is already the same; with ``check``, writes
    nothing and reports which files differ or are missing. Documents without a path (one
    Markdown or HTML document and no ``--output``) are returned for the caller to print.
    ``use_cache=False`` reads every file and neither reads nor writes ``.overens-cache/`` (the
    same bytes, computed from scratch).
    """
    formats = list(dict.fromkeys(formats)) or [Format.md]
    if check and output is None:
        raise UsageError(
            "--check compares the rendered document with a file; give it with --output"
        )
    root = resolve_root(repo).resolve()
    if agreement_id:
        agreement_folder(root, agreement_id)  # an unknown id: "did you mean", exit 2
    many = agreement_id is None or len(formats) > 1
    # Files written before may be up to date (standard output always gets the document).
    renders = _renders(root, options) if use_cache and output is not None else None
    if renders is not None:
        up_to_date = _kept(root, agreement_id, formats, output, many, options, renders)
        if up_to_date is not None:
            return up_to_date
    stats = renders.stats if renders is not None else None
    loaded = _agreements(root, agreement_id, use_cache, options, stats)
    agreements = {a.id: (a, s) for a, s in loaded}
    renderers: dict[tuple[str, str], Renderer] = {}
    outcomes = []
    for aid, fmt, path in _targets(list(agreements), formats, output, many, options):
        agreement, signatories = agreements[aid]
        links = agreement.succession.linked
        if renders is not None:
            renders.trees(links)  # before the linked agreements are read
        outcome = _render_one(root, agreement, signatories, fmt, path, options, renderers, check)
        if renders is not None and path is not None and outcome.status in _SETTLED:
            renders.keep(aid, links, fmt, path, outcome.content)
        outcomes.append(outcome)
    if renders is not None:
        renders.save()
    return outcomes


_SETTLED = (FileStatus.WRITTEN, FileStatus.UNCHANGED)
"""A file that holds the document now: kept in the record of rendered files."""


def _renders(root: Path, options: RenderOptions) -> Renders:
    from overens.documents.up_to_date import Renders

    return Renders(root, options, dt.date.today())


def _kept(
    root: Path,
    agreement_id: str | None,
    formats: Sequence[Format],
    output: Path | None,
    many: bool,
    options: RenderOptions,
    renders: Renders,
) -> list[Outcome] | None:
    """Every file as it is, when each is up to date (:mod:`overens.documents.up_to_date`); else
    None, with the key of each agreement's folder taken before it is read."""
    from overens.store.folders import agreement_folders

    ids = [agreement_id] if agreement_id else [f.name for f in agreement_folders(root)]
    if not ids or output is None:
        return None
    targets = _targets(ids, formats, output, many, options)
    renders.trees(ids)  # before anything is read: what a later record is kept under
    kept = renders.kept(targets)
    if kept is None:
        return None
    return [
        Outcome(aid, fmt, path, FileStatus.UNCHANGED, content)
        for (aid, fmt, path), content in zip(targets, kept, strict=True)
    ]


def _render_one(
    root: Path,
    agreement: Agreement,
    signatories: tuple[Summary, ...] | None,
    fmt: Format,
    path: Path | None,
    options: RenderOptions,
    renderers: dict[tuple[str, str], Renderer],
    check: bool,
) -> Outcome:
    from overens.documents.templates import Renderer, render_document

    lang = options.lang or agreement.language
    key = (fmt.template_format, lang)
    if key not in renderers:
        renderers[key] = Renderer.create(fmt.template_format, lang, root)
    others = linked_agreements(root, agreement)
    text = render_document(agreement, fmt, options, root, renderers[key], signatories, others)
    if fmt is Format.pdf:
        from overens.documents.pdf import html_to_pdf

        content = html_to_pdf(text)
    else:
        content = text.encode("utf-8")
    return Outcome(agreement.id, fmt, path, _settle(path, content, check), content)


def linked_agreements(root: Path, agreement: Agreement) -> dict[str, Agreement]:
    """The agreements ``agreement``'s succession names, where they are in the repository: their
    agreement.yaml and principles only (the document shows their titles)."""
    from overens.store.folders import agreement_folders
    from overens.store.loader import load_agreement_text

    if not agreement.succession.linked:
        return {}
    here = {f.name for f in agreement_folders(root)}
    found = {}
    for other_id in agreement.succession.linked:
        if other_id in here:
            other, _ = load_agreement_text(root, other_id)
            if other is not None:
                found[other_id] = other
    return found


def _settle(path: Path | None, content: bytes, check: bool) -> FileStatus:
    if path is None:
        return FileStatus.STDOUT
    current = path.read_bytes() if path.is_file() else None
    if current == content:
        return FileStatus.UNCHANGED
    if check:
        return FileStatus.MISSING if current is None else FileStatus.DIFFERS
    from overens.store.files import atomic_write

    atomic_write(path, content)
    return FileStatus.WRITTEN
